"""Name a page's source file and find lines in it, for `docs/page.md:LINE` messages (no hook)."""

from __future__ import annotations

import os
from collections.abc import Callable

import citekeys
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page


def source_path(page: Page, config: MkDocsConfig) -> str:
    """`docs/page.md`, relative to the directory of mkdocs.yml."""
    docs = os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path))
    return f"{docs}/{page.file.src_uri}"


def lines_where(page: Page, matches: Callable[[str], bool]) -> list[int]:
    """1-based numbers of the source lines outside code blocks for which `matches` holds."""
    source = page.file.content_string
    code = citekeys.code_lines(source)
    return [
        number + 1
        for number, line in enumerate(source.splitlines())
        if number not in code and matches(line)
    ]
