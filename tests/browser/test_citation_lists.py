"""Citation markers and the reference list under each page, as a phone reader meets them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_mobile import PHONE

pytestmark = pytest.mark.browser

# The phone tour of every content page checks each reference list's share of the article and the
# size of the markers (test_figures.py).


@pytest.fixture
def phone(reader_factory):
    return reader_factory(**PHONE)


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
