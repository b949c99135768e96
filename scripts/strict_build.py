"""Run `mkdocs build --strict` in its own process: the one way scripts and tests build a site.

Each build runs in a child forked from a warm Python process (`WarmForker`) that has already
imported MkDocs, the plugins and the Markdown extensions this site uses: a fresh `python -m
mkdocs` spends about 0.45 s of CPU on those imports alone, and the tests build about 80 sites.
The child starts from a process that has never built anything, so no build sees another's state.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import peak_rss

ROOT = Path(__file__).resolve().parent.parent
# Material and mkdocs-redirects print a notice about MkDocs 2 on every build; these silence it.
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

# What a build of this site imports (python -X importtime -m mkdocs build). A module left out
# costs only time: the child imports it itself.
WARM_IMPORTS = (
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "material.plugins.search.plugin",
    "mkdocs_bibtex.plugin",
    "mkdocs_git_revision_date_localized_plugin.plugin",
    "mkdocs_redirects.plugin",
    "pybtex.database",
    "pymdownx.arithmatex",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.snippets",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "markdown.extensions.toc",
    "pygments.lexers.python",
)

# The warm process: import, then for each job (a JSON line) fork a child that runs `python -m
# mkdocs` through peak_rss's shim, and answer with the child's pid, then with its exit code. The
# child ends as that command would, through SystemExit, so atexit writes its peak memory.
FORKER = """
import importlib, json, os, sys
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
shim = sys.argv[2]
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.chdir(job["cwd"])
        os.environ.clear()
        os.environ.update(job["env"])
        for fd, path in ((1, job["stdout"]), (2, job["stderr"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
        sys.argv = ["-c", "-m", "mkdocs", *job["args"]]
        exec(shim, {"__name__": "__main__"})
        sys.exit()
    print(pid, flush=True)
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


@dataclass(frozen=True)
class Build:
    """The outcome of one strict build."""

    returncode: int
    output: str
    site: Path
    peak_rss_mb: float | None  # the build process's own peak memory; None if it was killed

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class WarmForker:
    """The warm process of this Python process (started at its first build)."""

    _lock = threading.Lock()
    _process: subprocess.Popen | None = None

    @classmethod
    def run(cls, job: dict, timeout_s: float | None) -> int:
        """Build `job` in a forked child; return its exit code. Past `timeout_s` the child is
        killed and subprocess.TimeoutExpired raised."""
        with cls._lock:
            if cls._process is None or cls._process.poll() is not None:
                command = [sys.executable, "-c", FORKER, json.dumps(WARM_IMPORTS), peak_rss.SHIM]
                cls._process = subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    env={**os.environ, **QUIET},
                    text=True,
                )
                atexit.register(cls._process.stdin.close)  # the warm process ends with us
            forker = cls._process
            forker.stdin.write(json.dumps(job) + "\n")
            forker.stdin.flush()
            pid = int(forker.stdout.readline())
            killer = threading.Timer(timeout_s or 0, os.kill, (pid, signal.SIGKILL))
            if timeout_s is not None:
                killer.start()
            returncode = int(forker.stdout.readline())
            killer.cancel()
            if returncode == -signal.SIGKILL and timeout_s is not None:
                raise subprocess.TimeoutExpired(["mkdocs", *job["args"]], timeout_s)
            return returncode


def strict_build(
    site: Path,
    *,
    project: Path = ROOT,
    config: Path | None = None,
    env: dict[str, str] | None = None,
    timeout_s: float | None = None,
) -> Build:
    """Build `project` (or `config` in it) strictly into `site`; capture the log and the peak
    memory. Past `timeout_s` the build is killed and subprocess.TimeoutExpired raised."""
    args = ["build", "--strict", "--site-dir", str(site)]
    if config is not None:
        args += ["--config-file", str(config)]
    with tempfile.TemporaryDirectory(prefix="strict-build-") as scratch:
        out, err, peak = (Path(scratch) / name for name in ("stdout", "stderr", "peak-rss-kb"))
        job = {
            "cwd": str(project),
            "args": args,
            "env": {**os.environ, **QUIET, **(env or {}), peak_rss.ENV: str(peak)},
            "stdout": str(out),
            "stderr": str(err),
        }
        returncode = WarmForker.run(job, timeout_s)
        peak_mb = peak_rss.read_mb(peak) if peak.exists() else None
        return Build(returncode, out.read_text() + err.read_text(), site, peak_mb)
