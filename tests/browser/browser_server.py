"""One Chromium per test run, shared by every pytest-xdist worker that runs browser tests.

The first worker to need it starts Playwright's browser server (browser_server.js); the others
connect to the same one. The process that runs the test run stops it at the end (see
tests/conftest.py), and the server also stops by itself once that process is gone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from filelock import FileLock
from local_site import CHROMIUM, CHROMIUM_ARGS

SERVER_SCRIPT = Path(__file__).with_name("browser_server.js")
RUN_DIR = "BROWSER_SERVER_DIR"  # environment: the run's folder for the server's address and pid
OWNER = "BROWSER_SERVER_OWNER"  # environment: the pid of the process that owns the test run


def endpoint() -> str:
    """The run's browser server address (ws://…), starting the server if no worker has yet."""
    folder = Path(os.environ[RUN_DIR])
    record = folder / "server.json"
    with FileLock(folder / "server.lock"):
        if not record.exists():
            record.write_text(json.dumps(start(folder)))
    return json.loads(record.read_text())["endpoint"]


def start(folder: Path) -> dict:
    """Start the browser server; return its address and pid once it listens."""
    import playwright

    driver = Path(playwright.__file__).parent / "driver"
    log = folder / "server.log"
    command = [
        str(driver / "node"),
        str(SERVER_SCRIPT),
        str(driver / "package"),
        str(CHROMIUM),
        json.dumps(CHROMIUM_ARGS),
        os.environ[OWNER],
    ]
    with log.open("w") as errors:
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
    address = server.stdout.readline().strip()  # "" if the server died first
    if not address.startswith("ws://"):
        server.kill()
        raise RuntimeError(f"the browser server did not start: {address}\n{log.read_text()}")
    return {"endpoint": address, "pid": server.pid}


def alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie, ended but not yet reaped by its parent, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def stop(folder: Path) -> None:
    """Stop the run's browser server, if one was started; it closes Chromium first."""
    record = folder / "server.json"
    if not record.exists():
        return
    pid = json.loads(record.read_text())["pid"]
    if alive(pid):
        os.kill(pid, signal.SIGTERM)
    if not gone_within(pid, 10):
        os.kill(pid, signal.SIGKILL)


def gone_within(pid: int, seconds: float) -> bool:
    """Whether process `pid` ends within `seconds` (it need not be our child, so poll for it)."""
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid)
