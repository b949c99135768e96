"""Check targets: files and fragments, cite keys, URLs, DOIs and arXiv ids.

Every distinct target is checked once. Offline checks (internal links, citations,
exclusions, unsupported schemes) are plain look-ups. Online checks share one
``httpx.AsyncClient``; each distinct URL (without its fragment) is fetched once and
every target on it reuses that answer. Redirects are followed by hand so that 301/308
targets and loops can be reported.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit

import httpx
from selectolax.lexbor import LexborHTMLParser

from checklinks.cache import Cache
from checklinks.collect import Inputs, classify_url, decode_html, page_ids
from checklinks.hosts import HostPool, backoff, retry_after, should_retry
from checklinks.types import ErrorKind, LinkKind, Result, Status

USER_AGENT = "Mozilla/5.0 (compatible; checklinks/1.0)"
DEFAULT_DOI_API = os.environ.get("CHECKLINKS_DOI_API", "https://doi.org")
DEFAULT_ARXIV_BASE = os.environ.get("CHECKLINKS_ARXIV_BASE", "https://arxiv.org")
HTML_TYPES = ("text/html", "application/xhtml+xml")
HEAD_FALLBACK_KEEP = frozenset({404, 410, 429})  # HEAD answers trusted as they are
CLIENTS = 8  # connection pools used round-robin (see WebChecker)
MAX_BYSTANDER_RETRIES = 10  # uncounted retries of requests caught in a host's rate limit
_ARXIV_NEW = re.compile(r"^\d{2}(0[1-9]|1[0-2])\.\d{4,5}(v\d+)?$")
_ARXIV_OLD = re.compile(r"^[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/\d{2}(0[1-9]|1[0-2])\d{3}(v\d+)?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """How to check.

    - ``offline``: skip everything that needs the network.
    - ``max_concurrency`` / ``host_concurrency``: requests in flight, overall and per host.
    - ``max_retries``: retries after a 429, 5xx, timeout or reset.
    - ``retry_wait_s``: first backoff delay; it doubles on each retry.
    - ``max_redirects``: redirects followed before ``too_many_redirects``.
    - ``timeout_s``: limit for one whole request, body included.
    - ``max_retry_after_s``: longer ``Retry-After`` waits give up at once (``unverified``).
    - ``max_body_bytes``: cap on the body read to look for a fragment.
    - ``exclude``: regexes; a target matching one (``re.search``) is ``excluded``.
    - ``doi_api``, ``arxiv_base``: base URLs of the DOI handle API and of arXiv.
    """

    offline: bool = False
    max_concurrency: int = 512
    host_concurrency: int = 512  # halves on each 429 pause, see hosts.py
    max_retries: int = 3
    retry_wait_s: float = 0.5
    max_redirects: int = 10
    timeout_s: float = 20.0
    max_retry_after_s: float = 60.0
    max_body_bytes: int = 10 * 1024 * 1024
    exclude: tuple[re.Pattern[str], ...] = ()
    doi_api: str = DEFAULT_DOI_API
    arxiv_base: str = DEFAULT_ARXIV_BASE


# --- offline checks --------------------------------------------------------------------------


def check_internal(target: str, inputs: Inputs) -> Result:
    """A site-relative path resolves to a file (``dir/`` -> ``dir/index.html``) with the id."""
    path, _, frag = target.partition("#")
    page = path.rstrip("/") if path != "./" else ""
    candidates = [page] if page and not path.endswith("/") else []
    candidates.append(f"{page}/index.html" if page else "index.html")
    found = next((c for c in candidates if c in inputs.files), None)
    if found is None or path.startswith("../"):
        return Result(LinkKind.INTERNAL, target, Status.BROKEN, ErrorKind.MISSING_FILE)
    ids = inputs.ids.get(found)
    if frag and ids is not None and not has_fragment(frag, ids):
        return Result(LinkKind.INTERNAL, target, Status.BROKEN, ErrorKind.MISSING_FRAGMENT)
    return Result(LinkKind.INTERNAL, target, Status.OK)


def has_fragment(frag: str, ids: frozenset[str]) -> bool:
    """True if the fragment names an id (also percent-decoded); ``top`` always exists."""
    return frag in ids or unquote(frag) in ids or frag.lower() == "top" or frag.startswith(":~:")


def check_cite(target: str, inputs: Inputs) -> Result:
    """``@key`` is in the .bib and is cited somewhere in docs/."""
    key = target[1:]
    if inputs.bib_keys is None or key not in inputs.bib_keys:
        return Result(LinkKind.CITE, target, Status.BROKEN, ErrorKind.UNKNOWN_CITE_KEY)
    if key not in inputs.cited:
        return Result(LinkKind.CITE, target, Status.BROKEN, ErrorKind.UNUSED_BIB_ENTRY)
    return Result(LinkKind.CITE, target, Status.OK)


def check_other(target: str) -> Result:
    """Hrefs that are not http(s): an invalid web URL is broken, other schemes unsupported."""
    try:
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        scheme = "http"
    if scheme in ("http", "https"):
        return Result(LinkKind.OTHER, target, Status.BROKEN, ErrorKind.INVALID_URL)
    return Result(LinkKind.OTHER, target, Status.UNSUPPORTED, ErrorKind.UNSUPPORTED_SCHEME)


def arxiv_abs_url(target: str, base: str) -> str | None:
    """The abs-page URL of ``arXiv:<id>``, or None if the id is malformed."""
    ident = target.removeprefix("arXiv:")
    if _ARXIV_NEW.match(ident) or _ARXIV_OLD.match(ident):
        return f"{base.rstrip('/')}/abs/{ident}"
    return None


def check_offline(kind: LinkKind, target: str, inputs: Inputs, options: Options) -> Result | None:
    """The result of a target that needs no network, or None if it must go online."""
    if kind is LinkKind.CITE:
        return check_cite(target, inputs)
    if any(p.search(target) for p in options.exclude):
        return Result(kind, target, Status.EXCLUDED, ErrorKind.EXCLUDED)
    if kind is LinkKind.INTERNAL:
        return check_internal(target, inputs)
    if kind is LinkKind.OTHER:
        return check_other(target)
    if kind is LinkKind.DOI and not _DOI.match(target.removeprefix("doi:")):
        return Result(kind, target, Status.BROKEN, ErrorKind.BAD_DOI, detail="malformed")
    if kind is LinkKind.ARXIV and arxiv_abs_url(target, options.arxiv_base) is None:
        return Result(kind, target, Status.BROKEN, ErrorKind.BAD_ARXIV_ID)
    if options.offline:
        return Result(kind, target, Status.EXCLUDED, ErrorKind.OFFLINE)
    return None


# --- online checks ---------------------------------------------------------------------------


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
            if frag:
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


# --- all together ----------------------------------------------------------------------------


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
