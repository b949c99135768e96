"""mkdocs-redirects: a moved page's old address still lands on the new page (and its section)."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from selectolax.lexbor import LexborHTMLParser
from strict_build import strict_build

EMPTY_MAP = "      redirect_maps: {}"


def test_the_real_config_enables_the_redirects_plugin() -> None:
    assert "  - redirects:\n" + EMPTY_MAP in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_redirect_map_entry_writes_a_redirect_page(scratch_project, tmp_path: Path) -> None:
    project = scratch_project("redirects")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert EMPTY_MAP in text
    moved = "      redirect_maps:\n        old-guide.md: new-guide.md"
    config.write_text(text.replace(EMPTY_MAP, moved), encoding="utf-8")
    build = strict_build(tmp_path / "out", project=project)
    assert build.ok, build.output
    page = build.site / "old-guide" / "index.html"
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    refresh = tree.css_first('meta[http-equiv="refresh"]').attributes["content"]
    assert refresh == "0; url=../new-guide/"
    assert tree.css_first('link[rel="canonical"]').attributes["href"] == "../new-guide/"
    assert "window.location.hash" in tree.css_first("script").text()  # #section survives the hop
