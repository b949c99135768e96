"""axe-core finds no violations on any page, in light and dark palettes, with search open or not."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT
from test_search import search

pytestmark = pytest.mark.browser

PAGES = ["/"] + [f"/{p.stem}/" for p in sorted((ROOT / "docs").glob("*.md")) if p.stem != "index"]
PAGES.append("/404.html")
SCHEMES = {"light": "default", "dark": "slate"}
AXE = Axe()


def violations(page) -> list[str]:
    """One line per violated axe rule: id, count, and the first few offending elements."""
    found = AXE.run(page).response["violations"]
    return [
        f"{rule['id']} ×{len(rule['nodes'])}: {[n['target'] for n in rule['nodes']][:3]}"
        for rule in found
    ]


@pytest.mark.parametrize("system", SCHEMES)
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(reader_factory, path: str, system: str) -> None:
    page = reader_factory(viewport={"width": 1280, "height": 800}, color_scheme=system).open(path)
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[system]
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], f"{path} ({system})"


@pytest.mark.parametrize("system", SCHEMES)
def test_open_search_with_results_has_no_axe_violations(reader_factory, system: str) -> None:
    page = reader_factory(viewport={"width": 1280, "height": 800}, color_scheme=system).open("/")
    assert search(page, "chat template")
    assert violations(page) == []


@pytest.mark.parametrize("system", SCHEMES)
def test_highlighted_search_link_has_no_axe_violations(reader_factory, system: str) -> None:
    """A shared search link (`?h=`) marks matches in text, links, code and the table of contents."""
    reader = reader_factory(viewport={"width": 1280, "height": 800}, color_scheme=system)
    page = reader.open("/prompt-formats/?h=chat+template")
    assert page.locator("a mark[data-md-highlight]").count() > 0
    assert violations(page) == []
