"""Read references.bib strictly: every fault names the file, the line and the key.

One reader for the build hooks and the link checker. `read()` scans the whole file in one quick
pass (entries, fields, braces, link schemes); `Bib.parse()` hands only the entries a site
cites to pybtex, so the cost of a large file is one scan, not a full parse of every entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, parse_string
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

HEADER = re.compile(
    r"[ \t]*@(?P<type>\w*)\s*(?P<open>[{(]?)\s*(?P<key>[^,\s{}()]*)\s*(?P<comma>,?)"
)
LINE_START_AT = re.compile(r"^[ \t]*@", re.MULTILINE)
FIELD_START = re.compile(r"\s*([A-Za-z][\w-]*)\s*=")
TOKEN = re.compile(r'[{}"=,\n]')
NON_ENTRIES = {"comment", "preamble", "string"}
ENTRY_TYPES = {
    "article",
    "book",
    "inbook",
    "incollection",
    "inproceedings",
    "manual",
    "misc",
    "online",
    "phdthesis",
    "techreport",
}
SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)
SAFE_DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?10\.\S+$", re.IGNORECASE)
NAME_SEPARATOR = re.compile(r"\s+and\s+", re.IGNORECASE)


class BibError(ValueError):
    """A fault in a .bib file, phrased as `file:line: message`."""


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One entry as written: where it starts, its source text and its field values."""

    key: str
    type: str
    line: int
    text: str
    fields: dict[str, str]  # lower-case name -> value without the outer braces or quotes

    def value(self, name: str) -> str:
        """A field's value with all braces removed ("" when absent)."""
        return self.fields.get(name, "").replace("{", "").replace("}", "").strip()


@dataclass(slots=True)
class Bib:
    """A scanned .bib file."""

    path: Path
    entries: dict[str, RawEntry]  # exact key -> entry, in file order
    macros: str = ""  # @string and @preamble blocks, needed to parse any entry
    by_lower: dict[str, str] = field(default_factory=dict)  # lower-cased key -> exact key

    def parse(self, keys: list[str]) -> BibliographyData:
        """Parse the given entries with pybtex (strict mode); faults name the entry's line."""
        pybtex.errors.set_strict_mode(True)
        try:
            return parse_string(self._source(keys), "bibtex")
        except PybtexError:
            for key in keys:  # find the faulty entry, for its line
                self._parse_one(key)
            raise

    def _source(self, keys: list[str]) -> str:
        return self.macros + "\n".join(self.entries[key].text for key in keys)

    def _parse_one(self, key: str) -> None:
        raw = self.entries[key]
        try:
            parse_string(self._source([key]), "bibtex")
        except PybtexSyntaxError as error:
            line = raw.line + max((error.lineno or 1) - 1 - self.macros.count("\n"), 0)
            raise BibError(f"{self.path}:{line}: malformed entry '{key}' ({error})") from None
        except PybtexError as error:
            raise BibError(f"{self.path}:{raw.line}: entry '{key}': {error}") from None


