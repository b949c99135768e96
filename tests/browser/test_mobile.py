"""On a 390×844 phone screen a reader can open the navigation and search."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from search_reader import SearchBox, install_probe

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
    "color_scheme": "light",
}


@pytest.fixture
def phone(reader_factory):
    return reader_factory(**PHONE)


def test_menu_opens_the_navigation_and_a_page_link_works(phone) -> None:
    page = phone.open("/")
    drawer = page.locator(".md-sidebar--primary")
    link = drawer.locator('a[href$="chat-models/"]').first
    expect(link).not_to_be_in_viewport()  # the drawer waits off-screen
    page.locator('.md-header label[for="__drawer"]').click()
    section = drawer.locator("label.md-nav__link", has_text="The four kinds").first
    expect(section).to_be_in_viewport()
    section.click()  # on a phone, each nav section opens as its own level
    expect(link).to_be_in_viewport()
    link.click()
    page.wait_for_url("**/chat-models/")
    expect(page.locator("article h1")).to_contain_text("Chat models")


def test_search_opens_and_finds_a_section(phone) -> None:
    install_probe(phone.page)
    page = phone.open("/")
    expect(page.locator(".md-search__input")).not_to_be_in_viewport()
    results = SearchBox(page, phone.base_url).search("chat template").visible
    expect(page.locator(".md-search__input")).to_be_in_viewport()
    expect(page.locator(".md-search-result__item").first).to_be_in_viewport()
    assert "/chat-models/#chat-templates" in results[:3]


def test_page_does_not_scroll_sideways(phone) -> None:
    for path in ("/", "/prompt-formats/", "/comparison/"):
        page = phone.open(path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, path
