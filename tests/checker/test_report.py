"""report.py: the four formats."""

from __future__ import annotations

import io
import json
import tracemalloc

import markdown
import pytest
from checklinks.report import render, write
from checklinks.types import ErrorKind, Link, LinkKind, Location, Note, Report, Result, Status
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

LINKS = (
    Link(LinkKind.INTERNAL, "sec1/page3.html#h-9", Location("sec1/page2.html", 4)),
    Link(LinkKind.INTERNAL, "sec1/page3.html#h-9", Location("index.html", 7)),
    Link(LinkKind.EXTERNAL, "http://127.0.0.1:1/x#gone", Location("index.html", 8)),
    Link(LinkKind.EXTERNAL, "http://127.0.0.1:1/old", Location("index.html", 9)),
    Link(LinkKind.CITE, "@ghost2020", Location("docs/p.md", 3)),
    Link(LinkKind.INTERNAL, "index.html", Location("sec1/page2.html", 1)),
)
RESULTS = [
    Result(LinkKind.INTERNAL, "sec1/page3.html#h-9", Status.BROKEN, ErrorKind.MISSING_FRAGMENT),
    Result(
        LinkKind.EXTERNAL,
        "http://127.0.0.1:1/x#gone",
        Status.BROKEN,
        ErrorKind.MISSING_FRAGMENT,
        200,
    ),
    Result(
        LinkKind.EXTERNAL,
        "http://127.0.0.1:1/old",
        Status.REDIRECTED,
        code=200,
        redirect_to="http://127.0.0.1:1/new",
    ),
    Result(LinkKind.CITE, "@ghost2020", Status.BROKEN, ErrorKind.UNKNOWN_CITE_KEY),
    Result(LinkKind.INTERNAL, "index.html", Status.OK),
]
REPORT = Report(LINKS, {r.key: r for r in RESULTS}, (Note(Location("x.html"), "odd"),), 1.5)


def test_plain_prints_exactly_one_broken_target_per_line() -> None:
    assert render(REPORT, "plain") == (
        "@ghost2020\nhttp://127.0.0.1:1/x#gone\nsec1/page3.html#h-9\n"
    )


def test_plain_is_empty_when_nothing_is_broken() -> None:
    ok = Report(LINKS[-1:], {RESULTS[-1].key: RESULTS[-1]})
    assert render(ok, "plain") == ""


def test_json_has_a_versioned_schema() -> None:
    doc = json.loads(render(REPORT, "json"))
    assert doc["schema"] == 1
    assert set(doc) == {"schema", "summary", "results", "notes"}
    assert set(doc["summary"]) == {"targets", "links", "failures", "elapsed_s", "by_status"}
    assert set(doc["summary"]["by_status"]) == {str(s) for s in Status}
    first = doc["results"][0]
    assert set(first) == {
        "target",
        "kind",
        "status",
        "error",
        "code",
        "redirect_to",
        "detail",
        "from_cache",
        "locations",
    }
    by_target = {r["target"]: r for r in doc["results"]}
    assert by_target["sec1/page3.html#h-9"]["locations"] == ["sec1/page2.html:4", "index.html:7"]
    assert by_target["http://127.0.0.1:1/old"]["status"] == "redirected"


@pytest.mark.parametrize(
    "report",
    [REPORT, Report((), {}), Report(LINKS[-1:], {RESULTS[-1].key: RESULTS[-1]})],
    ids=["full", "empty", "no-notes"],
)
def test_json_written_in_pieces_is_standard_indented_json(report: Report) -> None:
    """JSON is written one result at a time (a million results must not be held as one
    document); the text stays exactly what ``json.dumps(doc, indent=2)`` gives."""
    out = io.StringIO()
    write(report, "json", out)
    text = out.getvalue()
    assert text == json.dumps(json.loads(text), indent=2) + "\n"
    assert text == render(report, "json")


TEXT = st.text(st.sampled_from('a"\\\n\x01é€😀'), max_size=4)  # what JSON escapes
KEYS = st.tuples(st.sampled_from(LinkKind), st.sampled_from(["a", "a#x", "b", "é", ""]))
RESULT_FIELDS = st.tuples(
    st.sampled_from(Status),
    st.none() | st.sampled_from(ErrorKind),
    st.none() | st.integers(100, 599),
    st.none() | TEXT,
    TEXT,
    st.booleans(),
)


