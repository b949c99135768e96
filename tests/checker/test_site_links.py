"""What the checker finds on a built site (issue 15, bugs 1-11; issue 18, row 15).

Each test is a reproduction from the issue: a small site, one offline run of the
command line, and the verdicts a reader of the JSON report gets.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from checklinks import cli
from checklinks.htmlscan import decode_html

from .conftest import App, Reply, page, write_site


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a scratch directory (the cache and pyproject.toml are looked up here)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    """Run the checker offline with JSON output; return the exit code and the report."""
    code = cli.main([*args, "--offline", "--format", "json", "--no-cache"])
    return code, json.loads(capsys.readouterr().out)


def verdicts(report: dict) -> dict[str, tuple[str, str | None]]:
    """target -> (status, error) of every result."""
    return {r["target"]: (r["status"], r["error"]) for r in report["results"]}


def test_dangling_symlink_is_not_a_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    site = write_site(tmp_path / "site", {"index.html": page('<a href="gone.html">g</a>')})
    (site / "gone.html").symlink_to(site / "deleted.html")
    code, report = check(capsys, str(site))
    assert code == 1
    assert verdicts(report)["gone.html"] == ("broken", "missing_file")
    assert {"location": "gone.html", "message": "skipped: dangling symlink"} in report["notes"]


def test_base_href_resolves_links_and_is_not_itself_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "docs/v2/index.html": (
                '<html><head><base href="../../api/"></head><body>'
                '<a href="ref.html">ref</a><a href="#intro">intro</a></body></html>'
            ),
            "api/ref.html": page(),
            "api/index.html": page(ids=("intro",)),
        },
    )
    code, report = check(capsys, str(site))
    assert verdicts(report) == {
        "api/ref.html": ("ok", None),
        "api/#intro": ("ok", None),
    }
    assert code == 0


def test_absolute_base_href_makes_relative_links_external(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    site = write_site(
        tmp_path / "site",
        {"index.html": '<base href="https://example.org/docs/"><a href="a.html">a</a>'},
    )
    _code, report = check(capsys, str(site))
    assert [(r["target"], r["kind"]) for r in report["results"]] == [
        ("https://example.org/docs/a.html", "external")
    ]


def test_meta_refresh_target_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    stub = '<meta http-equiv="refresh" content="0; url=../moved/">'
    site = write_site(tmp_path / "site", {"old/index.html": stub, "index.html": page()})
    code, report = check(capsys, str(site))
    assert code == 1
    assert verdicts(report)["moved/"] == ("broken", "missing_file")
    assert report["results"][0]["locations"] == ["old/index.html:1"]


def mkdocs_redirect(url: str) -> str:
    """The page mkdocs-redirects writes for a moved page (its template, shortened)."""
    return (
        "<!doctype html><html><head>"
        '<script>var anchor=window.location.hash.substr(1);location.href="'
        f'{url}"+(anchor?"#"+anchor:"")</script>'
        f'<meta http-equiv="refresh" content="0; url={url}"></head></html>'
    )


def test_fragment_on_a_redirect_stub_is_looked_up_where_it_leads(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "index.html": page('<a href="old/#setup">s</a><a href="old/#gone">g</a>'),
            "old/index.html": mkdocs_redirect("../new/"),
            "new/index.html": page(ids=("setup",)),
        },
    )
    code, report = check(capsys, str(site))
    found = verdicts(report)
    assert found["old/#setup"] == ("ok", None)
    assert found["old/#gone"] == ("broken", "missing_fragment")
    assert found["new/"] == ("ok", None)
    assert code == 1


def test_srcset_object_poster_and_css_urls_are_extracted(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    body = """<html><head><style>
.hero { background: url("img/hero.png"); }
.logo { background: url( 'img/logo.svg' ) }
</style></head><body>
<img src="img/a.png" srcset="img/a-2x.png 2x, img/a,3x.png 3x">
<picture><source srcset="img/b.webp"></picture>
<object data="doc/file.pdf"></object>
<video poster="img/poster.jpg" src="v.mp4"></video>
<div style="background-image: url(img/bg.png)"></div>
<img src="data:image/png;base64,AAAA">
</body></html>
"""
    site = write_site(tmp_path / "site", {"index.html": body})
    (site / "img").mkdir()
    (site / "img" / "a.png").write_bytes(b"")
    _code, report = check(capsys, str(site))
    broken = {t for t, (status, _) in verdicts(report).items() if status == "broken"}
    assert broken == {
        "img/hero.png",
        "img/logo.svg",
        "img/a-2x.png",
        "img/a,3x.png",
        "img/b.webp",
        "doc/file.pdf",
        "img/poster.jpg",
        "v.mp4",
        "img/bg.png",
    }
    where = {r["target"]: r["locations"] for r in report["results"]}
    assert where["img/logo.svg"] == ["index.html:3"]
    assert where["img/bg.png"] == ["index.html:9"]


def test_links_in_pre_and_code_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    html = page('<pre><code><a href="api.html">api</a></code></pre><code><a href="x.html">x</a>')
    site = write_site(tmp_path / "site", {"index.html": html})
    code, report = check(capsys, str(site))
    assert code == 1
    assert set(verdicts(report)) == {"api.html", "x.html"}


def test_unparsable_url_is_invalid_not_excluded(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    site = write_site(
        tmp_path / "site", {"index.html": page('<a href="http://<servername>/x">s</a>')}
    )
    code, report = check(capsys, str(site))
    assert verdicts(report) == {"http://<servername>/x": ("broken", "invalid_url")}
    assert code == 1


def test_backslash_is_read_as_a_slash(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    site = write_site(
        tmp_path / "site",
        {"index.html": page(r'<a href="sec1\page.html#top">p</a>'), "sec1/page.html": page()},
    )
    code, report = check(capsys, str(site))
    assert verdicts(report) == {"sec1/page.html#top": ("ok", None)}
    assert code == 0


def test_line_is_kept_when_the_attribute_has_a_character_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    html = '<html><body>\n<p>text</p>\n<a href="missing.html?a=1&amp;b=2">m</a>\n</body></html>'
    site = write_site(tmp_path / "site", {"index.html": html})
    _code, report = check(capsys, str(site))
    assert report["results"][0]["locations"] == ["index.html:3"]


def test_file_urls_are_broken_unless_allowed(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    html = page('<a href="file:///home/me/site/page.html">p</a>')
    site = write_site(tmp_path / "site", {"index.html": html})
    code, report = check(capsys, str(site))
    assert code == 1
    assert verdicts(report) == {"file:///home/me/site/page.html": ("broken", "file_url")}
    code, report = check(capsys, str(site), "--allow-file-urls")
    assert code == 0
    assert report["results"][0]["status"] == "unsupported"


class FakeBar:
    """Records what a rich Progress would show: total and completed of one task."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.completed = 0

    def __enter__(self) -> FakeBar:
        return self

    def __exit__(self, *_exc: object) -> None:
        pass

    def add_task(self, _name: str, total: int | None = None) -> int:
        self.total = total
        return 0

    def update(self, _task: int, total: int) -> None:
        self.total = total

    def advance(self, _task: int) -> None:
        self.completed += 1


