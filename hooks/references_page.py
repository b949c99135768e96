"""Build the References page: every source once, with a #ref-<key> anchor, its links and back-links.

mkdocs-bibtex's own `\\full_bibliography` links to anchors that do not exist, so this hook
writes the list itself, using the plugin's registry to format each entry.
"""

from __future__ import annotations

import re

import citekeys
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs_bibtex.citation import Citation

PAGE = "references.md"
H1 = re.compile(r"^# (.+)$", re.MULTILINE)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    registry = config.plugins["bibtex"].registry
    cited_in = _back_links(files)
    entries = sorted(registry.bib_data.entries.items(), key=lambda item: _sort_key(item[1]))
    blocks = []
    for key, _entry in entries:
        text = registry.reference_text(Citation(key=key))
        links = ", ".join(cited_in.get(key, [])) or "not cited on any page yet"
        blocks.append(
            f'<div class="reference" id="ref-{key}" markdown>\n\n{text}\n\n'
            f'<span class="cited-in">Cited in: {links}</span>\n\n</div>'
        )
    return markdown + "\n\n" + "\n\n".join(blocks) + "\n"


def _back_links(files: Files) -> dict[str, list[str]]:
    """Map each key to Markdown links to every page section that cites it."""
    cited_in: dict[str, list[str]] = {}
    for file in files.documentation_pages():
        if file.src_uri == PAGE:
            continue
        source = file.content_string
        title_match = H1.search(source)
        title = title_match[1].strip() if title_match else file.src_uri
        headings = citekeys.sections(source)
        cites, _ = citekeys.find(source)
        for cite in cites:
            label = f"{title} › {headings[cite.section]}" if cite.section else title
            target = f"{file.src_uri}#{cite.section}" if cite.section else file.src_uri
            link = f"[{label}]({target})"
            for key in cite.keys:
                if link not in cited_in.setdefault(key, []):
                    cited_in[key].append(link)
    return cited_in


def _sort_key(entry) -> tuple[str, str, str]:
    """Sort by first author's last name (or organisation), then year, then title."""
    authors = entry.persons.get("author", [])
    name = " ".join(authors[0].last_names) if authors else entry.fields.get("organization", "")
    name = re.sub(r"[{}\\]", "", name) or entry.fields.get("title", "")
    return (name.lower(), entry.fields.get("year", ""), entry.fields.get("title", "").lower())
