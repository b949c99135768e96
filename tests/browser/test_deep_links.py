"""A link to page/#section lands with its heading in view: on a fresh load, and via instant nav."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# True when the heading is below the sticky header and inside the window.
HEADING_IN_VIEW = """id => {
  const heading = document.getElementById(id)
  if (!heading) return false  // instant navigation may not have swapped the page in yet
  const box = heading.getBoundingClientRect()
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom
  return box.top >= header - 1 && box.bottom <= window.innerHeight
}"""
DEEP_LINKS = [
    "/coder-models/#fim",
    "/instruct-models/#reward-model",
    "/chat-models/#system-prompts",
    "/base-models/#few-shot",
    "/coder-models/#pass-at-k",
    "/glossary/#context-window",
]


def lands_on(page, anchor: str) -> None:
    """Wait until the heading `anchor` sits in view below the header (scrolling can be smooth)."""
    page.wait_for_function(HEADING_IN_VIEW, arg=anchor, timeout=5000)
    assert page.evaluate("() => window.scrollY") > 0, "the page did not scroll to the section"


@pytest.mark.parametrize("link", DEEP_LINKS)
def test_deep_link_lands_on_its_heading(reader, link: str) -> None:
    page = reader.open(link)
    lands_on(page, link.split("#")[1])


def test_instant_navigation_to_a_section_on_another_page(reader) -> None:
    page = reader.open("/prompt-formats/")
    reader.click_instantly('article a[href$="coder-models/#fim"]', "**/coder-models/#fim")
    lands_on(page, "fim")


def test_back_after_instant_navigation_returns_to_the_page(reader) -> None:
    page = reader.open("/prompt-formats/")
    reader.click_instantly('article a[href$="coder-models/#fim"]', "**/coder-models/#fim")
    page.go_back()
    page.wait_for_url("**/prompt-formats/")
    expect(page.locator("article h1")).to_contain_text("Prompt formats")
