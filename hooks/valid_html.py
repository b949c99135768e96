"""Drop three attributes that Material's templates emit and the Nu HTML checker rejects.

- `autocomplete` on checkbox inputs (`base.html`: the drawer and search toggles);
- `autocorrect` on the search input (a Safari extension, not HTML);
- an empty `tabindex=""` on the section labels of the navigation (`partials/nav-item.html`).

Both templates are too large to copy for a one-attribute fix, so the built HTML is cleaned instead.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

INPUT = re.compile(r"<input\b[^>]*>")
LABEL = re.compile(r"<label\b[^>]*>")
AUTOCOMPLETE = re.compile(r'\s+autocomplete="[^"]*"')
AUTOCORRECT = re.compile(r'\s+autocorrect="[^"]*"')
EMPTY_TABINDEX = re.compile(r'\s+tabindex=""')


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return clean(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return clean(output_content) if template_name.endswith(".html") else output_content


def clean(html: str) -> str:
    """Remove the three invalid attributes from the tags that carry them; leave all else alone."""
    html = INPUT.sub(_clean_input, html)
    return LABEL.sub(lambda match: EMPTY_TABINDEX.sub("", match.group(0)), html)


def _clean_input(match: re.Match[str]) -> str:
    tag = AUTOCORRECT.sub("", match.group(0))
    return AUTOCOMPLETE.sub("", tag) if 'type="checkbox"' in tag else tag
