"""Hostile or odd files in the site or in --docs (issue 17; issue 18, row 19).

Each case runs the command line in a child process, as CI would, and asserts a verdict
or a clear message, no traceback, an end within 30 s (a hang guard, not a timing) and a
peak resident memory under 300 MB (the child's own VmHWM, written as it exits).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import peak_rss
import pytest
from bench_linkcheck_memory import many_links_site
from checklinks.htmlscan import scan_html

from .conftest import page, write_site

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_links.py"
GUARD_S = 30.0
MAX_RSS_MB = 300.0


@dataclass
class Run:
    code: int
    out: str
    err: str
    rss_mb: float


def run_checker(tmp_path: Path, *args: str, guard_s: float = GUARD_S) -> Run:
    """Run check_links.py offline; kill it after ``guard_s`` seconds (the test then fails)."""
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    peak = tmp_path / "peak-rss-kb.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(
            peak_rss.python_command(str(SCRIPT), *args, "--offline", "--no-cache"),
            stdout=stdout,
            stderr=stderr,
            cwd=tmp_path,
            env={**os.environ, peak_rss.ENV: str(peak)},
        )
    deadline = time.monotonic() + guard_s
    while True:
        pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            pytest.fail(f"check_links.py {' '.join(args)} still running after {guard_s} s")
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    run = Run(proc.returncode, out.read_text(), err.read_text(), peak_rss.read_mb(peak))
    assert "Traceback" not in run.err
    assert run.rss_mb < MAX_RSS_MB
    return run


def report(run: Run) -> dict:
    return json.loads(run.out)


def test_symlink_to_dev_zero_is_skipped(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"index.html": page('<a href="zero.html">z</a>')})
    (site / "zero.html").symlink_to("/dev/zero")
    run = run_checker(tmp_path, str(site), "--format", "json")
    doc = report(run)
    assert run.code == 1
    assert [(r["target"], r["error"]) for r in doc["results"]] == [("zero.html", "missing_file")]
    assert doc["notes"] == [
        {"location": "zero.html", "message": "skipped: symlink to /dev/zero, outside the folder"}
    ]


def test_symlink_to_a_device_inside_the_folder_is_skipped(tmp_path: Path) -> None:
    """A symlink's target is checked too: here a link to /dev/null made inside the site."""
    site = write_site(tmp_path / "site", {"index.html": page()})
    (site / "dev").symlink_to("/dev")
    (site / "null.html").symlink_to(site / "dev" / "null")
    run = run_checker(tmp_path, str(site), "--format", "json")
    messages = {n["location"]: n["message"] for n in report(run)["notes"]}
    assert messages["null.html"] == "skipped: symlink to /dev/null, outside the folder"
    assert messages["dev"] == "skipped: symlink to /dev, outside the folder"
    assert run.code == 0


def test_fifo_in_the_site_is_skipped_not_waited_on(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"index.html": page('<a href="pipe.html">p</a>')})
    os.mkfifo(site / "pipe.html")
    run = run_checker(tmp_path, str(site), "--format", "json")
    doc = report(run)
    assert doc["notes"] == [{"location": "pipe.html", "message": "skipped: a FIFO"}]
    assert [r["error"] for r in doc["results"]] == ["missing_file"]


def test_fifo_in_docs_is_skipped_not_waited_on(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"index.html": page()})
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("Claim [@k2020].\n")
    os.mkfifo(docs / "notes.md")
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{k2020, title={K}}\n")
    run = run_checker(tmp_path, str(site), "--docs", str(docs), "--bib", str(bib))
    assert run.code == 0
    assert "note: notes.md: skipped: a FIFO" in run.out


def test_fifo_as_bib_is_a_clear_error(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"index.html": page()})
    (tmp_path / "docs").mkdir()
    os.mkfifo(tmp_path / "refs.bib")
    run = run_checker(tmp_path, str(site), "--docs", "docs", "--bib", "refs.bib")
    assert run.code == 2
    assert "refs.bib: a FIFO, not a regular file" in run.err


