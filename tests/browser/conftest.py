"""Browser fixtures: one Chromium for all browser tests, and tabs that may not leave 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from local_site import CHROMIUM, LOOPBACK, serve

from . import browser_server

# CDP's CPU slow-down factors for "a slow phone" (Chrome DevTools offers 4x and 6x).
SLOW_DEVICES = [4, 6]


@dataclass
class Reader:
    """One browser tab, and what it tried to fetch elsewhere or complained about."""

    page: object  # playwright.sync_api.Page
    base_url: str
    outside_requests: list[str]
    console_errors: list[str]

    def open(self, path: str = "/") -> object:
        """Go to `path` (`/page/#id`) on the served site and wait until Material's scripts ran."""
        self.page.goto(self.base_url + path.lstrip("/"))
        self.page.wait_for_function("() => window.document$ !== undefined")
        return self.page

    def click_instantly(self, link: str, url_glob: str) -> None:
        """Click the first `link` match and assert that instant navigation, not a reload, ran."""
        self.page.wait_for_load_state("networkidle")  # instant nav starts once sitemap.xml is in
        self.page.evaluate("() => { window.notReloaded = true }")
        self.page.locator(link).first.click()
        self.page.wait_for_url(url_glob)
        reloaded = self.page.evaluate("() => window.notReloaded !== true")
        assert not reloaded, "a full page reload, not instant navigation"


@pytest.fixture(scope="package")
def chromium():
    """The test run's one headless Debian Chromium. Missing Chromium fails, never skips.

    Every pytest-xdist worker connects to the same browser (browser_server.py), and sees only its
    own contexts. Package scope disconnects after the last browser test: while Playwright's sync
    API is open it keeps an asyncio loop running in this thread, and the checker's tests call
    asyncio.run().
    """
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run 'make browser' (needs apt-get)"
    address = browser_server.endpoint()
    with sync_playwright() as playwright:
        browser = playwright.chromium.connect(address)
        yield browser
        browser.close()


@pytest.fixture
def serve_folder() -> Iterator[Callable[[Path], str]]:
    """Serve another built site for one test; return its base URL.

    The server stops after the test's tabs are closed (reader_factory depends on this fixture):
    a server that stops first resets the tab's late requests (favicon, search worker).
    """
    with ExitStack() as servers:
        yield lambda folder: servers.enter_context(serve(folder))


@pytest.fixture
def reader_factory(chromium, served_site: str, serve_folder):
    """Make fresh browser contexts (own storage) whose requests may not leave 127.0.0.1.

    After the test, every tab must have asked for nothing outside 127.0.0.1 and logged no error.
    Chromium cannot reach any other host: CHROMIUM_ARGS map every other name to "not found".
    """
    from urllib.parse import urlsplit

    contexts, readers = [], []

    def make(
        base_url: str | None = None, cpu_throttle: float | None = None, **context_options
    ) -> Reader:
        """A new tab; `cpu_throttle=6` runs its scripts 6x slower, like a slow phone."""
        context = chromium.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        if cpu_throttle:
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_throttle})
        reader = Reader(page, base_url or served_site, [], [])
        readers.append(reader)

        def record(request) -> None:
            url = urlsplit(request.url)
            if url.scheme not in {"data", "blob"} and url.hostname != LOOPBACK:
                reader.outside_requests.append(request.url)

        def console(message) -> None:
            if message.type == "error":
                reader.console_errors.append(f"{message.text} ({message.location.get('url')})")

        # Watched, not routed: Playwright's routing turns off the HTTP cache and sends every
        # request through this process. CHROMIUM_ARGS make every other host unresolvable.
        context.on("request", record)
        page.on("console", console)
        page.on("pageerror", lambda error: reader.console_errors.append(str(error)))
        return reader

    yield make
    for context in contexts:
        context.close()
    for reader in readers:
        assert not reader.outside_requests, f"requests left 127.0.0.1: {reader.outside_requests}"
        assert not reader.console_errors, f"console errors: {reader.console_errors}"


@pytest.fixture
def reader(reader_factory) -> Reader:
    """A desktop-sized tab (1280×800) on the served site, light palette."""
    return reader_factory(viewport={"width": 1280, "height": 800}, color_scheme="light")
