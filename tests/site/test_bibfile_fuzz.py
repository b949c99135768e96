"""hooks/bibfile.py on hostile input: random bytes and brace patterns inside a valid entry give a
`file:line` BibError or a clean read, never another exception."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from hooks import bibfile

ENTRY = (
    "@misc{{fuzz2020entry,\n  title = {{A {inside} title}},\n"
    "  author = {{Doe, Jane}},\n  year = {{2020}},\n}}\n"
)
LOCATED = re.compile(r"^\S+\.bib(:\d+)?: ")


def read_and_parse(data: bytes) -> None:
    try:
        bib = bibfile.read(Path("fuzz.bib"), data)
        bib.parse(list(bib.entries))
    except bibfile.BibError as error:
        assert LOCATED.match(str(error)), str(error)


# Example counts come from the hypothesis profile in tests/conftest.py: 300 locally, 10,000 on CI.
@given(st.text(alphabet='{}\\"@,=%\n ab', max_size=40))
def test_brace_patterns_inside_a_valid_entry(inside: str) -> None:
    read_and_parse(ENTRY.format(inside=inside).encode("utf-8"))


@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    read_and_parse(data)