def read(path: Path, data: bytes | None = None) -> Bib:
    """Scan `path` (or `data`, its bytes, if given), or raise BibError naming line and key."""
    try:
        data = path.read_bytes() if data is None else data
    except OSError as error:
        raise BibError(f"{path}: cannot read ({error.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BibError(f"{path}:{line}: not UTF-8 (byte 0x{data[error.start]:02X})") from None
    bib = Bib(path, {})
    scanned_to = line = counted_to = 0
    for start in LINE_START_AT.finditer(text):
        if start.start() < scanned_to:  # an "@" at a line start inside a field value
            continue
        line += text.count("\n", counted_to, start.start())
        counted_to = start.start()
        entry = _scan_entry(path, text, start.start(), line + 1)
        scanned_to = start.start() + len(entry.text)
        if entry.type in NON_ENTRIES:
            bib.macros += entry.text + "\n" if entry.type != "comment" else ""
            continue
        if (first := bib.by_lower.get(entry.key.lower())) is not None:
            raise BibError(
                f"{path}:{entry.line}: duplicate entry '{entry.key}' (first defined on line "
                f"{bib.entries[first].line})"
            )
        _check_entry(path, entry)
        bib.entries[entry.key] = entry
        bib.by_lower[entry.key.lower()] = entry.key
    return bib


def _scan_entry(path: Path, text: str, start: int, line: int) -> RawEntry:
    """Scan one `@type{key, name = value, ...}` block starting at `start`."""
    header = HEADER.match(text, start)
    kind = header["type"].lower()
    key = header["key"]
    where = f"{path}:{line}"
    if not header["type"] or header["open"] != "{":
        raise BibError(f"{where}: malformed entry '{key}' (expected '@type{{key,')")
    if kind in NON_ENTRIES:
        end = _block_end(path, text, header.start("open"), line, key or kind)
        return RawEntry(key, kind, line, text[start:end], {})
    if kind not in ENTRY_TYPES:
        raise BibError(f"{where}: entry '{key}' has an unknown type '@{header['type']}'")
    if not key or not header["comma"]:
        raise BibError(f"{where}: malformed entry '{key}' (expected '@type{{key,')")
    fields: dict[str, str] = {}
    opened: list[int] = [line]  # line of each open brace; the first is the entry's own
    current = line
    name, value_start, in_quote = "", -1, False
    position = header.end()
    for token in TOKEN.finditer(text, position):
        char = token.group()
        if char == "\n":
            current += 1
            following = text[token.end() : token.end() + 200]
            if len(opened) > 1 and not in_quote and FIELD_START.match(following):
                next_field = FIELD_START.match(following)[1]
                raise BibError(
                    f"{path}:{opened[1]}: malformed entry '{key}' ('{{' opened on this line is "
                    f"not closed before field '{next_field}' on line {current})"
                )
            if LINE_START_AT.match(following):
                raise BibError(
                    f"{path}:{opened[-1]}: malformed entry '{key}' ('{{' opened on this line "
                    f"is never closed)"
                )
        elif char == "{":
            opened.append(current)
        elif char == "}":
            if len(opened) == 1:
                if name and value_start >= 0:
                    fields[name] = _strip(text[value_start : token.start()])
                return RawEntry(key, kind, line, text[start : token.end()], fields)
            opened.pop()
        elif len(opened) > 1:
            continue
        elif char == '"':
            in_quote = not in_quote
        elif in_quote:
            continue
        elif char == "=" and value_start < 0:
            name = text[position : token.start()].strip().lower()
            value_start = token.end()
        elif char == ",":
            if name and value_start >= 0:
                fields[name] = _strip(text[value_start : token.start()])
            name, value_start, position = "", -1, token.end()
    raise BibError(
        f"{path}:{opened[-1]}: malformed entry '{key}' ('{{' opened on this line is never closed)"
    )


def _block_end(path: Path, text: str, open_at: int, line: int, key: str) -> int:
    """End offset of a balanced `{...}` block that starts at `open_at`."""
    depth = 0
    for token in re.finditer(r"[{}]", text[open_at:]):
        depth += 1 if token.group() == "{" else -1
        if depth == 0:
            return open_at + token.end()
    raise BibError(f"{path}:{line}: malformed entry '{key}' ('{{' is never closed)")


def _strip(value: str) -> str:
    """A field value without surrounding space and its outer braces or quotes."""
    value = value.strip()
    if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1].strip()
    return value


def _check_entry(path: Path, entry: RawEntry) -> None:
    """Faults pybtex would report late or not at all, with the entry's line and key."""
    where = f"{path}:{entry.line}: entry '{entry.key}'"
    if not entry.value("title"):
        raise BibError(f"{where} has no title")
    url = entry.value("url")
    if url and not SAFE_URL.match(url):
        raise BibError(f"{where}: url {url[:60]!r} is not http or https")
    doi = entry.value("doi")
    if doi and not SAFE_DOI.match(doi):
        raise BibError(f"{where}: doi {doi[:60]!r} is not a DOI (10.prefix/suffix)")
    for role in ("author", "editor"):
        for name in NAME_SEPARATOR.split(entry.fields.get(role, "")):
            if _top_level_commas(name) > 2:
                raise BibError(f"{where}: too many commas in a name ({name.strip()[:60]!r})")


def _top_level_commas(name: str) -> int:
    """Commas outside braces: BibTeX allows at most two in one name ("von Last, Jr, First")."""
    depth = commas = 0
    for char in name:
        depth += (char == "{") - (char == "}")
        commas += char == "," and depth == 0
    return commas
