"""Citation markers and the reference list under each page, as a phone reader meets them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_figures import CONTENT_PAGES
from .test_mobile import PHONE

pytestmark = pytest.mark.browser

PAGES = CONTENT_PAGES  # every content page, as the figure tests use


@pytest.fixture
def phone(reader_factory):
    return reader_factory(**PHONE)


# The share of the article that the closed reference list takes, from its heading down.
LIST_SHARE = """() => {
  const top = document.getElementById('references').getBoundingClientRect().top
  const bottom = document.querySelector('details.references').getBoundingClientRect().bottom
  return (bottom - top) / document.querySelector('article').getBoundingClientRect().height
}"""
# Citation markers that a reader can see and that are under 24×24 px (WCAG 2.2 target size).
SMALL_MARKERS = """() => [...document.querySelectorAll('span.cite > a.footnote-ref')]
  .filter(a => a.checkVisibility())  // markers in closed tabs or boxes are not laid out
  .map(a => a.getBoundingClientRect())
  .filter(box => box.width < 24 || box.height < 24)
  .map(box => `${box.width}x${box.height}`)"""


def test_every_page_has_a_short_reference_list_and_markers_of_24_px(phone) -> None:
    """On each content page (one phone tab), the closed reference list takes at most a tenth of
    the article, and every visible citation marker is at least 24×24 px."""
    faults = []
    for path in PAGES:
        page = phone.open(path)
        expect(page.locator("details.references")).to_be_attached()
        expect(page.locator("span.cite > a.footnote-ref").first).to_be_visible()
        if (share := page.evaluate(LIST_SHARE)) > 0.10:
            faults.append(f"{path}: the reference list takes {share:.0%} of the article")
        if small := page.evaluate(SMALL_MARKERS):
            faults.append(f"{path}: markers smaller than 24×24 px: {small[:5]}")
    assert faults == []


def test_a_marker_opens_its_entry_and_the_entry_leads_back(phone) -> None:
    page = phone.open("/chat-models/")
    page.wait_for_load_state("networkidle")  # figures in, instant navigation ready
    marker = page.locator("span.cite > a.footnote-ref").nth(3)
    note_id = marker.get_attribute("href").split("#")[1]
    entry = page.locator(f'li[id="{note_id}"]')
    expect(entry).to_be_hidden()  # the list starts closed
    marker.scroll_into_view_if_needed()
    marker.click()
    page.wait_for_url(f"**#{note_id}")
    expect(entry).to_be_visible()
    expect(entry).to_be_in_viewport()
    back = entry.locator("a.footnote-backref")
    expect(back).to_have_count(1)
    back.click()
    page.wait_for_url("**#fnref*")
    expect(page.locator(f'a.footnote-ref[href$="#{note_id}"]').first).to_be_in_viewport()


def test_print_lists_the_sources_without_back_arrows(reader) -> None:
    page = reader.open("/instruct-models/")
    page.emulate_media(media="print")
    expect(page.locator("details.references li").first).to_be_visible()
    expect(page.locator("details.references a.footnote-backref").first).to_be_hidden()
