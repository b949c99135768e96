"""Collect links: built HTML pages, ``[@key]`` citations in Markdown, and .bib entries.

Each HTML file is read and scanned once (``htmlscan``); its ids are kept per page so that
fragment checks are dictionary look-ups. Only regular files are read (``sitefiles``).
"""

from __future__ import annotations

import posixpath
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from checklinks.htmlscan import decode_html, scan_html
from checklinks.sitefiles import (
    DEFAULT_MAX_FILE_BYTES,
    FileTooLarge,
    problem,
    read_file,
    walk,
)
from checklinks.types import InputError, Link, LinkKind, Location, Note

__all__ = ["classify_url", "collect", "decode_html", "page_ids", "resolve_href"]

HTML_SUFFIXES = (".html", ".htm")
# WHATWG URL standard: code points a host may not contain (besides C0 controls and DEL)
_FORBIDDEN_HOST = frozenset(" \t\n\r#/:<>?@[\\]^|%")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SPECIAL_SCHEMES = {"http", "https", "file", "ftp", "ws", "wss"}  # browsers read \\ as /
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
# a relative path that clean_href, urlsplit and unquote leave as it is, then a fragment
_PATH_AND_FRAGMENT = re.compile(r"([\w.~/-]+)#([^\x00-\x20]+)", re.ASCII)


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything the checks need, gathered without any network access."""

    root: Path | None = None
    files: frozenset[str] = frozenset()  # site-relative POSIX paths of every regular file
    ids: dict[str, frozenset[str]] = field(default_factory=dict)  # HTML page -> its ids
    links: tuple[Link, ...] = ()
    notes: tuple[Note, ...] = ()
    cited: frozenset[str] = frozenset()  # keys cited in docs/
    bib_keys: frozenset[str] | None = None  # None: citation checks are off
    refresh: dict[str, tuple[LinkKind, str]] = field(default_factory=dict)  # stub -> target
    too_large: frozenset[str] = frozenset()  # pages over the size cap, not scanned


@dataclass(slots=True)
class Site:
    """What ``collect_site`` found: files, ids and links of the scanned pages, notes."""

    files: frozenset[str]
    ids: dict[str, frozenset[str]]
    links: list[Link]
    notes: list[Note]
    refresh: dict[str, tuple[LinkKind, str]]
    too_large: frozenset[str]


# --- URLs -------------------------------------------------------------------------------------


def page_ids(tree) -> frozenset[str]:  # noqa: ANN001 - any selectolax tree, not imported here
    """Fragment targets of a selectolax tree (prefer ``htmlscan.html_ids``: no tree)."""
    ids = {n.attributes.get("id") for n in tree.css("[id]")}
    ids |= {n.attributes.get("name") for n in tree.css("a[name]")}
    ids.discard(None)
    return frozenset(ids)  # type: ignore[arg-type]


def _valid_host(host: str | None) -> bool:
    """True if a browser would accept this host (IPv6 brackets are checked by urlsplit)."""
    if not host:
        return False
    if ":" in host:  # an IPv6 address urlsplit has already validated
        return True
    return not any(c in _FORBIDDEN_HOST or c < " " or c == "\x7f" for c in host)


def classify_url(url: str) -> tuple[LinkKind, str]:
    """Kind and target of an absolute URL: a valid http(s) URL is EXTERNAL, others OTHER."""
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() in ("http", "https"):
            if not _valid_host(parts.hostname):
                return LinkKind.OTHER, url
            _ = parts.port  # raises ValueError on a bad port
            return LinkKind.EXTERNAL, url
    except ValueError:
        pass
    return LinkKind.OTHER, url


def clean_href(href: str) -> str:
    """An href as a browser reads it: outer spaces and inner tabs/newlines dropped, and
    ``\\`` read as ``/`` before the query in relative and http(s)/file URLs."""
    href = href.strip(_C0_AND_SPACE)
    if "\t" in href or "\n" in href or "\r" in href:
        href = href.replace("\t", "").replace("\n", "").replace("\r", "")
    if "\\" in href:
        m = _SCHEME.match(href)
        if m is None or m.group(1).lower() in _SPECIAL_SCHEMES:
            cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
            href = href[:cut].replace("\\", "/") + href[cut:]
    return href


def resolve_href(href: str, page: str, base: str | None = None) -> tuple[LinkKind, str] | None:
    """Kind and target of an href found on ``page``; None for links to the page itself.

    ``base`` is the page's resolved ``<base href>``: a site-relative path, or an absolute
    URL. Internal targets are site-relative paths plus ``#fragment``; directory URLs keep
    their trailing slash (``sec1/``), the site root is ``./``.
    """
    href = clean_href(href)
    if base is not None:
        if "://" in base:
            try:
                return classify_url(urljoin(base, href)) if href else None
            except ValueError:  # e.g. an unclosed "[" in the host
                return LinkKind.OTHER, href
        page = base
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
    folder = "" if path.startswith("/") else posixpath.dirname(page)
    resolved = posixpath.normpath(posixpath.join(folder, path.lstrip("/")))
    if resolved == ".":
        resolved = "./"
    elif path.endswith("/"):
        resolved += "/"
    return LinkKind.INTERNAL, resolved + frag


# --- HTML pages -------------------------------------------------------------------------------


class _PageLinks:
    """Turns the URLs of one page into Links as the scanner finds them.

    Memory stays close to the Link objects themselves: targets are interned and hrefs
    resolved once (both in bounded caches), and links on one line share a Location.
    An href resolves the same way on every page of a folder (pages are scanned folder by
    folder), except one with no path (``#id``, ``?q``), which is resolved per page.
    """

    CACHE_SIZE = 50_000  # entries in each cache before it is emptied

    def __init__(self, links: list[Link]) -> None:
        self.links = links
        self.targets: dict[str, str] = {}
        self.page = ""
        self.base: str | None = None
        self.seen: dict[str, tuple[LinkKind, str] | None] = {}  # href -> target, per folder
        self.folder: str | None = None
        self.where = Location("")

    def start(self, page: str) -> None:
        folder = posixpath.dirname(page)
        if folder != self.folder or self.base is not None:
            self.seen.clear()
        self.page, self.base, self.folder = page, None, folder
        self.where = Location(page)

    def set_base(self, href: str) -> None:
        """Resolve ``<base href>`` once; later URLs of the page resolve against it."""
        resolved = resolve_href(href, self.page)
        if resolved is not None and resolved[0] in (LinkKind.INTERNAL, LinkKind.EXTERNAL):
            self.base = resolved[1].partition("#")[0]
        self.seen.clear()

    def resolve(self, href: str) -> tuple[LinkKind, str] | None:
        """``resolve_href`` of ``href`` on this page.

        A plain ``path#fragment`` resolves its path once (cached) and appends the
        fragment: pages often link to many ids of one page.
        """
        if not href.strip(_C0_AND_SPACE)[:1].strip("#?"):  # no path: this page itself
            return self._intern(resolve_href(href, self.page, self.base))
        if (found := self.seen.get(href, False)) is False:
            plain = _PATH_AND_FRAGMENT.fullmatch(href)
            if plain and not href.startswith("//"):
                page = self.resolve(plain.group(1))
                resolved = page and (page[0], f"{page[1]}#{plain.group(2)}")
            else:
                resolved = resolve_href(href, self.page, self.base)
            if len(self.seen) >= self.CACHE_SIZE:
                self.seen.clear()
            found = self.seen[href] = self._intern(resolved)
        return found  # type: ignore[return-value]

    def _intern(self, resolved: tuple[LinkKind, str] | None) -> tuple[LinkKind, str] | None:
        """The same target string for equal targets (a bounded cache)."""
        if resolved is None:
            return None
        if len(self.targets) >= self.CACHE_SIZE:
            self.targets.clear()
        return resolved[0], self.targets.setdefault(resolved[1], resolved[1])

    def add(self, href: str, line: int) -> None:
        if (resolved := self.resolve(href)) is not None:
            if self.where.line != line:
                self.where = Location(self.page, line)
            self.links.append(Link(resolved[0], resolved[1], self.where))


def collect_site(
    root: Path,
    pages: Iterable[str] | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    links: list[Link] | None = None,
    part: tuple[int, int] = (0, 1),
    on_page: Callable[[], None] | None = None,
) -> Site:
    """Walk ``root`` once; read and scan ``pages`` (default: every HTML page under it).

    ``pages`` are site-relative POSIX paths (``path/`` for a folder's pages); a page that
    is not a regular file under ``root`` gets a note. Pages over ``max_bytes`` are not
    scanned: each gets a note and a link to itself, which is reported as unverified.
    Links are appended to ``links`` (a new list if None) as each page is scanned.
    ``part=(k, n)`` scans only the k-th of n slices of the pages (``merge`` joins them);
    the notes on the whole folder come with part 0. ``on_page`` is called after each page.
    """
    if not root.is_dir():
        raise InputError(f"{root}: not a directory")
    tree = walk(root)
    k, n = part
    site = Site(
        frozenset(tree.files),
        {},
        [] if links is None else links,
        tree.notes if k == 0 else [],
        {},
        frozenset(),
    )
    too_large: set[str] = set()
    collector = _PageLinks(site.links)
    names: dict[str, str] = {}  # one copy of each id: pages share many ("top", "h1", ...)
    html = sorted(f for f in tree.files if f.lower().endswith(HTML_SUFFIXES))
    selected = html if pages is None else _select(html, pages, site.notes if k == 0 else [])
    chosen = set(selected)
    others = [p for p in html if p not in chosen]  # scanned for their ids only
    for page in _slice(selected, k, n) + _slice(others, k, n):
        if page not in tree.files:
            site.notes.append(Note(Location(page), "skipped: not a regular file in the site"))
            continue
        try:
            text, clean = decode_html(read_file(root / page, max_bytes))
        except OSError as exc:
            site.notes.append(Note(Location(page), f"skipped: {problem(exc)}"))
            if isinstance(exc, FileTooLarge):
                too_large.add(page)
                site.links.append(Link(LinkKind.INTERNAL, page, Location(page)))
            continue
        if not clean:
            site.notes.append(Note(Location(page), "invalid bytes for its charset; replaced"))
        collector.start(page)
        keep = page in chosen
        scanned = scan_html(
            text,
            on_url=collector.add if keep else _ignore,
            on_base=collector.set_base,
        )
        del text
        site.ids[page] = frozenset(names.setdefault(i, i) for i in scanned.ids)
        if scanned.refresh and (target := collector.resolve(scanned.refresh)) is not None:
            site.refresh[page] = (target[0], target[1].partition("#")[0])
        if on_page is not None:
            on_page()
    site.too_large = frozenset(too_large)
    return site


def _slice(items: list[str], k: int, n: int) -> list[str]:
    """The k-th of n contiguous slices of ``items``."""
    return items[len(items) * k // n : len(items) * (k + 1) // n]


def _select(html: list[str], pages: Iterable[str], notes: list[Note]) -> list[str]:
    """The HTML pages named by ``pages`` (a folder is ``path/``, ``""`` for the root)."""
    wanted = set(pages)
    folders = tuple(p for p in wanted if p == "" or p.endswith("/"))
    chosen = {p for p in html if p.startswith(folders)} if folders else set()
    for page in sorted(wanted.difference(folders)):
        if page.lower().endswith(HTML_SUFFIXES):
            chosen.add(page)
        else:
            notes.append(Note(Location(page), "skipped: not an HTML page (.html, .htm)"))
    return sorted(chosen)


def _ignore(_url: str, _line: int) -> None:
    """An on_url callback for pages read for their ids only."""


# --- Markdown citations ----------------------------------------------------------------------
# The build's own grammar (hooks/citekeys.py) and .bib reader (hooks/bibfile.py), so the checker
# and `mkdocs build` never disagree on what is cited.

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hooks"))
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


def collect_citations(
    docs: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> tuple[list[Link], list[Note]]:
    """Citations in every ``*.md`` file under docs/ (sorted, so output is stable).

    Only regular files are read; FIFOs, devices and symlinks out of docs/ get a note.
    """
    if not docs.is_dir():
        raise InputError(f"{docs}: not a directory")
    tree = walk(docs)
    links: list[Link] = []
    notes = [n for n in tree.notes if n.location.path.endswith(".md")]
    for rel in sorted(f for f in tree.files if f.endswith(".md")):
        path = docs / rel
        try:
            data = read_file(path, max_bytes)
        except OSError as exc:
            notes.append(Note(Location(str(path)), f"skipped: {problem(exc)}"))
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            notes.append(Note(Location(str(path)), "not valid UTF-8; invalid bytes replaced"))
        links += markdown_citations(text, str(path))
    return links, notes


# --- .bib ------------------------------------------------------------------------------------

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)


def collect_bib(bib: Path) -> tuple[frozenset[str], list[Link]]:
    """Keys of a .bib file, and links for each entry: itself, its url, doi and arXiv eprint.

    The reader (and with it pybtex) is imported here, not at the top: a run without --bib does
    not load it.
    """
    import bibfile

    try:
        entries = bibfile.read(bib, read_file(bib)).entries  # read_file: regular files only
    except OSError as exc:
        raise InputError(f"{bib}: {problem(exc)}") from exc
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


def collect(
    site: Path,
    docs: Path | None = None,
    bib: Path | None = None,
    *,
    pages: Iterable[str] | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    links: list[Link] | None = None,
    part: tuple[int, int] = (0, 1),
    on_page: Callable[[], None] | None = None,
) -> Inputs:
    """All inputs for a run; citation checks are on only when both docs and bib are given.

    ``pages`` (site-relative) limits whose links are checked; every page still counts for
    the files and ids that links may point to. ``max_bytes`` caps each file read. Every
    link found is also appended to ``links`` as soon as it is found, so that another
    thread can start checking while the rest is collected. ``part`` and ``on_page``: see
    ``collect_site``; citations are collected with part 0.
    """
    found = collect_site(site, pages, max_bytes, links, part, on_page)
    links, notes = found.links, found.notes
    cited: frozenset[str] = frozenset()
    bib_keys: frozenset[str] | None = None
    if docs is not None and bib is not None and part[0] == 0:
        cites, doc_notes = collect_citations(docs, max_bytes)
        bib_keys, bib_links = collect_bib(bib)
        cited = frozenset(link.target[1:] for link in cites)
        links.extend(cites + bib_links)
        notes += doc_notes
    return Inputs(
        site,
        found.files,
        found.ids,
        tuple(links),
        tuple(notes),
        cited,
        bib_keys,
        found.refresh,
        found.too_large,
    )


def merge(parts: list[Inputs]) -> Inputs:
    """The inputs of one site collected in parts (``part=(k, n)``, in order of k)."""
    first = parts[0]
    ids, refresh = dict(first.ids), dict(first.refresh)
    for other in parts[1:]:
        ids.update(other.ids)
        refresh.update(other.refresh)
    return Inputs(
        first.root,
        first.files,
        ids,
        tuple(link for inputs in parts for link in inputs.links),
        tuple(note for inputs in parts for note in inputs.notes),
        first.cited,
        first.bib_keys,
        refresh,
        frozenset().union(*(inputs.too_large for inputs in parts)),
    )


def unique_keys(links: Iterable[Link]) -> list[tuple[LinkKind, str]]:
    """Distinct target keys in first-seen order."""
    return list(dict.fromkeys(link.key for link in links))
