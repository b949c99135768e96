"""scripts/strict_build.py: builds forked from a warm process behave as `mkdocs build` would."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from strict_build import strict_build


def test_a_build_past_its_timeout_is_killed_and_the_next_build_runs(scratch_project) -> None:
    project = scratch_project("authoring")
    with pytest.raises(subprocess.TimeoutExpired):
        strict_build(project / "slow", project=project, timeout_s=0.01)
    build = strict_build(project / "site", project=project)
    assert build.ok, build.output
    assert (project / "site" / "index.html").is_file()


def test_each_build_gets_its_own_environment(scratch_project, tmp_path: Path) -> None:
    """`!ENV [SITE_URL, ...]` in mkdocs.yml reads the build's environment: a variable given to
    one build is not seen by the next one, nor by this process."""
    project = scratch_project("authoring")
    given = "https://example.org/given/"
    first = strict_build(tmp_path / "first", project=project, env={"SITE_URL": given})
    second = strict_build(tmp_path / "second", project=project)
    assert first.ok and second.ok, first.output + second.output
    default = os.environ.get("SITE_URL", "http://127.0.0.1:8000/")
    for site, url in ((tmp_path / "first", given), (tmp_path / "second", default)):
        assert f'<link rel="canonical" href="{url}">' in (site / "index.html").read_text()
    assert os.environ.get("SITE_URL") != given
    assert second.cpu_s > 0 and second.peak_rss_mb > 0


def test_a_changed_template_is_compiled_again(scratch_project, tmp_path: Path) -> None:
    """Builds share Jinja's compiled templates: a template edited between two builds is read anew,
    as `mkdocs serve` does after an edit to overrides/."""
    project = scratch_project("authoring")
    first = strict_build(tmp_path / "first", project=project)
    main = project / "overrides" / "main.html"
    edited = main.read_text().replace("{% block extrahead %}", "{% block extrahead %}EDITED", 1)
    main.write_text(edited)
    second = strict_build(tmp_path / "second", project=project)
    assert first.ok and second.ok, first.output + second.output
    assert "EDITED" not in (tmp_path / "first" / "index.html").read_text()
    assert "EDITED" in (tmp_path / "second" / "index.html").read_text()
