"""Maths is typeset by the vendored KaTeX, with MathML, only where a page has maths."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

KATEX_REQUESTS = (
    "() => performance.getEntriesByType('resource').map((r) => r.name)"
    ".filter((name) => name.includes('/vendor/katex/'))"
)


def test_equations_are_typeset_with_mathml(reader) -> None:
    page = reader.open("/instruct-models/")
    formulas = page.locator("article .arithmatex")
    count = formulas.count()
    assert count >= 4
    for formula in formulas.all():  # each is typeset as it comes near the viewport
        formula.scroll_into_view_if_needed()
        expect(formula.locator(".katex").first).to_be_attached()
    expect(page.locator("article .arithmatex .katex")).to_have_count(count)
    expect(page.locator("article .arithmatex math")).to_have_count(count)  # MathML for readers
    dpo = page.locator("article .katex-display", has_text="DPO").first
    expect(dpo.locator("annotation")).to_contain_text("\\pi_{\\text{ref}}")
    assert not page.locator("article .katex-error").count()
    assert any(name.endswith("katex.min.js") for name in page.evaluate(KATEX_REQUESTS))


def test_katex_loads_only_near_maths(reader) -> None:
    page = reader.open("/glossary/")  # no maths at all
    page.wait_for_load_state("networkidle")
    assert page.evaluate(KATEX_REQUESTS) == []
    page = reader.open("/instruct-models/")  # maths, but far below the first screen
    page.wait_for_load_state("networkidle")
    assert page.evaluate(KATEX_REQUESTS) == []


def test_maths_after_instant_navigation_and_in_the_dark_palette(reader_factory) -> None:
    reader = reader_factory(color_scheme="dark", viewport={"width": 1280, "height": 800})
    page = reader.open("/comparison/")
    # the glob leaves the hash open: navigation.tracking may move it as formulas are typeset
    reader.click_instantly('article a[href$="instruct-models/#dpo"]', "**/instruct-models/**")
    formula = page.locator("article .arithmatex", has_text="DPO").first
    formula.scroll_into_view_if_needed()
    expect(formula.locator(".katex-display")).to_be_visible()
    colours = formula.evaluate(
        "(el) => [getComputedStyle(el).color,"
        " getComputedStyle(document.querySelector('article p')).color]"
    )
    assert colours[0] == colours[1]  # maths takes the palette's text colour


def test_display_formulas_fit_a_phone(reader_factory) -> None:
    reader = reader_factory(viewport={"width": 390, "height": 844}, is_mobile=True)
    for path in ("/instruct-models/", "/coder-models/"):
        page = reader.open(path)
        for formula in page.locator("article .arithmatex").all():
            formula.scroll_into_view_if_needed()
            expect(formula.locator(".katex").first).to_be_attached()
        wide = page.evaluate(
            "() => [...document.querySelectorAll('article .katex-display')]"
            ".filter((el) => el.scrollWidth > el.clientWidth + 1)"
            ".map((el) => el.querySelector('annotation').textContent.slice(0, 40))"
        )
        assert not wide, f"{path}: {wide}"
