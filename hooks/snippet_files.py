"""A missing or non-UTF-8 snippet (`--8<-- "file.md"`) stops the build with file:line.

pymdownx.snippets raises a traceback in both cases. This hook runs the same preprocessor, with
the same configuration, on each page before MkDocs renders it, and turns the failure into a
`docs/page.md:LINE: snippet 'path' not found` or `includes/file.md:LINE: not UTF-8` message.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from pymdownx.snippets import SnippetMissingError
from sourcelines import decode, lines_where, source_path

EXTENSION = "pymdownx.snippets"
MISSING = re.compile(r"Snippet at path '(?P<path>.*)' could not be found")


def on_page_markdown(text: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    if EXTENSION not in config.markdown_extensions:
        return text
    md = markdown.Markdown(
        extensions=[EXTENSION], extension_configs={EXTENSION: config.mdx_configs.get(EXTENSION, {})}
    )
    snippets = md.preprocessors["snippet"]
    read_lines, last_read = snippets.read_lines, []

    def remembering_read_lines(path: str) -> list[str]:
        last_read.append(path)
        return read_lines(path)

    snippets.read_lines = remembering_read_lines
    where = source_path(page, config)
    try:
        snippets.run(text.split("\n"))
    except SnippetMissingError as error:
        files = [*reversed(last_read), config.config_file_path]
        raise PluginError(_missing(error, page, where, files)) from None
    except UnicodeDecodeError:
        path = Path(last_read[-1])
        decode(path.read_bytes(), os.path.relpath(path))  # raises with the file and line
        raise PluginError(f"{where}: snippet '{os.path.relpath(path)}' is not UTF-8") from None
    return text


def _missing(error: SnippetMissingError, page: Page, where: str, files: list[str]) -> str:
    """Name the line that asks for the missing file: in the page, else in one of `files`."""
    match = MISSING.fullmatch(str(error))
    path = match["path"] if match else ""
    lines = lines_where(page, lambda line: bool(path) and path in line, in_code=True)
    if lines:
        return f"{where}:{lines[0]}: snippet '{path}' not found"
    for file in files:
        text = Path(file).read_text(encoding="utf-8").splitlines()
        lines = [number for number, line in enumerate(text, 1) if path and path in line]
        if lines:
            return f"{os.path.relpath(file)}:{lines[0]}: snippet '{path}' not found"
    return f"{where}: snippet '{path}' not found"
