"""checklinks URL: crawl a served site within its origin, then check every link found."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from checklinks.cli import main
from local_site import serve

from .conftest import page, write_site

OTHER_ORIGINS = r"^https?://(?!127\.0\.0\.1[:/])"  # the sandbox has no internet


def crawl_json(url: str, capsys: pytest.CaptureFixture[str], *flags: str) -> dict:
    main([url, "--format", "json", *flags])
    return json.loads(capsys.readouterr().out)


def small_site(tmp_path: Path) -> Path:
    return write_site(
        tmp_path,
        {
            "index.html": '<!DOCTYPE html><html><head><base href="/sec/"></head><body>'
            '<a href="page.html#here">a</a><a href="page.html#gone">b</a>'
            '<a href="nothere.html">c</a><a href="/sec">d</a>'
            '<a href="/old/#here">e</a><a href="/old/#nope">f</a></body></html>',
            "sec/page.html": page('<a href="deep/">deeper</a>', ids=("here",)),
            "sec/index.html": page(),
            "sec/deep/index.html": page('<a href="../../missing.html">x</a>'),
            "old/index.html": '<!DOCTYPE html><html><head><meta http-equiv="refresh" '
            'content="0; url=/sec/page.html"></head></html>',
        },
    )


def test_crawl_follows_base_redirects_and_meta_refresh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve(small_site(tmp_path)) as base:
        doc = crawl_json(base, capsys)
    status = {r["target"].removeprefix(base): r["status"] for r in doc["results"]}
    assert status == {
        "": "ok",
        "sec/page.html#here": "ok",  # resolved against <base href="/sec/">
        "sec/page.html#gone": "broken",
        "sec/nothere.html": "broken",
        "sec": "redirected",  # the server's dir -> dir/ redirect, followed
        "old/#here": "ok",  # a meta-refresh stub: its fragments live on its target
        "old/#nope": "broken",
        "sec/page.html": "ok",  # the refresh target, checked as a link of the stub
        "sec/deep/": "ok",  # found on a crawled page: the crawl went on from there
        "missing.html": "broken",
    }
    where = {r["target"].removeprefix(base): r["locations"] for r in doc["results"]}
    assert where["missing.html"] == [f"{base}sec/deep/:1"]


def test_excluded_pages_are_not_crawled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serve(small_site(tmp_path)) as base:
        doc = crawl_json(base, capsys, "--exclude", "/deep/")
    status = {r["target"].removeprefix(base): r["status"] for r in doc["results"]}
    assert status["sec/deep/"] == "excluded" and "missing.html" not in status


@pytest.mark.parametrize("server", ["served_site", "make_serve"])
def test_crawl_of_this_site_has_no_false_results(
    server: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    """The built site on a static server, and `make serve` (mkdocs serve, live reload)."""
    base = request.getfixturevalue(server)
    doc = crawl_json(base, capsys, "--exclude", OTHER_ORIGINS)
    ours = [r for r in doc["results"] if r["target"].startswith(base)]
    with urllib.request.urlopen(base + "sitemap.xml") as answer:
        sitemap = answer.read().decode()
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap)  # under site_url, maybe another port
    pages = {urljoin(base, urlsplit(loc).path) for loc in listed}
    assert len(pages) >= 9 and pages <= {r["target"] for r in ours}  # every page crawled
    assert sum("#" in r["target"] for r in ours) > 100  # and its fragment links checked
    assert [r for r in ours if r["status"] not in ("ok", "redirected")] == []
    assert doc["summary"]["failures"] == 0


def test_url_input_with_offline_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["http://127.0.0.1:9/", "--offline"]) == 2
    assert "takes no --offline" in capsys.readouterr().err
