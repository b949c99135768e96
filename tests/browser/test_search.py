"""Material's search, used as a reader would: the benchmark meets its goals, no word is a dead end.

The benchmark is tests/search/queries.yml; `make bench-search` prints its figures.
"""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from search_queries import load_queries
from search_reader import READY, SETTLED, SearchBox, dead_ends, install_probe, rank, shares

from .test_deep_links import lands_on

pytestmark = pytest.mark.browser


def test_a_search_result_opens_the_section(reader) -> None:
    install_probe(reader.page)
    page = reader.open("/")
    SearchBox(page, reader.base_url).search("fill in the middle", every_key=False)
    page.locator('.md-search-result__item a[href*="coder-models/"][href$="#fim"]').first.click()
    page.wait_for_url("**/coder-models/**#fim")
    lands_on(page, "fim")
    # search.highlight: the result link carries ?h=, and the page marks the terms
    assert "h=" in urlsplit(page.url).query
    page.wait_for_selector("mark[data-md-highlight]")


def test_search_works_by_keyboard_alone(reader) -> None:
    """ "/" opens search, the arrow key reaches the first result, Enter opens it, highlighted."""
    install_probe(reader.page)
    page = reader.open("/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.wait_for_function(READY)
    page.keyboard.type("sycophancy")
    page.wait_for_function(SETTLED)  # the last key's results are in: the list is not redrawn
    first = page.locator(".md-search-result__item a.md-search-result__link").nth(1)
    expect(first).to_have_attribute("href", re.compile(r"instruct-models/\?h=.*#sycophancy$"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/instruct-models/?h=*#sycophancy")
    page.wait_for_selector("mark[data-md-highlight]")


# The goals of issue 12: the answer is among the first 3 visible results for 95% of keyword
# queries and 80% of questions, and first for 70% of keyword queries.
GOALS = {"keyword": {"top1": 0.70, "top3": 0.95}, "question": {"top1": 0.0, "top3": 0.80}}
# search/search_index.json gzipped (level 6) at commit f364817, before this search work.
INDEX_GZIP_BEFORE = 63_415


def test_benchmark_meets_the_goals(reader) -> None:
    install_probe(reader.page)
    page = reader.open("/")
    box = SearchBox(page, reader.base_url)
    ranked, misses = [], []
    for query in load_queries():
        results = box.search(query.text, every_key=False)
        position = rank(query, results)
        ranked.append((query, position))
        if position is None or position > 3:
            misses.append(f"{query.text!r}: {results.visible[:3]}")
    report = "\n".join(share.line() for share in shares(ranked)) + "\nmisses:\n" + "\n".join(misses)
    for share in shares(ranked):
        goal = GOALS[share.kind]
        assert share.top1 >= goal["top1"] * share.total, report
        assert share.top3 >= goal["top3"] * share.total, report


class ProseWords(HTMLParser):
    """The words of a page's article text, outside code blocks and heading permalinks.

    Also outside what is not the page's prose and Material leaves out of the index on purpose:
    elements marked `data-search-exclude` (a page's reference list, which the References page
    repeats and indexes, its "N sources cited" line, the glossary's letter headings), and the
    "Last update" date line (`md-source-file`).
    """

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    SKIP = {"pre", "script", "style"}
    SKIP_CLASSES = {"headerlink", "md-source-file"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool, bool]] = []  # (tag, is the article, is skipped)
        self.words: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        article = tag == "article" and "md-content__inner" in classes
        skipped = (
            tag in self.SKIP
            or bool(classes & self.SKIP_CLASSES)
            or "data-search-exclude" in attributes
        )
        self.open.append((tag, article, skipped))

    def handle_endtag(self, tag: str) -> None:
        if any(name == tag for name, _, _ in self.open):
            while self.open.pop()[0] != tag:  # also closes elements left open, like <p>
                pass

    def handle_data(self, data: str) -> None:
        in_article = any(article for _, article, _ in self.open)
        if in_article and not any(skipped for _, _, skipped in self.open):
            for word in re.findall(r"[@\w][\w@+'’.-]*", data.lower()):
                self.words.add(word.rstrip(".-'’"))


def prose_vocabulary(site: Path) -> list[str]:
    """Every distinct lower-case word in the articles of the built site."""
    words: set[str] = set()
    for html in site.rglob("*.html"):
        if html.name == "404.html":  # not a page of the site: search does not index it
            continue
        parser = ProseWords()
        parser.feed(html.read_text(encoding="utf-8"))
        words |= parser.words
    return sorted(word for word in words if word)


def test_every_prose_word_typed_in_lower_case_finds_something(reader, built_site) -> None:
    words = prose_vocabulary(built_site.site)
    assert len(words) > 1000, "the vocabulary extraction found too few words"
    page = reader.open("/")
    dead = dead_ends(page, words)
    assert not dead, f"{len(dead)} of {len(words)} words find nothing: {dead[:50]}"


def test_search_index_is_at_most_one_and_a_half_times_its_old_size(built_site) -> None:
    data = (built_site.site / "search" / "search_index.json").read_bytes()
    packed = len(gzip.compress(data, compresslevel=6, mtime=0))
    assert packed <= 1.5 * INDEX_GZIP_BEFORE, f"{packed} bytes gzipped"