def test_progress_bar_never_counts_past_its_total(
    tmp_path: Path, server: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offline and cached results used to advance the bar: it ended at '51/1'."""
    internal = "".join(f'<a href="p{i}.html">{i}</a>' for i in range(50))
    url = server.route("/ok", Reply(200))
    site = write_site(tmp_path / "site", {"index.html": page(internal, f'<a href="{url}">x</a>')})
    bar = FakeBar()
    monkeypatch.setattr(cli, "_progress", lambda _enabled: bar)
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True, raising=False)
    cli.main([str(site), "--no-cache", "--format", "plain"])
    assert (bar.completed, bar.total) == (1, 1)


LATIN1_PAGE = (
    '<html><head><meta charset="latin-1"></head><body>'
    '<h2 id="résumé">Résumé</h2><a href="#résumé">r</a><a href="café.html">c</a>'
    "</body></html>"
)


def test_declared_charset_is_honoured(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_bytes(LATIN1_PAGE.encode("latin-1"))
    (site / "café.html").write_text(page())
    code, report = check(capsys, str(site))
    assert verdicts(report) == {"index.html#résumé": ("ok", None), "café.html": ("ok", None)}
    assert report["notes"] == []
    assert code == 0


@pytest.mark.parametrize(
    ("data", "header"),
    [
        (LATIN1_PAGE.encode("latin-1"), None),  # <meta charset>
        (LATIN1_PAGE.replace("latin-1", "utf-8").encode("latin-1"), "iso-8859-1"),  # header
        (b"\xef\xbb\xbf" + LATIN1_PAGE.replace("latin-1", "x").encode(), "iso-8859-1"),  # BOM
        (b"\xff\xfe" + LATIN1_PAGE.encode("utf-16-le"), None),  # UTF-16 BOM
    ],
)
def test_decode_html_order_is_bom_header_meta(data: bytes, header: str | None) -> None:
    text, clean = decode_html(data, header)
    assert clean and 'id="résumé"' in text


def test_symlinks_into_the_site_are_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    site = write_site(
        tmp_path / "site", {"index.html": page('<a href="alias.html">a</a>'), "real.html": page()}
    )
    os.symlink("real.html", site / "alias.html")
    code, report = check(capsys, str(site))
    assert verdicts(report) == {"alias.html": ("ok", None)}
    assert code == 0
