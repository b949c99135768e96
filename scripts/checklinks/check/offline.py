"""Checks that need no network: files and fragments, cite keys, schemes, DOI and arXiv syntax."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from checklinks.check.options import Options
from checklinks.collect import Inputs
from checklinks.types import ErrorKind, LinkKind, Result, Status

_ARXIV_NEW = re.compile(r"^\d{2}(0[1-9]|1[0-2])\.\d{4,5}(v\d+)?$")
_ARXIV_OLD = re.compile(r"^[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/\d{2}(0[1-9]|1[0-2])\d{3}(v\d+)?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


MAX_REFRESH_HOPS = 10  # redirect stubs followed for a fragment


def _find_page(path: str, inputs: Inputs) -> str | None:
    """The file a site-relative path serves (``dir/`` -> ``dir/index.html``), if any."""
    if path.startswith("../"):
        return None
    page = path.rstrip("/") if path != "./" else ""
    candidates = [page] if page and not path.endswith("/") else []
    candidates.append(f"{page}/index.html" if page else "index.html")
    return next((c for c in candidates if c in inputs.files), None)


def check_internal(target: str, inputs: Inputs, options: Options) -> Result:
    """A site-relative path resolves to a file with the id.

    A fragment on a redirect stub (a page with ``<meta http-equiv=refresh>`` and without
    that id, as mkdocs-redirects writes them) is looked up on the page the stub leads to.
    """
    path, _, frag = target.partition("#")
    found = _find_page(path, inputs)
    if found is None:
        return Result(LinkKind.INTERNAL, target, Status.BROKEN, ErrorKind.MISSING_FILE)
    if found in inputs.too_large:
        return Result(LinkKind.INTERNAL, target, Status.UNVERIFIED, ErrorKind.PAGE_TOO_LARGE)
    if not frag or skip_fragment(target, options):
        return Result(LinkKind.INTERNAL, target, Status.OK)
    for _ in range(MAX_REFRESH_HOPS):
        ids = inputs.ids.get(found)
        if ids is None or has_fragment(frag, ids):
            return Result(LinkKind.INTERNAL, target, Status.OK)
        kind, stub_target = inputs.refresh.get(found, (None, ""))
        if kind is LinkKind.EXTERNAL:  # the id is on another site: not checked offline
            return Result(LinkKind.INTERNAL, target, Status.OK, detail=f"via {stub_target}")
        if kind is not LinkKind.INTERNAL or (found := _find_page(stub_target, inputs)) is None:
            break
        if found in inputs.too_large:
            return Result(LinkKind.INTERNAL, target, Status.UNVERIFIED, ErrorKind.PAGE_TOO_LARGE)
    return Result(LinkKind.INTERNAL, target, Status.BROKEN, ErrorKind.MISSING_FRAGMENT)


def has_fragment(frag: str, ids: frozenset[str]) -> bool:
    """True if the fragment names an id (also percent-decoded); ``top`` always exists."""
    return frag in ids or unquote(frag) in ids or frag.lower() == "top" or frag.startswith(":~:")


def skip_fragment(target: str, options: Options) -> bool:
    """True if ``--skip-fragment`` says to check only the page of this target."""
    return any(p.search(target) for p in options.skip_fragment)


def check_cite(target: str, inputs: Inputs) -> Result:
    """``@key`` is in the .bib and is cited somewhere in docs/."""
    key = target[1:]
    if inputs.bib_keys is None or key not in inputs.bib_keys:
        return Result(LinkKind.CITE, target, Status.BROKEN, ErrorKind.UNKNOWN_CITE_KEY)
    if key not in inputs.cited:
        return Result(LinkKind.CITE, target, Status.BROKEN, ErrorKind.UNUSED_BIB_ENTRY)
    return Result(LinkKind.CITE, target, Status.OK)


def check_other(target: str, options: Options) -> Result:
    """Hrefs that are not valid http(s) URLs.

    An invalid web URL is broken, and so is a ``file:`` URL unless they are allowed;
    other schemes (``mailto:``, ...) are not checked.
    """
    try:
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        scheme = "http"
    if scheme in ("http", "https"):
        return Result(LinkKind.OTHER, target, Status.BROKEN, ErrorKind.INVALID_URL)
    if scheme == "file" and not options.allow_file_urls:
        return Result(LinkKind.OTHER, target, Status.BROKEN, ErrorKind.FILE_URL)
    return Result(LinkKind.OTHER, target, Status.UNSUPPORTED, ErrorKind.UNSUPPORTED_SCHEME)


def arxiv_abs_url(target: str, base: str) -> str | None:
    """The abs-page URL of ``arXiv:<id>``, or None if the id is malformed."""
    ident = target.removeprefix("arXiv:")
    if _ARXIV_NEW.match(ident) or _ARXIV_OLD.match(ident):
        return f"{base.rstrip('/')}/abs/{ident}"
    return None


def check_offline(kind: LinkKind, target: str, inputs: Inputs, options: Options) -> Result | None:
    """The result of a target that needs no network, or None if it must go online."""
    if kind is LinkKind.CITE:
        return check_cite(target, inputs)
    if any(p.search(target) for p in options.exclude):
        return Result(kind, target, Status.EXCLUDED, ErrorKind.EXCLUDED)
    if kind is LinkKind.INTERNAL:
        return check_internal(target, inputs, options)
    if kind is LinkKind.OTHER:
        return check_other(target, options)
    if kind is LinkKind.DOI and not _DOI.match(target.removeprefix("doi:")):
        return Result(kind, target, Status.BROKEN, ErrorKind.BAD_DOI, detail="malformed")
    if kind is LinkKind.ARXIV and arxiv_abs_url(target, options.arxiv_base) is None:
        return Result(kind, target, Status.BROKEN, ErrorKind.BAD_ARXIV_ID)
    if options.offline:
        return Result(kind, target, Status.EXCLUDED, ErrorKind.OFFLINE)
    return None
