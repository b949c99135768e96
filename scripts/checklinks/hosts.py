"""Per-host politeness: concurrency limits, pacing on host-wide 429s, and the retry policy.

Architecture:

- ``HostPool`` owns one ``Host`` per ``scheme://host:port`` and the global limit.
- ``Host`` admits at most ``max_concurrency`` requests at once, after a slow start: it
  begins with ``START_WINDOW`` and each answer without a 429 adds a slot, so the window
  doubles each round trip (429s add none). A host-wide rate limit then meets a burst of
  ``START_WINDOW`` requests, not of ``max_concurrency``.
- A 429 first concerns only the URL that got it: that URL waits its ``Retry-After`` (or a
  backoff) and tries again, while the other URLs of the host go on at full speed. Many
  servers rate-limit single URLs, and one such URL must not slow down the rest.
- The host itself is judged rate-limited when 429s keep coming: a URL that already waited
  gets 429 again, or most of the answers of the last second are 429s. Then the whole host
  pauses for the ``Retry-After``, and afterwards requests are *paced* at the rate of
  successful answers just seen (requests per second, not requests in flight): those of
  the last second, or of the time since the first answer, at least ``MIN_SPAN_S``.
- While paced, each new host-wide signal lowers the rate to 80 %. Only a 429 on a request
  sent at least ``DECREASE_HOLD_S`` after the previous decrease counts: the earlier ones
  were sent at the old rate, or met a bucket the server has not refilled yet. Each success
  raises the rate by about 1 request/s per second; after ``RECOVER_AFTER_S`` without a
  signal it grows by 10 % a second, and above ``UNPACED_RATE`` pacing stops.
- ``should_retry``, ``retry_after`` and ``backoff`` are the retry policy.
"""

from __future__ import annotations

import asyncio
import collections
import email.utils
import math
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from checklinks.types import ErrorKind

RETRYABLE_ERRORS = frozenset({ErrorKind.TIMEOUT, ErrorKind.RESET})
MAX_BACKOFF_S = 30.0
MAX_RETRY_AFTER_S = 86400.0 * 366  # longer values are read as this (they give up anyway)
RATE_DECREASE = 0.8  # paced rate after a host-wide 429
MIN_RATE = 0.2  # requests per second
UNPACED_RATE = 1000.0  # requests per second; pacing ends above it
RECOVER_AFTER_S = 5.0  # seconds without a host-wide 429 before growing by 10 % a second
QUIET_GROWTH = 0.1  # rate added per success after RECOVER_AFTER_S: +10 % a second
DECREASE_HOLD_S = 1.0  # 429s on requests sent within this time after a decrease: bystanders
START_WINDOW = 64  # requests in flight to a new host, before the slow start grows it
WINDOW_S = 1.0  # answers remembered to judge "most answers are 429s"
MIN_SPAN_S = 0.5  # shortest time the first paced rate is measured over
MIN_LIMITED_IN_WINDOW = 8  # 429s in the window before the host counts as rate-limited
_DIGITS = re.compile(r"[0-9]{1,12}")


