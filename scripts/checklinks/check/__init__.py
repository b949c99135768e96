"""Check targets: files and fragments, cite keys, URLs, DOIs and arXiv ids.

Every distinct target is checked once. Offline checks (``offline.py``: internal links,
citations, exclusions, unsupported schemes) are plain look-ups and need neither asyncio
nor aiohttp, which are imported only when some target must go online. Online checks
(``web.py``) share one ``aiohttp.ClientSession``, and results go to the cache.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from checklinks.check.offline import check_offline
from checklinks.check.options import DEFAULT_ARXIV_BASE, DEFAULT_DOI_API, Options
from checklinks.types import LinkKind, Result, Results

if TYPE_CHECKING:
    from aiohttp.abc import AbstractResolver

    from checklinks.cache import Cache
    from checklinks.check.web import WebChecker
    from checklinks.collect import Inputs

__all__ = [
    "DEFAULT_ARXIV_BASE",
    "DEFAULT_DOI_API",
    "Options",
    "check_all",
    "check_offline",
    "run_checks",
]


def recorder(
    results: Results, on_result: Callable[[Result], None] | None
) -> Callable[[Result], None]:
    """A callback that stores each result and passes it on to ``on_result``."""

    def done(result: Result) -> None:
        results[result.key] = result
        if on_result is not None:
            on_result(result)

    return done


def offline_pass(
    inputs: Inputs,
    options: Options,
    cache: Cache | None,
    results: Results,
    done: Callable[[Result], None],
) -> list[tuple[LinkKind, str]]:
    """Settle every target that needs no network; return the ones that do, in order.

    ``results`` (filled through ``done``) is also the set of targets seen so far, so
    that no second table of every target is built.
    """
    online: dict[tuple[LinkKind, str], None] = {}
    for link in inputs.links:
        key = link.key
        if key in results or key in online:
            continue
        result = check_offline(link.kind, link.target, inputs, options)
        if result is None and cache is not None:
            result = cache.get(link.kind, link.target)
        if result is None:
            online[key] = None
        else:
            done(result)
    return list(online)


@contextlib.asynccontextmanager
async def web_session(
    options: Options, resolver: AbstractResolver | None = None
) -> AsyncIterator[WebChecker]:
    """A WebChecker over one aiohttp session, closed on exit.

    ``resolver`` replaces DNS (tests point every host name at a loopback server).
    Bodies are read raw (``auto_decompress=False``) so that ``web._BoundedBody`` caps
    them while decoding; the proxy variables of the environment are honoured.
    """
    import ssl

    import aiohttp
    import certifi

    from checklinks.check.web import ACCEPT_ENCODING, USER_AGENT, WebChecker

    connector = aiohttp.TCPConnector(
        limit=options.max_concurrency,
        ssl=ssl.create_default_context(cafile=certifi.where()),
        resolver=resolver,
        ttl_dns_cache=300,  # seconds
    )
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING}
    async with aiohttp.ClientSession(
        connector=connector,
        headers=headers,
        auto_decompress=False,
        timeout=aiohttp.ClientTimeout(total=None),  # WebChecker times each whole request
        trust_env=True,
    ) as session:
        yield WebChecker(session, options)


async def check_online(
    checker: WebChecker,
    online: list[tuple[LinkKind, str]],
    cache: Cache | None,
    done: Callable[[Result], None],
) -> None:
    """Check the online targets with ``checker``; each result goes to the cache."""
    import asyncio

    checker.plan(target for kind, target in online if kind is LinkKind.EXTERNAL)
    tasks = [asyncio.ensure_future(checker.check(k, t)) for k, t in online]  # start in order
    for next_done in asyncio.as_completed(tasks):
        result = await next_done
        if cache is not None:
            cache.put(result)
        done(result)


async def _check_online(
    online: list[tuple[LinkKind, str]],
    options: Options,
    cache: Cache | None,
    done: Callable[[Result], None],
    resolver: AbstractResolver | None,
) -> None:
    async with web_session(options, resolver) as checker:
        await check_online(checker, online, cache, done)


def _start(
    inputs: Inputs,
    options: Options,
    cache: Cache | None,
    on_result: Callable[[Result], None] | None,
    on_plan: Callable[[int], None] | None,
) -> tuple[Results, Callable[[Result], None], list[tuple[LinkKind, str]]]:
    """Check what needs no network; return the results so far, the recorder, and the rest."""
    results = Results()
    done = recorder(results, on_result)
    online = offline_pass(inputs, options, cache, results, done)
    if on_plan is not None:
        on_plan(len(online))
    return results, done, online


async def check_all(
    inputs: Inputs,
    options: Options,
    *,
    cache: Cache | None = None,
    on_result: Callable[[Result], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    resolver: AbstractResolver | None = None,
) -> Results:
    """Check every distinct target of ``inputs``; call ``on_result`` as each one finishes.

    ``on_plan`` gets the number of targets that go online before any of them is checked.
    """
    results, done, online = _start(inputs, options, cache, on_result, on_plan)
    if online:
        await _check_online(online, options, cache, done, resolver)
    return results


def run_checks(
    inputs: Inputs,
    options: Options,
    *,
    cache: Cache | None = None,
    on_result: Callable[[Result], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> Results:
    """Synchronous ``check_all``; asyncio and aiohttp are imported only if a target needs them."""
    results, done, online = _start(inputs, options, cache, on_result, on_plan)
    if online:
        import asyncio

        asyncio.run(_check_online(online, options, cache, done, None))
    return results
