"""check/web.py against hostile servers and odd URLs: a verdict for each, never a traceback."""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
from socket import AF_INET

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult
from checklinks.check import Options, check_all
from checklinks.check import web as web_module
from checklinks.check.web import ascii_url
from checklinks.collect import Inputs
from checklinks.types import ErrorKind, Link, LinkKind, Location, Status
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .conftest import App, Reply, page

FAST = Options(retry_wait_s=0.01, timeout_s=2.0, max_retries=1, max_retry_wait_s=0.5)


def run(urls: list[str], options: Options = FAST, **kwargs: object) -> dict:
    links = tuple(Link(LinkKind.EXTERNAL, u, Location("p.html", 1)) for u in urls)
    results = asyncio.run(check_all(Inputs(links=links), options, **kwargs))  # type: ignore[arg-type]
    return {target: r for (_kind, target), r in results.items()}


class RecordingResolver(AbstractResolver):
    """DNS that sends every host name to the loopback server and records the names asked."""

    def __init__(self, server: App) -> None:
        self.port = int(server.base.rpartition(":")[2])
        self.hosts: list[str] = []

    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[ResolveResult]:
        self.hosts.append(host)  # as sent on the wire
        return [
            ResolveResult(
                hostname=host, host="127.0.0.1", port=self.port, family=AF_INET, proto=0, flags=0
            )
        ]

    async def close(self) -> None:
        pass


def test_unicode_hosts_are_idna_encoded_or_invalid_and_the_run_goes_on(server: App) -> None:
    server.route("/", Reply(200, page()))
    server.route("/p", Reply(200, page()))
    resolver = RecordingResolver(server)
    ok = ["http://b\u00fccher.de/", "http://\uff45\uff58.com/p"]
    refused = ["http://i\u2764.ws/", "http://\u2603.net/"]  # symbols: not IDNA 2008
    results = run(ok + refused, resolver=resolver)
    assert [results[u].status for u in ok] == [Status.OK, Status.OK]
    assert [results[u].error for u in refused] == [ErrorKind.INVALID_URL] * 2
    assert sorted(resolver.hosts) == ["ex.com", "xn--bcher-kva.de"]
    assert sorted(h.path for h in server.hits) == ["/", "/p"]


@pytest.mark.parametrize("url", ["http://<servername>/x", "http://a_b|c.org/", "http://x..y/"])
def test_unparsable_host_is_invalid_url_not_dns(server: App, url: str) -> None:
    resolver = RecordingResolver(server)
    result = run([url], resolver=resolver)[url]
    assert (result.status, result.error) == (Status.BROKEN, ErrorKind.INVALID_URL)
    assert resolver.hosts == [] and server.hits == []  # nothing was sent


def test_ascii_url_keeps_ports_users_and_ipv6() -> None:
    assert (
        ascii_url("http://u:p@b\u00fccher.de:8080/a?q#f")
        == "http://u:p@xn--bcher-kva.de:8080/a?q#f"
    )
    assert ascii_url("http://[::1]:80/") == "http://[::1]:80/"


def test_redirect_to_unparsable_location_is_invalid_url(server: App) -> None:
    url = server.route("/r", Reply(301, headers={"Location": "http://a[b/"}))
    result = run([url])[url]
    assert (result.status, result.error) == (Status.BROKEN, ErrorKind.INVALID_URL)


HEADER_TEXT = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"),
    max_size=40,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    status=st.sampled_from([200, 301, 302, 307, 308, 429, 503]),
    location=HEADER_TEXT,
    retry=HEADER_TEXT,
    ctype=HEADER_TEXT,
    fragment=st.booleans(),
)
@example(status=301, location="a[b", retry="", ctype="text/html", fragment=False)  # issue 17
@example(status=503, location="", retry="\u00b2", ctype="text/html", fragment=False)
def test_any_location_retry_after_and_content_type_gets_a_verdict(
    server: App, status: int, location: str, retry: str, ctype: str, fragment: bool
) -> None:
    headers = {"Location": location, "Retry-After": retry}
    path = f"/fuzz/{len(server.hits)}"
    url = server.route(path, Reply(status, page(ids=("a",)), headers, ctype=ctype))
    target = url + ("#a" if fragment else "")
    result = run([target])[target]
    assert result.status in (Status.OK, Status.BROKEN, Status.REDIRECTED, Status.UNVERIFIED)
    if result.status is Status.BROKEN:
        assert result.error in (
            ErrorKind.INVALID_URL,
            ErrorKind.HTTP_STATUS,
            ErrorKind.PROTOCOL,
            ErrorKind.TOO_MANY_REDIRECTS,
            ErrorKind.MISSING_FRAGMENT,
        )


def test_gzip_bombs_are_capped_while_decoding(server: App) -> None:
    bomb = gzip.compress(b"\0" * (100 * 1024 * 1024), compresslevel=9)  # 100 MB -> ~100 KB
    urls = [
        server.route(f"/bomb{i}", Reply(200, bomb, {"Content-Encoding": "gzip"})) for i in range(8)
    ]
    tracemalloc.start()
    try:
        options = Options(max_body_bytes=1024 * 1024, retry_wait_s=0.01)
        results = run([u + "#x" for u in urls], options)  # eight at once
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert {(r.status, r.error) for r in results.values()} == {
        (Status.UNVERIFIED, ErrorKind.BODY_TOO_LARGE)
    }
    assert peak < 48 * 1024 * 1024  # bytes: none of the 100 MB bodies was ever held


def test_gzip_page_is_decoded_for_its_fragments(server: App) -> None:
    body = gzip.compress(page(ids=("here",)).encode())
    url = server.route("/z", Reply(200, body, {"Content-Encoding": "gzip"}))
    results = run([url + "#here", url + "#gone"])
    assert results[url + "#here"].status is Status.OK
    assert results[url + "#gone"].error is ErrorKind.MISSING_FRAGMENT


def test_each_fetched_page_is_parsed_once(server: App, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[int] = []
    real = web_module.html_ids

    def counting(text: str) -> frozenset[str]:
        parsed.append(1)
        return real(text)

    monkeypatch.setattr(web_module, "html_ids", counting)
    ids = tuple(f"s{i}" for i in range(200))
    url = server.route("/big", Reply(200, page(ids=ids)))
    targets = [f"{url}#s{i}" for i in range(0, 400, 2)]
    results = run(targets)
    assert sum(r.status is Status.OK for r in results.values()) == 100
    assert sum(r.error is ErrorKind.MISSING_FRAGMENT for r in results.values()) == 100
    assert len(parsed) == 1
    assert [h.method for h in server.hits] == ["GET"]
