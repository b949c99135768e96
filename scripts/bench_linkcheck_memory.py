#!/usr/bin/env python3
"""Peak memory and time of an offline link check on huge and deeply nested pages.

Each case writes a one-page site (plus the pages it links to) in a temporary folder,
runs ``scripts/check_links.py SITE --offline --format FORMAT`` in a child process, and
prints its peak resident memory (its own VmHWM, see peak_rss.py), CPU and wall time; the
pages with 1,000,000 links are checked in every output format. Targets (issue 17): at
most 300 MB for one page with 1,000,000 links, in every format; time linear in the
nesting depth (issue 18, row 19); at most 0.15 s wall for an empty folder (issue 15:
start-up cost).

    python scripts/bench_linkcheck_memory.py            # all cases
    python scripts/bench_linkcheck_memory.py --links 200000 --depths 100000
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import peak_rss
from checklinks.report import FORMATS

CHECKER = Path(__file__).resolve().parent / "check_links.py"
TARGETS = 1000  # distinct pages the links point to


def many_links_site(root: Path, links: int, distinct: bool) -> None:
    """index.html with ``links`` links, one per line, to ids that exist (all fine).

    The targets are ids on ``TARGETS`` pages: one id each (1,000 distinct targets), or
    with ``distinct`` as many ids as needed for every link to name another one.
    """
    ids = -(-links // TARGETS) if distinct else 1
    heads = "".join(f'<h2 id="h{k}">{k}</h2>\n' for k in range(ids))
    for i in range(TARGETS):
        (root / f"p{i}.html").write_text(heads)
    with (root / "index.html").open("w") as out:
        out.write("<!DOCTYPE html><html><body>\n")
        for i in range(links):
            frag = i // TARGETS if distinct else 0
            out.write(f'<a href="p{i % TARGETS}.html#h{frag}">link {i}</a>\n')
        out.write("</body></html>\n")


def nested_site(root: Path, depth: int) -> None:
    """index.html with ``depth`` nested <div>s around one link."""
    (root / "p.html").write_text("<p>target</p>\n")
    body = "<div>" * depth + '<a href="p.html">p</a>' + "</div>" * depth
    (root / "index.html").write_text(f"<!DOCTYPE html><html><body>{body}</body></html>\n")


def measure(site: Path, fmt: str) -> tuple[float, float, float, int]:
    """Peak RSS (MB), user+system CPU (s), wall (s) and exit code of one offline check."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-linkcheck-peak-") as scratch:
        peak = Path(scratch) / "peak-rss-kb"
        done = subprocess.run(
            peak_rss.python_command(str(CHECKER), str(site), "--offline", "--format", fmt),
            stdout=subprocess.DEVNULL,
            env={**os.environ, peak_rss.ENV: str(peak)},
            check=False,
        )
        rss = peak_rss.read_mb(peak)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return rss, cpu, wall, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=1_000_000, help="links on the big page")
    parser.add_argument(
        "--depths",
        default="10000,100000,1000000",
        help="nesting depths to time, comma-separated",
    )
    parser.add_argument(
        "--formats", default=",".join(FORMATS), help="formats for the pages with many links"
    )
    args = parser.parse_args()
    formats = args.formats.split(",")
    print("| case | format | page MB | peak RSS MB | CPU s | wall s | exit |")
    print("|---|---|---|---|---|---|---|")
    cases: list[tuple[str, object, list[str]]] = [
        ("empty folder", lambda r: None, ["plain"]),
        (
            f"{args.links:,} links, 1,000 targets",
            lambda r: many_links_site(r, args.links, False),
            formats,
        ),
        (
            f"{args.links:,} links, all distinct",
            lambda r: many_links_site(r, args.links, True),
            formats,
        ),
    ]
    cases += [
        (f"{d:,} nested <div>", lambda r, d=d: nested_site(r, d), ["plain"])
        for d in map(int, args.depths.split(","))
    ]
    for name, build, case_formats in cases:
        with tempfile.TemporaryDirectory(prefix="bench-linkcheck-mem-") as tmp:
            site = Path(tmp)
            build(site)  # type: ignore[operator]
            index = site / "index.html"
            size = index.stat().st_size / 1e6 if index.exists() else 0.0
            for fmt in case_formats:
                rss, cpu, wall, code = measure(site, fmt)
                row = (name, fmt, f"{size:.1f}", f"{rss:.0f}", f"{cpu:.2f}", f"{wall:.2f}", code)
                print("| " + " | ".join(map(str, row)) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
