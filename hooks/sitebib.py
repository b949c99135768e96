"""The bibliography of one build: read once in `on_config`, shared by the citation hooks.

Only the entries the pages cite are parsed and formatted, and only their keys reach mkdocs-bibtex
(through its public `bib_file` option, pointed at a file of stub entries for the cited keys), so
the build's cost follows the number of cited sources, not the size of references.bib.
"""

from __future__ import annotations

import atexit
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bibfile
import bibstyle
import citekeys
from mkdocs.config.defaults import MkDocsConfig

CITED_BIB = Path(tempfile.gettempdir()) / f"mkdocs-cited-{os.getpid()}.bib"
atexit.register(lambda: CITED_BIB.unlink(missing_ok=True))
PLACEHOLDER = re.compile(r"%%bib-entry:([\w-]+)%%")  # an entry's HTML, filled in after rendering


def placeholder(key: str) -> str:
    """Text that stands for an entry until the page is HTML (so Markdown never touches it)."""
    return f"%%bib-entry:{key}%%"


@dataclass(frozen=True, slots=True)
class SiteBib:
    """references.bib as read for this build."""

    bib: bibfile.Bib
    display_path: str  # "references.bib", for messages
    sources: dict[str, bibstyle.Formatted]  # the cited entries, in References-page order

    def check_key(self, key: str) -> str | None:
        """Why `key` cannot be cited (unknown, or spelled with other capitals), or None."""
        if key in self.bib.entries:
            return None
        right = self.bib.by_lower.get(key.lower())
        if right:
            return f"unknown citation key '{key}' (keys are case-sensitive: write '{right}')"
        return f"unknown citation key '{key}'"

    def fill_placeholders(self, html: str) -> str:
        """Put each entry's HTML where `placeholder` stood."""
        return PLACEHOLDER.sub(lambda m: self.sources[m[1]].html, html)


_current: SiteBib | None = None
_source = "references.bib"  # the bib_file option as configured


def prepare(config: MkDocsConfig) -> SiteBib:
    """Read the .bib, find the keys cited in docs/, format them, and give them to mkdocs-bibtex."""
    global _current, _source
    bibtex = config.plugins["bibtex"].config
    if bibtex["bib_file"] != str(CITED_BIB):  # not yet redirected in this configuration
        _source = bibtex["bib_file"]
    bib_file = _source
    root = Path(config.config_file_path).parent
    bib = bibfile.read(Path(os.path.relpath(root / bib_file)))
    cited = [key for key in cited_keys(Path(config.docs_dir)) if key in bib.entries]
    data = bib.parse(cited)
    # mkdocs-bibtex only turns [@key] into footnote references here, but it also formats each
    # cited entry on every page (and drops the text without `\bibliography`): a stub per cited
    # key keeps that work trivial. The hooks format the real entries once (bibstyle).
    stubs = "".join(f"@misc{{{key},\n  title = {{{key}}},\n}}\n" for key in cited)
    CITED_BIB.write_text(stubs, encoding="utf-8")
    bibtex["bib_file"] = str(CITED_BIB)
    _current = SiteBib(bib, bib_file, bibstyle.format_all(data))
    return _current


def current() -> SiteBib:
    """The bibliography read by `prepare` for this build."""
    if _current is None:
        raise RuntimeError("hooks/bib_guard.py must run before the other citation hooks")
    return _current


def cited_keys(docs: Path) -> list[str]:
    """Every key cited in a Markdown file under `docs`, once, in first-seen order."""
    keys: dict[str, None] = {}
    for page in sorted(docs.rglob("*.md")):
        text = page.read_bytes().decode("utf-8", errors="replace")  # bad bytes: another hook
        for cite in citekeys.find(text)[0]:
            keys.update(dict.fromkeys(cite.keys))
    return list(keys)
