"""Benchmark: strict build time of the site, with and without the bibliography machinery.

Prints the median of several interleaved runs for three configurations, measured in the same run:
  full      mkdocs.yml as it is (search, mkdocs-bibtex, all hooks)
  no-bib    the same without mkdocs-bibtex and its three hooks (other plugins and hooks stay)
  bare      Material with no plugins and no hooks at all
  big-bib   full, with N uncited entries added to references.bib (only with --uncited N)
and the largest peak memory of each (the mkdocs process's own VmHWM, see peak_rss.py).
Usage: python scripts/bench_build.py [--runs N] [--uncited N]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from strict_build import ROOT, strict_build

PLUGINS_AND_HOOKS = re.compile(r"^# Plugins\n.*?(?=^# Extensions)", re.S | re.M)
BIB_MACHINERY = re.compile(
    r"^  - bibtex:\n(?:      .*\n)+"  # the plugin and its indented options
    r"|^  - hooks/(?:bib_guard|citations|references_page)\.py.*\n",
    re.M,
)
VARIANTS = {
    "full": None,
    "no-bib": BIB_MACHINERY,
    "bare": "plugins: []\n\n",
}


def write_variant(
    change: str | re.Pattern[str] | None, replacement: str = "", count: int = 4
) -> Path:
    """Write a config next to mkdocs.yml (so relative paths hold) and return its path.

    A string replaces the plugins and hooks blocks; a pattern is replaced by `replacement`
    (deleted by default) and must match `count` times.
    """
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if isinstance(change, str):
        config = PLUGINS_AND_HOOKS.sub(change, config)
    elif change is not None:
        config, found = change.subn(replacement, config)
        if found != count:
            sys.exit(f"mkdocs.yml: expected {count} matches of {change.pattern}, found {found}")
    handle, name = tempfile.mkstemp(prefix=".bench-", suffix=".yml", dir=ROOT)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(config)
    return Path(name)


def uncited_entries(count: int) -> str:
    """`count` synthetic .bib entries, titled "Uncited entry number N", that no page cites."""
    return "".join(
        f"@misc{{bench{n}2020entry,\n  title = {{Uncited entry number {n}}},\n"
        f"  author = {{Doe, Jane and Roe, Richard}},\n  year = {{2020}},\n"
        f"  url = {{https://example.org/{n}}},\n}}\n\n"
        for n in range(count)
    )


def write_big_bib(uncited: int) -> Path:
    """references.bib plus `uncited` synthetic entries no page cites, next to mkdocs.yml."""
    handle, name = tempfile.mkstemp(prefix=".bench-", suffix=".bib", dir=ROOT)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write((ROOT / "references.bib").read_text(encoding="utf-8") + "\n")
        file.write(uncited_entries(uncited))
    return Path(name)


def build_seconds(config: Path, site: Path) -> tuple[float, float, float]:
    """Wall time and CPU time of one strict build in a process that imports everything itself,
    as `mkdocs build` does, and its peak memory (MB).

    CPU time barely moves when other jobs load the machine; wall time does.
    """
    started = time.perf_counter()
    done = strict_build(site, config=config, warm=False)
    wall = time.perf_counter() - started
    if not done.ok:
        sys.exit(f"{config.name}: the strict build failed\n{done.output[-2000:]}")
    return wall, done.cpu_s, done.peak_rss_mb or float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds per variant [default: 5]")
    parser.add_argument("--uncited", type=int, default=0, help="big-bib entries [default: 0]")
    args = parser.parse_args()
    runs = args.runs
    configs = {name: write_variant(text) for name, text in VARIANTS.items()}
    if args.uncited:
        big_bib = write_big_bib(args.uncited)
        configs["big-bib"] = write_variant(
            re.compile(r"(?<=bib_file: )references\.bib"), replacement=big_bib.name, count=1
        )
    times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in configs}
    try:
        with tempfile.TemporaryDirectory() as site:
            for _ in range(runs):
                for name, config in configs.items():
                    # Without mkdocs-bibtex, [@key] stays literal text: strict mode allows it.
                    times[name].append(build_seconds(config, Path(site) / name))
    finally:
        for config in configs.values():
            config.unlink()
        if args.uncited:
            big_bib.unlink()
    for column, label in ((0, "wall"), (1, "CPU (user + system)")):
        report(runs, label, {name: [t[column] for t in values] for name, values in times.items()})
    print("peak resident memory of the mkdocs process, largest of the runs (MB)")
    for name, values in times.items():
        print(f"  {name:<7} {max(t[2] for t in values):6.0f}")
    if args.uncited:
        print(f"big-bib: references.bib plus {args.uncited} uncited entries")


def report(runs: int, label: str, times: dict[str, list[float]]) -> None:
    """Print the medians of one kind of time and the ratios between the variants."""
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"strict build, {label} time, median of {runs} runs (seconds)")
    for name, value in medians.items():
        spread = f"{min(times[name]):.2f}-{max(times[name]):.2f}"
        print(f"  {name:<7} {value:6.2f}   (range {spread})")
    print(f"  ratio full / no-bib: {medians['full'] / medians['no-bib']:.2f}  (goal <= 1.20)")
    print(f"  ratio full / bare:   {medians['full'] / medians['bare']:.2f}")
    if "big-bib" in medians:
        print(f"  ratio big-bib / full: {medians['big-bib'] / medians['full']:.2f}  (goal <= 1.50)")


if __name__ == "__main__":
    main()
