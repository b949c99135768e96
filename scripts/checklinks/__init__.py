"""checklinks: check internal links, citations and external references of a built site.

Three stages, one module each: ``collect`` (HTML, Markdown, .bib -> links),
``check`` (links -> results) and ``report`` (results -> text, json, markdown, plain).
``collect`` reads files through ``sitefiles`` (regular files only, size cap) and scans
HTML with ``htmlscan`` (one linear pass, declared charset).
"""
