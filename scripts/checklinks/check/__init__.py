"""Check targets: files and fragments, cite keys, URLs, DOIs and arXiv ids.

Every distinct target is checked once. Offline checks (``offline.py``: internal links,
citations, exclusions, unsupported schemes) are plain look-ups. Online checks
(``web.py``) share a few ``httpx.AsyncClient`` pools, and successes go to the cache.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import httpx

from checklinks.cache import Cache
from checklinks.check.offline import check_offline
from checklinks.check.options import DEFAULT_ARXIV_BASE, DEFAULT_DOI_API, Options
from checklinks.check.web import USER_AGENT, WebChecker
from checklinks.collect import Inputs
from checklinks.types import LinkKind, Result

__all__ = [
    "DEFAULT_ARXIV_BASE",
    "DEFAULT_DOI_API",
    "Options",
    "check_all",
    "check_offline",
    "run_checks",
]

CLIENTS = 8  # connection pools used round-robin (see WebChecker)


async def check_all(
    inputs: Inputs,
    options: Options,
    *,
    cache: Cache | None = None,
    on_result: Callable[[Result], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> dict[tuple[LinkKind, str], Result]:
    """Check every distinct target of ``inputs``; call ``on_result`` as each one finishes."""
    results: dict[tuple[LinkKind, str], Result] = {}
    online: list[tuple[LinkKind, str]] = []

    def done(result: Result) -> None:
        results[result.key] = result
        if on_result is not None:
            on_result(result)

    for kind, target in dict.fromkeys(link.key for link in inputs.links):
        result = check_offline(kind, target, inputs, options)
        if result is None and cache is not None:
            result = cache.get(kind, target)
        if result is None:
            online.append((kind, target))
        else:
            done(result)
    if on_plan is not None:
        on_plan(len(online))
    if not online:
        return results

    per_client = -(-options.max_concurrency // CLIENTS)
    limits = httpx.Limits(max_connections=per_client, max_keepalive_connections=per_client)
    timeout = httpx.Timeout(options.timeout_s, pool=None)
    ssl_context = httpx.create_ssl_context()  # built once: loading CA certificates is slow
    async with contextlib.AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    headers={"User-Agent": USER_AGENT},
                    limits=limits,
                    timeout=timeout,
                    follow_redirects=False,
                    transport=transport,
                    verify=ssl_context,
                )
            )
            for _ in range(CLIENTS)
        ]
        checker = WebChecker(clients, options)
        checker.plan(target for kind, target in online if kind is LinkKind.EXTERNAL)
        tasks = [asyncio.ensure_future(checker.check(k, t)) for k, t in online]  # start in order
        for next_done in asyncio.as_completed(tasks):
            result = await next_done
            if cache is not None:
                cache.put(result)
            done(result)
    return results


def run_checks(inputs: Inputs, options: Options, **kwargs: object) -> dict:
    """Synchronous wrapper around ``check_all``."""
    return asyncio.run(check_all(inputs, options, **kwargs))  # type: ignore[arg-type]
