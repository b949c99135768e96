"""Abbreviation tooltips: on the first use in each page only, and never inside a heading."""

from __future__ import annotations

import re
from collections import Counter

from conftest import Build

ABBR = re.compile(r"<abbr\b[^>]*>(.*?)</abbr>", re.S)
HEADING = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.S)
CODE_BLOCK = re.compile(r'<div class="language-.*?</pre></div>', re.S)
ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


def articles(site: Build) -> dict[str, str]:
    """The article element of every built page, by path."""
    pages = {}
    for html in site.site.rglob("index.html"):
        match = ARTICLE.search(html.read_text(encoding="utf-8"))
        if match:
            pages[str(html.relative_to(site.site))] = match.group(0)
    return pages


def test_each_abbreviation_is_marked_once_per_page(built_site: Build) -> None:
    pages = articles(built_site)
    assert sum(len(ABBR.findall(article)) for article in pages.values()) > 20  # tooltips remain
    for path, article in pages.items():
        repeated = [text for text, n in Counter(ABBR.findall(article)).items() if n > 1]
        assert not repeated, f"{path}: {repeated}"


def test_no_abbreviation_is_marked_in_a_heading(built_site: Build) -> None:
    for path, article in articles(built_site).items():
        marked = [h.group(0)[:80] for h in HEADING.finditer(article) if "<abbr" in h.group(0)]
        assert not marked, f"{path}: {marked}"


def test_the_first_use_keeps_its_tooltip(built_site: Build) -> None:
    body = HEADING.sub("", articles(built_site)["coder-models/index.html"])
    body = CODE_BLOCK.sub("", body)  # abbreviations are not marked inside code or its titles
    text = re.sub(r"<(?!abbr\b)[^>]+>", "", body)  # keep only the <abbr …> tags
    text = re.sub(r"<abbr\b[^>]*>", "§", text)  # each tooltip start becomes §
    for abbreviation in ("FIM", "PSM", "SPM"):
        first = re.search(rf"\b{abbreviation}\b", text)
        assert first and text[first.start() - 1] == "§", abbreviation
