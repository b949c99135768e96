"""Read one HTML page in a single streaming pass: its ids, its URLs with their lines.

A tokenizer is used rather than a tree builder: building an HTML tree costs time that
grows faster than the page once tags nest deeply (100,000 nested ``<div>`` took minutes
with lexbor), while a tokenizer is linear in the page size. The tokens are found by
regular expressions (comments, tags, ``<script>``/``<style>`` text), following the
HTML standard's tokenizer where it matters for links: an unterminated comment, tag or
quoted value runs to the end of the page, so nothing is scanned twice. The standard
library's ``html.parser`` was tried first: it is 5x slower on real pages, and on
Python 3.11 quadratic on unterminated tags.

What counts as a URL of the page: ``href`` and ``src`` on any element (not ``<base>``
and not ``<link rel=preconnect|dns-prefetch>``, which name an origin), ``srcset``,
``<object data>``, ``<video poster>``, the target of ``<meta http-equiv=refresh>``,
and CSS ``url()`` in ``<style>`` and ``style=``. Links inside ``<pre>`` and ``<code>``
count too: in HTML they are real links. ``data:`` URLs carry their content and are
left out.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

_NOT_RESOURCES = {"preconnect", "dns-prefetch"}  # <link rel=...> names an origin, not a page
_CSS_URL = re.compile(
    r"""url\(\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|([^\s"'()]*))\s*\)""",
    re.IGNORECASE,
)
_REFRESH = re.compile(r"\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)", re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WINDOWS_1252 = {"iso8859-1", "ascii", "latin-1"}  # labels browsers read as windows-1252
PRESCAN_BYTES = 1024  # where browsers look for <meta charset> (HTML standard, prescan)


# --- decoding ---------------------------------------------------------------------------------


def _codec(label: str | None, *, from_meta: bool = False) -> str | None:
    """Python codec for a charset label, as a browser would read it; None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    if name in _WINDOWS_1252:
        return "cp1252"
    if from_meta and name.startswith("utf-16"):
        return "utf-8"  # a page that can declare its charset in ASCII is not UTF-16
    return name


def page_encoding(data: bytes, charset: str | None = None) -> tuple[str, int]:
    """Codec and byte offset where text starts: the BOM, then ``charset`` (from an HTTP
    ``Content-Type`` header), then ``<meta charset>`` in the first 1024 bytes, else UTF-8.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    if name := _codec(charset):
        return name, 0
    if (m := _META_CHARSET.search(data, 0, PRESCAN_BYTES)) and (
        name := _codec(m.group(1).decode("ascii"), from_meta=True)
    ):
        return name, 0
    return "utf-8", 0


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, bool]:
    """Decode page bytes in their declared charset (see ``page_encoding``).

    ``charset`` is the ``charset=`` parameter of an HTTP ``Content-Type`` header, if any.
    The flag is False if invalid bytes had to be replaced.
    """
    name, start = page_encoding(data, charset)
    body = memoryview(data)[start:]
    try:
        return str(body, name), True
    except UnicodeDecodeError:
        return str(body, name, errors="replace"), False


# --- scanning ---------------------------------------------------------------------------------


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` value (HTML standard parsing: a URL runs to whitespace)."""
    urls, pos, end = [], 0, len(value)
    while True:
        while pos < end and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        if pos >= end:
            return urls
        start = pos
        while pos < end and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0  # skip the descriptors, up to a comma outside parentheses
        while pos < end and (value[pos] != "," or depth):
            if value[pos] == "(":
                depth += 1
            elif value[pos] == ")" and depth:
                depth -= 1
            pos += 1


def css_urls(text: str) -> list[tuple[str, int]]:
    """``url()`` values in CSS text, each with its 0-based line offset in the text."""
    found, line, last = [], 0, 0
    for m in _CSS_URL.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        found.append((next(g for g in m.groups() if g is not None), line))
    return found


def refresh_url(content: str) -> str | None:
    """The URL of a ``<meta http-equiv=refresh content=...>``; None if it reloads the page."""
    m = _REFRESH.match(content)
    url = m.group(1).strip() if m else ""
    if len(url) > 1 and url[0] in "\"'":
        url = url[1:].partition(url[0])[0]
    return url or None


@dataclass(slots=True)
class ScannedPage:
    """What one page holds: ids, URLs as written (with their 1-based lines), ``<base>``."""

    ids: set[str] = field(default_factory=set)
    urls: list[tuple[str, int]] = field(default_factory=list)  # unless a callback took them
    base: str | None = None  # href of the first <base href>
    refresh: str | None = None  # URL of the first <meta http-equiv=refresh>


# One token of the HTML tokenizer that matters here; anything unterminated runs to the end
# of the page, as the HTML standard says (so no token is ever re-scanned: linear time).
_ATTRS = r"((?:[^>\"']++|\"[^\"]*+(?:\"|\Z)|'[^']*+(?:'|\Z))*+)(?:>|\Z)"  # up to ">"
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment
    r"|<[!?].*?(?:>|\Z)"  # doctype, bogus comment (end tags are not tokens here)
    r"|<(script|style)(?![^\t\n\f\r />])"
    + _ATTRS  # raw text element and its text
    + r"(.*?)(?:</\1(?=[\t\n\f\r />])|\Z)"
    r"|<([a-z][^\t\n\f\r />]*+)" + _ATTRS,  # start tag: name, attributes
    re.DOTALL | re.IGNORECASE,
)
_ATTR = re.compile(
    r"([^\t\n\f\r />][^\t\n\f\r /=>]*+)"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"([^\"]*+)\"?|'([^']*+)'?|([^\t\n\f\r >]*+)))?"
)
_WANTED = re.compile(
    r"(?<![^\t\n\f\r /\"'])(?:href|src|srcset|data|poster|style|id|name|content)[\t\n\f\r ]*=",
    re.IGNORECASE,
)


class _Scanner:
    """Walks the tokens of a page once, keeping ids and handing URLs to ``on_url``.

    Regular expressions find the tokens (comments, tags, ``<script>``/``<style>`` text);
    only start tags with an attribute of interest are looked at in Python. That keeps the
    scan linear and about as fast as a C tree builder on real pages.
    """

    def __init__(
        self,
        text: str,
        on_url: Callable[[str, int], None] | None,
        on_base: Callable[[str], None] | None,
    ) -> None:
        self.text = text
        self.page = ScannedPage()
        self.on_url = on_url or (lambda url, line: self.page.urls.append((url, line)))
        self.on_base = on_base
        self.line, self.line_pos = 1, 0

    def line_at(self, pos: int) -> int:
        """1-based line of ``pos``; positions must not go backwards."""
        self.line += self.text.count("\n", self.line_pos, pos)
        self.line_pos = pos
        return self.line

    def run(self) -> ScannedPage:
        for m in _TOKEN.finditer(self.text):
            raw_tag, raw_attrs, raw_text, tag, attrs = m.groups()
            if tag is None:
                if raw_tag is None:
                    continue  # a comment or a declaration
                tag, attrs = raw_tag, raw_attrs
            elif not m.group().endswith(">"):
                break  # the page ends inside this tag: browsers drop it
            if "=" in attrs and _WANTED.search(attrs):
                self.start_tag(tag.lower(), attrs, m.start(5 if raw_tag is None else 2))
            if raw_tag is not None and raw_tag.lower() == "style" and "url(" in raw_text.lower():
                self.style_text(m.start(3), m.end(3))
        return self.page

    def style_text(self, start: int, stop: int) -> None:
        line = self.line_at(start)
        for url, offset in css_urls(self.text[start:stop]):
            if not url.lower().startswith("data:"):
                self.on_url(url, line + offset)

    def start_tag(self, tag: str, raw: str, offset: int) -> None:
        """Handle one start tag; ``raw`` is its attribute text, at ``offset`` in the page."""
        attrs: dict[str, tuple[str, int]] = {}
        for m in _ATTR.finditer(raw):
            name, double, single, bare = m.groups()
            value = double if double is not None else single if single is not None else bare
            if value is not None:
                if "&" in value:
                    value = html.unescape(value)
                attrs.setdefault(name.lower(), (value, offset + m.start()))
        page = self.page
        for name, (value, pos) in attrs.items():
            if name == "id":
                page.ids.add(value)
            elif name in ("href", "src"):
                if tag == "base":
                    if page.base is None and name == "href":
                        page.base = value
                        if self.on_base is not None:
                            self.on_base(value)
                elif not (tag == "link" and _NOT_RESOURCES & set(_attr(attrs, "rel").split())):
                    self.add(value, pos)
            elif name == "srcset":
                for url in srcset_urls(value):
                    self.add(url, pos)
            elif (name == "data" and tag == "object") or (name == "poster" and tag == "video"):
                self.add(value, pos)
            elif name == "style" and "url(" in value.lower():
                for url, _offset in css_urls(value):
                    self.add(url, pos)
            elif name == "name" and tag == "a":
                page.ids.add(value)
            elif name == "content" and tag == "meta" and (url := _refresh_of(attrs, value)):
                self.add(url, pos)
                if page.refresh is None:
                    page.refresh = url

    def add(self, url: str, pos: int) -> None:
        if not url.lstrip().lower().startswith("data:"):
            self.on_url(url, self.line_at(pos))


def _refresh_of(attrs: dict[str, tuple[str, int]], content: str) -> str | None:
    """The refresh URL if these are the attributes of a ``<meta http-equiv=refresh>``."""
    if _attr(attrs, "http-equiv").lower() != "refresh":
        return None
    return refresh_url(content)


def _attr(attrs: dict[str, tuple[str, int]], name: str) -> str:
    """Value of attribute ``name`` ('' if absent)."""
    return attrs.get(name, ("", 0))[0]


def scan_html(
    text: str,
    on_url: Callable[[str, int], None] | None = None,
    on_base: Callable[[str], None] | None = None,
) -> ScannedPage:
    """Ids and URLs of one page, in one linear pass.

    With ``on_url``, each URL is handed over as it is found (with its line) instead of
    being kept in ``ScannedPage.urls``, so memory does not grow with the links. ``on_base``
    is called with the first ``<base href>``, which applies to the URLs after it (the
    standard puts ``<base>`` before any other URL, in ``<head>``).
    """
    return _Scanner(text, on_url, on_base).run()


def html_ids(text: str) -> frozenset[str]:
    """Fragment targets of a page: every ``id``, plus ``name`` on ``<a>``."""
    return frozenset(scan_html(text, on_url=lambda _url, _line: None).ids)
