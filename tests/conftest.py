"""Shared fixtures: one strict build of the site per session, and scratch fixture builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITES = ROOT / "tests" / "fixtures" / "sites"
PROJECT_PARTS = ("hooks", "overrides", "includes")


@dataclass(frozen=True)
class Build:
    """The outcome of one `mkdocs build --strict`."""

    returncode: int
    output: str
    site: Path


def mkdocs_build(project: Path, site: Path) -> Build:
    """Run a strict build of `project` into `site`, in its own process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )
    return Build(done.returncode, done.stdout + done.stderr, site)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once per test session."""
    build = mkdocs_build(ROOT, tmp_path_factory.mktemp("site"))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def scratch_project(tmp_path: Path):
    """Return a function that copies a fixture site into a scratch project with our config."""

    def make(fixture: str) -> Path:
        project = tmp_path / fixture
        shutil.copytree(FIXTURE_SITES / fixture, project)
        for part in PROJECT_PARTS:
            shutil.copytree(ROOT / part, project / part)
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        (project / "mkdocs.yml").write_text(config.split("# Page tree")[0], encoding="utf-8")
        return project

    return make


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is a failure here: CI must never pass by skipping a check."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        reporter.write_line(f"{len(skipped)} test(s) skipped: skips are not allowed", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
