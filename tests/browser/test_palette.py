"""The palette toggle (system → light → dark) changes the colours and is remembered."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TOGGLE = '[data-md-component="palette"] label:not([hidden])'


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def test_system_preference_is_followed_until_the_reader_picks(reader_factory) -> None:
    for system, expected in (("light", "default"), ("dark", "slate")):
        page = reader_factory(color_scheme=system).open("/")
        assert scheme(page) == expected, f"system {system}"


def test_toggle_switches_to_dark_and_the_choice_survives_reload_and_navigation(reader) -> None:
    page = reader.open("/")
    assert scheme(page) == "default"
    page.locator(TOGGLE).click()  # system -> light
    expect(page.locator(TOGGLE)).to_have_attribute("title", "Switch to dark mode")
    page.locator(TOGGLE).click()  # light -> dark
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.goto(reader.base_url + "coder-models/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_dark_choice_wins_over_a_light_system(reader) -> None:
    page = reader.open("/")
    page.locator(TOGGLE).click()
    page.locator(TOGGLE).click()
    page.emulate_media(color_scheme="light")
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
