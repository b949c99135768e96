"""Checks over HTTP: URLs (with fragments), DOIs through the handle API, arXiv abs pages.

Each distinct URL (without its fragment) is fetched once and every target on it reuses
that answer. A page fetched for its fragments is parsed once: only its ids are kept, and
they are dropped when the last target on that page is checked. Redirects are followed by
hand so that 301/308 targets and loops can be reported.

Bodies are bounded: at most ``max_body_bytes`` after decompression (a gzip bomb stops at
the cap), and at most ``BODY_BUDGET_BYTES`` of bodies are held at once overall.
"""

from __future__ import annotations

import asyncio
import json
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import aiohttp

from checklinks.check.offline import arxiv_abs_url, has_fragment, skip_fragment
from checklinks.check.options import Options
from checklinks.collect import classify_url
from checklinks.hosts import HostPool, backoff, retry_after, should_retry
from checklinks.htmlscan import decode_html, html_ids
from checklinks.types import ErrorKind, LinkKind, Result, Status

USER_AGENT = "Mozilla/5.0 (compatible; checklinks/1.0)"
ACCEPT_ENCODING = "gzip, deflate"  # the encodings _BoundedBody can decode within a cap
HTML_TYPES = ("text/html", "application/xhtml+xml")
HEAD_FALLBACK_KEEP = frozenset({404, 410, 429})  # HEAD answers trusted as they are
MAX_BYSTANDER_RETRIES = 20  # uncounted retries of requests caught in a host-wide limit
BODY_BUDGET_BYTES = 256 * 1024 * 1024  # bodies held at once, over all requests
_HOST_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


def ascii_url(url: str) -> str:
    """The URL with an ASCII (IDNA) host, as it goes on the wire; ValueError if impossible.

    ``http://bücher.de/`` becomes ``http://xn--bcher-kva.de/`` and full-width letters are
    mapped (UTS 46). Hosts that IDNA 2008 forbids, such as ``i❤.ws``, are a ValueError:
    browsers still accept some of them through IDNA 2003, but they are not valid host
    names today, so they get ``invalid_url`` rather than a guess. So does ``<servername>``.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        return url  # an IPv6 literal: urlsplit has checked its brackets
    if not host.isascii():
        import idna

        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError, ValueError) as exc:
            raise ValueError(f"host not valid in IDNA 2008: {exc}") from exc
    labels = host.lower().rstrip(".").split(".")
    if not host or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"invalid host {host!r}")
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    if parts.username is not None:
        netloc = parts.netloc.rpartition("@")[0] + "@" + netloc
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP exchange after retries: a status code (and maybe a body) or an error."""

    code: int | None = None
    error: ErrorKind | None = None
    location: str | None = None
    html: bool = False
    body: bytes | None = None
    truncated: bool = False  # the body was over max_body_bytes (or undecodable), not kept
    gave_up: bool = False  # the wait cap (--max-retry-wait) ran out while rate-limited
    charset: str | None = None  # charset= of the Content-Type header
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A URL after following redirects; ``ids`` of its page if a fragment needed them."""

    answer: Answer
    final_url: str
    permanent: bool = False  # a 301/308 was on the way
    ids: frozenset[str] | None = None

    @property
    def fine(self) -> bool:
        """True for a 2xx final answer."""
        return self.answer.code is not None and 200 <= self.answer.code < 300


class _TooLarge(Exception):
    """A body grew past its cap while it was being decoded."""


class _BoundedBody:
    """Decode a streamed body (identity, gzip or deflate) without going over ``limit``."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit, self.size, self.chunks = limit, 0, []
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header
        else:
            raise ValueError(f"Content-Encoding {encoding[:40]!r} not supported")
        self._raw_deflate = encoding == "deflate"

    def feed(self, data: bytes) -> None:
        """Add raw bytes; _TooLarge past the cap, zlib.error on a corrupt stream."""
        if self._zlib is None:
            out = data
        else:
            if self._zlib.eof:
                return  # bytes after the end of the stream are ignored
            try:
                out = self._zlib.decompress(data, self.limit - self.size + 1)
            except zlib.error:
                if not (self._raw_deflate and self.size == 0):
                    raise
                self._zlib, self._raw_deflate = zlib.decompressobj(-zlib.MAX_WBITS), False
                out = self._zlib.decompress(data, self.limit + 1)
            if self._zlib.unconsumed_tail:
                raise _TooLarge
        self.size += len(out)
        if self.size > self.limit:
            raise _TooLarge
        self.chunks.append(out)

    def body(self) -> bytes:
        return b"".join(self.chunks)


