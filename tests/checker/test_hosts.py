"""hosts.py: the retry policy, Retry-After parsing, and pausing a whole host on 429."""

from __future__ import annotations

import asyncio
import email.utils
import time

import pytest
from checklinks.check import Options, check_all
from checklinks.collect import Inputs
from checklinks.hosts import Host, backoff, retry_after, should_retry
from checklinks.types import ErrorKind, Link, LinkKind, Location, Status

from .conftest import App, Reply


@pytest.mark.parametrize(
    ("code", "error", "expected"),
    [
        (429, None, True),
        (500, None, True),
        (503, None, True),
        (501, None, False),
        (404, None, False),
        (200, None, False),
        (None, ErrorKind.TIMEOUT, True),
        (None, ErrorKind.RESET, True),
        (None, ErrorKind.CONNECT, False),
        (None, ErrorKind.DNS, False),
    ],
)
def test_should_retry_on_429_5xx_timeouts_and_resets(
    code: int | None, error: ErrorKind | None, expected: bool
) -> None:
    assert should_retry(code, error) is expected


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after("7") == 7.0
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= (retry_after(date, now) or 0) <= 31
    assert retry_after("soon") is None
    assert retry_after(None) is None


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(i, 0.5) for i in range(3)] == [0.5, 1.0, 2.0]
    assert backoff(20, 0.5) == 30.0


def test_pause_halves_the_limit_and_spares_bystanders() -> None:
    async def scenario() -> tuple[bool, bool, int, int]:
        host = Host("http://h", 8)
        sent = await host.acquire()
        counted_first = host.pause(0.05, sent)
        counted_bystander = host.pause(0.05, sent - 1)
        limit_after = host.limit
        await host.release(rate_limited=True)
        await asyncio.sleep(0.06)
        assert not host.is_paused()
        await host.acquire()
        await host.release(rate_limited=False)
        return counted_first, counted_bystander, limit_after, host.limit

    assert asyncio.run(scenario()) == (True, False, 4, 4.25)


def test_429_retry_after_pauses_whole_host(server: App) -> None:
    limited = server.route("/limited", Reply(429, headers={"Retry-After": "1"}), Reply(200))
    others = [server.route(f"/ok/{i}", Reply()) for i in range(4)]
    links = [Link(LinkKind.EXTERNAL, u, Location("p.html", 1)) for u in [limited, *others]]
    options = Options(host_concurrency=1, retry_wait_s=0.01)
    results = asyncio.run(check_all(Inputs(links=tuple(links)), options))
    assert {r.status for r in results.values()} == {Status.OK}
    rate_limited_at = next(h.at for h in server.hits if h.status == 429)
    later = [h.at for h in server.hits if h.at > rate_limited_at]
    assert len(later) == 5  # four other URLs and the retry
    assert min(later) - rate_limited_at >= 0.95
