"""Fail the build when an id appears twice on a built page, naming both source lines.

Python-Markdown keeps explicit ids as written, so two `{#same}` headings, or an author's own
`## References {#references}` beside the reference list that citations add, give two elements
with one id, and a link to it lands on the first. Runs on the HTML, so ids from raw HTML count too.
"""

from __future__ import annotations

import re
from collections import Counter

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser
from sourcelines import lines_where, source_path

# Ids that hooks add to a page without a line in its source, and who adds them.
GENERATED = {"references": "the reference list that this page's citations add"}


def on_page_content(html: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    nodes = LexborHTMLParser(html).css("[id]")
    ids = Counter(node.attributes["id"] for node in nodes if node.attributes["id"])
    for anchor, count in ids.items():
        if count > 1:
            raise PluginError(_message(anchor, count, page, source_path(page, config)))
    return html


def _message(anchor: str, count: int, page: Page, where: str) -> str:
    declared = re.compile(
        rf"\{{[^}}]*#{re.escape(anchor)}[\s}}]|\bid\s*=\s*[\"']?{re.escape(anchor)}[\"'\s>/]"
    )
    lines = lines_where(page, lambda line: bool(declared.search(line + " ")))
    if len(lines) >= 2:
        return f"{where}:{lines[1]}: id '{anchor}' is already used on line {lines[0]}"
    if lines and anchor in GENERATED:
        return f"{where}:{lines[0]}: id '{anchor}' is taken by {GENERATED[anchor]}; use another"
    if lines:
        return f"{where}:{lines[0]}: id '{anchor}' is used {count} times on the built page"
    return f"{where}: id '{anchor}' is used {count} times on the built page"
