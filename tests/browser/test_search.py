"""Material's search, used as a reader would: real queries find the right section in the top 3."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from test_deep_links import lands_on

pytestmark = pytest.mark.browser

TOP = 3
# The reference pages restate a concept under the same id as its home section (the id plan in the
# content brief); a hit there answers the reader too, and links on to the home section.
REFERENCE_PAGES = ("/glossary/", "/prompt-formats/")
# (what a reader types, the home section that answers it)
QUERIES = [
    ("fill in the middle", "/coder-models/#fim"),
    ("reward model", "/instruct-models/#reward-model"),
    ("chat template", "/chat-models/#chat-templates"),
    ("few-shot", "/base-models/#few-shot"),
    ("pass@k", "/coder-models/#pass-at-k"),
    ("direct preference optimization", "/instruct-models/#dpo"),
    ("DPO", "/instruct-models/#dpo"),
    ("RLHF", "/instruct-models/#rlhf"),
    ("system prompt", "/chat-models/#system-prompts"),
    ("HumanEval", "/coder-models/#humaneval"),
    ("PSM SPM", "/coder-models/#psm-spm"),
    ("context window", "/chat-models/#context-window"),
    ("sycophancy", "/instruct-models/#sycophancy"),
    ("apply_chat_template", "/prompt-formats/#apply-chat-template"),
]
READY = """() => !document.querySelector('.md-search-result__meta')
    .innerText.includes('Initializ')"""
SECTION_LINKS = """() => [...document.querySelectorAll(
    '.md-search-result__item a.md-search-result__link')].map(a => a.href)"""


def search(page, query: str) -> list[str]:
    """Type `query` into the search box; return the section results (`/page/#id`) in order.

    Material groups results by page: a page's own entry heads each group, and its sections
    follow. The sections are the results a reader picks from, so those are what count.
    """
    button = page.locator('.md-header label.md-header__button[for="__search"]')
    if button.is_visible():  # on a phone, the search box hides behind this header button
        button.click()
    box = page.locator(".md-search__input")
    box.click()
    page.wait_for_function(READY)
    box.press_sequentially(query)
    page.wait_for_selector(".md-search-result__item")
    links, previous = [], None
    while links != previous:  # results update as each key lands: wait until they settle
        previous, links = links, page.evaluate(SECTION_LINKS)
        page.wait_for_timeout(150)
    sections = []
    for href in links:
        url = urlsplit(href)
        if url.fragment:
            sections.append(f"{url.path}#{url.fragment}")
    return sections


def answers(section: str) -> set[str]:
    """The home section, and the same id on the reference pages."""
    anchor = section.split("#")[1]
    return {section} | {f"{page}#{anchor}" for page in REFERENCE_PAGES}


@pytest.mark.parametrize(("query", "section"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_its_section_in_the_top_results(reader, query: str, section: str) -> None:
    page = reader.open("/")
    results = search(page, query)
    assert answers(section) & set(results[:TOP]), f"{query!r}: top {TOP} were {results[:TOP]}"
    assert section in results, f"{query!r}: the home section {section} is not found at all"


def test_a_search_result_opens_the_section(reader) -> None:
    page = reader.open("/")
    search(page, "fill in the middle")
    page.locator('.md-search-result__item a[href*="coder-models/"][href$="#fim"]').first.click()
    page.wait_for_url("**/coder-models/**#fim")
    lands_on(page, "fim")
