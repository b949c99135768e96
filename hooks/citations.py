"""Citations around mkdocs-bibtex: checked keys, author–year markers, a compact list per page.

Before mkdocs-bibtex: check every citation (file:line on a fault), hide every other "@" from
the plugin, sort each cluster and wrap it in `<span class="cite">( ... )</span>`, and append the
page's reference list (a heading and one footnote definition per source). mkdocs-bibtex then
turns each `[@key]` into a footnote reference `[^key]`.
After rendering: markers show the site-wide label, each entry keeps one back-link, the list is
collapsed into a `<details>`, and any citation left as plain text fails the build.
"""

from __future__ import annotations

import os
import re

import citekeys
import sitebib
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

HEADING = "\n\n## References {#references data-search-exclude}\n\n"
MARKER = re.compile(
    r'<sup id="(?P<id>fnref\d*:(?P<key>[\w-]+))">'
    r'<a class="footnote-ref" href="#fn:(?P=key)">\d+</a></sup>'
)
BEFORE_CITE = re.compile(r'\s+(?=<span class="cite">)')
EXTRA_BACKREF = re.compile(r'<a class="footnote-backref" href="#fnref\d+:[^"]*"[^>]*>.*?</a>')
BACKREF_TITLE = re.compile(r'title="Jump back to footnote \d+ in the text"')
FOOTNOTES = re.compile(r'<div class="footnote">\s*<hr\s*/?>\s*(<ol>.*?</ol>)\s*</div>', re.S)
ABBR = re.compile(r"</?abbr\b[^>]*>")
CITED_IN = re.compile(r'<span class="cited-in">.*?</span>', re.S)

_masks: dict[str, str] = {}  # page -> the character that hides "@" on it


@event_priority(100)  # before mkdocs-bibtex
def _guard_citations(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    library = sitebib.current()
    cites, malformed = citekeys.find(markdown)
    where = _locator(markdown, page, config)
    for line, text in malformed:
        raise PluginError(
            f"{where(line)}: malformed citation {text} (write [@key] or [@a; @b]; a key has "
            "letters, digits, _ and -)"
        )
    for cite in cites:
        for key in cite.keys:
            if problem := library.check_key(key):
                raise PluginError(f"{where(cite.line)}: {problem}")
    mask = _masks[page.file.src_uri] = citekeys.pick_mask(markdown)
    markdown = citekeys.mask_other_ats(markdown, cites, mask)
    order = list(library.sources)
    for cite in sorted(cites, key=lambda c: c.start, reverse=True):
        keys = sorted(set(cite.keys), key=order.index)
        group = '<span class="cite">(' + "; ".join(f"[@{key}]" for key in keys) + ")</span>"
        markdown = markdown[: cite.start] + group + markdown[cite.end :]
    if not cites:
        return markdown
    cited = {key for cite in cites for key in cite.keys}
    definitions = [f"[^{key}]: {sitebib.placeholder(key)}" for key in order if key in cited]
    return markdown + HEADING + "\n".join(definitions) + "\n"


@event_priority(-100)  # after mkdocs-bibtex
def _unmask(markdown: str, page: Page, **_: object) -> str:
    return markdown.replace(_masks.pop(page.file.src_uri, citekeys.MASKS[0]), "@")


on_page_markdown = CombinedEvent(_guard_citations, _unmask)


def on_page_content(html: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    """Labels on the markers, one back-link per entry, the list collapsed; no raw citations."""
    if raw := citekeys.raw_in_html(html):
        before, text = raw[0]
        raise PluginError(
            f"{_source_line(page, config, before, text)}: citation left as text: {text}"
        )
    library = sitebib.current()
    if 'class="footnote-ref"' in html:
        html = MARKER.sub(
            lambda m: (
                f'<a class="footnote-ref" id="{m["id"]}" href="#fn:{m["key"]}">'
                f"{library.sources[m['key']].label}</a>"
            ),
            html,
        )
        html = BEFORE_CITE.sub("&nbsp;", html)
        html = FOOTNOTES.sub(lambda m: _collapsed(m[1]), html)
    html = CITED_IN.sub(lambda m: ABBR.sub("", m[0]), html)  # References page: plain lines
    return library.fill_placeholders(html)


def _collapsed(items: str) -> str:
    """The page's reference list: one back-link per entry, inside a closed <details>."""
    items = ABBR.sub("", EXTRA_BACKREF.sub("", items))
    items = BACKREF_TITLE.sub('title="Back to the first citation in the text"', items)
    count = items.count("<li ")
    noun = "source" if count == 1 else "sources"
    return (
        '<details class="references footnote" data-search-exclude>'
        f"<summary>{count} {noun} cited on this page</summary>\n{items}\n</details>"
    )


def _locator(markdown: str, page: Page, config: MkDocsConfig):
    """Turn a line of the Markdown body into `docs/page.md:LINE` in the source file."""
    source = page.file.content_string
    offset = source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0
    docs = os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path))
    return lambda line: f"{docs}/{page.file.src_uri}:{line + offset}"


def _source_line(page: Page, config: MkDocsConfig, before: str, text: str) -> str:
    """`docs/page.md:LINE` of the source line that holds `text` after the words `before`."""
    docs = os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path))
    lines = page.file.content_string.splitlines()
    written = text.replace("[^", "[@", 1)  # mkdocs-bibtex had turned [@key] into [^key]
    for needle in (f"{before} {written}", written, before):
        for number, line in enumerate(lines, start=1):
            if needle and needle in line:
                return f"{docs}/{page.file.src_uri}:{number}"
    return f"{docs}/{page.file.src_uri}"
