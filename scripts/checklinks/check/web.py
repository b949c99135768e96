"""Checks over HTTP: URLs (with fragments), DOIs through the handle API, arXiv abs pages.

Each distinct URL (without its fragment) is fetched once and every target on it reuses
that answer. Redirects are followed by hand so that 301/308 targets and loops can be
reported.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urljoin

import httpx
from selectolax.lexbor import LexborHTMLParser

from checklinks.check.offline import arxiv_abs_url, has_fragment, skip_fragment
from checklinks.check.options import Options
from checklinks.collect import classify_url, decode_html, page_ids
from checklinks.hosts import HostPool, backoff, retry_after, should_retry
from checklinks.types import ErrorKind, LinkKind, Result, Status

USER_AGENT = "Mozilla/5.0 (compatible; checklinks/1.0)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
HEAD_FALLBACK_KEEP = frozenset({404, 410, 429})  # HEAD answers trusted as they are
MAX_BYSTANDER_RETRIES = 10  # uncounted retries of requests caught in a host's rate limit


@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP exchange after retries: a status code (and maybe a body) or an error."""

    code: int | None = None
    error: ErrorKind | None = None
    location: str | None = None
    html: bool = False
    body: bytes | None = None
    truncated: bool = False  # the body was over max_body_bytes and not kept
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A URL after following redirects."""

    answer: Answer
    final_url: str
    permanent: bool = False  # a 301/308 was on the way

    @property
    def fine(self) -> bool:
        """True for a 2xx final answer."""
        return self.answer.code is not None and 200 <= self.answer.code < 300


def _error_kind(exc: Exception) -> ErrorKind:
    """Map an httpx/OS exception to an ErrorKind."""
    text = str(exc).lower()
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return ErrorKind.TIMEOUT
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return ErrorKind.INVALID_URL
    if isinstance(exc, httpx.ConnectError):
        dns = ("name or service", "nodename", "getaddrinfo", "name resolution", "no address")
        return ErrorKind.DNS if any(s in text for s in dns) else ErrorKind.CONNECT
    if isinstance(exc, httpx.ReadError | httpx.WriteError | ConnectionError):
        return ErrorKind.RESET
    if isinstance(exc, httpx.RemoteProtocolError) and "disconnected" in text:
        return ErrorKind.RESET
    return ErrorKind.PROTOCOL


def _result_from(kind: LinkKind, target: str, fetched: Fetched) -> Result:
    """Status of a target from its URL's answer (fragments are checked by the caller)."""
    answer = fetched.answer
    if answer.error is ErrorKind.TIMEOUT:
        return Result(kind, target, Status.TIMEOUT, ErrorKind.TIMEOUT)
    if answer.error is not None:
        return Result(kind, target, Status.BROKEN, answer.error, answer.code, detail=answer.detail)
    if answer.code == 429:
        return Result(kind, target, Status.UNVERIFIED, ErrorKind.RATE_LIMITED, 429)
    if not fetched.fine:
        return Result(kind, target, Status.BROKEN, ErrorKind.HTTP_STATUS, answer.code)
    if fetched.permanent:
        return Result(kind, target, Status.REDIRECTED, None, answer.code, fetched.final_url)
    return Result(kind, target, Status.OK, None, answer.code)


