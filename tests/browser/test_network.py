"""Reading the site asks nothing of any host but 127.0.0.1, and the console stays free of errors.

Every page is opened and checked for this by test_a11y.py; here: search, navigation, the guard.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_searching_and_navigating_stay_local(reader) -> None:
    page = reader.open("/")
    page.wait_for_load_state("networkidle")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("reward model")
    result = page.locator(".md-search-result__item a").first
    # results for "reward" or "reward mod" may show first; wait for the whole query's
    expect(result).to_have_attribute("href", re.compile(r"[?&]h=reward\+model"))
    target = result.get_attribute("href")
    result.click()
    page.wait_for_url(target)
    page.wait_for_load_state("networkidle")
    assert reader.outside_requests == [] and reader.console_errors == []


def test_the_guard_itself_catches_an_outside_request(reader) -> None:
    page = reader.open("/")
    with page.expect_event("requestfailed", lambda request: "example.org" in request.url):
        # Chromium cannot resolve the name, and the listener records the attempt
        page.evaluate("() => fetch('https://example.org/').catch(() => null)")
    assert reader.outside_requests == ["https://example.org/"]
    reader.outside_requests.clear()
    reader.console_errors.clear()  # the aborted fetch logs a console error on purpose
