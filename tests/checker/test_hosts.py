"""hosts.py: the retry policy, Retry-After parsing, and pausing a whole host on 429."""

from __future__ import annotations

import asyncio
import email.utils
import time

import pytest
from checklinks.check import Options, check_all
from checklinks.collect import Inputs
from checklinks.hosts import (
    MIN_SPAN_S,
    START_WINDOW,
    Host,
    backoff,
    retry_after,
    should_retry,
)
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


@pytest.mark.parametrize("value", ["\u00b2", "-5", "1e9999", "Mon, 99 Foo 99999 99:99:99", "٣"])
def test_retry_after_garbage_is_no_hint(value: str) -> None:
    assert retry_after(value) is None


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(i, 0.5) for i in range(3)] == [0.5, 1.0, 2.0]
    assert backoff(20, 0.5) == 30.0


def ext_links(*urls: str) -> tuple[Link, ...]:
    return tuple(Link(LinkKind.EXTERNAL, u, Location("p.html", 1)) for u in urls)


def test_one_urls_429_does_not_slow_the_rest_of_the_host(server: App) -> None:
    limited = server.route("/limited", Reply(429, headers={"Retry-After": "1"}), Reply(200))
    others = [server.route(f"/ok/{i}", Reply(delay=0.02)) for i in range(40)]
    options = Options(host_concurrency=4, retry_wait_s=0.01)
    results = asyncio.run(check_all(Inputs(links=ext_links(limited, *others)), options))
    assert {r.status for r in results.values()} == {Status.OK}
    rate_limited_at = next(h.at for h in server.hits if h.status == 429)
    retried_at = max(h.at for h in server.hits if h.path == "/limited")
    assert retried_at - rate_limited_at >= 0.95  # the URL honoured its Retry-After
    # ...while the 40 other URLs went on meanwhile, at full concurrency
    assert all(h.at < retried_at for h in server.hits if h.path.startswith("/ok/"))


def test_a_429_is_retried_when_its_retry_after_ends_with_no_backoff_on_top(server: App) -> None:
    url = server.route("/limited", Reply(429, headers={"Retry-After": "1"}), Reply(200))
    options = Options(retry_wait_s=5)  # a backoff added to the 1 s would wait 6 s or more
    results = asyncio.run(check_all(Inputs(links=ext_links(url)), options))
    assert results[(LinkKind.EXTERNAL, url)].status is Status.OK
    first, retry = (h.at for h in server.hits if h.path == "/limited")
    assert 0.95 <= retry - first < 4  # Retry-After says 1 s; 4 s is a bound for a slow machine


def test_host_wide_limit_is_paced_and_exact(server: App) -> None:
    server.host_rps = 20
    urls = [server.route(f"/ok/{i}", Reply()) for i in range(40)]
    options = Options(host_concurrency=16, retry_wait_s=0.01)
    results = asyncio.run(check_all(Inputs(links=ext_links(*urls)), options))
    assert {r.status for r in results.values()} == {Status.OK}
    rejected = sum(h.status == 429 for h in server.hits)
    # polite: once the host is known to be limited, requests are paced, so most of the
    # 429s are the first burst (16 in flight against an empty bucket), not one per URL
    assert rejected < 40


def test_host_pacing_slows_on_repeated_429s_and_recovers() -> None:
    async def scenario() -> list[float | None]:
        host = Host("http://h", 8)
        seen: list[float | None] = []
        sent = await host.acquire()
        await host.release()
        for _ in range(5):  # successes in the window (all at once): the rate that got through
            host.answered(sent, rate_limited=False, waited=False, pause=1)
        host.answered(sent, rate_limited=True, waited=False, pause=0.01)
        seen.append(host.rate)  # one URL's 429: no pacing
        host.answered(sent, rate_limited=True, waited=True, pause=0.01)
        seen.append(host.rate)  # 429 again after waiting: paced at the rate seen
        assert host.is_paused()
        host.answered(sent, rate_limited=True, waited=True, pause=0.01)
        seen.append(host.rate)  # sent before that reaction: a bystander, no change
        await asyncio.sleep(0.02)
        later = await host.acquire()
        await host.release()
        host.answered(later, rate_limited=True, waited=True, pause=0.01)
        seen.append(host.rate)  # sent just after it: still a bystander
        host.decreased_at -= 2  # as if the reaction were 2 s old
        host.answered(later, rate_limited=True, waited=True, pause=0.01)
        seen.append(host.rate)  # sent well after it: lower the rate
        host.decreased_at -= 60  # a quiet minute: the rate grows 10 % a second
        while host.rate is not None:
            host.answered(later, rate_limited=False, waited=False, pause=0)
        seen.append(host.rate)
        return seen

    first = 5 / MIN_SPAN_S  # 5 answers, measured over at least MIN_SPAN_S
    assert asyncio.run(scenario()) == [None, first, first, first, 0.8 * first, None]


def test_503_with_long_retry_after_forever_is_unverified_at_once(server: App) -> None:
    url = server.route("/busy", Reply(503, headers={"Retry-After": "59"}))
    started = time.monotonic()
    results = asyncio.run(check_all(Inputs(links=ext_links(url)), Options(max_retry_wait_s=30)))
    result = results[(LinkKind.EXTERNAL, url)]
    assert (result.status, result.error) == (Status.UNVERIFIED, ErrorKind.RATE_LIMITED)
    assert "max-retry-wait" in result.detail
    assert len(server.hits) <= 2 and time.monotonic() - started < 20  # HEAD, then GET


def test_retry_after_waits_of_one_url_share_the_cap(server: App) -> None:
    url = server.route("/busy", Reply(429, headers={"Retry-After": "1"}))
    options = Options(max_retry_wait_s=2.5, max_retries=10)
    results = asyncio.run(check_all(Inputs(links=ext_links(url)), options))
    assert results[(LinkKind.EXTERNAL, url)].status is Status.UNVERIFIED
    assert len(server.hits) == 3  # first try, then two 1 s waits; a third passes 2.5 s


def test_a_new_host_starts_slowly_and_gains_a_slot_per_clean_answer() -> None:
    """A host-wide rate limit meets a burst of START_WINDOW requests, not 128. Each answer
    without a 429 adds a slot (the window doubles each round trip), up to --host-concurrency;
    a 429 adds none."""

    async def in_flight_after(host: Host, wanted: int) -> int:
        waiting = [asyncio.ensure_future(host.acquire()) for _ in range(wanted)]
        await asyncio.sleep(0.01)
        admitted = sum(task.done() for task in waiting)
        for task in waiting:
            task.cancel()
        host.in_flight = 0
        return admitted

    async def scenario() -> list[int]:
        host = Host("http://h", 128)
        seen = [await in_flight_after(host, 100)]
        for _ in range(5):
            host.answered(0.0, rate_limited=True, waited=False, pause=1)
        seen.append(await in_flight_after(host, 100))  # 429s: no growth
        for _ in range(START_WINDOW // 2):
            host.answered(0.0, rate_limited=False, waited=False, pause=0)
        seen.append(await in_flight_after(host, 100))  # half a round trip of clean answers
        for _ in range(200):
            host.answered(0.0, rate_limited=False, waited=False, pause=0)
        seen.append(await in_flight_after(host, 200))
        return seen

    half_again = START_WINDOW + START_WINDOW // 2
    assert asyncio.run(scenario()) == [START_WINDOW, START_WINDOW, half_again, 128]
