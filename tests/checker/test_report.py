"""report.py: the four formats."""

from __future__ import annotations

import io
import json

import markdown
import pytest
from checklinks.report import render, write
from checklinks.types import ErrorKind, Link, LinkKind, Location, Note, Report, Result, Status
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
