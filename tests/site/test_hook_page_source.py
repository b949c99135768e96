"""hooks/page_source.py: a non-UTF-8 byte or bad front matter stops the build with file:line.

Issue 18, rows 8, 13 and 14. The strict builds check what an author sees; the fuzz tests call
the hook's functions directly, so 10,000 examples (on CI) take seconds.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import page_source
import pytest
import sourcelines
from conftest import ROOT, assert_stops_with
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import YAML_RE, get_data
from selectolax.lexbor import LexborHTMLParser
from strict_build import strict_build

WHERE = "docs/page.md"
CONFIG = load_config(str(ROOT / "mkdocs.yml"))
FRONT_MATTER_ERROR = re.compile(r"docs/page\.md:(?P<line>\d+): front matter: [^\n]+")
UTF8_ERROR = re.compile(r"docs/page\.md:(?P<line>\d+): not UTF-8 \(byte 0x[0-9A-F]{2}\)")
# Characters YAML gives meaning to, plus a little plain text, a NUL and a non-ASCII letter;
# and the keys MkDocs and Material read, so their values get checked too.
YAML_CHARACTERS = st.text(st.sampled_from(":-?[]{},#&*!|>'\"%@`\\.~=<\n\t ab1\x00é"), max_size=80)
KEYS = st.sampled_from(["title", "hide", "search", "tags", "template", "icon", "aliases"])
YAML_ISH = st.one_of(YAML_CHARACTERS, st.builds("{}:{}".format, KEYS, YAML_CHARACTERS))


def build_with(scratch_project, tmp_path: Path, page: str, content: str | bytes):
    project = scratch_project("authoring")
    path = project / "docs" / page
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return strict_build(tmp_path / "out", project=project)


def test_the_fixture_builds(scratch_project, tmp_path: Path) -> None:
    build = strict_build(tmp_path / "out", project=scratch_project("authoring"))
    assert build.ok, build.output


def test_non_utf8_byte_names_line_and_byte(scratch_project, tmp_path: Path) -> None:
    build = build_with(scratch_project, tmp_path, "index.md", b"# Home\n\nOne.\nCaf\xe9 two.\n")
    assert_stops_with(build, "docs/index.md:4: not UTF-8 (byte 0xE9)")


def test_byte_order_mark_and_crlf_are_fine(scratch_project, tmp_path: Path) -> None:
    page = b"\xef\xbb\xbf# Home\r\n\r\nCaf\xc3\xa9."
    build = build_with(scratch_project, tmp_path, "index.md", page)
    assert build.ok, build.output


def test_yaml_error_in_front_matter_fails_with_its_line(scratch_project, tmp_path: Path) -> None:
    page = "---\ntitle: Home\ndescription: Models: what they are\n---\n# Home\n"
    build = build_with(scratch_project, tmp_path, "index.md", page)
    message = "docs/index.md:3: front matter: mapping values are not allowed in this context"
    assert_stops_with(build, message)


def test_yaml_error_on_a_page_with_aliases_fails_rather_than_dropping_them(
    scratch_project, tmp_path: Path
) -> None:
    front_matter = '---\naliases:\n  old-notes: notes\ndescription: "unclosed\n---\n'
    page = front_matter + "# Page\n\n## Notes {#notes}\n"
    build = build_with(scratch_project, tmp_path, "page.md", page)
    message = (
        "docs/page.md:5: front matter: found unexpected end of stream"
        " (while scanning a quoted scalar started on line 4)"
    )
    assert_stops_with(build, message)


def test_front_matter_that_is_not_a_mapping_fails(scratch_project, tmp_path: Path) -> None:
    build = build_with(scratch_project, tmp_path, "index.md", "---\n- a list\n---\n# Home\n")
    message = "docs/index.md:2: front matter: expected 'key: value' lines, found a list"
    assert_stops_with(build, message)


def test_unclosed_front_matter_fails(scratch_project, tmp_path: Path) -> None:
    build = build_with(scratch_project, tmp_path, "index.md", "---\ntitle: Home\n\n# Home\n")
    assert_stops_with(build, "docs/index.md:1: front matter: no closing '---' line after it")


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("search: exclude", "'search': The configuration is invalid. Expected a key-value mapping"),
        ("search: {exlude: true}", "'search': Sub-option 'exlude': Unrecognised configuration"),
        ("hide: navigation", "'hide': Expected a list of items, but a <class 'str'> was given."),
        ("title: [a, b]", "'title': Expected type: <class 'str'> but received: <class 'list'>"),
        ("template: nope.html", "'template': the theme has no nope.html"),
        ("icon: material/nope", "'icon': the theme has no .icons/material/nope.svg"),
    ],
    ids=["search-string", "search-typo", "hide-string", "title-list", "template", "icon"],
)
def test_front_matter_key_of_the_wrong_kind_fails_with_its_line(
    scratch_project, tmp_path: Path, field: str, message: str
) -> None:
    page = f"---\ndescription: Fine.\n{field}\n---\n# Home\n"
    build = build_with(scratch_project, tmp_path, "index.md", page)
    assert not build.ok and "Traceback" not in build.output, build.output
    assert f"ERROR   -  docs/index.md:3: front matter: {message}" in build.output


def test_valid_front_matter_is_read_not_printed(scratch_project, tmp_path: Path) -> None:
    fields = "title: Hi\ndescription: Fine.\nhide: [toc]\nsearch: {boost: 2}\nicon: material/home"
    page = f"---\n{fields}\n---\n# Home\n\nText.\n"
    build = build_with(scratch_project, tmp_path, "index.md", page)
    assert build.ok, build.output
    html = (build.site / "index.html").read_text(encoding="utf-8")
    article = LexborHTMLParser(html).css_first("article").text()
    assert "description" not in article and "Text." in article


# Fuzz: only a clean read or a one-line file:line error, never anything else.


@given(st.one_of(YAML_ISH, st.text(max_size=120)))
def test_fuzz_front_matter_gives_clean_meta_or_a_file_line_error(body: str) -> None:
    source = f"---\n{body}\n---\n# Page\n"
    check_source(source)


@given(YAML_ISH)
def test_fuzz_page_starting_with_dashes(source: str) -> None:
    check_source("---" + source)


def check_source(source: str) -> None:
    try:
        meta = page_source.check_front_matter(source, WHERE)
        page_source.check_fields(meta, source, WHERE, CONFIG)
    except PluginError as error:
        match = FRONT_MATTER_ERROR.fullmatch(str(error))
        assert match, str(error)
        assert 1 <= int(match["line"]) <= source.count("\n") + 1
        return
    match = YAML_RE.match(source)
    if match:  # MkDocs reads it as metadata and takes it off the page
        body, meta = get_data(source)
        assert isinstance(meta, dict) and body == source[match.end() :].lstrip("\n")


@given(st.binary(max_size=200))
def test_fuzz_bytes_read_as_mkdocs_reads_them_or_a_file_line_error(raw: bytes) -> None:
    try:
        text = sourcelines.decode(raw, WHERE)
    except PluginError as error:
        match = UTF8_ERROR.fullmatch(str(error))
        assert match, str(error)
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8-sig")
        return
    assert text == io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig").read()


LINE = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=20)


@given(st.lists(LINE, min_size=1, max_size=8), st.integers(0, 7), st.integers(0x80, 0xBF))
def test_fuzz_the_named_line_holds_the_bad_byte(lines: list[str], pick: int, byte: int) -> None:
    bad = pick % len(lines)
    encoded = [line.encode() for line in lines]
    encoded[bad] += bytes([byte])  # a continuation byte with no lead byte is never UTF-8
    with pytest.raises(PluginError) as error:
        sourcelines.decode(b"\n".join(encoded), WHERE)
    assert str(error.value) == f"{WHERE}:{bad + 1}: not UTF-8 (byte 0x{byte:02X})"
