"""docs/assets/javascripts/permalink.js: a heading offers its permalink; a click copies its URL."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import SLOW_DEVICES
from .test_deep_links import HEADING_IN_VIEW, LANDING_TIMEOUT_MS

pytestmark = pytest.mark.browser

CLIPBOARD = ["clipboard-read", "clipboard-write"]
OPACITY = "id => getComputedStyle(document.querySelector(`#${id} > a.headerlink`)).opacity"


@pytest.fixture(params=[None, *SLOW_DEVICES], ids=lambda rate: f"cpu{rate or 1}x")
def copier(reader_factory, request):
    """A tab allowed to use the clipboard: on a fast device, and on slow phones (4x, 6x)."""
    return reader_factory(
        viewport={"width": 1280, "height": 800}, permissions=CLIPBOARD, cpu_throttle=request.param
    )


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
    with copier.slow_device():
        copied = hover_and_click_permalink(page, "psm-spm")
        assert copied == f"{copier.base_url}coder-models/#psm-spm"
        expect(page).to_have_url(copied)
        page.wait_for_function(HEADING_IN_VIEW, arg="psm-spm", timeout=LANDING_TIMEOUT_MS)
        expect(page).to_have_url(copied)  # Material's section tracking did not rewrite it


def test_copying_works_after_instant_navigation(copier) -> None:
    page = copier.open("/")
    page.wait_for_load_state("networkidle")  # at full speed (click_instantly waits for it too)
    with copier.slow_device():
        copier.click_instantly('.md-nav--primary a[href$="chat-models/"]', "**/chat-models/")
        page.wait_for_selector("h2#roles, h3#roles")
        assert hover_and_click_permalink(page, "roles") == f"{copier.base_url}chat-models/#roles"
