"""Every h2/h3 in docs/*.md has a short explicit id, unique on its page, so section links last."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from hooks.citekeys import code_lines

HEADING = re.compile(r"^\s*(?P<hashes>#{2,3})\s+(?P<title>.*)$")
EXPLICIT_ID = re.compile(r"\{[^}]*?#(?P<id>[^\s}]+)[^}]*\}\s*$")
GOOD_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID = 32
PAGES = sorted((ROOT / "docs").glob("*.md"))


def headings(markdown: str) -> list[tuple[int, str, str | None]]:
    """(1-based line, heading text, explicit id or None) for every h2/h3 outside code."""
    code = code_lines(markdown)
    found = []
    for number, line in enumerate(markdown.splitlines()):
        if number in code or not (match := HEADING.match(line)):
            continue
        explicit = EXPLICIT_ID.search(match["title"])
        found.append((number + 1, match["title"], explicit["id"] if explicit else None))
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_h2_h3_has_a_short_unique_kebab_case_id(page) -> None:
    seen: dict[str, int] = {}
    for line, title, anchor in headings(page.read_text(encoding="utf-8")):
        where = f"docs/{page.name}:{line}"
        assert anchor, f"{where}: '{title}' needs an explicit id, e.g. {{#short-id}}"
        assert GOOD_ID.match(anchor), f"{where}: id '{anchor}' is not lowercase kebab-case"
        assert len(anchor) <= MAX_ID, f"{where}: id '{anchor}' is longer than {MAX_ID} characters"
        assert anchor not in seen, f"{where}: id '{anchor}' is already used on line {seen[anchor]}"
        seen[anchor] = line


def test_the_check_ignores_code_and_reads_attribute_lists() -> None:
    markdown = (
        '## Fill-in-the-middle { #fim data-toc-label="FIM" }\n\n```text\n### Response:\n```\n'
    )
    assert headings(markdown) == [(1, 'Fill-in-the-middle { #fim data-toc-label="FIM" }', "fim")]


def test_the_check_finds_a_heading_without_an_id() -> None:
    assert headings("### Roles\n") == [(1, "Roles", None)]
