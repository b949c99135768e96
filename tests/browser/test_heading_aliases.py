"""hooks/heading_aliases.py in a browser: page/#old-id lands on the renamed heading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, serve
from strict_build import strict_build
from test_deep_links import HEADING_IN_VIEW

pytestmark = pytest.mark.browser


def test_old_id_lands_on_the_renamed_heading(scratch_project, tmp_path: Path, reader_factory):
    project = scratch_project("aliases")
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")  # extra_css, extra_js
    build = strict_build(tmp_path / "out", project=project)
    assert build.ok, build.output
    with serve(build.site) as base_url:
        reader = reader_factory(base_url=base_url, viewport={"width": 1280, "height": 600})
        page = reader.open("/page/#rm")
        page.wait_for_function(HEADING_IN_VIEW, arg="reward-model", timeout=5000)
        assert page.evaluate("() => window.scrollY") > 0
