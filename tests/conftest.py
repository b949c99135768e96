"""Shared fixtures: one strict build of the site per session, and scratch fixture builds."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
import pytest
from browser import browser_server
from filelock import FileLock
from hypothesis import settings
from local_site import LOOPBACK, PageDelay, serve
from strict_build import Build, strict_build

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITES = ROOT / "tests" / "fixtures" / "sites"
PROJECT_PARTS = ("hooks", "overrides", "includes")

# Fuzz tests without their own max_examples: a quick run locally, 10,000 examples on CI.
settings.register_profile("ci", max_examples=10_000, deadline=None)
settings.register_profile("dev", max_examples=300, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A folder that every pytest-xdist worker of this run shares."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


def build_once(shared: Path, name: str, make: Callable[[Path], Build]) -> Build:
    """Run `make(folder)` once per test run, whichever worker asks first; the others reuse it."""
    folder, record = shared / name, shared / f"{name}.json"
    with FileLock(shared / f"{name}.lock"):
        if not record.exists():
            build = make(folder)
            record.write_text(json.dumps({**asdict(build), "site": str(build.site)}))
        fields = json.loads(record.read_text())
    return Build(**{**fields, "site": Path(fields["site"])})


@pytest.fixture(scope="session")
def built_site(shared_dir: Path) -> Build:
    """The real site, built once per test run."""
    build = build_once(shared_dir, "site", lambda folder: strict_build(folder / "site"))
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
def fixture_build(shared_dir: Path):
    """Return a function that builds a fixture site as it is, once per test run."""

    def build(fixture: str) -> Build:
        def make(folder: Path) -> Build:
            project = copy_fixture(fixture, folder / fixture)
            return strict_build(project / "site", project=project)

        return build_once(shared_dir, f"fixture-{fixture}", make)

    return build


BROWSER_TESTS = "tests/browser/"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests first (see pytest_xdist_make_scheduler)."""
    items.sort(key=lambda item: not item.nodeid.startswith(BROWSER_TESTS))


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Hand out browser tests a file at a time, and every other test on its own.

    The browser tests come first, so a worker finishes its browser tests before it runs any
    other test: its connection to Chromium closes before the checker's tests call asyncio.run().
    """
    from xdist.scheduler import LoadScopeScheduling

    class BrowserFilesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return nodeid.split("::")[0] if nodeid.startswith(BROWSER_TESTS) else nodeid

    return BrowserFilesTogether(config, log)


def assert_stops_with(build: Build, message: str) -> None:
    """The build failed, logged `message` as one whole ERROR line, and printed no traceback."""
    assert not build.ok, build.output
    assert "Traceback" not in build.output, build.output
    errors = [line.split("-  ", 1)[-1] for line in build.output.splitlines() if "ERROR" in line]
    assert message in errors, build.output


def pytest_configure(config: pytest.Config) -> None:
    """In the process that owns the run: a folder for its one browser server (browser_server.py);
    pytest-xdist workers, started later, inherit it."""
    if not hasattr(config, "workerinput"):
        os.environ[browser_server.RUN_DIR] = tempfile.mkdtemp(prefix="browser-server-")
        os.environ[browser_server.OWNER] = str(os.getpid())


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the run's browser server, if a browser test started it."""
    if not hasattr(config, "workerinput"):
        folder = Path(os.environ.pop(browser_server.RUN_DIR))
        browser_server.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is a failure here: CI must never pass by skipping a check."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        reporter.write_line(f"{len(skipped)} test(s) skipped: skips are not allowed", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# Browser tests: the built site on a loopback server, read by Debian's Chromium.


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


SERVE_STARTUP_LIMIT_S = 120  # a generous bound for a slow machine; this is not a timing test


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def make_serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`make serve` (mkdocs serve with live reload) on a free loopback port; its base URL.

    Its log goes to a file, not a pipe: a pipe nobody reads would stall the server once full.
    """
    address = f"{LOOPBACK}:{free_port()}"
    log = tmp_path_factory.mktemp("make-serve") / "stderr.txt"
    with log.open("wb") as errors:
        server = subprocess.Popen(
            ["make", "-s", "serve", f"SERVE_ADDR={address}"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
        )
    url = f"http://{address}/"
    try:
        deadline = time.monotonic() + SERVE_STARTUP_LIMIT_S
        while True:
            assert server.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, f"make serve did not answer on {address}"
            try:
                httpx.get(url, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@pytest.fixture
def slow_pages(served: Served) -> Iterator[PageDelay]:
    """Make the served site answer page requests late (set `.seconds`); reset after the test."""
    yield served.delay
    served.delay.seconds = 0.0
