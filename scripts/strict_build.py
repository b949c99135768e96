"""Run `mkdocs build --strict` in its own process: the one way scripts and tests build a site.

Each build runs in a child forked from a Python process (`Forker`) that has never built anything,
so no build sees another's state. The tests' forker is warm: it has already imported MkDocs, the
plugins and the Markdown extensions this site uses, which a fresh `python -m mkdocs` spends about
0.45 s of CPU on, and the tests build about 80 sites. It also keeps Jinja's compiled templates
from build to build (see Forker), which changes nothing in what a build writes. Benchmarks ask
for a cold one (`warm=False`), whose child imports and compiles everything itself, as `mkdocs
build` on a reader's machine does.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
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

# The forker: import, then for each job (a JSON line) fork a child that runs `python -m mkdocs`
# through peak_rss's shim, and answer with the child's pid, then with its exit code and CPU
# seconds. The child ends as that command would, through SystemExit (atexit writes its peak).
FORKER = """
import importlib, json, os, sys
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
shim = sys.argv[2]
if sys.argv[3:]:
    import functools, jinja2
    cache = jinja2.FileSystemBytecodeCache(sys.argv[3])
    jinja2.Environment.__init__ = functools.partialmethod(
        jinja2.Environment.__init__, bytecode_cache=cache)
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
    _, status, usage = os.wait4(pid, 0)
    print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime]))
    sys.stdout.flush()
"""


@dataclass(frozen=True)
class Build:
    """The outcome of one strict build."""

    returncode: int
    output: str
    site: Path
    peak_rss_mb: float | None  # the build process's own peak memory; None if it was killed
    cpu_s: float  # the build process's user and system CPU time

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class Forker:
    """A process that has imported `imports` and forks a child for each build.

    With a `template_cache` folder, each child keeps the Python code that Jinja compiles from the
    theme's templates there, and reads it back in later builds (Jinja's own bytecode cache; a
    changed template is compiled again). Compiling them is about a third of a small build.
    """

    def __init__(self, imports: tuple[str, ...], template_cache: Path | None = None) -> None:
        command = [sys.executable, "-c", FORKER, json.dumps(imports), peak_rss.SHIM]
        if template_cache is not None:
            command.append(str(template_cache))
        env = {**os.environ, **QUIET}
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True
        )
        self.lock = threading.Lock()

    def run(self, job: dict, timeout_s: float | None) -> tuple[int, float]:
        """Build `job` in a forked child; return its exit code and CPU seconds. Past
        `timeout_s` the child is killed and subprocess.TimeoutExpired raised."""
        with self.lock:
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
            pid = int(self.process.stdout.readline())
            timed_out = threading.Event()

            def kill() -> None:
                timed_out.set()
                with contextlib.suppress(ProcessLookupError):  # it has just ended
                    os.kill(pid, signal.SIGKILL)

            killer = threading.Timer(timeout_s or 0, kill)
            if timeout_s is not None:
                killer.start()
            returncode, cpu_s = json.loads(self.process.stdout.readline())
            killer.cancel()
        if timed_out.is_set():
            raise subprocess.TimeoutExpired(["mkdocs", *job["args"]], timeout_s)
        return returncode, cpu_s

    def close(self) -> None:
        """End the forker (it stops at the end of its input)."""
        self.process.stdin.close()
        self.process.wait()


@functools.cache
def warm_forker() -> Forker:
    """This process's warm forker, started at its first build and ended with it."""
    templates = tempfile.TemporaryDirectory(prefix="strict-build-templates-")
    forker = Forker(WARM_IMPORTS, Path(templates.name))
    atexit.register(templates.cleanup)
    atexit.register(forker.close)  # atexit runs last in, first out: the forker ends first
    return forker


def strict_build(
    site: Path,
    *,
    project: Path = ROOT,
    config: Path | None = None,
    env: dict[str, str] | None = None,
    timeout_s: float | None = None,
    warm: bool = True,
) -> Build:
    """Build `project` (or `config` in it) strictly into `site`; capture the log, the peak
    memory and the CPU time. Past `timeout_s` the build is killed and subprocess.TimeoutExpired
    raised. `warm=False` builds in a process that imports everything itself (benchmarks)."""
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
        if warm:
            returncode, cpu_s = warm_forker().run(job, timeout_s)
        else:
            forker = Forker(imports=())
            try:
                returncode, cpu_s = forker.run(job, timeout_s)
            finally:
                forker.close()
        peak_mb = peak_rss.read_mb(peak) if peak.exists() else None
        return Build(returncode, out.read_text() + err.read_text(), site, peak_mb, cpu_s)
