"""Result types shared by collect, check and report; no I/O here.

Errors::

    CheckLinksError          anything this package raises on purpose
    └── InputError           bad usage or bad input: exit code 2
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import InitVar, dataclass, field
from enum import StrEnum
from operator import attrgetter


class CheckLinksError(Exception):
    """Base class of the errors raised on purpose by checklinks."""


class InputError(CheckLinksError):
    """Bad usage or bad input (missing SITE_DIR, unreadable .bib, bad config): exit 2."""


class Status(StrEnum):
    """Verdict for one distinct target; the value is its JSON spelling."""

    OK = "ok"
    BROKEN = "broken"
    REDIRECTED = "redirected"  # permanent redirect (301/308) to a working target
    TIMEOUT = "timeout"
    UNVERIFIED = "unverified"  # still rate-limited after retries
    EXCLUDED = "excluded"  # matched an --exclude pattern, or skipped by --offline
    UNSUPPORTED = "unsupported"  # mailto:, javascript:, data:, ...

    @property
    def is_failure(self) -> bool:
        """True for the statuses that make the exit code 1."""
        return self in (Status.BROKEN, Status.TIMEOUT)


class ErrorKind(StrEnum):
    """Why a target got its status; messages are for people, don't match on them."""

    HTTP_STATUS = "http_status"
    MISSING_FILE = "missing_file"
    MISSING_FRAGMENT = "missing_fragment"
    UNKNOWN_CITE_KEY = "unknown_cite_key"
    UNUSED_BIB_ENTRY = "unused_bib_entry"
    BAD_DOI = "bad_doi"
    BAD_ARXIV_ID = "bad_arxiv_id"
    DNS = "dns"
    CONNECT = "connect"
    RESET = "reset"
    TIMEOUT = "timeout"
    RATE_LIMITED = "rate_limited"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    INVALID_URL = "invalid_url"
    BODY_TOO_LARGE = "body_too_large"
    UNSUPPORTED_SCHEME = "unsupported_scheme"
    EXCLUDED = "excluded"
    OFFLINE = "offline"
    PROTOCOL = "protocol"
    FILE_URL = "file_url"
    PAGE_TOO_LARGE = "page_too_large"

    @property
    def message(self) -> str:
        """A short human description."""
        return _MESSAGES[self]


_MESSAGES = {
    ErrorKind.HTTP_STATUS: "HTTP error status",
    ErrorKind.MISSING_FILE: "file not found",
    ErrorKind.MISSING_FRAGMENT: "cannot find fragment",
    ErrorKind.UNKNOWN_CITE_KEY: "citation key not in the .bib",
    ErrorKind.UNUSED_BIB_ENTRY: "bib entry never cited",
    ErrorKind.BAD_DOI: "DOI does not exist or is malformed",
    ErrorKind.BAD_ARXIV_ID: "malformed arXiv id",
    ErrorKind.DNS: "host name not resolved",
    ErrorKind.CONNECT: "connection failed",
    ErrorKind.RESET: "connection reset",
    ErrorKind.TIMEOUT: "request timed out",
    ErrorKind.RATE_LIMITED: "still rate-limited after retries",
    ErrorKind.TOO_MANY_REDIRECTS: "too many redirects or a redirect loop",
    ErrorKind.INVALID_URL: "invalid URL",
    ErrorKind.BODY_TOO_LARGE: "response body too large",
    ErrorKind.UNSUPPORTED_SCHEME: "scheme not checked",
    ErrorKind.EXCLUDED: "matches an exclude pattern",
    ErrorKind.OFFLINE: "external, skipped by --offline",
    ErrorKind.PROTOCOL: "HTTP protocol error",
    ErrorKind.FILE_URL: "file: URL, works only on the author's machine (--allow-file-urls)",
    ErrorKind.PAGE_TOO_LARGE: "page over the size cap, not read (--max-file-size)",
}


class LinkKind(StrEnum):
    """What a target is, which decides how it is checked."""

    INTERNAL = "internal"  # site-relative path, maybe with #fragment
    EXTERNAL = "external"  # absolute http(s) URL
    CITE = "cite"  # "@key": a citation in docs/ or an entry of the .bib
    DOI = "doi"  # "doi:10.1000/xyz" from a bib entry
    ARXIV = "arxiv"  # "arXiv:2101.00001" from a bib entry
    OTHER = "other"  # mailto:, javascript:, unparsable hrefs


