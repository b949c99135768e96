"""Build the References page: every cited source once, grouped by kind under h2 headings.

Each entry has a `#ref-<key>` anchor, its one link, and a quiet "Cited in" line linking back to
every page section that cites it. Sources no page cites are not listed (the link checker
reports them as unused).
"""

from __future__ import annotations

import re

import citekeys
import sitebib
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

PAGE = "references.md"
H1 = re.compile(r"^# (.+)$", re.MULTILINE)
# (heading id, heading): the groups in page order; `_group` picks one for each entry.
GROUPS = {
    "papers": "Papers and preprints",
    "model-cards": "Model cards",
    "code": "Code repositories",
    "documentation": "Documentation and blog posts",
}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    library = sitebib.current()
    cited_in = _back_links(files)
    blocks: dict[str, list[str]] = {group: [] for group in GROUPS}
    for key in library.sources:
        links = ", ".join(cited_in.get(key, []))
        blocks[_group(library.bib.entries[key])].append(
            f'<div class="reference" id="ref-{key}" markdown>\n\n{sitebib.placeholder(key)}\n\n'
            f'<span class="cited-in">Cited in {links}</span>\n\n</div>'
        )
    sections = [
        f"## {GROUPS[group]} {{#{group}}}\n\n" + "\n\n".join(entries)
        for group, entries in blocks.items()
        if entries
    ]
    return markdown + "\n\n" + "\n\n".join(sections) + "\n"


def _group(entry) -> str:
    """The kind of source: a paper (DOI, arXiv id or proceedings), a model card, code, docs."""
    venue = entry.value("howpublished").lower()
    if entry.type in ("article", "inproceedings") or entry.value("doi") or entry.value("eprint"):
        return "papers"
    if "model card" in venue:
        return "model-cards"
    if "github" in venue:
        return "code"
    return "documentation"


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
