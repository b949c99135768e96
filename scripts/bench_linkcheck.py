#!/usr/bin/env python3
"""Benchmark scripts/check_links.py against lychee-fast and linkinator with linkbench.

Scenarios, all on loopback (linkbench's server plays "the web"):

1. ``default``: 200 pages x 20 links, 300 external URLs;
2. ``large``: ``--pages 2000 --external 1500``;
3. ``host-rps``: the default site with ``--host-rps 20`` (429 beyond 20 requests/s);
   the floor is the time the server needs for our accepted requests at 20/s;
4. ``cache``: ours alone with the cache on, a cold run then a warm one;
5. ``fragments``: one 2.5 MB page with 5,000 ids, and a page with 5,000 ``#id`` links to
   it (every tenth id missing), ours against lychee.

Each scenario prints a table; the end prints the ratios that matter (ours over each
peer, from the same run; warm over cold; host-rps over its floor) and the machine load.
Peers are installed with linkbench's setup_peers.sh when missing.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHECKER = REPO / "scripts" / "check_links.py"
DEFAULT_LINKBENCH = REPO.parent / "shared" / "linkbench" / "linkbench.py"
PEERS = "lychee-fast,linkinator"
SCENARIOS = ("default", "large", "host-rps", "cache", "fragments")
HOST_RPS = 20


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


def run_of(results: dict, tool: str) -> dict | None:
    return next((r for r in results["runs"] if r["tool"] == tool), None)


def ratios(title: str, results: dict) -> list[str]:
    """``ours / peer`` lines for one linkbench run."""
    mine = run_of(results, "ours")
    lines = []
    for peer in PEERS.split(","):
        other = run_of(results, peer)
        if mine and other:
            a, b = mine["wall_median_s"], other["wall_median_s"]
            exact = f"ours exact: {mine['exact']}, {peer} FP {other['fp']} FN {other['fn']}"
            lines.append(f"- {title}: ours {a:.2f} s / {peer} {b:.2f} s = {a / b:.2f} ({exact})")
    return lines


def ensure_peers(bench: Path, tools_dir: Path) -> None:
    """Install lychee and linkinator with setup_peers.sh if they are missing."""
    if (tools_dir / "venv/bin/lychee").exists() and (
        tools_dir / "npm8/node_modules/.bin/linkinator"
    ).exists():
        return
    subprocess.run(["bash", str(bench.parent / "setup_peers.sh"), str(tools_dir)], check=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


def fragments(tools_dir: Path, ids: int = 5000) -> list[str]:
    """Time ours and lychee on one 2.5 MB page linked 5,000 times by fragment."""
    work = Path(tempfile.mkdtemp(prefix="bench-fragments-"))
    served, site = work / "served", work / "site"
    served.mkdir()
    site.mkdir()
    filler = "lorem ipsum dolor sit amet " * 16
    sections = (f'<h2 id="s{i}">Section {i}</h2><p>{filler}</p>\n' for i in range(ids))
    (served / "big.html").write_text(
        f"<!DOCTYPE html><html><body>{''.join(sections)}</body></html>"
    )
    handler = functools.partial(_QuietHandler, directory=str(served))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/big.html"
    links = "".join(f'<a href="{base}#{"s" if i % 10 else "x"}{i}">{i}</a>\n' for i in range(ids))
    (site / "index.html").write_text(f"<!DOCTYPE html><html><body>{links}</body></html>")
    size = (served / "big.html").stat().st_size / 1e6
    commands = {
        "ours": [sys.executable, str(CHECKER), str(site), "--format", "plain", "--no-cache"],
        "lychee": [
            str(tools_dir / "venv/bin/lychee"),
            "--no-progress",
            "--include-fragments",
            str(site / "index.html"),
        ],
    }
    walls: dict[str, float] = {}
    print(f"\n### fragments: one {size:.1f} MB page, {ids} fragment links\n")
    print("| tool | wall s | broken reported |")
    print("|---|---|---|")
    try:
        for name, cmd in commands.items():
            started = time.monotonic()
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=work)
            walls[name] = time.monotonic() - started
            output = done.stdout + done.stderr
            broken = output.count("#x") if name == "ours" else output.count("[ERROR]")
            print(f"| {name} | {walls[name]:.2f} | {broken} (expected {ids // 10}) |")
    finally:
        server.shutdown()
        server.server_close()
    ratio = walls["ours"] / walls["lychee"]
    return [
        f"- fragments: ours {walls['ours']:.2f} s / lychee {walls['lychee']:.2f} s = {ratio:.2f}"
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the chosen scenarios and print tables and ratios."""
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
    p.add_argument("--seed", type=int, default=1, help="linkbench seed (default: %(default)s)")
    p.add_argument(
        "--only",
        choices=SCENARIOS,
        action="append",
        help="run only these scenarios (repeatable; default: all)",
    )
    args = p.parse_args(argv)
    chosen = args.only or list(SCENARIOS)
    bench = args.linkbench.resolve()
    ensure_peers(bench, args.tools_dir)
    common = ["--tools-dir", str(args.tools_dir), "--repeat", str(args.repeat)]
    common += ["--seed", str(args.seed)]
    cold = ours("ours", "--no-cache")
    lines: list[str] = []
    load_before = os.getloadavg()[0]

    if "default" in chosen:
        res = linkbench(bench, args.out / "default", [*common, "--tools", PEERS, "--custom", cold])
        table("default: 200 pages, 300 external URLs", res)
        lines += ratios("default (200 pages)", res)
    if "large" in chosen:
        size = ["--pages", "2000", "--external", "1500"]
        res = linkbench(
            bench, args.out / "large", [*common, *size, "--tools", PEERS, "--custom", cold]
        )
        table("large: 2,000 pages, 1,500 external URLs", res)
        lines += ratios("large (2,000 pages)", res)
    if "host-rps" in chosen:
        rps = ["--host-rps", str(HOST_RPS)]
        res = linkbench(
            bench, args.out / "host-rps", [*common, *rps, "--tools", PEERS, "--custom", cold]
        )
        table(f"--host-rps {HOST_RPS}", res)
        lines += ratios(f"host-rps {HOST_RPS}", res)
        if mine := run_of(res, "ours"):
            srv = mine["server"]
            accepted = srv["requests"] - srv["by_status"].get("429", 0)
            floor = accepted / HOST_RPS
            wall = mine["wall_median_s"]
            lines.append(
                f"- host-rps {HOST_RPS}: ours {wall:.2f} s / floor {floor:.2f} s "
                f"({accepted} accepted requests / {HOST_RPS} per s) = {wall / floor:.2f}"
            )
    if "cache" in chosen:
        cached = ours("ours-cache", "--cache-path {work}/checklinks-cache.json")
        res = linkbench(
            bench,
            args.out / "cache",
            [
                *common[:2],
                "--seed",
                str(args.seed),
                "--repeat",
                "2",
                "--tools",
                "",
                "--custom",
                cached,
            ],
        )
        table("cache: cold run, then warm run", res)
        first, second = res["runs"][0]["wall_s"][:2]
        lines.append(f"- cache: warm {second:.2f} s / cold {first:.2f} s = {second / first:.2f}")
    if "fragments" in chosen:
        lines += fragments(args.tools_dir)

    print("\n### ratios\n")
    print("\n".join(lines))
    load_after = os.getloadavg()[0]
    cpus = os.cpu_count()
    print(f"\nload average (1 min): before {load_before:.1f}, after {load_after:.1f}; {cpus} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
