"""TTL cache of external results, in a JSON file written atomically.

File format: ``{"schema": 2, "entries": {"<kind> <target>": {"status", "error", "code",
"redirect_to", "detail", "checked_at"}}}``. A missing, unreadable or foreign file
(including schema 1) is treated as an empty cache.

What is kept, and for how long:

- ``ok`` and ``redirected``: ``max_age_s`` (default one day). Working links rarely break
  within a day, and these are most targets, so a warm run makes almost no requests.
- ``broken``: ``failure_max_age_s`` (default ten minutes). While an author fixes links and
  runs the checker again and again, the broken remote targets are not asked again; a
  server that comes back is believed within minutes. A link the author edits is a new
  target, so it is always checked.
- ``timeout`` and ``unverified`` are never kept: they say nothing lasting about the link.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from checklinks.check.options import DEFAULT_FAILURE_MAX_AGE_S
from checklinks.types import ErrorKind, LinkKind, Result, Status

SCHEMA = 2
SUCCESSES = frozenset({Status.OK, Status.REDIRECTED})


class Cache:
    """Results by target key: successes fresh for ``max_age_s``, failures for less."""

    def __init__(
        self,
        path: Path,
        *,
        max_age_s: float,
        failure_max_age_s: float = DEFAULT_FAILURE_MAX_AGE_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self.max_age_s = max_age_s
        self.failure_max_age_s = failure_max_age_s
        self.clock = clock
        self.entries: dict[str, dict] = {}
        self.dirty = False

    @classmethod
    def load(
        cls,
        path: Path,
        *,
        max_age_s: float,
        failure_max_age_s: float = DEFAULT_FAILURE_MAX_AGE_S,
        clock: Callable[[], float] = time.time,
    ) -> Cache:
        """Read the cache file; start empty if it is missing or not ours."""
        cache = cls(path, max_age_s=max_age_s, failure_max_age_s=failure_max_age_s, clock=clock)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cache
        if isinstance(data, dict) and data.get("schema") == SCHEMA:
            entries = data.get("entries")
            cache.entries = entries if isinstance(entries, dict) else {}
        return cache

    @staticmethod
    def _key(kind: LinkKind, target: str) -> str:
        return f"{kind} {target}"

    def get(self, kind: LinkKind, target: str) -> Result | None:
        """The cached result, marked ``from_cache``, if present and fresh."""
        entry = self.entries.get(self._key(kind, target))
        try:
            if entry is None:
                return None
            status = Status(entry["status"])
            max_age = self.max_age_s if status in SUCCESSES else self.failure_max_age_s
            if self.clock() - float(entry["checked_at"]) > max_age:
                return None
            error = entry.get("error")
            return Result(
                kind,
                target,
                status,
                ErrorKind(error) if error else None,
                code=entry.get("code"),
                redirect_to=entry.get("redirect_to"),
                detail=str(entry.get("detail") or ""),
                from_cache=True,
            )
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, result: Result) -> None:
        """Remember a success or a broken result (timeouts and unverified are not kept)."""
        if result.from_cache or result.status not in SUCCESSES | {Status.BROKEN}:
            return
        self.entries[self._key(result.kind, result.target)] = {
            "status": str(result.status),
            "error": str(result.error) if result.error else None,
            "code": result.code,
            "redirect_to": result.redirect_to,
            "detail": result.detail,
            "checked_at": self.clock(),
        }
        self.dirty = True

    def save(self) -> None:
        """Write the file atomically: a temp file in the same directory, then ``os.replace``."""
        if not self.dirty:
            return
        import tempfile  # only a run that checked something online writes the cache

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"schema": SCHEMA, "entries": self.entries}, out, indent=0)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self.dirty = False
