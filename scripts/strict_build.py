"""Run `mkdocs build --strict` in its own process: the one way scripts and tests build a site."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import peak_rss

ROOT = Path(__file__).resolve().parent.parent
# Material and mkdocs-redirects print a notice about MkDocs 2 on every build; these silence it.
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@dataclass(frozen=True)
class Build:
    """The outcome of one strict build."""

    returncode: int
    output: str
    site: Path
    peak_rss_mb: float | None  # the mkdocs process's own peak memory; None if it was killed

    @property
    def ok(self) -> bool:
        return self.returncode == 0


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
    command = peak_rss.python_command("-m", "mkdocs", "build", "--strict", "--site-dir", str(site))
    if config is not None:
        command += ["--config-file", str(config)]
    with tempfile.TemporaryDirectory(prefix="strict-build-") as scratch:
        peak = Path(scratch) / "peak-rss-kb"
        done = subprocess.run(
            command,
            cwd=project,
            env={**os.environ, **QUIET, **(env or {}), peak_rss.ENV: str(peak)},
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout_s,
        )
        peak_mb = peak_rss.read_mb(peak) if peak.exists() else None
        return Build(done.returncode, done.stdout + done.stderr, site, peak_mb)
