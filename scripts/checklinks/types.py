"""Result types shared by collect, check and report; no I/O here.

Errors::

    CheckLinksError          anything this package raises on purpose
    └── InputError           bad usage or bad input: exit code 2
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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
    """One occurrence of a target in an input file."""

    kind: LinkKind
    target: str
    location: Location

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


@dataclass(frozen=True, slots=True)
class Report:
    """Every link found, every result (one per distinct target) and notes on the input."""

    links: tuple[Link, ...]
    results: dict[tuple[LinkKind, str], Result]
    notes: tuple[Note, ...] = ()
    elapsed_s: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def failures(self) -> list[Result]:
        """Results that make the run fail, sorted by target."""
        return sorted(
            (r for r in self.results.values() if r.status.is_failure), key=lambda r: r.target
        )

    def locations(self) -> dict[tuple[LinkKind, str], list[Location]]:
        """Every place each target was written, by target key."""
        where: dict[tuple[LinkKind, str], list[Location]] = {}
        for link in self.links:
            where.setdefault(link.key, []).append(link.location)
        return where
