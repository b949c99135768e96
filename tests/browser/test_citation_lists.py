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


@pytest.mark.parametrize("path", PAGES)
def test_the_reference_list_takes_at_most_a_tenth_of_the_page(phone, path: str) -> None:
    page = phone.open(path)
    expect(page.locator("details.references")).to_be_attached()
    share = page.evaluate(
        """() => {
      const top = document.getElementById('references').getBoundingClientRect().top
      const bottom = document.querySelector('details.references').getBoundingClientRect().bottom
      return (bottom - top) / document.querySelector('article').getBoundingClientRect().height
    }"""
    )
    assert share <= 0.10, f"{path}: the reference list takes {share:.0%} of the article"


@pytest.mark.parametrize("path", PAGES)
def test_every_marker_is_at_least_24_px_square(phone, path: str) -> None:
    page = phone.open(path)
    expect(page.locator("span.cite > a.footnote-ref").first).to_be_visible()
    small = page.evaluate(
        """() => [...document.querySelectorAll('span.cite > a.footnote-ref')]
      .filter(a => a.checkVisibility())  // markers in closed tabs or boxes are not laid out
      .map(a => a.getBoundingClientRect())
      .filter(box => box.width < 24 || box.height < 24)
      .map(box => `${box.width}x${box.height}`)"""
    )
    assert small == [], f"{path}: markers smaller than 24×24 px: {small[:5]}"


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
