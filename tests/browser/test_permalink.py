"""docs/assets/javascripts/permalink.js: a heading offers its permalink; a click copies its URL."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CLIPBOARD = ["clipboard-read", "clipboard-write"]
OPACITY = "id => getComputedStyle(document.querySelector(`#${id} > a.headerlink`)).opacity"


@pytest.fixture
def copier(reader_factory):
    return reader_factory(viewport={"width": 1280, "height": 800}, permissions=CLIPBOARD)


def hover_and_click_permalink(page, anchor: str) -> str:
    """Hover the heading, check that its ¶ appears, click it; return what the clipboard holds."""
    page.evaluate("() => navigator.clipboard.writeText('')")
    assert page.evaluate(OPACITY, anchor) == "0", "the permalink shows before hovering"
    page.locator(f"#{anchor}").hover()
    page.wait_for_function(f"id => ({OPACITY})(id) === '1'", arg=anchor)
    page.locator(f"#{anchor} > a.headerlink").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(text => text !== '')")
    return page.evaluate("() => navigator.clipboard.readText()")


def test_click_copies_the_full_section_url_and_updates_the_address(copier) -> None:
    page = copier.open("/coder-models/")
    copied = hover_and_click_permalink(page, "psm-spm")
    assert copied == f"{copier.base_url}coder-models/#psm-spm"
    assert page.url == copied


def test_copying_works_after_instant_navigation(copier) -> None:
    page = copier.open("/")
    copier.click_instantly('.md-nav--primary a[href$="chat-models/"]', "**/chat-models/")
    page.wait_for_selector("h2#roles, h3#roles")
    assert hover_and_click_permalink(page, "roles") == f"{copier.base_url}chat-models/#roles"
