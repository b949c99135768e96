"""hooks/citations.py: code is never touched, unknown or malformed citations fail with page:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser
from strict_build import strict_build

CODE_SAMPLES = [
    '["user@example.com"]',
    "[a@b for a in x]",
    "@property",
    "@dataclass",
    '"[@notacite]"',
]


@pytest.fixture
def fixture_site(fixture_build):
    """The bibsafety fixture as built (no changes), shared by the tests that only read it."""
    return None, fixture_build("bibsafety")


def code_texts(html: str) -> list[str]:
    return [node.text() for node in LexborHTMLParser(html).css("code")]


def test_code_blocks_keep_at_signs_exactly(fixture_site) -> None:
    _, build = fixture_site
    assert build.ok, build.output
    codes = code_texts((build.site / "index.html").read_text(encoding="utf-8"))
    fenced, indented, boxed = (c for c in codes if "emails" in c)
    inline = " ".join(c for c in codes if "emails" not in c)
    for sample in CODE_SAMPLES:
        assert sample in fenced and sample in indented and sample in inline, sample
    assert '["user@example.com"]' in boxed and '"[@notacite]"' in boxed


def test_citation_inside_an_admonition_renders(fixture_site) -> None:
    _, build = fixture_site
    tree = LexborHTMLParser((build.site / "index.html").read_text(encoding="utf-8"))
    box = tree.css_first(".admonition")
    assert box.css_first("a.footnote-ref") is not None
    assert all("[@" not in p.text() for p in box.css("p"))


def test_a_group_of_keys_renders_as_separated_markers(fixture_site) -> None:
    _, build = fixture_site
    html = (build.site / "index.html").read_text(encoding="utf-8")
    paragraph = next(p for p in LexborHTMLParser(html).css("p") if "Alpaca" in p.text())
    markers = [a.text() for a in paragraph.css("a.footnote-ref")]
    assert markers == ["1", "2", "1"]  # [@ouyang…] then the group [@taori…; @ouyang…]
    separators = paragraph.css("sup.cite-sep")
    assert [s.text() for s in separators] == [","]
    assert separators[0].prev.css_first("a").text() == "2"


def test_unknown_key_names_page_and_line(scratch_project, tmp_path: Path) -> None:
    project = scratch_project("bibsafety")
    page = project / "docs" / "index.md"
    page.write_text(page.read_text() + "\nA claim [@nosuch2020key].\n")
    line = page.read_text().splitlines().index("A claim [@nosuch2020key].") + 1
    build = strict_build(tmp_path / "out", project=project)
    assert not build.ok
    assert f"docs/index.md:{line}: unknown citation key 'nosuch2020key'" in build.output
    assert "Traceback" not in build.output


def test_citation_with_a_locator_is_rejected_not_dropped(scratch_project, tmp_path: Path) -> None:
    project = scratch_project("bibsafety")
    page = project / "docs" / "index.md"
    page.write_text(page.read_text() + "\nSee [@taori2023alpaca, p. 3].\n")
    build = strict_build(tmp_path / "out", project=project)
    assert not build.ok
    assert "malformed citation [@taori2023alpaca, p. 3]" in build.output
