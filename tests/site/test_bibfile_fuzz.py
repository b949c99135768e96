"""hooks/bibfile.py on hostile input: random bytes and brace patterns inside a valid entry give a
`file:line` BibError or a clean read, never another exception."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hooks import bibfile

ENTRY = (
    "@misc{{fuzz2020entry,\n  title = {{A {inside} title}},\n"
    "  author = {{Doe, Jane}},\n  year = {{2020}},\n}}\n"
)
LOCATED = re.compile(r"^\S+\.bib(:\d+)?: ")


def read_and_parse(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.bib"
    path.write_bytes(data)
    try:
        bib = bibfile.read(path)
        bib.parse(list(bib.entries))
    except bibfile.BibError as error:
        assert LOCATED.match(str(error)), str(error)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet='{}\\"@,=%\n ab', max_size=40))
def test_brace_patterns_inside_a_valid_entry(tmp_path_factory, inside: str) -> None:
    text = ENTRY.format(inside=inside)
    read_and_parse(tmp_path_factory.mktemp("bib"), text.encode("utf-8"))


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes(tmp_path_factory, data: bytes) -> None:
    read_and_parse(tmp_path_factory.mktemp("bib"), data)
