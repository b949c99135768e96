"""cache.py: TTL, successes only, atomic writes; a warm run makes no requests."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from checklinks.cache import Cache
from checklinks.check import Options, check_all
from checklinks.collect import Inputs
from checklinks.types import ErrorKind, Link, LinkKind, Location, Result, Status

from .conftest import App, Reply

OK = Result(LinkKind.EXTERNAL, "https://example.org/", Status.OK, code=200)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_results_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c" / "cache.json"
    cache = Cache(path, max_age_s=60)
    gone = Result(
        LinkKind.EXTERNAL, "https://example.org/x", Status.BROKEN, ErrorKind.HTTP_STATUS, 404
    )
    slow = Result(LinkKind.EXTERNAL, "https://example.org/t", Status.TIMEOUT, ErrorKind.TIMEOUT)
    for result in (OK, gone, slow):
        cache.put(result)
    cache.save()
    loaded = Cache.load(path, max_age_s=60)
    hit = loaded.get(LinkKind.EXTERNAL, OK.target)
    assert hit is not None and hit.status is Status.OK and hit.from_cache
    miss = loaded.get(LinkKind.EXTERNAL, gone.target)
    assert miss is not None and (miss.status, miss.error, miss.code) == (
        Status.BROKEN,
        ErrorKind.HTTP_STATUS,
        404,
    )
    assert loaded.get(LinkKind.EXTERNAL, slow.target) is None  # transient: never kept
    assert json.loads(path.read_text())["schema"] == 2


def test_failures_expire_sooner_than_successes(tmp_path: Path) -> None:
    clock = Clock()
    cache = Cache(tmp_path / "c.json", max_age_s=86400, failure_max_age_s=600, clock=clock)
    gone = Result(LinkKind.EXTERNAL, "https://example.org/x", Status.BROKEN, ErrorKind.DNS)
    cache.put(OK)
    cache.put(gone)
    clock.now += 601
    assert cache.get(LinkKind.EXTERNAL, gone.target) is None
    assert cache.get(LinkKind.EXTERNAL, OK.target) is not None


def test_entries_expire_after_max_age(tmp_path: Path) -> None:
    clock = Clock()
    cache = Cache(tmp_path / "c.json", max_age_s=60, clock=clock)
    cache.put(OK)
    clock.now += 59
    assert cache.get(LinkKind.EXTERNAL, OK.target) is not None
    clock.now += 2
    assert cache.get(LinkKind.EXTERNAL, OK.target) is None


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cache.json"
    path.write_text('{"schema": 1, "entries": {}}')
    cache = Cache(path, max_age_s=60)
    cache.put(OK)

    def fail(_src: str, _dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        cache.save()
    assert path.read_text() == '{"schema": 1, "entries": {}}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.json"]


@pytest.mark.parametrize("content", ["not json", '{"schema": 99}', "[]"])
def test_unreadable_or_foreign_file_is_an_empty_cache(tmp_path: Path, content: str) -> None:
    path = tmp_path / "cache.json"
    path.write_text(content)
    assert Cache.load(path, max_age_s=60).entries == {}


def test_warm_run_makes_zero_requests(server: App, tmp_path: Path) -> None:
    url = server.route("/ok", Reply())
    inputs = Inputs(links=(Link(LinkKind.EXTERNAL, url, Location("p.html", 1)),))
    path = tmp_path / "cache.json"
    for _ in range(2):
        cache = Cache.load(path, max_age_s=60)
        results = asyncio.run(check_all(inputs, Options(), cache=cache))
        cache.save()
    assert len(server.hits) == 1
    assert results[(LinkKind.EXTERNAL, url)].from_cache
