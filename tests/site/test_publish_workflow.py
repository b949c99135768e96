""".github/workflows/publish.yml: tests run before the deploy; only internal faults block it.

The link-check steps' own shell lines are run here, as GitHub runs them (`bash -eo pipefail`),
in a small scratch project whose built site has one planted fault.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
STEPS = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
CLOSED_PORT_URL = "http://127.0.0.1:9/gone"  # the discard port: nothing listens on loopback


def step(name_start: str) -> dict:
    return next(s for s in STEPS if s.get("name", "").startswith(name_start))


def position(predicate) -> int:
    return next(i for i, s in enumerate(STEPS) if predicate(s))


def run_step(name_start: str, project: Path) -> tuple[int, str]:
    """Run one step's script in `project`; return its exit code and the summary's text.

    The report escapes Markdown's special characters as HTML entities; the text is what a reader
    of the rendered summary sees.
    """
    summary = project / "summary.md"
    summary.write_text("", encoding="utf-8")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step(name_start)["run"]],
        cwd=project,
        env={
            **os.environ,
            "GITHUB_STEP_SUMMARY": str(summary),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # `python`
        },
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, html.unescape(summary.read_text(encoding="utf-8"))


def project_with(tmp_path: Path, planted_link: str) -> Path:
    """A small built project (two pages, no citations) whose home page carries `planted_link`."""
    project = tmp_path / "project"
    for part in ("scripts", "hooks"):  # the checker reads citations with hooks/citekeys.py
        shutil.copytree(ROOT / part, project / part)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "references.bib").write_text("", encoding="utf-8")
    page = '<html><body><article><a href="other/#part">ok</a><a href="{}">x</a></article>'
    (project / "site" / "other").mkdir(parents=True)
    (project / "site" / "index.html").write_text(page.format(planted_link), encoding="utf-8")
    (project / "site" / "other" / "index.html").write_text('<h2 id="part">Part</h2>')
    return project


def test_tests_and_link_checks_run_before_the_upload() -> None:
    upload = position(lambda s: "upload-pages-artifact" in s.get("uses", ""))
    assert position(lambda s: "pytest" in s.get("run", "")) < upload
    assert position(lambda s: s.get("name", "").startswith("Internal links")) < upload
    assert "deploy" in yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]


def test_a_broken_internal_anchor_blocks_the_deploy(tmp_path: Path) -> None:
    project = project_with(tmp_path, "other/#no-such-section")
    code, summary = run_step("Internal links", project)
    assert code != 0
    assert "other/#no-such-section" in summary


def test_a_broken_external_link_is_reported_but_does_not_block(tmp_path: Path) -> None:
    project = project_with(tmp_path, CLOSED_PORT_URL)
    assert run_step("Internal links", project)[0] == 0
    code, summary = run_step("External links", project)
    assert code == 0
    external = summary.split("## External links", 1)[1]
    assert "reported only" in external.splitlines()[0]
    assert "127.0.0.1:9/gone" in external
