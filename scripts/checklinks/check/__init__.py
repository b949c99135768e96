"""Check targets: files and fragments, cite keys, URLs, DOIs and arXiv ids.

Every distinct target is checked once. Offline checks (``offline.py``: internal links,
citations, exclusions, unsupported schemes) are plain look-ups and need neither asyncio
nor aiohttp, which are imported only when some target must go online. Online checks
(``web.py``) share one ``aiohttp.ClientSession``, and results go to the cache.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Container
from typing import TYPE_CHECKING

from checklinks.check.offline import check_offline
from checklinks.check.options import DEFAULT_ARXIV_BASE, DEFAULT_DOI_API, Options
from checklinks.collect import Inputs
from checklinks.types import LinkKind, Result, Results

if TYPE_CHECKING:
    import asyncio

    from aiohttp.abc import AbstractResolver

    from checklinks.cache import Cache
    from checklinks.check.web import WebChecker
    from checklinks.collect_process import Collector

__all__ = [
    "DEFAULT_ARXIV_BASE",
    "DEFAULT_DOI_API",
    "Options",
    "check_all",
    "check_offline",
    "collect_and_check",
    "run_checks",
]

ONLINE_KINDS = frozenset({LinkKind.EXTERNAL, LinkKind.DOI, LinkKind.ARXIV})


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
    started: Container[tuple[LinkKind, str]] = (),
) -> list[tuple[LinkKind, str]]:
    """Settle every target that needs no network; return the ones that do, in order.

    ``results`` (filled through ``done``) is also the set of targets seen so far, so
    that no second table of every target is built. Targets in ``started`` are being
    checked online already and are left out.
    """
    online: dict[tuple[LinkKind, str], None] = {}
    for link in inputs.links:
        key = link.key
        if key in results or key in online or key in started:
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
    them while decoding. The proxy variables of the environment are honoured; aiohttp
    reads them (and ~/.netrc) on a thread for every request, so only when one is set.
    """
    import ssl
    import urllib.request

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
        trust_env=bool(urllib.request.getproxies()),
    ) as session:
        yield WebChecker(session, options)


async def check_online(
    checker: WebChecker,
    online: list[tuple[LinkKind, str]],
    cache: Cache | None,
    done: Callable[[Result], None],
    started: Container[asyncio.Future[Result]] = (),
) -> None:
    """Check the online targets with ``checker``; each result goes to the cache.

    ``started``: checks already running (planned with ``complete=False``); they are
    awaited with the rest.
    """
    import asyncio

    checker.plan(target for kind, target in online if kind is LinkKind.EXTERNAL)
    tasks = [*started, *(asyncio.ensure_future(checker.check(k, t)) for k, t in online)]
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


def collect_and_check(
    collect_links: Callable[..., Inputs],
    options: Options,
    *,
    cache: Cache | None = None,
    on_result: Callable[[Result], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> tuple[Inputs, Results]:
    """Collect in a child process, and check each online target as soon as it is found.

    ``collect_links(links=links)`` appends every link to ``links`` as it finds it and
    returns the inputs; ``collect_process`` runs it and settles the offline targets.
    Requests go out while pages are still being read, so the waits for answers overlap
    the reading. ``on_plan`` and ``on_result`` are called once collecting is done. The
    web session opens at the first target that needs the network, so a run that the
    cache answers imports no HTTP client. The inputs returned hold the links and notes
    (what a report needs), not files or ids.
    """
    import asyncio

    from checklinks.collect_process import Collector

    results = Results()
    collector = Collector(collect_links, options)  # started before any thread of ours
    try:
        # The coroutine returns nothing: at its end Python 3.11 formats the repr of the
        # main task's result (restoring the SIGINT handler), a tenth of a second or more.
        asyncio.run(_collect_and_check(collector, options, cache, results, on_result, on_plan))
    finally:
        collector.close()
    return collector.inputs, results


async def _collect_and_check(
    collector: Collector,
    options: Options,
    cache: Cache | None,
    results: Results,
    on_result: Callable[[Result], None] | None,
    on_plan: Callable[[int], None] | None,
) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    started: dict[tuple[LinkKind, str], asyncio.Future[Result]] = {}
    cached: list[Result] = []
    no_inputs = Inputs()  # online kinds are settled offline from the options alone
    async with contextlib.AsyncExitStack() as stack:
        checker: WebChecker | None = None
        try:
            while isinstance(batch := await loop.run_in_executor(None, collector.receive), list):
                for kind, target in batch:
                    if check_offline(kind, target, no_inputs, options) is not None:
                        continue  # the child's offline pass has its result
                    if cache is not None and (hit := cache.get(kind, target)) is not None:
                        cached.append(hit)
                        continue
                    if checker is None:
                        checker = await stack.enter_async_context(web_session(options))
                    if kind is LinkKind.EXTERNAL:
                        checker.plan([target], complete=False)
                    started[(kind, target)] = asyncio.ensure_future(checker.check(kind, target))
        except BaseException:
            for task in started.values():
                task.cancel()
            raise
        done = recorder(results, on_result)
        for result in (*batch.values(), *cached):
            done(result)
        if on_plan is not None:
            on_plan(len(started))
        if checker is not None:
            await check_online(checker, [], cache, done, list(started.values()))


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
