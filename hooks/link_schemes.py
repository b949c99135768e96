"""Fail the build on a link or source whose scheme is not http, https, mailto or relative.

A `javascript:`, `data:` or `vbscript:` URL in a page runs code or hides content when a reader
clicks it. The check reads the built HTML, so Markdown links, reference definitions and raw HTML
(entities and all) are seen the way a browser sees them.
"""

from __future__ import annotations

import html as entities
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser
from sourcelines import lines_where, source_path

SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "cite", "background", "data")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
C0_AND_SPACE = "".join(map(chr, range(0x21)))
SHOWN = 60  # characters of a bad URL quoted in the message


def on_page_content(html: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    for url in urls(html):
        scheme = scheme_of(url)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            raise PluginError(_message(url, scheme, page, source_path(page, config)))
    return html


def urls(html: str) -> list[str]:
    """Every URL in a URL-valued attribute, `srcset` candidates and `xlink:href` included."""
    found = []
    for node in LexborHTMLParser(html).css("*"):
        for name, value in node.attributes.items():
            if value is None:
                continue
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                found.append(value)
            elif name in {"srcset", "imagesrcset"}:
                found += [part.split()[0] for part in value.split(",") if part.split()]
    return found


def scheme_of(url: str) -> str | None:
    """The scheme a browser reads (lowercase), or None for a relative URL."""
    match = SCHEME.match(as_browsers_read(url))
    return match.group(1).lower() if match else None


def as_browsers_read(url: str) -> str:
    """The URL without leading and trailing controls and spaces, and without tabs and newlines."""
    return TAB_OR_NEWLINE.sub("", url.strip(C0_AND_SPACE))


def _message(url: str, scheme: str, page: Page, where: str) -> str:
    def normal(text: str) -> str:
        return TAB_OR_NEWLINE.sub("", entities.unescape(text)).lower()

    lines = lines_where(page, lambda line: normal(url.strip()) in normal(line))
    lines = lines or lines_where(page, lambda line: f"{scheme}:" in normal(line))
    shown = as_browsers_read(url)
    shown = shown if len(shown) <= SHOWN else shown[: SHOWN - 1] + "…"
    line = f":{lines[0]}" if lines else ""
    return (
        f"{where}{line}: link '{shown}' uses the '{scheme}:' scheme"
        " (only http, https, mailto and relative links are allowed)"
    )
