"""hooks/unique_ids.py: an id used twice on a page stops the build, naming both lines.

Issue 18, rows 11 and 12.
"""

from __future__ import annotations

from pathlib import Path

from conftest import assert_stops_with
from strict_build import strict_build


def build_index(scratch_project, tmp_path: Path, extra: str):
    project = scratch_project("authoring")
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return strict_build(tmp_path / "out", project=project)


def test_two_headings_with_one_id_fail_with_both_lines(scratch_project, tmp_path: Path) -> None:
    build = build_index(scratch_project, tmp_path, "\n## One {#dupe}\n\nText.\n\n## Two {#dupe}\n")
    assert_stops_with(build, "docs/index.md:18: id 'dupe' is already used on line 14")


def test_raw_html_id_that_repeats_a_heading_id_fails(scratch_project, tmp_path: Path) -> None:
    build = build_index(scratch_project, tmp_path, '\n<p id="links">Again.</p>\n')
    assert_stops_with(build, "docs/index.md:14: id 'links' is already used on line 8")


def test_own_references_heading_beside_citations_fails(scratch_project, tmp_path: Path) -> None:
    build = build_index(scratch_project, tmp_path, "\n## References {#references}\n\nMine.\n")
    message = (
        "docs/index.md:14: id 'references' is taken by the reference list"
        " that this page's citations add; use another"
    )
    assert_stops_with(build, message)


def test_an_id_inside_a_code_block_is_not_counted(scratch_project, tmp_path: Path) -> None:
    build = build_index(scratch_project, tmp_path, "\n```markdown\n## Links {#links}\n```\n")
    assert build.ok, build.output


def test_empty_ids_are_not_counted_as_one_id(scratch_project, tmp_path: Path) -> None:
    empty = '\n<span id></span><span id=""></span><span id></span>\n'
    build = build_index(scratch_project, tmp_path, empty)
    assert build.ok, build.output
