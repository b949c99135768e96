"""Choosing what to check: folders, files, globs, --files-from, --skip-fragment (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checklinks.cli import main

from .conftest import App, Reply, page, write_site


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a scratch directory: relative paths and globs start here."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Two sections; each page has one broken link, and sec1 links into sec2 by id."""
    return write_site(
        tmp_path / "site",
        {
            "index.html": page('<a href="nope-index.html">x</a>'),
            "sec1/a.html": page('<a href="../sec2/b.html#part">b</a><a href="nope-a.html">x</a>'),
            "sec1/c.html": page('<a href="nope-c.html">x</a>'),
            "sec2/b.html": page('<a href="nope-b.html">x</a>', ids=("part",)),
        },
    )


def broken(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """Exit code and the broken targets (plain output) of an offline run."""
    code = main([*args, "--offline", "--format", "plain"])
    return code, capsys.readouterr().out.splitlines()


def test_a_folder_is_the_whole_site(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, targets = broken(capsys, "site")
    assert (code, targets) == (
        1,
        ["nope-index.html", "sec1/nope-a.html", "sec1/nope-c.html", "sec2/nope-b.html"],
    )


def test_a_glob_checks_some_pages_against_the_whole_site(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, targets = broken(capsys, "--root", "site", "site/sec1/*.html")
    assert (code, targets) == (1, ["sec1/nope-a.html", "sec1/nope-c.html"])  # #part is found


def test_files_folders_and_recursive_globs_combine(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, targets = broken(capsys, "--root", "site", "site/index.html", "site/sec2")
    assert targets == ["nope-index.html", "sec2/nope-b.html"]
    _code, targets = broken(capsys, "--root", "site", "site/**/a.html")
    assert targets == ["sec1/nope-a.html"]


def test_files_from_lists_pages_one_per_line(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pages.txt").write_text("site/sec1/c.html\n\nsite/sec2/b.html\n")
    code, targets = broken(capsys, "--root", "site", "--files-from", "pages.txt")
    assert (code, targets) == (1, ["sec1/nope-c.html", "sec2/nope-b.html"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["site/index.html"], "site/index.html: with several inputs, a file or a glob"),
        (["--root", "site", "elsewhere.html"], "elsewhere.html: no such file or folder"),
        (["--root", "site", "site/*.htm"], "site/*.htm: no file matches"),
        (["--root", "site/sec1", "site/index.html"], "site/index.html: not inside --root"),
        (["--root", "site", "--files-from", "missing.txt"], "missing.txt: No such file"),
        ([], "give SITE_DIR, or pages with --root SITE_DIR"),
        (["site", "--skip-fragment", "("], "--skip-fragment '(':"),
        (["site", "--max-file-size", "nan"], "--max-file-size: must be a positive number"),
    ],
)
def test_bad_inputs_exit_2_with_a_message(
    site: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main([*args, "--offline"]) == 2
    assert message in capsys.readouterr().err


def test_skip_fragment_checks_the_page_but_not_the_fragment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(
        tmp_path / "site",
        {
            "index.html": page(
                '<a href="api.html#L10">a</a><a href="gone.html#L3">g</a><a href="doc.html#x">d</a>'
            ),
            "api.html": page(),
            "doc.html": page(),
        },
    )
    code, targets = broken(capsys, "site", "--skip-fragment", r"#L\d+$")
    assert (code, targets) == (1, ["doc.html#x", "gone.html#L3"])


def test_skip_fragment_online_fetches_without_looking_for_the_id(
    tmp_path: Path, server: App, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.route("/code", Reply(200, page()))
    write_site(tmp_path / "site", {"index.html": page(f'<a href="{url}#L10">c</a>')})
    assert main(["site", "--no-cache", "--format", "json"]) == 1  # the id is missing
    capsys.readouterr()
    assert main(["site", "--no-cache", "--format", "json", "--skip-fragment", "#L"]) == 0
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert (result["target"], result["status"]) == (f"{url}#L10", "ok")
    assert [h.method for h in server.hits][-1] == "HEAD"
