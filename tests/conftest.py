"""Shared fixtures: one strict build of the site per session, and scratch fixture builds."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from local_site import CHROMIUM, CHROMIUM_ARGS, LOOPBACK, PageDelay, serve
from strict_build import Build, strict_build

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITES = ROOT / "tests" / "fixtures" / "sites"
PROJECT_PARTS = ("hooks", "overrides", "includes")

# Fuzz tests without their own max_examples: a quick run locally, 10,000 examples on CI.
settings.register_profile("ci", max_examples=10_000, deadline=None)
settings.register_profile("dev", max_examples=300, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once per test session."""
    build = strict_build(tmp_path_factory.mktemp("site"))
    assert build.ok, build.output
    return build


def copy_fixture(fixture: str, project: Path) -> Path:
    """Copy a fixture site into `project`, with our hooks, overrides, assets and config."""
    shutil.copytree(FIXTURE_SITES / fixture, project)
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, project / part)
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")  # extra_css, extra_js
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.split("# Page tree")[0], encoding="utf-8")
    return project


@pytest.fixture
def scratch_project(tmp_path: Path):
    """Return a function that copies a fixture site into a scratch project, to change and build."""
    return lambda fixture: copy_fixture(fixture, tmp_path / fixture)


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory):
    """Return a function that builds a fixture site as it is: once per run, then from memory."""
    builds: dict[str, Build] = {}

    def build(fixture: str) -> Build:
        if fixture not in builds:
            project = copy_fixture(fixture, tmp_path_factory.mktemp("fixture") / fixture)
            builds[fixture] = strict_build(project / "site", project=project)
        return builds[fixture]

    return build


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last, so that one Chromium can serve all of them.

    While Playwright's sync API is open it keeps an asyncio loop running in this thread, and the
    checker's tests call asyncio.run(); with the browser tests at the end they never overlap.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def assert_stops_with(build: Build, message: str) -> None:
    """The build failed, logged `message` as one whole ERROR line, and printed no traceback."""
    assert not build.ok, build.output
    assert "Traceback" not in build.output, build.output
    errors = [line.split("-  ", 1)[-1] for line in build.output.splitlines() if "ERROR" in line]
    assert message in errors, build.output


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is a failure here: CI must never pass by skipping a check."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        reporter.write_line(f"{len(skipped)} test(s) skipped: skips are not allowed", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# Browser tests: the built site on a loopback server, read by Debian's Chromium.

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


@dataclass(frozen=True)
class Served:
    """The real site on a loopback server: its base URL, its files, and the server's page delay."""

    base_url: str
    site: Path
    delay: PageDelay


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The real site, built for the loopback address it is served on.

    Instant navigation only takes over links whose host and port match `site_url` (Material
    reads them from sitemap.xml), so this build gets SITE_URL = the server's own address.
    """
    site = tmp_path_factory.mktemp("served")
    delay = PageDelay()
    with serve(site, delay) as base_url:
        build = strict_build(site, env={"SITE_URL": base_url})
        assert build.ok, build.output
        yield Served(base_url, site, delay)


@pytest.fixture(scope="session")
def served_site(served: Served) -> str:
    """The base URL of the served real site."""
    return served.base_url


@pytest.fixture
def slow_pages(served: Served) -> Iterator[PageDelay]:
    """Make the served site answer page requests late (set `.seconds`); reset after the test."""
    yield served.delay
    served.delay.seconds = 0.0


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the whole run. Missing Chromium fails, never skips."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run 'make browser' (needs apt-get)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def reader_factory(chromium, served_site: str):
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
