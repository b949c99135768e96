"""Every content page opens with an "In short" box of 3 to 5 points, right under its title."""

from __future__ import annotations

import pytest
from conftest import Build
from selectolax.lexbor import LexborHTMLParser

# Tool and reference pages have no summary: the playground is its own demonstration, and the
# References page is a list of sources.
NO_SUMMARY = {"playground", "references"}


def content_pages(built_site: Build) -> list[str]:
    """The home page and every page folder of the built site, minus NO_SUMMARY."""
    folders = [page.parent.name for page in built_site.site.glob("*/index.html")]
    return ["index"] + sorted(set(folders) - NO_SUMMARY)


@pytest.fixture(scope="module")
def articles(built_site: Build) -> dict[str, object]:
    """The article element of each content page, by page name."""
    found = {}
    for name in content_pages(built_site):
        html = built_site.site / ("index.html" if name == "index" else f"{name}/index.html")
        found[name] = LexborHTMLParser(html.read_text(encoding="utf-8")).css_first("article")
    return found


def test_every_content_page_opens_with_in_short(articles) -> None:
    assert len(articles) >= 14, sorted(articles)
    for name, article in articles.items():
        first = article.css_first("h1").next
        while first is not None and first.tag in {"-text", "a"}:
            first = first.next
        assert first is not None and "abstract" in first.attributes.get("class", ""), name
        title = first.css_first(".admonition-title").text()
        assert title.startswith("In short"), name
        if name != "choosing":  # How to choose opens with a quick-answer table instead
            assert 3 <= len(first.css("li")) <= 5, name


def test_how_to_choose_opens_with_a_quick_answer_table(articles) -> None:
    box = articles["choosing"].css_first(".admonition")
    assert box.css_first(".admonition-title").text().startswith("In short")
    assert len(box.css("table tr")) >= 4
