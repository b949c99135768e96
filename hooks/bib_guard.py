"""Read references.bib before mkdocs-bibtex does: any fault stops the build with `file:line`."""

from __future__ import annotations

import sitebib
from bibfile import BibError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority


@event_priority(100)  # before the bibtex plugin reads its bib_file
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        sitebib.prepare(config)
    except BibError as error:
        raise PluginError(str(error)) from None
    return config
