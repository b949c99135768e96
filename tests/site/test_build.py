"""The real site builds strictly, builds every nav page, and ships no placeholder text."""

from __future__ import annotations

import re

from conftest import ROOT, Build
from mkdocs.config import load_config

PLACEHOLDERS = re.compile(r"lorem ipsum|\bTODO\b|\bTBD\b|\bFIXME\b|coming soon|\bXXX\b", re.I)


def nav_pages() -> list[str]:
    """Every Markdown file named in the nav of mkdocs.yml."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    pages: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                pages.append(value)

    walk(config["nav"])
    return pages


def test_strict_build_has_no_warnings(built_site: Build) -> None:
    assert "WARNING" not in built_site.output


def test_every_nav_page_is_built(built_site: Build) -> None:
    pages = nav_pages()
    assert len(pages) >= 10
    for page in pages:
        name = page.removesuffix(".md")
        html = built_site.site / ("index.html" if name == "index" else f"{name}/index.html")
        assert html.is_file(), f"{page} was not built"


def test_every_docs_page_is_in_the_nav() -> None:
    on_disk = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert on_disk == set(nav_pages())


def test_no_placeholder_text_in_pages() -> None:
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            assert not PLACEHOLDERS.search(line), f"{page.name}:{number}: placeholder text"


def test_404_page_is_built(built_site: Build) -> None:
    assert "Page not found" in (built_site.site / "404.html").read_text(encoding="utf-8")