def _error_kind(exc: BaseException) -> ErrorKind:
    """Map an aiohttp/OS exception to an ErrorKind."""
    if isinstance(exc, TimeoutError | aiohttp.ServerTimeoutError):
        return ErrorKind.TIMEOUT
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return ErrorKind.DNS
    if isinstance(exc, aiohttp.ClientConnectorError):
        return ErrorKind.CONNECT
    if isinstance(exc, ValueError):  # aiohttp.InvalidURL too; yarl's and IDNA's errors
        return ErrorKind.INVALID_URL
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError | OSError):
        return ErrorKind.RESET
    return ErrorKind.PROTOCOL  # a malformed answer (ClientResponseError, ClientPayloadError)


def _result_from(kind: LinkKind, target: str, fetched: Fetched) -> Result:
    """Status of a target from its URL's answer (fragments are checked by the caller)."""
    answer = fetched.answer
    if answer.error is ErrorKind.TIMEOUT:
        return Result(kind, target, Status.TIMEOUT, ErrorKind.TIMEOUT, detail=answer.detail)
    if answer.error is not None:
        return Result(kind, target, Status.BROKEN, answer.error, answer.code, detail=answer.detail)
    if answer.code == 429 or answer.gave_up:
        return Result(
            kind,
            target,
            Status.UNVERIFIED,
            ErrorKind.RATE_LIMITED,
            answer.code,
            detail=answer.detail,
        )
    if not fetched.fine:
        return Result(kind, target, Status.BROKEN, ErrorKind.HTTP_STATUS, answer.code)
    if fetched.permanent:
        return Result(kind, target, Status.REDIRECTED, None, answer.code, fetched.final_url)
    return Result(kind, target, Status.OK, None, answer.code)


