# Two commands do everything on a fresh machine: `make serve` and `make test`.
VENV   := .venv
PYTHON := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)
# Quiet the notices that Material and mkdocs-redirects print on every build.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build test linkcheck browser lint bench bench-search clean

$(STAMP): requirements.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

SERVE_ADDR ?= 127.0.0.1:8000

serve: $(STAMP)  ## live-reloading preview on http://127.0.0.1:8000
	$(VENV)/bin/mkdocs serve --dev-addr $(SERVE_ADDR) --livereload

build: $(STAMP)  ## strict build into site/
	$(VENV)/bin/mkdocs build --strict

browser:  ## Debian's Chromium (and Java for the HTML checker), for the browser tests
	@bash scripts/ensure_browser.sh

test: $(STAMP) browser  ## the whole test suite
	$(PYTHON) -m pytest --numprocesses auto

linkcheck: build  ## internal links, anchors and citations (add LINKCHECK_FLAGS= to check the web too)
	$(PYTHON) scripts/check_links.py site --docs docs --bib references.bib $(LINKCHECK_FLAGS)

LINKCHECK_FLAGS ?= --offline

lint: $(STAMP)
	$(VENV)/bin/ruff check hooks scripts tests
	$(VENV)/bin/ruff format --check hooks scripts tests

bench: $(STAMP)  ## build-time benchmark (bibliography machinery on vs off)
	$(PYTHON) scripts/bench_build.py

bench-search: $(STAMP) browser  ## search benchmark: top-1/top-3 shares, latency at 4x CPU throttling, index size
	$(PYTHON) scripts/bench_search.py

clean:
	rm -rf site .cache
