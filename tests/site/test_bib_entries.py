"""Structural checks on references.bib: keys, required fields, DOIs and arXiv eprints."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pybtex import errors
from pybtex.database import BibliographyData, Entry, parse_file

BIB_PATH = Path(__file__).resolve().parents[2] / "references.bib"

KEY_RE = re.compile(r"^[a-z]+\d{4}[a-z0-9]+$")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
EPRINT_RE = re.compile(r"^\d{4}\.\d{4,5}$")
ARXIV_DOI_RE = re.compile(r"^10\.48550/arxiv\.(?P<id>\S+)$", re.IGNORECASE)
# Entry headers such as "@inproceedings{key,"; @comment/@string/@preamble are skipped.
ENTRY_HEADER_RE = re.compile(
    r"^\s*@(?!comment|string|preamble)\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE | re.IGNORECASE
)

REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("title", "journal", "year"),
    "inproceedings": ("title", "booktitle", "year"),
    "misc": ("title", "year"),
}


def _load() -> tuple[BibliographyData, list[Exception]]:
    """Parse leniently, recording pybtex errors (e.g. repeated keys) instead of raising."""
    with errors.capture() as captured:
        bib = parse_file(str(BIB_PATH), bib_format="bibtex")
    return bib, list(captured)


BIB, PARSE_ERRORS = _load()
ENTRIES: list[tuple[str, Entry]] = sorted(BIB.entries.items())
KEYS = [key for key, _ in ENTRIES]


def _field(entry: Entry, name: str) -> str:
    return str(entry.fields.get(name, "")).strip()


def test_parses_without_errors() -> None:
    assert not PARSE_ERRORS, [str(err) for err in PARSE_ERRORS]


def test_no_duplicate_keys() -> None:
    raw_keys = ENTRY_HEADER_RE.findall(BIB_PATH.read_text(encoding="utf-8"))
    dupes = sorted(key for key, count in Counter(k.lower() for k in raw_keys).items() if count > 1)
    assert not dupes, f"duplicate keys: {dupes}"
    assert len(raw_keys) == len(ENTRIES)


def test_enough_entries() -> None:
    assert len(ENTRIES) >= 40


@pytest.mark.parametrize("key", KEYS)
def test_key_format(key: str) -> None:
    assert KEY_RE.match(key), f"{key}: key must look like firstauthorYEARword"


@pytest.mark.parametrize(("key", "entry"), ENTRIES, ids=KEYS)
def test_required_fields(key: str, entry: Entry) -> None:
    kind = entry.type.lower()
    assert kind in REQUIRED_FIELDS, f"{key}: unexpected entry type @{entry.type}"
    missing = [name for name in REQUIRED_FIELDS[kind] if not _field(entry, name)]
    assert not missing, f"{key}: missing {missing}"
    has_author = bool(entry.persons.get("author"))
    if kind == "misc":
        who = has_author or _field(entry, "organization") or _field(entry, "howpublished")
        assert who, f"{key}: @misc needs author, organization or howpublished"
    else:
        assert has_author, f"{key}: missing author"
    assert re.fullmatch(r"\d{4}", _field(entry, "year")), f"{key}: year must be four digits"


@pytest.mark.parametrize(("key", "entry"), ENTRIES, ids=KEYS)
def test_doi_or_url(key: str, entry: Entry) -> None:
    doi, url = _field(entry, "doi"), _field(entry, "url")
    assert doi or url, f"{key}: needs a doi or a url"
    if doi:
        assert DOI_RE.match(doi), f"{key}: malformed doi {doi!r}"
    if url:
        assert url.startswith("https://"), f"{key}: url should be https: {url!r}"


@pytest.mark.parametrize(("key", "entry"), ENTRIES, ids=KEYS)
def test_arxiv_eprint(key: str, entry: Entry) -> None:
    eprint = _field(entry, "eprint")
    arxiv_doi = ARXIV_DOI_RE.match(_field(entry, "doi"))
    if arxiv_doi:
        assert eprint == arxiv_doi["id"], f"{key}: eprint {eprint!r} does not match the arXiv DOI"
    if eprint:
        assert EPRINT_RE.match(eprint), f"{key}: eprint {eprint!r} is not a new-style arXiv id"
        assert _field(entry, "archiveprefix") == "arXiv", f"{key}: archiveprefix must be arXiv"
