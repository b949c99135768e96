"""hooks/bib_guard.py: a malformed or duplicate entry fails with references.bib:LINE and the key."""

from __future__ import annotations

from pathlib import Path

from strict_build import strict_build

GOOD = """@misc{good2020entry,
  title = {Good},
  author = {Doe, Jane},
  year = {2020},
  url = {https://example.org/},
}
"""


def build_with_bib(scratch_project, tmp_path: Path, bib: str):
    project = scratch_project("bibsafety")
    original = (project / "references.bib").read_text()
    (project / "references.bib").write_text(original + bib)
    offset = original.count("\n")
    return strict_build(tmp_path / "out", project=project), offset


def test_duplicate_entry_names_line_and_key(scratch_project, tmp_path: Path) -> None:
    build, offset = build_with_bib(scratch_project, tmp_path, GOOD + GOOD)
    assert not build.ok
    assert f"references.bib:{offset + 7}: duplicate entry 'good2020entry'" in build.output
    assert "Traceback" not in build.output


def test_unclosed_brace_names_line_and_key(scratch_project, tmp_path: Path) -> None:
    bad = "@misc{broken2021entry,\n  title = {Never closed,\n  year = {2021},\n}\n"
    build, offset = build_with_bib(scratch_project, tmp_path, GOOD + bad)
    assert not build.ok
    assert "references.bib:" in build.output and "malformed entry 'broken2021entry'" in build.output
    assert "Traceback" not in build.output


def test_header_without_comma_names_line_and_key(scratch_project, tmp_path: Path) -> None:
    bad = "@misc{nocomma2021entry\n  title = {X},\n}\n"
    build, offset = build_with_bib(scratch_project, tmp_path, GOOD + bad)
    assert not build.ok
    assert f"references.bib:{offset + 7}: malformed entry 'nocomma2021entry'" in build.output
