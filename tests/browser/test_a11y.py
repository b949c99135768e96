"""axe-core finds no violations on any page, in light and dark palettes, with search open or not.

Every page is checked by every axe rule in the light palette, but one: color-contrast, the
costliest (about half of axe's time over the 17 pages, measured on 2026-12-02). Colour is all that
differs between pages for that rule, and all that differs between the palettes for every rule: the
DOM is the same. So the colour rules (color-contrast, link-in-text-block) run, in each palette, on
the pages that show a combination of colours not met on an earlier page. A combination is what
those rules read: the text colour, the background behind it, font size, weight and opacity, and the
colour of the text around a link. Each page's combinations are read in the same visit, in both
palettes: the tab's system palette turns dark, which Material follows at once (test_palette.py),
and the next page is opened in light again.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT
from playwright.sync_api import expect
from search_reader import SearchBox, install_probe

from .test_figures import page_faults

pytestmark = pytest.mark.browser

PAGES = ["/"] + [f"/{p.stem}/" for p in sorted((ROOT / "docs").glob("*.md")) if p.stem != "index"]
PAGES.append("/404.html")
SCHEMES = {"light": "default", "dark": "slate"}
WIDE_SCREEN = 1440  # px
AXE = Axe()


# Fades (search results fade in) are over: axe judges colour on what is painted now.
TRANSITIONS_DONE = """() => document.getAnimations().every(animation =>
    animation.playState !== "running" || animation.effect.getTiming().iterations === Infinity)"""


def violations(page, rules: dict | None = None) -> list[str]:
    """One line per violated axe rule: id, count, and the first few offending elements.

    `rules` narrows the run, as axe's own options do (`runOnly`, or `rules` to turn some off).
    """
    page.wait_for_function(TRANSITIONS_DONE)
    found = AXE.run(page, options={"resultTypes": ["violations"], **(rules or {})})
    return [
        f"{rule['id']} ×{len(rule['nodes'])}: {[n['target'] for n in rule['nodes']][:3]}"
        for rule in found.response["violations"]
    ]


ALL_BUT_CONTRAST = {"rules": {"color-contrast": {"enabled": False}}}
COLOUR_RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}


# Every distinct input of axe's colour rules on the page, one string per rendered text run.
COLOUR_INPUTS = """() => {
  const seen = new Set()
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement
    if (!walker.currentNode.textContent.trim() || !element.getClientRects().length) continue
    const style = getComputedStyle(element)
    let background = "", opacity = 1
    for (let node = element; node; node = node.parentElement) {
      const own = getComputedStyle(node)
      opacity *= Number(own.opacity)
      const paint = own.backgroundColor
      if (!background && paint !== "rgba(0, 0, 0, 0)") background = paint
    }
    const block = element.closest("p, li, td, th, dd, dt, h1, h2, h3, h4, figcaption, div")
    const around = block ? getComputedStyle(block).color : ""
    seen.add([style.color, background, style.fontSize, style.fontWeight, opacity, around].join("|"))
  }
  return [...seen]
}"""


def tab_in(reader_factory, system: str):
    """A new tab on a wide screen (1440×900), in the `system` palette."""
    return reader_factory(viewport={"width": WIDE_SCREEN, "height": 900}, color_scheme=system)


# The page, its fonts and its eager images are in (lazy ones wait until scrolled to).
# (Not "network idle", which waits a further 500 ms on every page.)
LOADED = """() => document.readyState === "complete" && document.fonts.status === "loaded"
    && [...document.images].every(image => image.complete || image.loading === "lazy")"""


def open_settled(reader, path: str, system: str):
    """Open `path` in the reader's tab, in the `system` palette, once it and its images are in."""
    page = reader.open(path)
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[system]
    page.wait_for_function(LOADED)
    return page


def in_palette(page, system: str) -> None:
    """Turn the tab's system palette to `system` and wait until Material has followed it."""
    page.emulate_media(color_scheme=system)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[system])
    page.wait_for_function(TRANSITIONS_DONE)


def test_every_page_on_a_wide_screen_loads_locally_fits_and_passes_axe_in_either_palette(
    reader_factory,
) -> None:
    """One tab visits every page in turn (its cache warm, as a reader's). Each page asks for
    nothing outside 127.0.0.1, logs no error, does not scroll sideways (nor do its prompt
    blocks), and axe finds nothing: every rule but color-contrast in the light palette, and
    the colour rules in either palette where the page shows new colours (see above)."""
    reader = tab_in(reader_factory, "light")
    found, seen = {}, {system: set() for system in SCHEMES}
    checked = {system: [] for system in SCHEMES}

    def check_colours(page, path: str, system: str) -> None:
        """Run axe's colour rules if the page shows colours not met on an earlier page."""
        colours = set(page.evaluate(COLOUR_INPUTS))
        assert colours, f"{path}: no text read in the {system} palette"
        if colours - seen[system]:
            seen[system] |= colours
            checked[system].append(path)
            if problems := violations(page, COLOUR_RULES):
                found[f"{path} ({system} colours)"] = problems

    for path in PAGES:
        reader.page.emulate_media(color_scheme="light")  # the last page was left dark
        page = open_settled(reader, path, "light")
        if problems := violations(page, ALL_BUT_CONTRAST):
            found[f"{path} (light)"] = problems
        if problems := page_faults(page, path, WIDE_SCREEN):
            found[f"{path} (wide screen)"] = problems
        check_colours(page, path, "light")
        in_palette(page, "dark")
        check_colours(page, path, "dark")
        assert reader.outside_requests == [] and reader.console_errors == [], path
    assert found == {}, found
    assert all(len(pages) >= 2 for pages in checked.values()), checked


@pytest.mark.parametrize("system", SCHEMES)
def test_open_search_with_results_has_no_axe_violations(reader_factory, system: str) -> None:
    reader = tab_in(reader_factory, system)
    install_probe(reader.page)
    page = reader.open("/")
    assert SearchBox(page, reader.base_url).search("chat template").visible
    assert violations(page) == []


@pytest.mark.parametrize("system", SCHEMES)
def test_highlighted_search_link_has_no_axe_violations(reader_factory, system: str) -> None:
    """A shared search link (`?h=`) marks matches in text, links, code and the table of contents."""
    reader = tab_in(reader_factory, system)
    page = reader.open("/prompt-formats/?h=chat+template")
    expect(page.locator("a mark[data-md-highlight]").first).to_be_attached()  # marked after load
    assert violations(page) == []
