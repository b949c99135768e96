"""Each page says when it was last updated, from git, even in a shallow or git-less checkout."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, Build
from strict_build import strict_build

DATE = re.compile(
    r'<span class="git-revision-date-localized-plugin git-revision-date-localized-plugin-date"'
    r"[^>]*>([A-Z][a-z]+ \d{1,2}, \d{4})</span>"
)
PAGES = ("index.html", "base-models/index.html", "coder-models/index.html", "glossary/index.html")
# A CI runner's own variables would make the plugin warn about shallow clones; test without.
CI_VARIABLES = ("GITHUB_ACTIONS", "GITLAB_CI", "BITBUCKET_BUILD_NUMBER")


def dates(site: Path) -> list[str]:
    found = []
    for page in PAGES:
        match = DATE.search((site / page).read_text(encoding="utf-8"))
        assert match, f"{page}: no last-updated date"
        found.append(match.group(1))
    return found


@pytest.fixture
def no_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build as on a workstation, whatever runner runs the tests."""
    for key in CI_VARIABLES:
        monkeypatch.delenv(key, raising=False)


def test_every_page_shows_its_last_update(built_site: Build) -> None:
    assert len(dates(built_site.site)) == len(PAGES)


def test_a_shallow_clone_builds_with_dates(tmp_path: Path, no_ci: None) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", ROOT.as_uri(), str(clone)], check=True
    )
    build = strict_build(tmp_path / "site", project=clone)
    assert build.ok, build.output
    assert dates(build.site)


def test_a_copy_without_git_builds_with_the_build_date(tmp_path: Path, no_ci: None) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(copy)], input=archive.stdout, check=True)
    build = strict_build(tmp_path / "site", project=copy)
    assert build.ok, build.output
    assert dates(build.site)