class WebChecker:
    """Checks URLs, DOIs and arXiv ids over one aiohttp session; each URL is fetched once."""

    def __init__(self, session: aiohttp.ClientSession, options: Options) -> None:
        self.session = session
        self.options = options
        self.hosts = HostPool(
            max_concurrency=options.max_concurrency, host_concurrency=options.host_concurrency
        )
        self.fragment_targets: Counter[str] = Counter()  # base URL -> targets still to check
        self.planned_all = False  # no more targets will be planned: ids may be forgotten
        self._fetches: dict[str, asyncio.Task[Fetched]] = {}
        self._paged: set[str] = set()  # URLs whose task GETs the page and keeps its ids
        self._bodies = asyncio.Semaphore(max(1, BODY_BUDGET_BYTES // options.max_body_bytes))

    def plan(self, urls: Iterable[str], *, complete: bool = True) -> None:
        """Note which URLs need their body (a fragment is checked on them): GET, not HEAD.

        Plan each target before checking it. ``complete=False``: more targets may come
        (they are planned while the site is still being read), so page ids are kept until
        a later ``plan`` call completes the plan.
        """
        for url in urls:
            base, _, frag = url.partition("#")
            if frag and not skip_fragment(url, self.options):
                self.fragment_targets[base] += 1
        if complete and not self.planned_all:
            self.planned_all = True
            for base, count in self.fragment_targets.items():
                if count <= 0:
                    self._forget(base)

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
        if frag and base not in self._paged and fetched.fine and fetched.answer.html:
            # Planned after its URL was first asked with HEAD: GET the page once now.
            self._paged.add(base)
            self._fetches[base] = asyncio.ensure_future(self._get_ids(base))
        if frag and base in self._paged:
            fetched = await self._fetches[base]
            self._done_with(base)
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
        if fetched.ids is not None and not has_fragment(frag, fetched.ids):
            return Result(
                LinkKind.EXTERNAL, url, Status.BROKEN, ErrorKind.MISSING_FRAGMENT, answer.code
            )
        return result

    def _done_with(self, base: str) -> None:
        """One fragment target of ``base`` is checked; after the last, forget its ids."""
        self.fragment_targets[base] -= 1
        if self.fragment_targets[base] <= 0 and self.planned_all:
            self._forget(base)

    def _forget(self, base: str) -> None:
        """Drop the ids of ``base``'s page (its task then answers without them)."""
        if (task := self._fetches.get(base)) is not None:
            self._fetches[base] = asyncio.ensure_future(_forget_ids(task))

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
        """HEAD first (GET and parse if a fragment needs the ids); GET if HEAD is refused."""
        if self.fragment_targets[url] > 0:
            self._paged.add(url)
            return await self._get_ids(url)
        fetched = await self.follow(url, "HEAD")
        answer = fetched.answer
        refused = answer.error in (ErrorKind.RESET, ErrorKind.PROTOCOL) or (
            answer.code is not None and answer.code >= 400 and answer.code not in HEAD_FALLBACK_KEEP
        )
        return await self.follow(url, "GET") if refused else fetched

    def fetch_page(
        self, url: str, scan: Callable[[str, str], frozenset[str]]
    ) -> asyncio.Task[Fetched]:
        """GET a page (once) and hand its text to ``scan(final_url, text)``, which returns
        its ids; later targets on this URL reuse the answer and the ids (for crawling)."""
        if url not in self._fetches:
            self._paged.add(url)
            self._fetches[url] = asyncio.ensure_future(self._get_page(url, scan))
        return self._fetches[url]

    def share_ids(self, url: str, target: str) -> None:
        """Let fragments on ``url`` (a meta-refresh stub) be looked up on ``target``."""
        if (stub := self._fetches.get(url)) is not None and target in self._fetches:
            self._fetches[url] = asyncio.ensure_future(_with_ids_of(stub, self._fetches[target]))

    async def _get_ids(self, url: str) -> Fetched:
        """GET the URL and keep the ids of its page."""
        return await self._get_page(url, lambda _url, text: html_ids(text))

    async def _get_page(self, url: str, scan: Callable[[str, str], frozenset[str]]) -> Fetched:
        """GET the URL and keep only the ids of its page (the body is dropped)."""
        fetched = await self.follow(url, "GET", read_body=True)
        body = fetched.answer.body
        if body is None:
            return fetched
        text = decode_html(body, fetched.answer.charset)[0]
        ids = scan(fetched.final_url, text)
        return replace(fetched, answer=replace(fetched.answer, body=None), ids=ids)

    async def follow(self, url: str, method: str, *, read_body: bool = False) -> Fetched:
        """Request the URL, following up to ``max_redirects`` redirects by hand."""
        seen, permanent = {url}, False
        for _ in range(self.options.max_redirects + 1):
            answer = await self.request(url, method, read_body=read_body)
            if answer.location is None:
                return Fetched(answer, url, permanent)
            permanent = permanent or answer.code in (301, 308)
            try:
                url = urljoin(url, answer.location.strip()).partition("#")[0]
            except ValueError:
                url = answer.location
            if classify_url(url)[0] is not LinkKind.EXTERNAL:
                detail = f"redirect to {url[:200]!r}"
                return Fetched(Answer(answer.code, ErrorKind.INVALID_URL, detail=detail), url)
            if url in seen:
                break
            seen.add(url)
        return Fetched(Answer(None, ErrorKind.TOO_MANY_REDIRECTS), url, permanent)

    async def request(self, url: str, method: str, *, read_body: bool = False) -> Answer:
        """One request with retries.

        A 429 or 5xx is retried after its ``Retry-After`` (or a backoff). A 429 caught in a
        host-wide limit the host already reacted to does not count against
        ``max_retries``. All ``Retry-After`` and 429 waits of one request share the
        ``max_retry_wait_s`` cap; when it runs out the answer is marked ``gave_up``
        (unverified).
        """
        opts = self.options
        try:
            url = ascii_url(url)
        except ValueError as exc:
            return Answer(None, ErrorKind.INVALID_URL, detail=str(exc)[:200])
        host = self.hosts.host(url)
        retries = limited = 0
        waited_s, waited = 0.0, False
        while True:
            async with self.hosts.slot(host) as sent_at:
                answer, header = await self._send(url, method, read_body)
            hint = retry_after(header)
            rate_limited = answer.code == 429
            delay = hint if hint is not None else backoff(retries, opts.retry_wait_s)
            counted = host.answered(sent_at, rate_limited=rate_limited, waited=waited, pause=delay)
            if not should_retry(answer.code, answer.error):
                return answer
            retries += counted
            limited += rate_limited and not counted
            if retries > opts.max_retries or limited > MAX_BYSTANDER_RETRIES:
                return answer
            if rate_limited or hint is not None:
                if waited_s + delay > opts.max_retry_wait_s:
                    detail = (
                        f"waited {waited_s:g} s, asked to wait {delay:g} s more; "
                        f"cap --max-retry-wait {opts.max_retry_wait_s:g} s"
                    )
                    return replace(answer, gave_up=True, detail=detail)
                waited_s += delay
            await asyncio.sleep(delay)
            waited = True

    async def _send(self, url: str, method: str, read_body: bool) -> tuple[Answer, str | None]:
        """Send one request within the timeout; read the body only if HTML and wanted."""
        try:
            async with (
                asyncio.timeout(self.options.timeout_s),
                self.session.request(method, url, allow_redirects=False) as response,
            ):
                hint = response.headers.get("Retry-After")
                return await self._read(response, read_body), hint
        except (aiohttp.ClientError, OSError, TimeoutError, ValueError) as exc:
            return Answer(None, _error_kind(exc), detail=f"{type(exc).__name__}: {exc}"[:200]), None

    async def _read(self, response: aiohttp.ClientResponse, read_body: bool) -> Answer:
        """Turn a response into an Answer; decode at most ``max_body_bytes`` of its body."""
        code = response.status
        location = response.headers.get("Location") if 300 <= code < 400 else None
        ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        html = ctype in HTML_TYPES
        if not (read_body and (html or ctype.endswith("json"))):
            return Answer(code, location=location, html=html)
        limit = self.options.max_body_bytes
        async with self._bodies:
            try:
                body = _BoundedBody(response.headers.get("Content-Encoding", ""), limit)
                async for chunk in response.content.iter_any():
                    body.feed(chunk)
            except _TooLarge:
                detail = f"over {limit} bytes decoded"
                return Answer(code, location=location, html=html, truncated=True, detail=detail)
            except ValueError as exc:  # unsupported encoding
                return Answer(code, location=location, html=html, truncated=True, detail=str(exc))
            except zlib.error as exc:
                detail = f"corrupt compressed body: {exc}"
                return Answer(code, ErrorKind.PROTOCOL, location, html, detail=detail)
            charset = response.charset or None
            return Answer(code, location=location, html=html, body=body.body(), charset=charset)


async def _with_ids_of(stub: asyncio.Task[Fetched], target: asyncio.Task[Fetched]) -> Fetched:
    """The stub's answer with the target's ids."""
    return replace(await stub, ids=(await target).ids)


async def _forget_ids(task: asyncio.Task[Fetched]) -> Fetched:
    """The task's result without the page ids (their last fragment target is checked)."""
    return replace(await task, ids=None)
