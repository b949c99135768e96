"""cli.py and scripts/check_links.py: flags, exit codes, output formats, offline mode."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from checklinks.cli import build_parser, main

from .conftest import App, Reply, page, write_site

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_links.py"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run each test in its own directory (cache and pyproject.toml are looked up here)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def good_site(root: Path) -> Path:
    return write_site(root, {"index.html": page('<a href="a/">a</a>'), "a/index.html": page()})


def broken_site(root: Path) -> Path:
    return write_site(
        root,
        {
            "index.html": page('<a href="sec1/page3.html#h-9">x</a><a href="sec2/">d</a>'),
            "sec1/page3.html": page('<a href="#nope">s</a>', ids=("h-1",)),
        },
    )


def test_clean_site_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(good_site(tmp_path / "site")), "--offline"]) == 0
    assert capsys.readouterr().out.startswith("OK:")


def test_plain_output_lists_broken_targets_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([str(broken_site(tmp_path / "site")), "--offline", "--format", "plain"])
    assert code == 1
    assert capsys.readouterr().out == "sec1/page3.html#h-9\nsec1/page3.html#nope\nsec2/\n"


def test_json_output_has_schema_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(broken_site(tmp_path / "site")), "--offline", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == 1 and {"summary", "results", "notes"} <= set(doc)
    assert doc["summary"]["by_status"]["broken"] == 3


def test_missing_site_dir_exits_2_with_path_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "nowhere")]) == 2
    assert f"{tmp_path / 'nowhere'}: not a directory" in capsys.readouterr().err


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main([str(tmp_path), "--format", "xml"])
    assert exc.value.code == 2
    assert main([str(tmp_path), "--docs", str(tmp_path)]) == 2  # --docs without --bib
    assert main([str(tmp_path), "--exclude", "("]) == 2  # bad regex


def test_unknown_cite_key_is_reported_with_page_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = good_site(tmp_path / "site")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text("# P\n\nA claim [@known2020; @ghost2021].\n\n`[@code2020]`\n")
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{known2020, title={K}}\n@misc{unused2019, title={U}}\n")
    code = main([str(site), "--docs", str(docs), "--bib", str(bib), "--offline"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{docs / 'p.md'}:3: @ghost2021 (broken:" in out
    assert f"{bib}:2: @unused2019 (broken:" in out
    assert "code2020" not in out


def test_offline_makes_no_requests(tmp_path: Path, server: App) -> None:
    url = server.route("/missing", Reply(404))
    site = write_site(tmp_path / "site", {"index.html": page(f'<a href="{url}">x</a>')})
    assert main([str(site), "--offline"]) == 0
    assert server.hits == []


def test_online_broken_url_in_plain_output(
    tmp_path: Path, server: App, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = server.route("/missing", Reply(404))
    ok = server.route("/ok", Reply())
    site = write_site(
        tmp_path / "site", {"index.html": page(f'<a href="{missing}">x</a><a href="{ok}">y</a>')}
    )
    assert main([str(site), "--format", "plain", "--retry-wait-time", "0.01"]) == 1
    assert capsys.readouterr().out == f"{missing}\n"


def test_online_run_checks_links_of_every_page_read_while_checking(
    tmp_path: Path, server: App, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pages are read in a child process while their URLs are checked: every page's
    links count, internal ones and fragments included, each URL is asked once."""
    doc = server.route("/doc", Reply(body=page(ids=("here",))))
    missing = server.route("/missing", Reply(404))
    pages = {
        f"p{i:03}.html": page(f'<a href="{doc}">d</a><a href="p{i + 1:03}.html">n</a>')
        for i in range(300)
    }
    pages["p150.html"] = page(f'<a href="{doc}#here">h</a><a href="{missing}">m</a>')
    pages["p299.html"] = page(f'<a href="{doc}#gone">g</a><a href="#nowhere">s</a>')
    site = write_site(tmp_path / "site", pages)
    assert main([str(site), "--format", "plain", "--no-cache"]) == 1
    assert sorted(capsys.readouterr().out.splitlines()) == sorted(
        [missing, f"{doc}#gone", "p299.html#nowhere"]
    )
    asked = [(h.method, h.path) for h in server.hits]
    assert asked.count(("GET", "/doc")) == 1 and asked.count(("HEAD", "/doc")) <= 1
    assert [p for _m, p in asked].count("/missing") == 1


