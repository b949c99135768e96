"""Check targets: files and fragments, cite keys, URLs, DOIs and arXiv ids.

Every distinct target is checked once. Offline checks (``offline.py``: internal links,
citations, exclusions, unsupported schemes) are plain look-ups and need neither asyncio
nor httpx, which are imported only when some target must go online. Online checks
(``web.py``) share a few ``httpx.AsyncClient`` pools, and results go to the cache.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from checklinks.check.offline import check_offline
from checklinks.check.options import DEFAULT_ARXIV_BASE, DEFAULT_DOI_API, Options
from checklinks.types import LinkKind, Result, Results

if TYPE_CHECKING:
    import httpx

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

CLIENTS = 8  # connection pools used round-robin (see WebChecker)


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
    options: Options, transport: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[WebChecker]:
    """A WebChecker over ``CLIENTS`` shared httpx clients, closed on exit."""
    import httpx

    from checklinks.check.web import ACCEPT_ENCODING, USER_AGENT, WebChecker

    per_client = -(-options.max_concurrency // CLIENTS)
    limits = httpx.Limits(max_connections=per_client, max_keepalive_connections=per_client)
    timeout = httpx.Timeout(options.timeout_s, pool=None)
    ssl_context = httpx.create_ssl_context()  # built once: loading CA certificates is slow
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING}
    async with contextlib.AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    headers=headers,
                    limits=limits,
                    timeout=timeout,
                    follow_redirects=False,
                    transport=transport,
                    verify=ssl_context,
                )
            )
            for _ in range(CLIENTS)
        ]
        yield WebChecker(clients, options)


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
    transport: httpx.AsyncBaseTransport | None,
) -> None:
    async with web_session(options, transport) as checker:
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
    transport: httpx.AsyncBaseTransport | None = None,
) -> Results:
    """Check every distinct target of ``inputs``; call ``on_result`` as each one finishes.

    ``on_plan`` gets the number of targets that go online before any of them is checked.
    """
    results, done, online = _start(inputs, options, cache, on_result, on_plan)
    if online:
        await _check_online(online, options, cache, done, transport)
    return results


def run_checks(
    inputs: Inputs,
    options: Options,
    *,
    cache: Cache | None = None,
    on_result: Callable[[Result], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> Results:
    """Synchronous ``check_all``; asyncio and httpx are imported only if a target needs them."""
    results, done, online = _start(inputs, options, cache, on_result, on_plan)
    if online:
        import asyncio

        asyncio.run(_check_online(online, options, cache, done, None))
    return results
