"""Keep a renamed heading's old id working: front matter `aliases: {old-id: new-id}` adds it.

The old id goes on an empty `<span class="heading-alias">` at the start of the new heading, so
`page/#old-id` lands on the heading, and MkDocs counts it as an anchor when it checks links.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from sourcelines import lines_where, source_path

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ALIASES_KEY = r"^aliases\s*:"
MISSPELLINGS = {"alias", "aliases"}  # lowercased keys MkDocs would pass over silently


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    where = source_path(page, config)
    for key in page.meta:
        if key != "aliases" and key.lower() in MISSPELLINGS:
            line = _line(page, rf"^{re.escape(key)}\s*:")
            raise PluginError(f"{where}:{line}: unknown key '{key}:' (write 'aliases:')")
    if "aliases" not in page.meta:
        return html
    aliases = page.meta["aliases"]
    if not isinstance(aliases, dict) or not aliases:
        where += f":{_line(page, ALIASES_KEY)}"
        if not aliases:
            raise PluginError(f"{where}: `aliases:` is empty; indent its old-id: new-id lines")
        raise PluginError(f"{where}: `aliases:` must map old ids to new ids (old-id: new-id)")
    present = page.present_anchor_ids if page.present_anchor_ids is not None else set()
    for old, new in aliases.items():
        old = str(old)
        line = _line(page, rf"(^|[\s{{,])['\"]?{re.escape(old)}['\"]?\s*:")
        if new is None or isinstance(new, dict | list):
            raise PluginError(f"{where}:{line}: alias '{old}' must point to one heading id")
        new = str(new)
        if not ID.match(old):
            raise PluginError(f"{where}:{line}: alias '{old}' is not a lowercase kebab-case id")
        if old in present or f'id="{old}"' in html:
            raise PluginError(f"{where}:{line}: alias '{old}' is already an id on this page")
        html, found = _insert_alias(html, old, new)
        if not found:
            raise PluginError(f"{where}:{line}: alias '{old}' points to '{new}', no h2-h6 id here")
        present.add(old)
    return html


def _line(page: Page, pattern: str) -> int:
    """The first source line matching `pattern` (front matter comes first), else line 1."""
    regex = re.compile(pattern)
    return next(iter(lines_where(page, lambda line: bool(regex.search(line)))), 1)


def _insert_alias(html: str, old: str, new: str) -> tuple[str, int]:
    """Put an empty element with id `old` at the start of the heading whose id is `new`."""
    heading = re.compile(rf'(<h[2-6]\b[^>]*\bid="{re.escape(new)}"[^>]*>)')
    alias = f'<span class="heading-alias" id="{old}"></span>'
    return heading.subn(lambda match: match.group(1) + alias, html, count=1)
