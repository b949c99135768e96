"""A printed page shows its content and its references, without navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HIDDEN_IN_PRINT = [
    ".md-header",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-search",
]


@pytest.mark.parametrize("path", ["/instruct-models/", "/coder-models/"])
def test_print_shows_article_and_references_without_navigation(reader, path: str) -> None:
    page = reader.open(path)
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator("article h2#references")).to_be_visible()
    expect(page.locator("article .footnote li").first).to_be_visible()
    assert page.locator("article .footnote li").count() >= 3


def test_the_pdf_has_pages(reader) -> None:
    page = reader.open("/base-models/")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 2
