"""Keep an abbreviation's tooltip only where a reader first meets it, and never in a heading.

The `abbr` extension marks every occurrence of every glossary abbreviation (up to 88 dotted
underlines on one page, headings included). After it runs, this hook unwraps each <abbr> inside
a heading, and every <abbr> after the first one with the same text on the page.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

HEADING = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.S)
ABBR = re.compile(r"<abbr\b[^>]*>(.*?)</abbr>", re.S)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return first_use_only(unwrap_in_headings(html))


def unwrap_in_headings(html: str) -> str:
    """Replace each <abbr> inside an h1-h6 element by its text."""
    return HEADING.sub(lambda heading: ABBR.sub(r"\1", heading.group(0)), html)


def first_use_only(html: str) -> str:
    """Keep the first <abbr> for each abbreviation text; replace the rest by their text."""
    seen: set[str] = set()

    def keep_first(abbr: re.Match[str]) -> str:
        text = abbr.group(1)
        if text in seen:
            return text
        seen.add(text)
        return abbr.group(0)

    return ABBR.sub(keep_first, html)
