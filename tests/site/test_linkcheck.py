"""`make linkcheck` on our own site: clean as built; an injected fault is reported and exits 1."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, Build


def check_links(site: Path, docs: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        str(ROOT / "scripts" / "check_links.py"),
        str(site),
        "--docs",
        str(docs),
        "--bib",
        str(ROOT / "references.bib"),
        "--offline",
        "--format",
        "plain",
    ]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


def test_our_site_has_no_broken_link_anchor_or_citation(built_site: Build) -> None:
    done = check_links(built_site.site, ROOT / "docs")
    assert (done.returncode, done.stdout) == (0, ""), done.stdout + done.stderr


def test_injected_faults_are_reported_and_exit_1(built_site: Build, tmp_path: Path) -> None:
    site, docs = tmp_path / "site", tmp_path / "docs"
    shutil.copytree(built_site.site, site)
    shutil.copytree(ROOT / "docs", docs)
    page = site / "glossary" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</article>",
            '<a href="../no-such-page/">x</a><a href="../chat-models/#no-such-id">y</a></article>',
            1,
        ),
        encoding="utf-8",
    )
    (docs / "glossary.md").write_text(
        (docs / "glossary.md").read_text(encoding="utf-8") + "\nA claim [@nosuch2020key].\n",
        encoding="utf-8",
    )
    done = check_links(site, docs)
    assert done.returncode == 1
    reported = set(done.stdout.splitlines())
    assert {"no-such-page/", "chat-models/#no-such-id"} <= reported, done.stdout
    assert any("nosuch2020key" in line for line in reported), done.stdout