@dataclass(frozen=True, slots=True)
class Location:
    """Where a link was written: a file and a 1-based line (0 = unknown)."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, slots=True)
class Link:
    """One occurrence of a target in an input file.

    The location is kept as its path and line, not as a Location object: with 1 M
    links on 1 M lines that is 48 MB less.
    """

    kind: LinkKind
    target: str
    where: InitVar[Location]
    path: str = field(init=False)
    line: int = field(init=False)

    def __post_init__(self, where: Location) -> None:
        object.__setattr__(self, "path", where.path)
        object.__setattr__(self, "line", where.line)

    @property
    def location(self) -> Location:
        """Where the link was written."""
        return Location(self.path, self.line)

    @property
    def key(self) -> tuple[LinkKind, str]:
        """Identity of the target: links with the same key are checked once."""
        return (self.kind, self.target)


@dataclass(frozen=True, slots=True)
class Note:
    """Something about the input that is worth saying but is not a link verdict."""

    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class Result:
    """Outcome of checking one distinct target."""

    kind: LinkKind
    target: str
    status: Status
    error: ErrorKind | None = None
    code: int | None = None  # final HTTP status code, if any
    redirect_to: str | None = None
    detail: str = ""
    from_cache: bool = False

    @property
    def key(self) -> tuple[LinkKind, str]:
        """Same identity as ``Link.key``."""
        return (self.kind, self.target)

    @property
    def reason(self) -> str:
        """Human-readable reason: the error message plus detail."""
        parts = [self.error.message] if self.error else []
        if self.code is not None and self.status is not Status.OK:
            parts.append(f"HTTP {self.code}")
        if self.redirect_to:
            parts.append(f"-> {self.redirect_to}")
        if self.detail:
            parts.append(self.detail)
        return "; ".join(parts)


TargetKey = tuple[LinkKind, str]


class Results(MutableMapping[TargetKey, Result]):
    """Results by target key, stored compactly: about one dict entry per target.

    Targets are kept per kind (no key tuple per target), and a result that is nothing
    but its status (most ``ok`` ones) is stored as that status and rebuilt on reading.
    With 1 M distinct targets this saves about 150 MB over a dict of Result objects.
    """

    __slots__ = ("_by_kind",)

    def __init__(self, items: Iterable[tuple[TargetKey, Result]] | Mapping = ()) -> None:
        self._by_kind: dict[LinkKind, dict[str, Result | Status]] = {}
        self.update(items)

    def __getitem__(self, key: TargetKey) -> Result:
        kind, target = key
        value = self._by_kind.get(kind, {})[target]
        return Result(kind, target, value) if isinstance(value, Status) else value

    def __setitem__(self, key: TargetKey, result: Result) -> None:
        kind, target = key
        plain = (
            result.error is None
            and result.code is None
            and result.redirect_to is None
            and not result.detail
            and not result.from_cache
            and result.key == key
        )  # nothing but its status: the same as Result(kind, target, status)
        self._by_kind.setdefault(kind, {})[target] = result.status if plain else result

    def __delitem__(self, key: TargetKey) -> None:
        kind, target = key
        del self._by_kind.get(kind, {})[target]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 2:  # noqa: PLR2004 - (kind, target)
            return False
        return key[1] in self._by_kind.get(key[0], {})

    def __iter__(self) -> Iterator[TargetKey]:
        for kind, targets in self._by_kind.items():
            for target in targets:
                yield (kind, target)

    def __len__(self) -> int:
        return sum(map(len, self._by_kind.values()))

    def statuses(self) -> Iterator[Status]:
        """The status of every result, without building Result objects."""
        for targets in self._by_kind.values():
            for value in targets.values():
                yield value if isinstance(value, Status) else value.status

    def with_status(self, wanted: Iterable[Status]) -> Iterator[Result]:
        """The results whose status is one of ``wanted``, in no particular order."""
        wanted = frozenset(wanted)
        for kind, targets in self._by_kind.items():
            for target, value in targets.items():
                if isinstance(value, Status):
                    if value in wanted:
                        yield Result(kind, target, value)
                elif value.status in wanted:
                    yield value

    def in_order(self) -> Iterator[Result]:
        """Every result sorted by (status in ``Status`` order, target), ties in kind order,
        as ``sorted(self.values())`` with that key gives them, built one at a time: with
        1 M targets the sort holds a list of target names, not 1 M Result objects."""
        by_status: dict[Status, list[str]] = {status: [] for status in Status}
        for targets in self._by_kind.values():
            for target, value in targets.items():
                by_status[value if isinstance(value, Status) else value.status].append(target)
        for status in Status:
            names = sorted(by_status.pop(status))
            for i, target in enumerate(names):
                if i and names[i - 1] == target:  # the same name under two kinds
                    continue
                for kind, targets in self._by_kind.items():
                    value = targets.get(target)
                    if value is status:
                        yield Result(kind, target, status)
                    elif isinstance(value, Result) and value.status is status:
                        yield value


@dataclass(frozen=True, slots=True)
class Report:
    """Every link found, every result (one per distinct target) and notes on the input."""

    links: tuple[Link, ...]
    results: Results
    notes: tuple[Note, ...] = ()
    elapsed_s: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.results, Results):  # a plain dict, e.g. from a test
            object.__setattr__(self, "results", Results(self.results))

    def failures(self) -> list[Result]:
        """Results that make the run fail, sorted by target."""
        failing = self.results.with_status(s for s in Status if s.is_failure)
        return sorted(failing, key=lambda r: r.target)

    def locations(self, results: Iterable[Result]) -> dict[TargetKey, list[Location]]:
        """Every place each of ``results`` was written, by target key: for the few targets
        a text or Markdown report names."""
        where: dict[TargetKey, list[Location]] = {r.key: [] for r in results}
        for link in self.links:
            if (places := where.get(link.key)) is not None:
                places.append(link.location)
        return where

    def with_locations(self) -> Iterator[tuple[Result, list[Location]]]:
        """Every result in ``Results.in_order`` order, with every place its target was
        written (in link order). The links are sorted by target once and each target's
        run is found where the last one ended, or by bisection: with 1 M distinct targets
        that is two lists of 1 M references, not a dictionary of 1 M lists."""
        target_of = attrgetter("target")
        by_target = sorted(self.links, key=target_of)
        i = 0
        for result in self.results.in_order():
            if i == len(by_target) or by_target[i].target != result.target:
                i = bisect_left(by_target, result.target, key=target_of)
            # else i is where this run starts: the one before ended the run of a smaller target
            places = []
            while i < len(by_target) and (link := by_target[i]).target == result.target:
                if link.kind is result.kind:
                    places.append(link.location)
                i += 1
            yield result, places
