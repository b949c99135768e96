"""The test run's one Chromium: shared by every worker, and never left running after the run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from . import browser_server

pytestmark = pytest.mark.browser


@pytest.fixture
def own_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A test run of our own: its folder, and an owner process that the test can end."""
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    monkeypatch.setenv(browser_server.RUN_DIR, str(tmp_path))
    monkeypatch.setenv(browser_server.OWNER, str(owner.pid))
    yield tmp_path, owner
    owner.kill()
    owner.wait()
    browser_server.stop(tmp_path)


def server_pid(folder: Path) -> int:
    return json.loads((folder / "server.json").read_text())["pid"]


def test_every_worker_gets_the_same_server_and_stop_ends_it(own_run) -> None:
    folder, _ = own_run
    first = browser_server.endpoint()
    assert browser_server.endpoint() == first  # a second worker connects, starts nothing
    pid = server_pid(folder)
    assert browser_server.alive(pid)
    browser_server.stop(folder)
    assert browser_server.gone_within(pid, 30)


def test_the_server_ends_itself_when_the_run_is_killed(own_run) -> None:
    folder, owner = own_run
    browser_server.endpoint()
    pid = server_pid(folder)
    owner.kill()  # as `kill -9` of pytest would: nobody calls stop()
    owner.wait()
    assert browser_server.gone_within(pid, 30), "the browser server outlived its test run"
