#!/usr/bin/env python3
"""Benchmark scripts/check_links.py against lychee-fast and linkinator with linkbench.

Three linkbench runs, all offline (loopback only):

1. the default scenario (200 pages x 20 links, 300 external URLs);
2. the same with ``--host-rps 20`` (the server answers 429 beyond 20 requests/s);
3. ours alone with the cache on, twice: a cold run, then a warm one.

Prints one table per run and the ratios that matter: our wall time over lychee-fast's,
and warm over cold. Peers are installed with linkbench's setup_peers.sh when missing.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHECKER = REPO / "scripts" / "check_links.py"
DEFAULT_LINKBENCH = REPO.parent / "shared" / "linkbench" / "linkbench.py"
PEERS = "lychee-fast,linkinator"


def ours(name: str, extra: str) -> str:
    """A linkbench --custom spec running our checker with this interpreter."""
    cmd = f"{shlex.quote(sys.executable)} {shlex.quote(str(CHECKER))} {{site}} --format plain"
    return f"{name}={cmd} {extra}"


def linkbench(bench: Path, out: Path, args: list[str]) -> dict:
    """Run linkbench with args; return its results.json."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, str(bench), "--out", str(out), *args]
    print("$", shlex.join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    return json.loads((out / "results.json").read_text())


def table(title: str, results: dict) -> None:
    """Print a short table of one linkbench run."""
    print(f"\n### {title}\n")
    print("| tool | wall s | TP | FN | FP | exact | requests | 429s | max in flight |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results["runs"]:
        walls = "/".join(f"{w:.2f}" for w in r["wall_s"])
        srv = r["server"]
        print(
            f"| {r['tool']} | {walls} | {r['tp']} | {r['fn']} | {r['fp']} | "
            f"{'yes' if r['exact'] else 'no'} | {srv['requests']} | "
            f"{srv['by_status'].get('429', 0)} | {srv['max_in_flight']} |"
        )


def wall(results: dict, tool: str) -> float | None:
    """Median wall time of a tool in a run, if it ran."""
    return next((r["wall_median_s"] for r in results["runs"] if r["tool"] == tool), None)


def ensure_peers(bench: Path, tools_dir: Path) -> None:
    """Install lychee and linkinator with setup_peers.sh if they are missing."""
    if (tools_dir / "venv/bin/lychee").exists() and (
        tools_dir / "npm/node_modules/.bin/linkinator"
    ).exists():
        return
    subprocess.run(["bash", str(bench.parent / "setup_peers.sh"), str(tools_dir)], check=True)


def main(argv: list[str] | None = None) -> int:
    """Run the three scenarios and print tables and ratios."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--linkbench",
        type=Path,
        default=DEFAULT_LINKBENCH,
        help="path to linkbench.py (default: %(default)s)",
    )
    p.add_argument(
        "--tools-dir",
        type=Path,
        default=Path("/tmp/linkbench-tools"),
        help="where setup_peers.sh installs the peers (default: %(default)s)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("/tmp/bench-linkcheck"),
        help="logs and results.json per scenario (default: %(default)s)",
    )
    p.add_argument("--repeat", type=int, default=1, help="runs per tool (default: %(default)s)")
    args = p.parse_args(argv)
    bench = args.linkbench.resolve()
    ensure_peers(bench, args.tools_dir)
    common = ["--tools-dir", str(args.tools_dir), "--repeat", str(args.repeat)]
    cold = ours("ours", "--no-cache")

    default = linkbench(bench, args.out / "default", [*common, "--tools", PEERS, "--custom", cold])
    table("default scenario", default)
    limited = linkbench(
        bench,
        args.out / "host-rps-20",
        [*common, "--host-rps", "20", "--tools", PEERS, "--custom", cold],
    )
    table("--host-rps 20", limited)
    cached = ours("ours-cache", "--cache-path {work}/checklinks-cache.json")
    warm = linkbench(
        bench,
        args.out / "cache",
        ["--tools-dir", str(args.tools_dir), "--repeat", "2", "--tools", "", "--custom", cached],
    )
    table("cache: cold run, then warm run", warm)

    print("\n### ratios\n")
    for title, res in (("default", default), ("host-rps 20", limited)):
        mine, lychee = wall(res, "ours"), wall(res, "lychee-fast")
        if mine and lychee:
            ratio = mine / lychee
            print(f"- {title}: ours {mine:.2f} s / lychee-fast {lychee:.2f} s = {ratio:.2f}")
    first, second = warm["runs"][0]["wall_s"][:2]
    print(f"- cache: warm {second:.2f} s / cold {first:.2f} s = {second / first:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
