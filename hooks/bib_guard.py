"""Fail the build with `references.bib:LINE: ...` before mkdocs-bibtex can crash on a bad entry."""

from __future__ import annotations

import os
from pathlib import Path

import bibfile
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority


@event_priority(100)  # before the bibtex plugin parses the file
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    bib_path = Path(config.config_file_path).parent / config.plugins["bibtex"].config.bib_file
    try:
        bibfile.load(Path(os.path.relpath(bib_path)))
    except bibfile.BibError as error:
        raise PluginError(str(error)) from None
    return config
