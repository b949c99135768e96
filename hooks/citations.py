"""Guard mkdocs-bibtex: citations in prose only, known keys only, code left untouched."""

from __future__ import annotations

import functools
import os

import citekeys
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs_bibtex.citation import Citation

# The per-page reference list: a heading, then the footnotes, kept out of the search index.
REFERENCES = "\n\n## References {#references data-search-exclude}\n\n///Footnotes Go Here///\n"
SEPARATOR = '<sup class="cite-sep">,</sup>'  # between the markers of one [@a; @b] group


@event_priority(-100)  # after mkdocs-bibtex has built its registry
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Format each entry once per build: pybtex takes ~5 ms an entry, and pages share entries."""
    registry = config.plugins["bibtex"].registry
    format_entry = functools.lru_cache(maxsize=None)(
        lambda key, original=registry.reference_text: original(Citation(key=key))
    )
    registry.reference_text = lambda citation: format_entry(citation.key)
    return config


@event_priority(100)  # before mkdocs-bibtex
def _guard_citations(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    cites, malformed = citekeys.find(markdown)
    where = _locator(markdown, page, config)
    for line, text in malformed:
        raise PluginError(f"{where(line)}: malformed citation {text} (write [@key] or [@a; @b])")
    known = config.plugins["bibtex"].registry.bib_data.entries
    for cite in cites:
        for key in cite.keys:
            if key not in known:
                raise PluginError(f"{where(cite.line)}: unknown citation key '{key}'")
    markdown = citekeys.mask_other_ats(markdown, cites)
    for cite in sorted(cites, key=lambda c: c.start, reverse=True):
        group = SEPARATOR.join(f"[@{key}]" for key in cite.keys)
        markdown = markdown[: cite.start] + group + markdown[cite.end :]
    return markdown + REFERENCES if cites else markdown


@event_priority(-100)  # after mkdocs-bibtex
def _unmask(markdown: str, **_: object) -> str:
    return markdown.replace(citekeys.MASK, "@")


on_page_markdown = CombinedEvent(_guard_citations, _unmask)


def on_page_content(html: str, **_: object) -> str:
    return html.replace('<div class="footnote">', '<div class="footnote" data-search-exclude>', 1)


def _locator(markdown: str, page: Page, config: MkDocsConfig):
    """Turn a line of the Markdown body into `docs/page.md:LINE` in the source file."""
    source = page.file.content_string
    offset = source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0
    docs = os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path))
    return lambda line: f"{docs}/{page.file.src_uri}:{line + offset}"
