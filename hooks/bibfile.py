"""Read references.bib strictly: every fault names the file, the line and the key."""

from __future__ import annotations

import re
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexSyntaxError

HEADER = re.compile(r"^\s*@(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s{}()]*)\s*(?P<comma>,?)")
NON_ENTRIES = {"comment", "preamble", "string"}


class BibError(ValueError):
    """A fault in a .bib file, phrased as `file:line: message`."""


def load(path: Path) -> BibliographyData:
    """Parse `path`, or raise BibError for a malformed or duplicate entry."""
    text = path.read_text(encoding="utf-8")
    headers = _scan_headers(path, text)
    pybtex.errors.set_strict_mode(True)
    try:
        return parse_string(text, "bibtex")
    except PybtexSyntaxError as error:
        line = error.lineno or 1
        key = _key_at(headers, line)
        reason = error.args[0] if error.args else error
        raise BibError(f"{path}:{line}: malformed entry '{key}' ({reason})") from None
    except Exception as error:  # pybtex raises bare PybtexError for other faults
        raise BibError(f"{path}:1: cannot read ({error})") from None


def _scan_headers(path: Path, text: str) -> list[tuple[int, str]]:
    """Return (line, key) for each entry header; reject duplicates and bad headers."""
    headers: list[tuple[int, str]] = []
    first_seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = HEADER.match(line)
        if not match or match["type"].lower() in NON_ENTRIES:
            continue
        key = match["key"]
        if not key or not match["comma"]:
            raise BibError(f"{path}:{number}: malformed entry '{key}' (expected '@type{{key,')")
        if key.lower() in first_seen:
            raise BibError(
                f"{path}:{number}: duplicate entry '{key}' (first defined on line "
                f"{first_seen[key.lower()]})"
            )
        first_seen[key.lower()] = number
        headers.append((number, key))
    return headers


def _key_at(headers: list[tuple[int, str]], line: int) -> str:
    """The key of the last entry that starts at or before `line`."""
    keys = [key for start, key in headers if start <= line]
    return keys[-1] if keys else "?"