def test_no_cache_ignores_a_warm_cache(tmp_path: Path, server: App) -> None:
    url = server.route("/ok", Reply())
    site = write_site(tmp_path / "site", {"index.html": page(f'<a href="{url}">x</a>')})
    assert main([str(site)]) == 0
    assert (tmp_path / ".cache" / "checklinks.json").is_file()
    assert main([str(site)]) == 0
    assert len(server.hits) == 1
    assert main([str(site), "--no-cache"]) == 0
    assert len(server.hits) == 2


def test_excludes_come_from_pyproject_and_flags(
    tmp_path: Path, server: App, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = server.route("/a", Reply(404)), server.route("/b", Reply(404))
    site = write_site(
        tmp_path / "site", {"index.html": page(f'<a href="{a}">a</a><a href="{b}">b</a>')}
    )
    (tmp_path / "pyproject.toml").write_text('[tool.checklinks]\nexclude = ["/a$"]\n')
    assert main([str(site), "--no-cache", "--exclude", "/b$"]) == 0
    assert server.hits == []
    assert "2 excluded" in capsys.readouterr().out


def test_every_help_line_ends_with_its_default() -> None:
    parser = build_parser()
    for action in parser._actions:
        if action.dest == "help":
            continue
        text = parser.formatter_class("x")._get_help_string(action) or ""
        assert re.search(r"\((default: .+|required)\)$", text), action.dest


def test_entry_script_help_states_exit_codes() -> None:
    out = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    assert "Exit codes: 0 all fine, 1 something broken" in out.stdout
    assert "2 bad usage or bad input" in out.stdout


@pytest.mark.parametrize(
    "flags",
    [
        ["--timeout", "inf"],
        ["--timeout", "nan"],
        ["--timeout", "0"],
        ["--retry-wait-time", "nan"],
        ["--retry-wait-time", "1e9"],
        ["--max-retry-wait", "-1"],
        ["--max-concurrency", "0"],
        ["--host-concurrency", "1e3"],
        ["--max-retries", "99999"],
        ["--max-cache-age", "inf"],
    ],
)
def test_bad_numbers_exit_2_with_one_line(
    tmp_path: Path, flags: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([str(good_site(tmp_path / "site")), *flags])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"checklinks: error: argument {flags[0]}")


def test_offline_run_imports_neither_aiohttp_nor_rich_nor_asyncio(tmp_path: Path) -> None:
    code = (
        "import sys; from checklinks.cli import main; "
        f"rc = main([{str(good_site(tmp_path / 'site'))!r}, '--offline']); "
        "print(rc, sorted(m for m in ('aiohttp', 'rich', 'asyncio') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=SCRIPT.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.splitlines()[-1] == "0 []"


def test_run_without_bib_or_config_imports_neither_pybtex_nor_tomllib_nor_json(
    tmp_path: Path,
) -> None:
    """Start-up cost (issue 15): pybtex is loaded only for --bib, tomllib only for a
    config file, json only for the cache and --format json."""
    code = (
        "import sys; from checklinks.cli import main; "
        f"rc = main([{str(good_site(tmp_path / 'site'))!r}, '--offline']); "
        "print(rc, sorted(m for m in ('pybtex', 'tomllib', 'json') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(SCRIPT.parent)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.splitlines()[-1] == "0 []"


def test_python_m_checklinks_runs_the_same_command(tmp_path: Path) -> None:
    site = str(good_site(tmp_path / "site"))
    done = subprocess.run(
        [sys.executable, "-m", "checklinks", site, "--offline", "--format", "plain"],
        cwd=SCRIPT.parent,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (0, "")


def test_installed_command_points_at_main() -> None:
    project = tomllib.loads((SCRIPT.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    module, _, name = project["project"]["scripts"]["checklinks"].partition(":")
    assert getattr(importlib.import_module(module), name) is main