def should_retry(code: int | None, error: ErrorKind | None) -> bool:
    """True for 429, 5xx (except 501 Not Implemented), timeouts and connection resets."""
    if error is not None:
        return error in RETRYABLE_ERRORS
    return code == 429 or (code is not None and code >= 500 and code != 501)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date).

    Anything else (garbage, negative numbers, dates that overflow) is None: no hint.
    """
    if not value:
        return None
    value = value.strip()
    if _DIGITS.fullmatch(value):
        return min(float(value), MAX_RETRY_AFTER_S)
    try:
        when = email.utils.parsedate_to_datetime(value)
        seconds = when.timestamp() - (time.time() if now is None else now)
    except (TypeError, ValueError, IndexError, OverflowError, OSError, AttributeError):
        return None
    return min(max(0.0, seconds), MAX_RETRY_AFTER_S)


def backoff(attempt: int, base: float) -> float:
    """Exponential backoff: base, 2*base, 4*base, ... capped at 30 s."""
    return min(MAX_BACKOFF_S, base * 2 ** min(attempt, 30))


class Host:
    """Concurrency gate, pause and pacing state of one host."""

    def __init__(self, name: str, max_concurrency: int) -> None:
        self.name = name
        self.max_concurrency = max(1, max_concurrency)
        self.window = min(START_WINDOW, self.max_concurrency)  # grows to max_concurrency
        self.in_flight = 0
        self.paused_until = -math.inf
        self.rate: float | None = None  # requests per second while paced; None: unpaced
        self.next_start = -math.inf  # loop time the next paced request may start
        self.decreased_at = -math.inf  # loop time of the latest host-wide 429 reaction
        self.throttles = 0  # host-wide 429 reactions so far
        self._answers: collections.deque[tuple[float, bool]] = collections.deque()
        self._cond = asyncio.Condition()

    def is_paused(self) -> bool:
        """True while a host-wide pause is running."""
        return asyncio.get_running_loop().time() < self.paused_until

    async def acquire(self) -> float:
        """Wait for the pause, a free slot and the pacer; return the loop time of the start."""
        loop = asyncio.get_running_loop()
        while True:
            while (wait := self.paused_until - loop.time()) > 0:
                await asyncio.sleep(wait)
            async with self._cond:
                await self._cond.wait_for(lambda: self.in_flight < self.window)
                if self.is_paused():
                    continue
                self.in_flight += 1
                start = loop.time()
                if self.rate is not None:
                    start = max(start, self.next_start)
                    self.next_start = start + 1 / self.rate
            if (delay := start - loop.time()) > 0:
                await asyncio.sleep(delay)
            return start

    async def release(self) -> None:
        """Free a slot (and the new ones if the window grew)."""
        async with self._cond:
            self.in_flight -= 1
            self._cond.notify(max(1, self.window - self.in_flight))

    def answered(self, sent_at: float, *, rate_limited: bool, waited: bool, pause: float) -> bool:
        """Learn from one answer; True if its retry counts against ``--max-retries``.

        ``waited``: this request is a retry that already honoured a wait. ``pause``: the
        server's ``Retry-After`` (or the backoff) for a rate-limited answer. A 429 on a
        request sent before the host's latest reaction is a bystander of a limit already
        handled: its retry is not counted.
        """
        now = asyncio.get_running_loop().time()
        self._answers.append((now, rate_limited))
        while self._answers and self._answers[0][0] < now - WINDOW_S:
            self._answers.popleft()
        if not rate_limited:
            self.window = min(self.window + 1, self.max_concurrency)
            self._grow(now)
            return True
        if sent_at < self.decreased_at + (DECREASE_HOLD_S if self.rate is not None else 0.0):
            return False
        limited = sum(1 for _, r in self._answers if r)
        host_wide = waited or (
            limited >= MIN_LIMITED_IN_WINDOW and limited > 2 * (len(self._answers) - limited)
        )
        if not host_wide:
            return True  # one URL's limit: only that URL waits
        self.decreased_at = now
        self.throttles += 1
        if self.rate is None:  # first time: pause, then pace at the rate that got through
            span = max(MIN_SPAN_S, now - self._answers[0][0])
            self.rate = max(1.0, (len(self._answers) - limited) / span)
            self.paused_until = max(self.paused_until, now + pause)
        else:
            self.rate = max(MIN_RATE, self.rate * RATE_DECREASE)
        return True

    def _grow(self, now: float) -> None:
        """A success while paced: +1 request/s per second; +10 % a second once quiet."""
        if self.rate is None:
            return
        quiet = now - self.decreased_at > RECOVER_AFTER_S
        self.rate += max(1.0 / self.rate, QUIET_GROWTH if quiet else 0.0)
        if self.rate > UNPACED_RATE:
            self.rate = None


class HostPool:
    """One ``Host`` per origin, plus the global concurrency limit."""

    def __init__(self, *, max_concurrency: int, host_concurrency: int) -> None:
        self.host_concurrency = host_concurrency
        self.hosts: dict[str, Host] = {}
        self._global = asyncio.Semaphore(max(1, max_concurrency))

    def host(self, url: str) -> Host:
        """The ``Host`` for a URL's origin."""
        parts = urlsplit(url)
        name = f"{parts.scheme}://{parts.netloc}".lower()
        if name not in self.hosts:
            self.hosts[name] = Host(name, self.host_concurrency)
        return self.hosts[name]

    @asynccontextmanager
    async def slot(self, host: Host) -> AsyncIterator[float]:
        """Hold a host slot and a global slot for one request; yield its start time."""
        sent_at = await host.acquire()
        try:
            async with self._global:
                yield sent_at
        finally:
            await host.release()
