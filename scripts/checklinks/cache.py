"""TTL cache of successful external results, in a JSON file written atomically.

File format: ``{"schema": 1, "entries": {"<kind> <target>": {"status", "code",
"redirect_to", "checked_at"}}}``. Only ``ok`` and ``redirected`` results are stored, so a
broken link is checked again on the next run. A missing, unreadable or foreign file is
treated as an empty cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from checklinks.types import LinkKind, Result, Status

SCHEMA = 1
CACHED_STATUSES = frozenset({Status.OK, Status.REDIRECTED})


class Cache:
    """Results by target key, fresh for ``max_age_s`` seconds."""

    def __init__(
        self, path: Path, *, max_age_s: float, clock: Callable[[], float] = time.time
    ) -> None:
        self.path = path
        self.max_age_s = max_age_s
        self.clock = clock
        self.entries: dict[str, dict] = {}
        self.dirty = False

    @classmethod
    def load(cls, path: Path, *, max_age_s: float, clock: Callable[[], float] = time.time) -> Cache:
        """Read the cache file; start empty if it is missing or not ours."""
        cache = cls(path, max_age_s=max_age_s, clock=clock)
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
            if entry is None or self.clock() - float(entry["checked_at"]) > self.max_age_s:
                return None
            return Result(
                kind,
                target,
                Status(entry["status"]),
                code=entry.get("code"),
                redirect_to=entry.get("redirect_to"),
                from_cache=True,
            )
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, result: Result) -> None:
        """Remember a successful result (others are ignored)."""
        if result.status not in CACHED_STATUSES or result.from_cache:
            return
        self.entries[self._key(result.kind, result.target)] = {
            "status": str(result.status),
            "code": result.code,
            "redirect_to": result.redirect_to,
            "checked_at": self.clock(),
        }
        self.dirty = True

    def save(self) -> None:
        """Write the file atomically: a temp file in the same directory, then ``os.replace``."""
        if not self.dirty:
            return
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
