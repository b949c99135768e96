"""Collect links: built HTML pages, ``[@key]`` citations in Markdown, and .bib entries.

Each HTML file is read and parsed once; its ids (``id`` on any element, ``name`` on
``<a>``) are kept per page so that fragment checks are dictionary look-ups.
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from checklinks.types import InputError, Link, LinkKind, Location, Note

HTML_SUFFIXES = (".html", ".htm")
MAX_PAGE_BYTES = 50 * 1024 * 1024
_IN_CODE = "pre [href], pre [src], code [href], code [src]"
_NOT_RESOURCES = {"preconnect", "dns-prefetch"}  # <link rel=...> names an origin, not a page


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything the checks need, gathered without any network access."""

    root: Path | None = None
    files: frozenset[str] = frozenset()  # site-relative POSIX paths of every file
    ids: dict[str, frozenset[str]] = field(default_factory=dict)  # HTML page -> its ids
    links: tuple[Link, ...] = ()
    notes: tuple[Note, ...] = ()
    cited: frozenset[str] = frozenset()  # keys cited in docs/
    bib_keys: frozenset[str] | None = None  # None: citation checks are off


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """The ids of one HTML page and its links as (href as written, line)."""

    ids: frozenset[str]
    hrefs: tuple[tuple[str, int], ...]


# --- HTML -----------------------------------------------------------------------------------


def page_ids(tree: LexborHTMLParser) -> frozenset[str]:
    """Fragment targets of a parsed page: every ``id``, plus ``name`` on ``<a>``."""
    ids = {n.attributes.get("id") for n in tree.css("[id]")}
    ids |= {n.attributes.get("name") for n in tree.css("a[name]")}
    ids.discard(None)
    return frozenset(ids)  # type: ignore[arg-type]


def decode_html(data: bytes) -> tuple[str, bool]:
    """Decode page bytes as UTF-8; the flag is False if bytes had to be replaced."""
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), False


class _LineFinder:
    """Line numbers of attribute values, searched in document order in the page source."""

    def __init__(self, text: str) -> None:
        self.text, self.cursor, self.line = text, 0, 1

    def find(self, value: str) -> int:
        """1-based line of the next occurrence of value, or 0 if not found as written."""
        pos = self.text.find(value, self.cursor) if value else -1
        if pos < 0:
            return 0
        self.line += self.text.count("\n", self.cursor, pos)
        found = self.line
        self.cursor = pos + len(value)
        self.line += self.text.count("\n", pos, self.cursor)
        return found


def parse_page(text: str) -> ParsedPage:
    """Ids and outgoing ``href``/``src`` values of one page, skipping code blocks."""
    tree = LexborHTMLParser(text)
    in_code = {n.mem_id for n in tree.css(_IN_CODE)}
    lines = _LineFinder(text)
    hrefs = []
    for node in tree.css("[href], [src]"):
        attrs = node.attributes
        rel = set((attrs.get("rel") or "").lower().split())
        for name in ("href", "src"):
            if (value := attrs.get(name)) is None:
                continue
            line = lines.find(value)
            if node.mem_id in in_code or (node.tag == "link" and rel & _NOT_RESOURCES):
                continue
            hrefs.append((value, line))
    return ParsedPage(page_ids(tree), tuple(hrefs))