@settings(max_examples=40)
@given(
    links=st.lists(st.tuples(KEYS, TEXT, st.integers(0, 3)), max_size=8),
    fields=st.dictionaries(KEYS, RESULT_FIELDS, max_size=8),
    plain=st.dictionaries(KEYS, st.sampled_from(Status), max_size=4),
)
def test_json_lists_results_by_status_then_target_with_every_place(
    links: list, fields: dict, plain: dict
) -> None:
    """The JSON equals json.dumps(indent=2) of the schema built the obvious way (as it was
    built until 1 M targets took 637 MB): results sorted by (status, target), ties in the
    order the results were stored, each with its places in link order. Covers the same
    target under two kinds, results with no link and results that are just a status."""
    report_links = tuple(
        Link(kind, target, Location(path, line)) for (kind, target), path, line in links
    )
    results = {key: Result(*key, status) for key, status in plain.items()}
    results |= {key: Result(*key, *values) for key, values in fields.items()}
    report = Report(report_links, results, (Note(Location("n.html", 2), "odd"),), 0.5)
    places: dict = {}
    for link in report_links:
        places.setdefault(link.key, []).append(str(link.location))
    order = list(Status).index
    expected = {
        "schema": 1,
        "summary": json.loads(render(report, "json"))["summary"],
        "results": [
            {
                "target": r.target,
                "kind": r.kind,
                "status": r.status,
                "error": r.error,
                "code": r.code,
                "redirect_to": r.redirect_to,
                "detail": r.detail,
                "from_cache": r.from_cache,
                "locations": places.get(r.key, []),
            }
            for r in sorted(report.results.values(), key=lambda r: (order(r.status), r.target))
        ],
        "notes": [{"location": "n.html:2", "message": "odd"}],
    }
    assert render(report, "json") == json.dumps(expected, indent=2) + "\n"


class CountingSink:
    """A stream that keeps only the number of characters written to it."""

    def __init__(self) -> None:
        self.written = 0

    def write(self, text: str) -> None:
        self.written += len(text)


def test_json_keeps_a_few_references_per_target_not_a_list_of_places_each() -> None:
    """Writing the JSON of 10,000 distinct targets allocates under 64 bytes per target at
    its peak: sorted lists of the links and of the target names. A list of places per
    target, as before, took about 400 bytes each (637 MB for 1 M targets, issue 17); the
    1 M figure itself comes from scripts/bench_linkcheck_memory.py."""
    n = 10_000
    links = tuple(
        Link(LinkKind.INTERNAL, f"p{i % 1000}.html#h{i // 1000}", Location("index.html", i + 2))
        for i in range(n)
    )
    report = Report(links, {link.key: Result(*link.key, Status.OK) for link in links})
    sink = CountingSink()
    tracemalloc.start()
    try:
        write(report, "json", sink)  # type: ignore[arg-type]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sink.written > 250 * n  # every result was written
    assert peak < 64 * n, f"{peak / n:.0f} bytes per target"


def test_text_names_every_location_and_warns_about_redirects() -> None:
    text = render(REPORT, "text")
    assert "docs/p.md:3: @ghost2020" in text
    assert "sec1/page2.html:4, index.html:7: sec1/page3.html#h-9" in text
    assert "http://127.0.0.1:1/new" in text
    assert text.splitlines()[-1].startswith("FAILED")


def test_markdown_has_summary_and_failure_tables() -> None:
    md = render(REPORT, "markdown")
    assert "| broken | 3 |" in md
    assert "| <code>@ghost2020</code> | broken |" in md


HOSTILE = "http://h/a`b</code><script>x</script>|c*d*_e_[f](javascript:1)&amp;~~g~~\nh"


def test_markdown_shows_every_value_literally() -> None:
    link = Link(LinkKind.EXTERNAL, HOSTILE, Location("p`|<b>.html", 3))
    result = Result(
        LinkKind.EXTERNAL, HOSTILE, Status.BROKEN, ErrorKind.HTTP_STATUS, 404, detail="`x|"
    )
    md = render(Report((link,), {result.key: result}), "markdown")
    html = markdown.markdown(md, extensions=["tables"])
    tree = LexborHTMLParser(html)
    cells = [td.text(deep=True) for td in tree.css("td")]
    assert cells[-4] == HOSTILE.replace("\n", " ")  # the target, exactly as written
    assert cells[-1] == "p`|<b>.html:3"
    assert cells[-2].endswith("`x|")
    assert not tree.css("script, a, em, strong, del, b") and len(tree.css("code")) == 1
