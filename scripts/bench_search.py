"""Search benchmark: type every query of tests/search/queries.yml into the search box in Chromium.

Prints, per class (keyword, question) and split (tuning, held out), the share of queries whose
answer is the first visible result (top-1) and among the first three (top-3); the time from the
last keystroke to the results on a CPU throttled 4x; and the search index size, gzipped.

    python scripts/bench_search.py [--site DIR] [--throttle 4] [--key-delay 150] [--paste]
                                   [--misses]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

from search_queries import QueryFileError, load_queries
from search_reader import rank, shares, throttled_search_box
from strict_build import strict_build


def index_size(site: Path) -> tuple[int, int]:
    """The search index's size in bytes: raw, and gzipped (level 6, as web servers send it)."""
    data = (site / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--throttle", type=float, default=4.0, help="CPU slowdown (default 4)")
    parser.add_argument("--misses", action="store_true", help="list queries not in the top 3")
    parser.add_argument(
        "--key-delay", type=float, default=150, help="ms each key is held down (default 150)"
    )
    parser.add_argument(
        "--paste", action="store_true", help="paste each query whole (faster; for tuning)"
    )
    args = parser.parse_args(argv)
    try:
        queries = load_queries()
    except QueryFileError as error:
        print(error, file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            build = strict_build(site)
            if not build.ok:
                print(build.output, file=sys.stderr)
                return 1
        with throttled_search_box(site, args.throttle) as box:
            ranked, latencies = [], []
            for query in queries:
                results = box.search(
                    query.text, every_key=not args.paste, key_delay_ms=args.key_delay
                )
                ranked.append((query, rank(query, results)))
                latencies.append(results.latency_ms)
                if args.misses and (ranked[-1][1] is None or ranked[-1][1] > 3):
                    print(f"miss: {query.text!r} -> {results.visible[:3]} (rank {ranked[-1][1]})")
        raw, packed = index_size(site)

    for held_out in (False, True, None):
        for share in shares(ranked, held_out):
            print(share.line())
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    typing = "each query pasted whole" if args.paste else f"each key held {args.key_delay:g} ms"
    print(
        f"last keystroke to results, CPU throttled {args.throttle:g}x, {typing}: "
        f"median {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, "
        f"max {latencies[-1]:.0f} ms over {len(latencies)} queries"
    )
    print(f"search index: {raw:,} bytes, {packed:,} bytes gzipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
