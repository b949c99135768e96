"""hooks/bib_guard.py: every fault in references.bib fails the build with references.bib:LINE and
the key, never a traceback; only cited entries reach the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench_build import uncited_entries
from selectolax.lexbor import LexborHTMLParser
from strict_build import strict_build

GOOD = """@misc{good2020entry,
  title = {Good},
  author = {Doe, Jane},
  year = {2020},
  url = {https://example.org/},
}
"""


def build_with_bib(scratch_project, tmp_path: Path, bib: str | bytes):
    """Build the fixture with `bib` appended to its .bib."""
    project = scratch_project("bibsafety")
    path = project / "references.bib"
    original = path.read_bytes()
    path.write_bytes(original + (bib.encode() if isinstance(bib, str) else bib))
    return strict_build(tmp_path / "out", project=project), original.count(b"\n")


def assert_fails_with(build, message: str) -> None:
    assert not build.ok
    assert message in build.output, build.output[-800:]
    assert "Traceback" not in build.output


def test_duplicate_entry_names_line_and_key(scratch_project, tmp_path: Path) -> None:
    build, offset = build_with_bib(scratch_project, tmp_path, GOOD + GOOD)
    assert_fails_with(build, f"references.bib:{offset + 7}: duplicate entry 'good2020entry'")


def test_unclosed_brace_names_the_line_where_it_opened(scratch_project, tmp_path: Path) -> None:
    bad = "@misc{broken2021entry,\n  title = {Never closed,\n  year = {2021},\n}\n"
    build, offset = build_with_bib(scratch_project, tmp_path, GOOD + bad)
    assert_fails_with(build, f"references.bib:{offset + 8}: malformed entry 'broken2021entry'")


def test_header_without_comma_names_line_and_key(scratch_project, tmp_path: Path) -> None:
    bad = "@misc{nocomma2021entry\n  title = {X},\n}\n"
    build, offset = build_with_bib(scratch_project, tmp_path, GOOD + bad)
    assert_fails_with(build, f"references.bib:{offset + 7}: malformed entry 'nocomma2021entry'")


def test_too_many_commas_in_a_name(scratch_project, tmp_path: Path) -> None:
    bad = "@misc{commas2021entry,\n  title = {X},\n  author = {A, B, C, D},\n  year = {2021},\n}\n"
    build, offset = build_with_bib(scratch_project, tmp_path, bad)
    assert_fails_with(build, f"references.bib:{offset + 1}: entry 'commas2021entry'")
    assert "too many commas in a name" in build.output


def test_an_uncited_entry_without_title(scratch_project, tmp_path: Path) -> None:
    bad = "@misc{notitle2021entry,\n  year = {2021},\n}\n"
    build, offset = build_with_bib(scratch_project, tmp_path, bad)
    assert_fails_with(build, f"references.bib:{offset + 1}: entry 'notitle2021entry' has no title")


def test_an_unknown_entry_type(scratch_project, tmp_path: Path) -> None:
    bad = "@weirdtype{weird2021entry,\n  title = {X},\n}\n"
    build, offset = build_with_bib(scratch_project, tmp_path, bad)
    assert_fails_with(build, f"references.bib:{offset + 1}: entry 'weird2021entry'")
    assert "unknown type '@weirdtype'" in build.output


def test_a_byte_that_is_not_utf8(scratch_project, tmp_path: Path) -> None:
    bad = b"@misc{latin2021entry,\n  title = {Caf\xe9},\n}\n"
    build, offset = build_with_bib(scratch_project, tmp_path, bad)
    assert_fails_with(build, f"references.bib:{offset + 2}: not UTF-8 (byte 0xE9)")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("url", "javascript:alert(1)"),
        ("url", "data:text/html,<b>x</b>"),
        ("doi", "javascript:alert(1)"),
    ],
)
def test_a_link_that_is_not_http_https_or_doi(
    scratch_project, tmp_path: Path, field: str, value: str
) -> None:
    bad = f"@misc{{unsafe2021entry,\n  title = {{X}},\n  {field} = {{{value}}},\n}}\n"
    build, offset = build_with_bib(scratch_project, tmp_path, bad)
    assert_fails_with(build, f"references.bib:{offset + 1}: entry 'unsafe2021entry': {field}")


def test_a_key_with_a_colon_is_read_and_a_citation_of_it_is_refused(
    scratch_project, tmp_path: Path
) -> None:
    entry = "@misc{foo:bar2024,\n  title = {Colon},\n  year = {2024},\n}\n"
    build, _ = build_with_bib(scratch_project, tmp_path, entry)
    assert build.ok, build.output
    page = build.site.parent / "bibsafety" / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nCited [@foo:bar2024].\n", "utf-8")
    build = strict_build(tmp_path / "again", project=page.parents[1])
    assert_fails_with(build, "malformed citation [@foo:bar2024]")


def test_a_50000_entry_bib_builds_quickly_and_lists_only_cited_entries(
    scratch_project, tmp_path: Path
) -> None:
    """50,000 uncited entries (8 MB; 698 s and 700 MB before, issue 17): the build ends
    within 30 s (a hang guard, not a timing) and 300 MB, and the uncited entries are
    neither formatted nor listed nor indexed."""
    project = scratch_project("bibsafety")
    (project / "docs" / "references.md").write_text("# References\n", encoding="utf-8")
    path = project / "references.bib"
    path.write_text(path.read_text(encoding="utf-8") + uncited_entries(50_000), encoding="utf-8")
    build = strict_build(tmp_path / "out", project=project, timeout_s=30)
    assert build.ok, build.output
    assert build.peak_rss_mb is not None and build.peak_rss_mb < 300
    html = (build.site / "references" / "index.html").read_text(encoding="utf-8")
    listed = [n.attributes["id"] for n in LexborHTMLParser(html).css("div.reference")]
    assert sorted(listed) == ["ref-ouyang2022training", "ref-taori2023alpaca"]
    index = (build.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Uncited entry number" not in index