class WebChecker:
    """Checks URLs, DOIs and arXiv ids over a few clients; each URL is fetched once.

    Requests go round-robin to several clients: httpcore scans every connection of its
    pool for each request, so one pool with hundreds of connections costs more CPU than
    the network wait it saves.
    """

    def __init__(self, clients: Sequence[httpx.AsyncClient], options: Options) -> None:
        self.clients = itertools.cycle(clients)
        self.options = options
        self.hosts = HostPool(
            max_concurrency=options.max_concurrency, host_concurrency=options.host_concurrency
        )
        self.need_body: set[str] = set()
        self._fetches: dict[str, asyncio.Task[Fetched]] = {}

    def plan(self, urls: Iterable[str]) -> None:
        """Note which URLs need their body (a fragment is checked on them): GET, not HEAD."""
        for url in urls:
            base, _, frag = url.partition("#")
            if frag and not skip_fragment(url, self.options):
                self.need_body.add(base)

    async def check(self, kind: LinkKind, target: str) -> Result:
        """Check one online target: an http(s) URL, a DOI or an arXiv id."""
        if kind is LinkKind.DOI:
            return await self.check_doi(target)
        if kind is LinkKind.ARXIV:
            url = arxiv_abs_url(target, self.options.arxiv_base) or ""
            return _result_from(kind, target, await self.fetch(url))
        return await self.check_url(target)

    async def check_url(self, url: str) -> Result:
        """Fetch the URL (once per fragment-less URL) and check its fragment if any."""
        base, _, frag = url.partition("#")
        if skip_fragment(url, self.options):
            frag = ""
        fetched = await self.fetch(base)
        result = _result_from(LinkKind.EXTERNAL, url, fetched)
        if not frag or result.status not in (Status.OK, Status.REDIRECTED):
            return result
        answer = fetched.answer
        if answer.truncated:
            return Result(
                LinkKind.EXTERNAL,
                url,
                Status.UNVERIFIED,
                ErrorKind.BODY_TOO_LARGE,
                answer.code,
                detail=answer.detail,
            )
        if answer.body is not None:
            text, _ = decode_html(answer.body)
            if not has_fragment(frag, page_ids(LexborHTMLParser(text))):
                return Result(
                    LinkKind.EXTERNAL, url, Status.BROKEN, ErrorKind.MISSING_FRAGMENT, answer.code
                )
        return result

    async def check_doi(self, target: str) -> Result:
        """Ask the DOI handle API: responseCode 1 exists, 100 does not."""
        doi = target.removeprefix("doi:")
        url = f"{self.options.doi_api.rstrip('/')}/api/handles/{quote(doi, safe='/')}"
        answer = await self.request(url, "GET", read_body=True)
        try:
            code = json.loads(answer.body or b"{}").get("responseCode")
        except (ValueError, AttributeError):
            code = None
        if code in (1, 200):  # 200: the handle exists but has no values of the asked type
            return Result(LinkKind.DOI, target, Status.OK, None, answer.code)
        if code == 100:
            return Result(LinkKind.DOI, target, Status.BROKEN, ErrorKind.BAD_DOI, answer.code)
        return _result_from(LinkKind.DOI, target, Fetched(answer, url))

    def fetch(self, url: str) -> asyncio.Task[Fetched]:
        """The (shared) task fetching a fragment-less URL."""
        if url not in self._fetches:
            self._fetches[url] = asyncio.ensure_future(self._fetch(url))
        return self._fetches[url]

    async def _fetch(self, url: str) -> Fetched:
        """HEAD first (GET if a fragment needs the body); GET again if HEAD is refused."""
        if url in self.need_body:
            return await self.follow(url, "GET", read_body=True)
        fetched = await self.follow(url, "HEAD")
        answer = fetched.answer
        refused = answer.error in (ErrorKind.RESET, ErrorKind.PROTOCOL) or (
            answer.code is not None and answer.code >= 400 and answer.code not in HEAD_FALLBACK_KEEP
        )
        return await self.follow(url, "GET") if refused else fetched

    async def follow(self, url: str, method: str, *, read_body: bool = False) -> Fetched:
        """Request the URL, following up to ``max_redirects`` redirects by hand."""
        seen, permanent = {url}, False
        for _ in range(self.options.max_redirects + 1):
            answer = await self.request(url, method, read_body=read_body)
            if answer.location is None:
                return Fetched(answer, url, permanent)
            permanent = permanent or answer.code in (301, 308)
            url = urljoin(url, answer.location).partition("#")[0]
            if classify_url(url)[0] is not LinkKind.EXTERNAL:
                return Fetched(Answer(answer.code, ErrorKind.INVALID_URL, detail=url), url)
            if url in seen:
                break
            seen.add(url)
        return Fetched(Answer(None, ErrorKind.TOO_MANY_REDIRECTS), url, permanent)

    async def request(self, url: str, method: str, *, read_body: bool = False) -> Answer:
        """One request with retries; a 429 or a Retry-After pauses the whole host."""
        opts = self.options
        host = self.hosts.host(url)
        retries = bystander = 0
        while True:
            async with self.hosts.slot(host) as slot:
                answer, header = await self._send(url, method, read_body)
                slot.rate_limited = answer.code == 429
            wait = retry_after(header)
            counted = True
            if answer.code == 429 or wait is not None:
                if wait is not None and wait > opts.max_retry_after_s:
                    return answer  # too long to wait: give up now (unverified)
                pause = wait if wait is not None else backoff(retries, opts.retry_wait_s)
                counted = host.pause(pause, slot.sent_at)
            if not should_retry(answer.code, answer.error):
                return answer
            if counted:
                retries += 1
            else:
                bystander += 1
            if retries > opts.max_retries or bystander > MAX_BYSTANDER_RETRIES:
                return answer
            if answer.code != 429 and wait is None:
                await asyncio.sleep(backoff(retries - 1, opts.retry_wait_s))

    async def _send(self, url: str, method: str, read_body: bool) -> tuple[Answer, str | None]:
        """Send one request within the timeout; read the body only if HTML and wanted."""
        try:
            async with asyncio.timeout(self.options.timeout_s):
                client = next(self.clients)
                response = await client.send(client.build_request(method, url), stream=True)
                try:
                    return await self._read(response, read_body), response.headers.get(
                        "retry-after"
                    )
                finally:
                    await response.aclose()
        except (httpx.HTTPError, OSError, TimeoutError, ValueError, UnicodeError) as exc:
            return Answer(None, _error_kind(exc), detail=type(exc).__name__), None

    async def _read(self, response: httpx.Response, read_body: bool) -> Answer:
        """Turn a streamed response into an Answer; read at most ``max_body_bytes`` of it."""
        code = response.status_code
        location = response.headers.get("location") if 300 <= code < 400 else None
        ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
        html = ctype in HTML_TYPES
        if not (read_body and (html or ctype.endswith("json"))):
            return Answer(code, location=location, html=html)
        limit, chunks, size = self.options.max_body_bytes, [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                return Answer(
                    code, location=location, html=html, truncated=True, detail=f"over {limit} bytes"
                )
            chunks.append(chunk)
        return Answer(code, location=location, html=html, body=b"".join(chunks))