def classify_url(url: str) -> tuple[LinkKind, str]:
    """Kind and target of an absolute URL: http(s) is EXTERNAL, other schemes are OTHER."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in ("http", "https"):
            if not parts.hostname or any(c.isspace() for c in parts.netloc):
                return LinkKind.OTHER, url
            _ = parts.port  # raises ValueError on a bad port
            return LinkKind.EXTERNAL, url
    except ValueError:
        pass
    return LinkKind.OTHER, url


def resolve_href(href: str, page: str) -> tuple[LinkKind, str] | None:
    """Kind and target of an href found on ``page``; None for links to the page itself.

    Internal targets are site-relative paths plus ``#fragment``; directory URLs keep
    their trailing slash (``sec1/``), the site root is ``./``.
    """
    href = href.strip()
    try:
        parts = urlsplit(href)
    except ValueError:
        return LinkKind.OTHER, href
    if parts.scheme:
        return classify_url(href)
    if parts.netloc:  # protocol-relative //host/path
        return classify_url("https:" + href)
    path = unquote(parts.path)
    frag = f"#{parts.fragment}" if parts.fragment else ""
    if not path:
        return (LinkKind.INTERNAL, page + frag) if frag else None
    base = "" if path.startswith("/") else posixpath.dirname(page)
    resolved = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if resolved == ".":
        resolved = "./"
    elif path.endswith("/"):
        resolved += "/"
    return LinkKind.INTERNAL, resolved + frag


def collect_site(
    root: Path,
) -> tuple[frozenset[str], dict[str, frozenset[str]], list[Link], list[Note]]:
    """Walk SITE_DIR once: all files, ids per HTML page, links with page:line, notes."""
    if not root.is_dir():
        raise InputError(f"{root}: not a directory")
    files: set[str] = set()
    for dirpath, _dirs, names in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        for name in names:
            files.add(name if rel_dir == "." else f"{rel_dir}/{name}")
    ids: dict[str, frozenset[str]] = {}
    links: list[Link] = []
    notes: list[Note] = []
    for page in sorted(f for f in files if f.lower().endswith(HTML_SUFFIXES)):
        path = root / page
        try:
            if path.stat().st_size > MAX_PAGE_BYTES:
                notes.append(Note(Location(page), "skipped: larger than 50 MB"))
                continue
            text, clean = decode_html(path.read_bytes())
        except OSError as exc:
            notes.append(Note(Location(page), f"skipped: cannot read ({exc.strerror})"))
            continue
        if not clean:
            notes.append(Note(Location(page), "not valid UTF-8; invalid bytes replaced"))
        parsed = parse_page(text)
        ids[page] = parsed.ids
        for href, line in parsed.hrefs:
            if (resolved := resolve_href(href, page)) is not None:
                links.append(Link(resolved[0], resolved[1], Location(page, line)))
    return frozenset(files), ids, links, notes


# --- Markdown citations ----------------------------------------------------------------------
# The build's own grammar (hooks/citekeys.py) and .bib reader (hooks/bibfile.py), so the checker
# and `mkdocs build` never disagree on what is cited.

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hooks"))
import bibfile  # noqa: E402
import citekeys  # noqa: E402


def markdown_citations(text: str, path: str) -> list[Link]:
    """``[@key]`` citations (also grouped, ``[@a; @b]``) outside code; a malformed one such as
    ``[see @key]`` becomes a broken citation whose target is its text."""
    cites, malformed = citekeys.find(text)
    links = [
        Link(LinkKind.CITE, f"@{key}", Location(path, cite.line))
        for cite in cites
        for key in cite.keys
    ]
    links += [Link(LinkKind.CITE, f"@{raw}", Location(path, line)) for line, raw in malformed]
    return sorted(links, key=lambda link: link.location.line)


def collect_citations(docs: Path) -> tuple[list[Link], list[Note]]:
    """Citations in every ``*.md`` file under docs/ (sorted, so output is stable)."""
    if not docs.is_dir():
        raise InputError(f"{docs}: not a directory")
    links: list[Link] = []
    notes: list[Note] = []
    for path in sorted(docs.rglob("*.md")):
        try:
            text, clean = decode_html(path.read_bytes())
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror}") from exc
        if not clean:
            notes.append(Note(Location(str(path)), "not valid UTF-8; invalid bytes replaced"))
        links += markdown_citations(text, str(path))
    return links, notes


# --- .bib ------------------------------------------------------------------------------------

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)


def collect_bib(bib: Path) -> tuple[frozenset[str], list[Link]]:
    """Keys of a .bib file, and links for each entry: itself, its url, doi and arXiv eprint."""
    try:
        entries = bibfile.read(bib).entries
    except bibfile.BibError as exc:
        raise InputError(str(exc)) from exc
    links: list[Link] = []
    for key, entry in entries.items():
        where = Location(str(bib), entry.line)
        links.append(Link(LinkKind.CITE, f"@{key}", where))
        if url := entry.value("url"):
            kind, target = classify_url(url)
            links.append(Link(kind, target, where))
        if doi := entry.value("doi"):
            links.append(Link(LinkKind.DOI, "doi:" + _DOI_PREFIX.sub("", doi), where))
        archive = (entry.value("archiveprefix") or entry.value("eprinttype") or "arxiv").lower()
        if (eprint := entry.value("eprint")) and archive == "arxiv":
            links.append(Link(LinkKind.ARXIV, "arXiv:" + eprint.removeprefix("arXiv:"), where))
    return frozenset(entries), links


def collect(site: Path, docs: Path | None = None, bib: Path | None = None) -> Inputs:
    """All inputs for a run; citation checks are on only when both docs and bib are given."""
    files, ids, links, notes = collect_site(site)
    cited: frozenset[str] = frozenset()
    bib_keys: frozenset[str] | None = None
    if docs is not None and bib is not None:
        cites, doc_notes = collect_citations(docs)
        bib_keys, bib_links = collect_bib(bib)
        cited = frozenset(link.target[1:] for link in cites)
        links += cites + bib_links
        notes += doc_notes
    return Inputs(site, files, ids, tuple(links), tuple(notes), cited, bib_keys)


def unique_keys(links: Iterable[Link]) -> list[tuple[LinkKind, str]]:
    """Distinct target keys in first-seen order."""
    return list(dict.fromkeys(link.key for link in links))
