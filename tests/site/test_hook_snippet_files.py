"""hooks/snippet_files.py: a missing or non-UTF-8 snippet stops the build with file:line."""

from __future__ import annotations

from pathlib import Path

from conftest import assert_stops_with
from strict_build import strict_build


def build_index(scratch_project, tmp_path: Path, extra: str, snippets: dict[str, bytes]):
    project = scratch_project("authoring")
    for name, content in snippets.items():
        (project / "includes" / name).write_bytes(content)
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return strict_build(tmp_path / "out", project=project), project


def test_included_snippet_lands_on_the_page(scratch_project, tmp_path: Path) -> None:
    snippet = {"note.md": b"A shared note.\n"}
    build, _ = build_index(scratch_project, tmp_path, '\n--8<-- "includes/note.md"\n', snippet)
    assert build.ok, build.output
    assert "A shared note." in (build.site / "index.html").read_text(encoding="utf-8")


def test_missing_snippet_names_the_page_line(scratch_project, tmp_path: Path) -> None:
    build, _ = build_index(scratch_project, tmp_path, '\n--8<-- "includes/nope.md"\n', {})
    assert_stops_with(build, "docs/index.md:14: snippet 'includes/nope.md' not found")


def test_missing_nested_snippet_names_the_snippet_line(scratch_project, tmp_path: Path) -> None:
    nest = {"nest.md": b'Intro.\n--8<-- "includes/nope.md"\n'}
    build, _ = build_index(scratch_project, tmp_path, '\n--8<-- "includes/nest.md"\n', nest)
    assert_stops_with(build, "includes/nest.md:2: snippet 'includes/nope.md' not found")


def test_missing_auto_append_file_names_the_config_line(scratch_project, tmp_path: Path) -> None:
    project = scratch_project("authoring")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("abbreviations.md", "abbrevs.md")
    config.write_text(text, encoding="utf-8")
    line = text[: text.index("includes/abbrevs.md")].count("\n") + 1
    build = strict_build(tmp_path / "out", project=project)
    assert_stops_with(build, f"mkdocs.yml:{line}: snippet 'includes/abbrevs.md' not found")


def test_non_utf8_snippet_names_its_own_line(scratch_project, tmp_path: Path) -> None:
    bad = {"bad.md": b"Fine.\nCaf\xe9.\n"}
    build, _ = build_index(scratch_project, tmp_path, '\n--8<-- "includes/bad.md"\n', bad)
    assert_stops_with(build, "includes/bad.md:2: not UTF-8 (byte 0xE9)")
