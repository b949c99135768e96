"""Per-host politeness: concurrency limits, pauses on 429/Retry-After, and the retry policy.

Architecture:

- ``HostPool`` owns one ``Host`` per ``scheme://host:port`` and the global limit.
- ``Host`` admits at most ``limit`` requests at once. A 429, or any answer with
  ``Retry-After``, pauses the whole host: no request to it starts until the pause is
  over. Each new pause halves ``limit``; each answer that is not rate-limited raises it
  by ``1/limit`` (about one per round of requests), up to the configured maximum:
  additive increase, multiplicative decrease, as in TCP congestion control.
- ``should_retry``, ``retry_after`` and ``backoff`` are the retry policy.
"""

from __future__ import annotations

import asyncio
import email.utils
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from checklinks.types import ErrorKind

RETRYABLE_ERRORS = frozenset({ErrorKind.TIMEOUT, ErrorKind.RESET})
MAX_BACKOFF_S = 30.0


def should_retry(code: int | None, error: ErrorKind | None) -> bool:
    """True for 429, 5xx (except 501 Not Implemented), timeouts and connection resets."""
    if error is not None:
        return error in RETRYABLE_ERRORS
    return code == 429 or (code is not None and code >= 500 and code != 501)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff(attempt: int, base: float) -> float:
    """Exponential backoff: base, 2*base, 4*base, ... capped at 30 s."""
    return min(MAX_BACKOFF_S, base * 2**attempt)


class Host:
    """Concurrency gate and pause state of one host."""

    def __init__(self, name: str, max_concurrency: int) -> None:
        self.name = name
        self.max_concurrency = max(1, max_concurrency)
        self.limit: float = self.max_concurrency
        self.in_flight = 0
        self.paused_at = -math.inf  # loop time the latest pause began
        self.paused_until = -math.inf
        self.pauses = 0
        self._cond = asyncio.Condition()

    def is_paused(self) -> bool:
        """True while a 429/Retry-After pause is running."""
        return asyncio.get_running_loop().time() < self.paused_until

    async def acquire(self) -> float:
        """Wait for the pause to end and a free slot; return the loop time the slot was got."""
        loop = asyncio.get_running_loop()
        while True:
            while (wait := self.paused_until - loop.time()) > 0:
                await asyncio.sleep(wait)
            async with self._cond:
                await self._cond.wait_for(lambda: self.in_flight < self.limit)
                if not self.is_paused():
                    self.in_flight += 1
                    return loop.time()

    async def release(self, rate_limited: bool) -> None:
        """Free a slot; an answer that was not rate-limited raises the limit a little."""
        async with self._cond:
            self.in_flight -= 1
            if not rate_limited:
                self.limit = min(self.max_concurrency, self.limit + 1 / self.limit)
            self._cond.notify(max(1, int(self.limit) - self.in_flight))

    def pause(self, seconds: float, sent_at: float) -> bool:
        """Pause the host for ``seconds``; True if this request's retry should be counted.

        A request sent before the current pause began is a bystander of a rate limit the
        host already reported: its retry is not counted against ``--max-retries``.
        """
        now = asyncio.get_running_loop().time()
        counted = sent_at >= self.paused_at
        if now >= self.paused_until:  # a new pause: back off harder
            self.paused_at = now
            self.limit = max(1.0, self.limit / 2)
            self.pauses += 1
        self.paused_until = max(self.paused_until, now + seconds)
        return counted


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
    async def slot(self, host: Host) -> AsyncIterator[SlotInfo]:
        """Hold a host slot and a global slot for one request."""
        info = SlotInfo(await host.acquire())
        try:
            async with self._global:
                yield info
        finally:
            await host.release(info.rate_limited)


class SlotInfo:
    """When a request's slot was granted, and whether its answer was rate-limited."""

    __slots__ = ("sent_at", "rate_limited")

    def __init__(self, sent_at: float) -> None:
        self.sent_at = sent_at
        self.rate_limited = False
