"""Crawl a served site from a base URL, then check every link found, in one session.

``checklinks http://127.0.0.1:8000/`` fetches the start page, and every page of the same
origin (scheme, host and port) that a crawled page links to, following redirects, meta
refresh and ``dir`` -> ``dir/`` as a browser does; pages matching ``--exclude`` are not
crawled. Pages are read with the same scanner
as files (``htmlscan``, ``collect.resolve_href``), so ``<base href>``, ``srcset``, CSS
``url()`` and the rest count the same way. Each page is fetched once; its ids serve the
fragment checks, so a link to ``page/#id`` costs no second request. Links to other
origins are then checked like any external URL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from checklinks.check import Options, check_online, offline_pass, recorder, web_session
from checklinks.collect import Inputs, resolve_href
from checklinks.htmlscan import scan_html
from checklinks.types import Link, LinkKind, Location, Note, Result, Results

if TYPE_CHECKING:
    from aiohttp.abc import AbstractResolver

MAX_PAGES = 100_000  # pages crawled at most; more gets a note


def origin(url: str) -> str:
    """``scheme://host:port`` of a URL, lower-cased."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class _Crawl:
    """The pages, links and notes of one crawl."""

    def __init__(self, start: str, visit: Callable[[str], None]) -> None:
        self.origin = origin(start)
        self.visit = visit  # called with every http(s) URL found
        self.links: list[Link] = []
        self.notes: list[Note] = []
        self.refresh: dict[str, str] = {}  # meta-refresh stub -> its target

    def scan(self, page_url: str, text: str) -> frozenset[str]:
        """Links of one fetched page (resolved against it, or its ``<base>``); its ids."""
        base = page_url
        seen: dict[str, tuple[LinkKind, str] | None] = {}

        def on_base(href: str) -> None:
            nonlocal base
            try:
                base = urljoin(page_url, href.strip())
            except ValueError:
                self.notes.append(Note(Location(page_url), f"unusable <base href={href!r}>"))
            seen.clear()

        def on_url(href: str, line: int) -> None:
            if (found := seen.get(href, False)) is False:
                found = seen[href] = resolve_href(href, page_url, base)
            if found is not None:
                self.links.append(Link(found[0], found[1], Location(page_url, line)))
                if found[0] is LinkKind.EXTERNAL:
                    self.visit(found[1])

        scanned = scan_html(text, on_url=on_url, on_base=on_base)
        if scanned.refresh and (target := seen.get(scanned.refresh)):
            self.refresh[page_url] = target[1].partition("#")[0]
        return frozenset(scanned.ids)


async def crawl(
    start: str,
    options: Options,
    *,
    on_result: Callable[[Result], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    resolver: AbstractResolver | None = None,
) -> tuple[Inputs, dict]:
    """Crawl the origin of ``start``, then check every link found; (inputs, results)."""
    queued: set[str] = set()
    tasks: list[asyncio.Task[object]] = []
    async with web_session(options, resolver) as checker:

        def visit(url: str) -> None:
            url = url.partition("#")[0]
            if url in queued or origin(url) != state.origin:
                return
            if any(p.search(url) for p in options.exclude):
                return  # an excluded page is not crawled either
            if len(queued) >= MAX_PAGES:
                if len(queued) == MAX_PAGES:
                    state.notes.append(Note(Location(url), f"crawl stopped at {MAX_PAGES} pages"))
                    queued.add("")  # the note is written once
                return
            queued.add(url)
            tasks.append(asyncio.ensure_future(page(url)))

        async def page(url: str) -> None:
            fetched = await checker.fetch_page(url, state.scan)
            queued.add(fetched.final_url)  # dir -> dir/: already scanned with this answer

        state = _Crawl(start, visit)
        state.links.append(Link(LinkKind.EXTERNAL, start, Location("(start)")))
        visit(start)
        while tasks:
            await tasks.pop()
        for stub, target in state.refresh.items():  # a stub's fragments are its target's
            checker.share_ids(stub, target)
        inputs = Inputs(links=tuple(state.links), notes=tuple(state.notes))
        results = Results()
        done = recorder(results, on_result)
        online = offline_pass(inputs, options, None, results, done)
        if on_plan is not None:
            on_plan(len(online))
        await check_online(checker, online, None, done)
    return inputs, results
