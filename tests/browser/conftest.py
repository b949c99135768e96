"""Browser fixtures: one Chromium for all browser tests, and tabs that may not leave 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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
    cpu_throttle: float | None = None  # the slow device that `slow_device()` plays
    cdp: object | None = None  # the tab's DevTools session, for the throttle

    @contextmanager
    def slow_device(self) -> Iterator[None]:
        """Run the block with the tab's CPU slowed down `cpu_throttle` times, then at full speed.

        Chromium's throttle keeps a CPU busy for as long as it is on, even while the tab idles
        (measured: 6x burned about 9 CPU-seconds in 9 s of waiting). So a test turns
        it on from its first click to the end of its checks, not while its start page loads.
        Without a `cpu_throttle` the block runs at full speed.
        """
        if not self.cpu_throttle:
            yield
            return
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": self.cpu_throttle})
        try:
            yield
        finally:
            self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})

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


@dataclass
class WarmContexts:
    """Browser contexts kept from test to test, one idle list per set of context options.

    A new context costs Chromium about 1 CPU-s for its first page, mostly a new renderer
    process; a new tab in a context that still has a tab open on the same site costs about half
    of that. So each kept context holds a "keeper" tab on the site (a static file, no script),
    and a test gets new tabs in it. Between tests the context is emptied: its other tabs closed,
    and cookies and every kind of storage (local, session, IndexedDB, caches) of each origin
    the test visited cleared. Its HTTP cache stays warm, as a returning reader's.
    """

    browser: object  # playwright.sync_api.Browser
    keeper_url: str
    idle: dict[str, list] = field(default_factory=dict)

    def borrow(self, options: dict) -> tuple[str, object]:
        """An idle context made with `options` (a new one if none is idle), and its kind."""
        kind = json.dumps(options, sort_keys=True)
        if self.idle.get(kind):
            return kind, self.idle[kind].pop()
        context = self.browser.new_context(**options)
        context.new_page().goto(self.keeper_url)
        return kind, context

    def give_back(self, kind: str, context, origins: set[str]) -> None:
        """Close the test's tabs, clear what they stored, and keep the context for the next."""
        keeper, *tabs = context.pages
        for tab in tabs:
            tab.close()
        cdp = context.new_cdp_session(keeper)
        for origin in sorted(origins):
            cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        cdp.detach()
        context.clear_cookies()
        self.idle.setdefault(kind, []).append(context)


@pytest.fixture(scope="package")
def warm_contexts(chromium, served_site: str) -> Iterator[WarmContexts]:
    """This worker's kept browser contexts (see WarmContexts); closed after the browser tests."""
    pool = WarmContexts(chromium, served_site + "assets/images/favicon.png")
    yield pool
    for contexts in pool.idle.values():
        for context in contexts:
            context.close()


@pytest.fixture
def reader_factory(chromium, warm_contexts: WarmContexts, served_site: str, serve_folder):
    """Make tabs with empty storage whose requests may not leave 127.0.0.1.

    Each call gets a context of its own for the test (see WarmContexts). A tab that can play a
    slow device (`cpu_throttle`, see Reader.slow_device) gets a new context instead, closed after
    the test: Chromium slows down the whole renderer process, which a kept context's later tabs
    would share.
    After the test, every tab must have asked for nothing outside 127.0.0.1 and logged no error.
    Chromium cannot reach any other host: CHROMIUM_ARGS map every other name to "not found".
    """
    borrowed, throwaway, readers, origins = [], [], [], set()

    def make(
        base_url: str | None = None, cpu_throttle: float | None = None, **context_options
    ) -> Reader:
        """A new tab; with `cpu_throttle=6`, `slow_device()` runs its scripts 6x slower."""
        if cpu_throttle:
            context = chromium.new_context(**context_options)
            throwaway.append(context)
        else:
            kind, context = warm_contexts.borrow(context_options)
            borrowed.append((kind, context))
        page = context.new_page()
        cdp = context.new_cdp_session(page) if cpu_throttle else None
        reader = Reader(page, base_url or served_site, [], [], cpu_throttle, cdp)
        readers.append(reader)

        def record(request) -> None:
            url = urlsplit(request.url)
            if url.scheme in {"http", "https"}:
                origins.add(f"{url.scheme}://{url.netloc}")
            if url.scheme not in {"data", "blob"} and url.hostname != LOOPBACK:
                reader.outside_requests.append(request.url)

        def console(message) -> None:
            if message.type == "error":
                reader.console_errors.append(f"{message.text} ({message.location.get('url')})")

        # Watched, not routed: Playwright's routing turns off the HTTP cache and sends every
        # request through this process. CHROMIUM_ARGS make every other host unresolvable.
        page.on("request", record)
        page.on("console", console)
        page.on("pageerror", lambda error: reader.console_errors.append(str(error)))
        return reader

    yield make
    for context in throwaway:
        context.close()
    for kind, context in borrowed:
        warm_contexts.give_back(kind, context, origins)
    for reader in readers:
        assert not reader.outside_requests, f"requests left 127.0.0.1: {reader.outside_requests}"
        assert not reader.console_errors, f"console errors: {reader.console_errors}"


@pytest.fixture
def reader(reader_factory) -> Reader:
    """A desktop-sized tab (1280×800) on the served site, light palette."""
    return reader_factory(viewport={"width": 1280, "height": 800}, color_scheme="light")
