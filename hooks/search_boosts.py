"""Weigh a page's own entry in the search index below its sections.

Material's search indexes each page twice over: one entry for the text above the first heading (the
page's own entry), and one per section. It then multiplies the page's own entry's score by up to
5, a section's by up to 2, and shows a page's sections only when they beat its own entry. So a
page whose introduction names a query word hides the section that answers it. This hook gives
each page's own entry a search boost of `PAGE_ENTRY_BOOST`, after the search plugin has written
the index, so the answering section can win. A page's `search: boost:` front matter still applies.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

PAGE_ENTRY_BOOST = 0.3


def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():  # the search plugin is off
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        if "#" not in entry["location"]:
            entry["boost"] = entry.get("boost", 1) * PAGE_ENTRY_BOOST
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
