"""Read source files strictly, name them and find lines in them, for `file:LINE` messages.

A helper module for the hooks, not a hook.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable

import citekeys
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page


def source_path(page: Page, config: MkDocsConfig) -> str:
    """`docs/page.md`, relative to the directory of mkdocs.yml."""
    docs = os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path))
    return f"{docs}/{page.file.src_uri}"


def lines_where(page: Page, matches: Callable[[str], bool], *, in_code: bool = False) -> list[int]:
    """1-based numbers of the source lines where `matches` holds (code blocks too if `in_code`)."""
    source = page.file.content_string
    code = set() if in_code else citekeys.code_lines(source)
    return [
        number + 1
        for number, line in enumerate(source.splitlines())
        if number not in code and matches(line)
    ]


def decode(raw: bytes, where: str) -> str:
    """Text as MkDocs reads a page (UTF-8, BOM allowed, universal newlines), or file:line error."""
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _newlines(body[: error.start].decode("utf-8", "replace")).count("\n") + 1
        raise PluginError(f"{where}:{line}: not UTF-8 (byte 0x{body[error.start]:02X})") from None
    return _newlines(text)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
