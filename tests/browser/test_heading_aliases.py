"""hooks/heading_aliases.py in a browser: page/#old-id lands on the renamed heading."""

from __future__ import annotations

import pytest

from .test_deep_links import HEADING_IN_VIEW

pytestmark = pytest.mark.browser


def test_old_id_lands_on_the_renamed_heading(fixture_build, serve_folder, reader_factory):
    build = fixture_build("aliases")
    assert build.ok, build.output
    base_url = serve_folder(build.site)
    reader = reader_factory(base_url=base_url, viewport={"width": 1280, "height": 600})
    page = reader.open("/page/#rm")
    page.wait_for_function(HEADING_IN_VIEW, arg="reward-model", timeout=5000)
    assert page.evaluate("() => window.scrollY") > 0
