"""Hovering a citation marker shows its reference (Material's content.footnote.tooltips)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = ["/base-models/", "/instruct-models/", "/chat-models/", "/coder-models/"]


def footnote_text(page, note_id: str) -> str:
    """The reference text of footnote `fn:KEY`, without its ↩ back-links."""
    text = page.evaluate(
        """id => {
      const note = document.getElementById(id).cloneNode(true)
      note.querySelectorAll('.footnote-backref').forEach(link => link.remove())
      return note.innerText
    }""",
        note_id,
    )
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("path", PAGES)
def test_hovering_a_citation_shows_its_reference(reader, path: str) -> None:
    page = reader.open(path)
    marker = page.locator("span.cite > a.footnote-ref").nth(1)
    note_id = marker.get_attribute("href").split("#")[1]  # Material makes hrefs absolute
    expected = footnote_text(page, note_id)
    assert len(expected) > 20, f"{note_id} has no reference text"
    marker.scroll_into_view_if_needed()
    marker.hover()
    tooltip = page.locator(".md-tooltip2").filter(has_text=expected[:40])
    expect(tooltip).to_be_visible()
    shown = re.sub(r"\s+", " ", tooltip.inner_text()).strip()
    assert expected[:60] in shown


def test_tooltip_goes_away_when_the_pointer_leaves(reader) -> None:
    page = reader.open("/instruct-models/")
    marker = page.locator("span.cite > a.footnote-ref").first
    marker.hover()
    expect(page.locator(".md-tooltip2").first).to_be_visible()
    page.mouse.move(5, 400)
    expect(page.locator(".md-tooltip2:visible")).to_have_count(0)