def test_page_over_the_size_cap_is_unverified_and_the_cap_can_be_raised(tmp_path: Path) -> None:
    big = page('<a href="missing.html">m</a>', "<p>filler</p>" * 200, ids=("part",))
    site = write_site(
        tmp_path / "site", {"index.html": page('<a href="big.html#part">b</a>'), "big.html": big}
    )
    run = run_checker(tmp_path, str(site), "--format", "json", "--max-file-size", "0.001")
    doc = report(run)
    assert {r["target"]: (r["status"], r["error"]) for r in doc["results"]} == {
        "big.html": ("unverified", "page_too_large"),
        "big.html#part": ("unverified", "page_too_large"),
    }
    assert doc["notes"] == [
        {"location": "big.html", "message": "skipped: 0.0 MB is over the 0.0 MB cap"}
    ]
    raised = report(run_checker(tmp_path, str(site), "--format", "json", "--max-file-size", "1"))
    assert {r["target"]: r["status"] for r in raised["results"]} == {
        "big.html#part": "ok",
        "missing.html": "broken",
    }


def test_deep_nesting_is_scanned_in_linear_time(tmp_path: Path) -> None:
    """1,000,000 nested <div> (11 MB) took 300 s with a tree parser (issue 17)."""
    depth = 1_000_000
    html = "<html><body>\n" + "<div>" * depth + '\n<a href="missing.html">m</a>'
    site = write_site(tmp_path / "site", {"index.html": html + "</div>" * depth})
    run = run_checker(tmp_path, str(site), "--format", "plain")
    assert (run.code, run.out) == (1, "missing.html\n")


def test_a_50_mb_page_with_1_4_million_links_stays_under_the_memory_cap(tmp_path: Path) -> None:
    """1,400,000 links to 1,000 pages on one 55 MB page (the issue's case took 165 s and
    1.9 GB): every link is found, within MAX_RSS_MB. About 6 s of CPU; the guard is wider
    because the test machine is shared."""
    site = tmp_path / "site"
    site.mkdir()
    many_links_site(site, 1_400_000, distinct=False)
    assert (site / "index.html").stat().st_size > 49_000_000
    size_cap = ("--max-file-size", "60")  # the default cap, 50 MB, would skip the page
    run = run_checker(tmp_path, str(site), *size_cap, "--format", "text", guard_s=150.0)
    assert run.code == 0
    assert run.out.startswith("OK: 1000 targets in 1400000 links")


def test_a_million_distinct_targets_stay_under_the_memory_cap(tmp_path: Path) -> None:
    """1,000,000 links on one page, each to another id of 1,000 pages, plus one broken
    one: the broken link is reported with its line, within MAX_RSS_MB (issue 17).

    Each distinct target costs memory of its own, so this is the hard case (654 MB
    before targets and links were stored compactly). The checker needs about 15 s of
    CPU here; the guard is wider because the test machine is shared. ``--format json``
    peaks at the same figure (scripts/bench_linkcheck_memory.py) but needs 8 s more CPU,
    so its own memory is bounded per target in test_report.py instead.
    """
    links = 1_000_000
    site = tmp_path / "site"
    site.mkdir()
    many_links_site(site, links, distinct=True)
    with (site / "index.html").open("a") as index:
        index.write('<a href="p7.html#nowhere">broken</a>\n')
    run = run_checker(tmp_path, str(site), "--format", "text", guard_s=150.0)
    assert run.code == 1
    line = links + 3  # doctype line, one line per link, closing tags, then the broken link
    assert run.out.splitlines()[0] == (
        f"index.html:{line}: p7.html#nowhere (broken: cannot find fragment)"
    )
    assert run.out.splitlines()[1].startswith("FAILED: 1000001 targets in 1000001 links")


@pytest.mark.parametrize(
    "unit", ["<a b=c ", "<a href='x ", "</a ", "<!--", "<?x ", "<!x ", "<![", "<![CDATA[", "<"]
)
def test_unterminated_markup_is_scanned_in_linear_time(unit: str) -> None:
    """Python 3.11's tokenizer retried each unterminated tag up to the end of the page
    (quadratic: minutes for 1 MB), and raised AssertionError on ``<![<![``."""

    def too_slow(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"{unit!r} * 200,000 still scanning after {GUARD_S} s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(int(GUARD_S))
    try:
        scanned = scan_html('<a href="first.html">' + unit * 200_000)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert scanned.urls[0] == ("first.html", 1)
