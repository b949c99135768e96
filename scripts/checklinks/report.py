"""Render a Report as text, json, markdown or plain; pure functions, no I/O.

Formats:

- ``text``: failures with every place they are written, then redirects, unverified
  targets and notes, then a summary line.
- ``markdown``: the same as a summary table plus a failures table, for CI summaries.
- ``plain``: one failing target per line and nothing else. Internal targets are
  site-relative paths (``sec1/page3.html#h-9``, ``sec2/``), external ones absolute URLs
  (with the ``#fragment`` when the fragment is what is missing), citations ``@key``,
  DOIs ``doi:10.x/y``, arXiv ids ``arXiv:2101.00001``.
- ``json``, schema 1::

    {
      "schema": 1,
      "summary": {"targets": int, "links": int, "failures": int, "elapsed_s": float,
                  "by_status": {"ok": int, "broken": int, ...every Status...}},
      "results": [{"target": str, "kind": LinkKind, "status": Status,
                   "error": ErrorKind | null, "code": int | null, "redirect_to": str | null,
                   "detail": str, "from_cache": bool, "locations": ["path:line", ...]}],
      "notes": [{"location": "path[:line]", "message": str}]
    }

  ``results`` is sorted by (status, target). New fields may be added within schema 1;
  renaming or removing one bumps ``schema``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import TextIO

from checklinks.types import Location, Report, Result, Status

SCHEMA = 1
FORMATS = ("text", "json", "markdown", "plain")


def render(report: Report, fmt: str) -> str:
    """The report in one of ``FORMATS``; the string ends with a newline unless empty."""
    return _RENDERERS[fmt](report)


def write(report: Report, fmt: str, out: TextIO) -> None:
    """Write ``render(report, fmt)`` to ``out``; JSON is written piece by piece."""
    for chunk in json_chunks(report) if fmt == "json" else (render(report, fmt),):
        out.write(chunk)


def summary(report: Report) -> dict[str, object]:
    """Counts for the summary line and the JSON ``summary`` object."""
    by_status = Counter(report.results.statuses())
    return {
        "targets": len(report.results),
        "links": len(report.links),
        "failures": len(report.failures()),
        "elapsed_s": round(report.elapsed_s, 3),
        "by_status": {str(s): by_status.get(s, 0) for s in Status},
    }


def _where(locations: list[Location]) -> str:
    return ", ".join(str(loc) for loc in locations) or "?"


def _line(result: Result, locations: list[Location]) -> str:
    return f"{_where(locations)}: {result.target} ({result.status}: {result.reason})"


def render_text(report: Report) -> str:
    """Human summary: failures by location, then warnings, then counts."""
    failures = report.failures()
    warnings = sorted(
        report.results.with_status((Status.REDIRECTED, Status.UNVERIFIED)),
        key=lambda r: (r.status is Status.UNVERIFIED, r.target),
    )
    where = report.locations(failures + warnings)
    out = [_line(result, where[result.key]) for result in failures]
    out += ["warning: " + _line(result, where[result.key]) for result in warnings]
    out += [f"note: {note.location}: {note.message}" for note in report.notes]
    s = summary(report)
    counts = ", ".join(f"{n} {status}" for status, n in s["by_status"].items() if n)  # type: ignore[union-attr]
    verdict = "FAILED" if s["failures"] else "OK"
    out.append(
        f"{verdict}: {s['targets']} targets in {s['links']} links ({counts or 'none'}) "
        f"in {s['elapsed_s']:.2f} s"
    )
    return "\n".join(out) + "\n"


def render_json(report: Report) -> str:
    """The versioned JSON document described in this module's docstring."""
    return "".join(json_chunks(report))


def json_chunks(report: Report) -> Iterator[str]:
    """``render_json`` in pieces, one per result, so that a run with a million targets
    never holds the whole document (the text is the same as ``json.dumps(doc, indent=2)``).
    """
    import json  # here: the other formats do not need it

    head = json.dumps({"schema": SCHEMA, "summary": summary(report)}, indent=2)
    yield head.removesuffix("\n}") + ',\n  "results": ['
    encode = json.JSONEncoder().encode  # a str goes straight to the C encoder
    empty = True
    for result, places in report.with_locations():
        yield ("" if empty else ",") + _json_result(result, places, encode)
        empty = False
    yield "]" if empty else "\n  ]"
    notes = [{"location": str(n.location), "message": n.message} for n in report.notes]
    yield ',\n  "notes": ' + json.dumps(notes, indent=2).replace("\n", "\n  ") + "\n}\n"


_JSON_RESULT = """
    {{
      "target": {},
      "kind": {},
      "status": {},
      "error": {},
      "code": {},
      "redirect_to": {},
      "detail": {},
      "from_cache": {},
      "locations": {}
    }}"""


def _json_result(r: Result, places: list[Location], encode: Callable[[str], str]) -> str:
    """One item of ``results``, laid out as ``json.dumps(doc, indent=2)`` lays it out.

    Strings are encoded by ``encode`` one by one: with ``indent`` set, json encodes in
    pure Python, which took 28 s of CPU for a million results.
    """
    where = ",\n".join(f"        {encode(str(loc))}" for loc in places)
    return _JSON_RESULT.format(
        encode(r.target),
        encode(r.kind),
        encode(r.status),
        encode(r.error) if r.error else "null",
        "null" if r.code is None else r.code,
        "null" if r.redirect_to is None else encode(r.redirect_to),
        encode(r.detail),
        "true" if r.from_cache else "false",
        f"[\n{where}\n      ]" if places else "[]",
    )


_MD_SPECIAL = frozenset("\\`*_[]()<>&|~!#{}:")


def _md_cell(text: str) -> str:
    """Text for a Markdown table cell, shown literally.

    Every character Markdown or HTML could read as syntax becomes a numeric character
    reference, which CommonMark, GitHub and Python-Markdown all show as the character
    itself: a backtick cannot open a code span, ``<`` cannot start raw HTML, ``|``
    cannot split the cell. Line breaks and other control characters become spaces.
    """
    return "".join(
        f"&#{ord(c)};" if c in _MD_SPECIAL else " " if c.isspace() or ord(c) < 32 else c
        for c in text
    )


def render_markdown(report: Report) -> str:
    """A summary table and a failures table, for CI job summaries."""
    s = summary(report)
    out = ["## Link check", "", "| status | targets |", "|---|---|"]
    out += [f"| {status} | {n} |" for status, n in s["by_status"].items() if n]  # type: ignore[union-attr]
    failures = report.failures()
    if failures:
        where = report.locations(failures)
        out += ["", "| target | status | reason | where |", "|---|---|---|---|"]
        for r in failures:
            out.append(
                f"| <code>{_md_cell(r.target)}</code> | {r.status} | {_md_cell(r.reason)} | "
                f"{_md_cell(_where(where[r.key]))} |"
            )
    else:
        out += ["", "No broken links."]
    return "\n".join(out) + "\n"


def render_plain(report: Report) -> str:
    """One failing target per line, nothing else."""
    targets = sorted({r.target for r in report.failures()})
    return "".join(f"{t}\n" for t in targets)


_RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "plain": render_plain,
}
