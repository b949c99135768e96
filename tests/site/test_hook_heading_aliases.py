"""hooks/heading_aliases.py: a renamed heading keeps its old id; bad aliases fail with the page."""

from __future__ import annotations

from pathlib import Path

from conftest import assert_stops_with
from selectolax.lexbor import LexborHTMLParser
from strict_build import strict_build


def build_aliases(scratch_project, tmp_path: Path, front_matter: str):
    """Build the aliases fixture with `front_matter` in place of its own `aliases:` block."""
    project = scratch_project("aliases")
    page = project / "docs" / "page.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("aliases:\n  rm: reward-model\n", front_matter), encoding="utf-8")
    return strict_build(tmp_path / "out", project=project)


def test_old_id_sits_inside_the_renamed_heading(fixture_build) -> None:
    build = fixture_build("aliases")
    assert build.ok, build.output
    tree = LexborHTMLParser((build.site / "page" / "index.html").read_text(encoding="utf-8"))
    alias = tree.css_first("#rm")
    assert alias is not None and alias.parent.tag == "h2"
    assert alias.parent.attributes["id"] == "reward-model"
    assert alias.text() == ""


def test_link_to_the_old_id_passes_the_strict_anchor_check(fixture_build) -> None:
    build = fixture_build("aliases")
    assert build.ok and "does not contain an anchor" not in build.output


def test_old_id_stays_out_of_the_table_of_contents(fixture_build) -> None:
    build = fixture_build("aliases")
    tree = LexborHTMLParser((build.site / "page" / "index.html").read_text(encoding="utf-8"))
    toc = [node.attributes.get("href") for node in tree.css(".md-nav--secondary a")]
    assert "#reward-model" in toc and "#rm" not in toc


def test_alias_to_a_missing_heading_fails_with_the_page(scratch_project, tmp_path: Path) -> None:
    build = build_aliases(scratch_project, tmp_path, "aliases:\n  rm: no-such-heading\n")
    message = "docs/page.md:4: alias 'rm' points to 'no-such-heading', no h2-h6 id here"
    assert_stops_with(build, message)


def test_alias_that_is_already_an_id_fails(scratch_project, tmp_path: Path) -> None:
    build = build_aliases(scratch_project, tmp_path, "aliases:\n  reward-model: reward-model\n")
    assert_stops_with(build, "docs/page.md:4: alias 'reward-model' is already an id on this page")


def test_aliases_must_be_a_mapping(scratch_project, tmp_path: Path) -> None:
    build = build_aliases(scratch_project, tmp_path, "aliases: [rm]\n")
    message = "docs/page.md:3: `aliases:` must map old ids to new ids (old-id: new-id)"
    assert_stops_with(build, message)


def test_unindented_aliases_fail_rather_than_vanish(scratch_project, tmp_path: Path) -> None:
    build = build_aliases(scratch_project, tmp_path, "aliases:\nrm: reward-model\n")
    message = "docs/page.md:3: `aliases:` is empty; indent its old-id: new-id lines"
    assert_stops_with(build, message)


def test_misspelled_aliases_key_fails(scratch_project, tmp_path: Path) -> None:
    build = build_aliases(scratch_project, tmp_path, "alias:\n  rm: reward-model\n")
    assert_stops_with(build, "docs/page.md:3: unknown key 'alias:' (write 'aliases:')")


def test_alias_to_a_list_fails(scratch_project, tmp_path: Path) -> None:
    build = build_aliases(scratch_project, tmp_path, "aliases:\n  rm: [reward-model, other]\n")
    assert_stops_with(build, "docs/page.md:4: alias 'rm' must point to one heading id")
