"""Command line: parse flags, collect, check (with a progress bar on a terminal), report."""

from __future__ import annotations

import argparse
import functools
import math
import re
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from checklinks.check import (
    DEFAULT_ARXIV_BASE,
    DEFAULT_DOI_API,
    Options,
    collect_and_check,
    run_checks,
)
from checklinks.check.options import DEFAULT_FAILURE_MAX_AGE_S
from checklinks.collect import collect
from checklinks.report import FORMATS, write
from checklinks.sitefiles import DEFAULT_MAX_FILE_BYTES, read_list, select_pages
from checklinks.types import CheckLinksError, InputError, Report, Result

T = TypeVar("T")

EPILOG = """\
Exit codes: 0 all fine, 1 something broken (or timed out), 2 bad usage or bad input.

Inputs: one SITE_DIR checks every page of that site. To check some pages against
the whole site, name the site with --root and the pages as folders, files or
quoted globs ('site/sec1/*.html', 'site/**/index.html'), or list them, one per
line, in a file given to --files-from (- reads standard input).

A URL input (checklinks http://127.0.0.1:8000/) crawls the site served there: every
page of that origin reachable from it (following redirects, meta refresh and <base>),
then checks every link found, like external URLs. The cache is not used.

Only regular files are read; FIFOs, devices, sockets and symlinks to outside the
folder or to a non-file are skipped with a note.

Exclusions: regexes (re.search on the target) from --exclude and from
`exclude = [...]` in the [tool.checklinks] section of pyproject.toml (in the
current directory, or the file given with --config).
"""


def _number(kind: type, low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a finite ``kind`` (int or float) within [low, high]."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not between {low:g} and {high:g}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line: ``prog: error: message``."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Defaults at the end of every help line; the epilog keeps its line breaks."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        return text if "(default:" in text else super()._get_help_string(action)


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser; every help line ends with its default."""
    d = Options()
    p = _Parser(
        prog="checklinks",
        description="Check internal links, citations and external references of a built site.",
        epilog=EPILOG,
        formatter_class=_HelpFormatter,
    )
    p.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="SITE_DIR, the folder of built HTML; with --root: pages to check as "
        "folders, files or globs (default: none)",
    )
    p.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help="the site the INPUT pages belong to (default: the single SITE_DIR)",
    )
    p.add_argument(
        "--files-from",
        type=Path,
        metavar="FILE",
        help="pages to check, one path per line; - for stdin (default: none)",
    )
    p.add_argument(
        "--max-file-size",
        type=float,
        default=DEFAULT_MAX_FILE_BYTES / 1e6,
        metavar="MB",
        help="files larger than this are not read: a page is reported unverified, "
        "a .md file gets a note, a .bib file is an error",
    )
    p.add_argument(
        "--docs",
        type=Path,
        help="Markdown sources, for [@key] citations (default: none, no citation checks)",
    )
    p.add_argument(
        "--bib",
        type=Path,
        help="BibTeX file the citations refer to (default: none, no citation checks)",
    )
    p.add_argument("--offline", action="store_true", help="internal and citation checks only")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    p.add_argument(
        "--cache-path", type=Path, default=Path(".cache/checklinks.json"), help="cache file"
    )
    p.add_argument(
        "--max-cache-age",
        type=_number(float, 0, 10 * 365 * 86400),
        default=86400.0,
        help="seconds a cached success (ok, redirected) stays valid",
    )
    p.add_argument(
        "--max-cache-age-failures",
        type=_number(float, 0, 10 * 365 * 86400),
        default=DEFAULT_FAILURE_MAX_AGE_S,
        help="seconds a cached broken result stays valid (timeouts are never cached)",
    )
    p.add_argument(
        "--max-concurrency",
        type=_number(int, 1, 10000),
        default=d.max_concurrency,
        help="requests in flight overall",
    )
    p.add_argument(
        "--host-concurrency",
        type=_number(int, 1, 10000),
        default=d.host_concurrency,
        help="requests in flight per host",
    )
    p.add_argument(
        "--max-retries",
        type=_number(int, 0, 20),
        default=d.max_retries,
        help="retries after 429, 5xx, timeouts and resets",
    )
    p.add_argument(
        "--retry-wait-time",
        type=_number(float, 0, 60),
        default=d.retry_wait_s,
        help="first retry delay in seconds; doubles each retry",
    )
    p.add_argument(
        "--max-retry-wait",
        type=_number(float, 0, 86400),
        default=d.max_retry_wait_s,
        help="total seconds one URL may wait for Retry-After and 429 backoffs; "
        "then it is reported unverified",
    )
    p.add_argument(
        "--max-redirects",
        type=_number(int, 0, 100),
        default=d.max_redirects,
        help="redirects to follow",
    )
    p.add_argument(
        "--timeout",
        type=_number(float, 0.001, 3600),
        default=d.timeout_s,
        help="seconds for one whole request",
    )
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="REGEX",
        help="skip targets matching REGEX (repeatable)",
    )
    p.add_argument(
        "--skip-fragment",
        action="append",
        default=[],
        metavar="REGEX",
        help="for targets matching REGEX, check the page but not its #fragment (repeatable)",
    )
    p.add_argument(
        "--allow-file-urls",
        action="store_true",
        help="do not report file: links (by default they are broken: "
        "they work only on the author's machine)",
    )
    p.add_argument(
        "--config",
        type=Path,
        help="TOML file with a [tool.checklinks] section "
        "(default: ./pyproject.toml, if there is one)",
    )
    p.add_argument(
        "--doi-api", default=DEFAULT_DOI_API, help="DOI handle API base (env CHECKLINKS_DOI_API)"
    )
    p.add_argument(
        "--arxiv-base",
        default=DEFAULT_ARXIV_BASE,
        help="arXiv base URL (env CHECKLINKS_ARXIV_BASE)",
    )
    return p


def load_excludes(config: Path | None) -> list[str]:
    """``exclude`` of ``[tool.checklinks]``; without --config, ./pyproject.toml if present."""
    if config is None:
        config = Path("pyproject.toml")
        if not config.is_file():
            return []
    elif not config.is_file():
        raise InputError(f"{config}: no such file")
    import tomllib  # here: most runs have no config to read

    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{config}: {exc}") from exc
    patterns = data.get("tool", {}).get("checklinks", {}).get("exclude", [])
    if not isinstance(patterns, list) or not all(isinstance(x, str) for x in patterns):
        raise InputError(f"{config}: [tool.checklinks] exclude must be a list of strings")
    return patterns


def compile_patterns(
    patterns: Sequence[str], flag: str = "--exclude"
) -> tuple[re.Pattern[str], ...]:
    """Compile the regexes of an option; a bad one is bad input."""
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as exc:
        raise InputError(f"{flag} {exc.pattern!r}: {exc}") from exc


def options_from(args: argparse.Namespace, excludes: Sequence[str]) -> Options:
    """Options from parsed flags (their ranges are checked by the parser)."""
    return Options(
        offline=args.offline,
        max_concurrency=args.max_concurrency,
        host_concurrency=args.host_concurrency,
        max_retries=args.max_retries,
        retry_wait_s=args.retry_wait_time,
        max_retry_wait_s=args.max_retry_wait,
        max_redirects=args.max_redirects,
        timeout_s=args.timeout,
        exclude=compile_patterns(excludes),
        skip_fragment=compile_patterns(args.skip_fragment, "--skip-fragment"),
        allow_file_urls=args.allow_file_urls,
        doi_api=args.doi_api,
        arxiv_base=args.arxiv_base,
    )


def _progress(enabled: bool):  # -> rich Progress or a no-op context
    """A rich progress bar on stderr when it is a terminal."""
    if not enabled:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress(
        "checking",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def start_url(text: str) -> str | None:
    """The crawl start if ``text`` is an http(s) URL input, else None (a path)."""
    if not text.lower().startswith(("http://", "https://")):
        return None
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise InputError(f"{text}: {exc}") from None
    if not parts.hostname:
        raise InputError(f"{text}: no host")
    return text.partition("#")[0]


def _with_progress(enabled: bool, work: Callable[[Callable, Callable], T]) -> T:
    """Run ``work(on_plan, on_result)`` with a progress bar on stderr if it is a terminal."""
    with _progress(enabled and sys.stderr.isatty()) as bar:
        task = bar.add_task("checking", total=None) if bar else None
        planned = False  # results before the plan (offline, cached) are not on the bar

        def on_plan(total: int) -> None:
            nonlocal planned
            planned = True
            if bar is not None:
                bar.update(task, total=total)

        def on_result(_result: Result) -> None:
            if bar is not None and planned:
                bar.advance(task)

        return work(on_plan, on_result)


def _run_crawl(url: str, args: argparse.Namespace, options: Options, started: float) -> Report:
    """Crawl the site served at ``url`` and check every link found (no cache: it changes)."""
    if options.offline or args.docs or args.root or args.files_from:
        raise InputError(f"{url}: a URL input takes no --offline, --docs, --root or --files-from")
    import asyncio

    from checklinks.crawl import crawl

    inputs, results = _with_progress(
        True,
        lambda on_plan, on_result: asyncio.run(
            crawl(url, options, on_plan=on_plan, on_result=on_result)
        ),
    )
    return Report(inputs.links, results, inputs.notes, time.monotonic() - started)


def run(args: argparse.Namespace) -> Report:
    """Collect, check and build the report (raises InputError on bad input)."""
    excludes = load_excludes(args.config) + args.exclude
    options = options_from(args, excludes)
    if (args.docs is None) != (args.bib is None):
        raise InputError("--docs and --bib: give both to check citations, or neither")
    if not math.isfinite(args.max_file_size) or args.max_file_size <= 0:
        raise InputError("--max-file-size: must be a positive number of MB")
    max_bytes = int(args.max_file_size * 1e6)
    started = time.monotonic()
    if len(args.inputs) == 1 and (url := start_url(args.inputs[0])) is not None:
        return _run_crawl(url, args, options, started)
    entries = list(args.inputs)
    if args.files_from is not None:
        entries += read_list(args.files_from, max_bytes)
    root, pages = select_pages(entries, args.root)

    collect_links = functools.partial(
        collect, root, args.docs, args.bib, pages=pages, max_bytes=max_bytes
    )
    if options.offline:
        inputs = collect_links()
        results = run_checks(inputs, options)
        return Report(inputs.links, results, inputs.notes, time.monotonic() - started)
    cache = None
    if not args.no_cache:
        from checklinks.cache import Cache

        cache = Cache.load(
            args.cache_path,
            max_age_s=args.max_cache_age,
            failure_max_age_s=args.max_cache_age_failures,
        )
    inputs, results = _with_progress(
        True,
        lambda on_plan, on_result: collect_and_check(
            collect_links, options, cache=cache, on_plan=on_plan, on_result=on_result
        ),
    )
    if cache is not None:
        try:
            cache.save()
        except OSError as exc:
            print(f"warning: {args.cache_path}: cache not saved ({exc.strerror})", file=sys.stderr)
    return Report(inputs.links, results, inputs.notes, time.monotonic() - started)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 fine, 1 broken, 2 bad usage or input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        report = run(args)
    except CheckLinksError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    write(report, args.format, sys.stdout)
    return 1 if report.failures() else 0
