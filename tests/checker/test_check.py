"""checklinks.check: offline checks, and the HTTP fault matrix against a real loopback server."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import pytest
from checklinks.check import Options, check_all, check_offline, collect_and_check, web_session
from checklinks.collect import Inputs, collect
from checklinks.types import CheckLinksError, ErrorKind, Link, LinkKind, Location, Result, Status
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import App, Reply, page, write_site

FAST = Options(retry_wait_s=0.01, timeout_s=2.0, max_retries=2)
HERE = Location("index.html", 1)


def run(links: list[Link], options: Options = FAST, **inputs: object) -> dict:
    """Check links (no site files) and return results by target."""
    data = Inputs(links=tuple(links), **inputs)  # type: ignore[arg-type]
    results = asyncio.run(check_all(data, options))
    return {target: r for (_kind, target), r in results.items()}


def ext(*urls: str) -> list[Link]:
    return [Link(LinkKind.EXTERNAL, u, HERE) for u in urls]


def check_one(url: str, options: Options = FAST) -> Result:
    return run(ext(url), options)[url]


# --- internal links and citations ---------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(
        tmp_path / "site",
        {
            "index.html": page(
                '<a href="a.html#one">a</a><a href="a.html#gone">x</a><a href="sub/">d</a>',
                '<a href="nope.html">x</a><a href="#self">s</a><a href="#absent">m</a>',
                '<a href="../outside.html">o</a><a href="a.html#%C3%A9t%C3%A9">u</a>',
                '<a href="mailto:x@example.org">m</a><a href="img/pic.png#x">i</a>',
                ids=("self",),
            ),
            "a.html": page(ids=("one", "été")),
            "sub/index.html": page(),
            "img/pic.png": "",
        },
    )


def test_internal_links_resolve_files_directories_and_fragments(site: Path) -> None:
    results = {k[1]: r for k, r in asyncio.run(check_all(collect(site), FAST)).items()}
    assert results["a.html#one"].status is Status.OK
    assert results["sub/"].status is Status.OK
    assert results["index.html#self"].status is Status.OK
    assert results["a.html#%C3%A9t%C3%A9"].status is Status.OK
    assert results["img/pic.png#x"].status is Status.OK  # not HTML: fragment not checked
    assert results["a.html#gone"].error is ErrorKind.MISSING_FRAGMENT
    assert results["index.html#absent"].error is ErrorKind.MISSING_FRAGMENT
    assert results["nope.html"].error is ErrorKind.MISSING_FILE
    assert results["../outside.html"].error is ErrorKind.MISSING_FILE
    assert results["mailto:x@example.org"].status is Status.UNSUPPORTED


def test_citation_keys_unknown_and_unused() -> None:
    inputs = Inputs(cited=frozenset({"a", "ghost"}), bib_keys=frozenset({"a", "unused"}))

    def status(key: str) -> tuple[Status, ErrorKind | None]:
        result = check_offline(LinkKind.CITE, f"@{key}", inputs, FAST)
        assert result is not None
        return result.status, result.error

    assert status("a") == (Status.OK, None)
    assert status("ghost") == (Status.BROKEN, ErrorKind.UNKNOWN_CITE_KEY)
    assert status("unused") == (Status.BROKEN, ErrorKind.UNUSED_BIB_ENTRY)


def test_excluded_and_offline_targets_make_no_requests(server: App) -> None:
    url = server.route("/ok", Reply())
    excluded = Options(exclude=(re.compile(r"/ok$"),))
    assert check_one(url, excluded).status is Status.EXCLUDED
    assert check_one(url, Options(offline=True)).error is ErrorKind.OFFLINE
    assert server.hits == []


@pytest.mark.parametrize(
    ("target", "status", "error"),
    [
        ("doi:not-a-doi", Status.BROKEN, ErrorKind.BAD_DOI),
        ("arXiv:2113.00001", Status.BROKEN, ErrorKind.BAD_ARXIV_ID),
        ("arXiv:hello", Status.BROKEN, ErrorKind.BAD_ARXIV_ID),
    ],
)
def test_malformed_doi_and_arxiv_ids_fail_offline(
    target: str, status: Status, error: ErrorKind
) -> None:
    kind = LinkKind.DOI if target.startswith("doi:") else LinkKind.ARXIV
    result = check_offline(kind, target, Inputs(), Options(offline=True))
    assert result is not None and (result.status, result.error) == (status, error)


# --- the HTTP fault matrix ----------------------------------------------------------------


def test_200_is_ok_and_uses_head(server: App) -> None:
    result = check_one(server.route("/ok", Reply()))
    assert (result.status, result.code) == (Status.OK, 200)
    assert [h.method for h in server.hits] == ["HEAD"]


def test_404_is_broken_http_status(server: App) -> None:
    result = check_one(server.route("/missing", Reply(404)))
    assert (result.status, result.error, result.code) == (Status.BROKEN, ErrorKind.HTTP_STATUS, 404)


def test_head_refused_falls_back_to_get(server: App) -> None:
    url = server.route("/nohead", Reply(405), Reply(200))
    assert check_one(url).status is Status.OK
    assert [h.method for h in server.hits] == ["HEAD", "GET"]


def test_301_to_200_is_redirected_with_new_target(server: App) -> None:
    new = server.route("/new", Reply())
    old = server.route("/old", Reply(301, headers={"Location": "/new"}))
    result = check_one(old)
    assert (result.status, result.redirect_to) == (Status.REDIRECTED, new)


def test_302_to_200_is_ok(server: App) -> None:
    server.route("/new", Reply())
    assert (
        check_one(server.route("/tmp", Reply(302, headers={"Location": "/new"}))).status
        is Status.OK
    )


def test_301_to_404_is_broken(server: App) -> None:
    server.route("/gone", Reply(404))
    result = check_one(server.route("/old", Reply(301, headers={"Location": "/gone"})))
    assert (result.status, result.code) == (Status.BROKEN, 404)


def test_redirect_loop_is_too_many_redirects(server: App) -> None:
    server.route("/a", Reply(301, headers={"Location": "/b"}))
    server.route("/b", Reply(301, headers={"Location": "/a"}))
    result = check_one(server.url("/a"))
    assert (result.status, result.error) == (Status.BROKEN, ErrorKind.TOO_MANY_REDIRECTS)


def test_long_redirect_chain_is_too_many_redirects(server: App) -> None:
    for i in range(5):
        server.route(f"/r{i}", Reply(307, headers={"Location": f"/r{i + 1}"}))
    server.route("/r5", Reply())
    result = check_one(server.url("/r0"), Options(max_redirects=3))
    assert result.error is ErrorKind.TOO_MANY_REDIRECTS


def test_503_then_200_is_ok_after_a_retry(server: App) -> None:
    url = server.route("/flaky", Reply(503), Reply(200))
    assert check_one(url).status is Status.OK
    assert len(server.hits) == 2


def test_429_then_200_is_ok(server: App) -> None:
    url = server.route("/limited", Reply(429, headers={"Retry-After": "0"}), Reply(200))
    assert check_one(url).status is Status.OK


def test_still_rate_limited_after_retries_is_unverified(server: App) -> None:
    url = server.route("/limited", Reply(429, headers={"Retry-After": "0"}))
    result = check_one(url)
    assert (result.status, result.error) == (Status.UNVERIFIED, ErrorKind.RATE_LIMITED)
    # the second 429 makes the host paced; a 429 on a request sent within the second after
    # that reaction is not counted (hosts.DECREASE_HOLD_S), so at most one extra try
    assert 1 + FAST.max_retries <= len(server.hits) <= 2 + FAST.max_retries


def test_retry_after_beyond_the_cap_gives_up_at_once(server: App) -> None:
    url = server.route("/limited", Reply(429, headers={"Retry-After": "3600"}))
    assert check_one(url).status is Status.UNVERIFIED
    assert len(server.hits) == 1


def test_timeout_is_status_timeout(server: App) -> None:
    url = server.route("/slow", Reply(action="hang"))
    result = check_one(url, Options(timeout_s=0.2, retry_wait_s=0.01, max_retries=1))
    assert (result.status, result.error) == (Status.TIMEOUT, ErrorKind.TIMEOUT)


def test_connection_reset_is_broken_reset(server: App) -> None:
    url = server.route("/reset", Reply(action="reset"))
    result = check_one(url, Options(retry_wait_s=0.01, max_retries=1))
    assert (result.status, result.error) == (Status.BROKEN, ErrorKind.RESET)


def test_reset_then_200_is_ok(server: App) -> None:
    url = server.route("/reset-once", Reply(action="reset"), Reply(200))
    assert check_one(url).status is Status.OK


def test_connection_refused_is_broken_connect() -> None:
    result = check_one("http://127.0.0.1:9/")  # discard port: nothing listens
    assert (result.status, result.error) == (Status.BROKEN, ErrorKind.CONNECT)


def test_fragments_on_external_html_are_checked_with_one_get(server: App) -> None:
    base = server.route("/doc", Reply(body=page(ids=("here",))))
    results = run(ext(f"{base}#here", f"{base}#gone", base))
    assert results[f"{base}#here"].status is Status.OK
    assert results[f"{base}#gone"].error is ErrorKind.MISSING_FRAGMENT
    assert results[base].status is Status.OK
    assert [h.method for h in server.hits] == ["GET"]


def test_fragment_planned_after_its_url_was_asked_with_head_is_still_checked(
    server: App,
) -> None:
    """While a site is being read, a URL may be checked (HEAD) before a later page links
    to an id on it: that page is then fetched once with GET for its ids."""
    base = server.route("/doc", Reply(body=page(ids=("here",))))

    async def scenario() -> list[Result]:
        async with web_session(FAST) as checker:
            checker.plan([base], complete=False)
            first = await checker.check(LinkKind.EXTERNAL, base)
            late = [f"{base}#here", f"{base}#gone"]
            checker.plan(late)
            return [first, *await asyncio.gather(*(checker.check_url(u) for u in late))]

    plain, here, gone = asyncio.run(scenario())
    assert (plain.status, here.status) == (Status.OK, Status.OK)
    assert gone.error is ErrorKind.MISSING_FRAGMENT
    assert [h.method for h in server.hits] == ["HEAD", "GET"]


def test_fragment_is_checked_on_the_redirect_target(server: App) -> None:
    server.route("/new", Reply(body=page(ids=("here",))))
    old = server.route("/old", Reply(301, headers={"Location": "/new"}))
    assert run(ext(f"{old}#here"))[f"{old}#here"].status is Status.REDIRECTED
    assert run(ext(f"{old}#gone"))[f"{old}#gone"].error is ErrorKind.MISSING_FRAGMENT


def test_huge_body_is_capped_and_unverified(server: App) -> None:
    url = server.route("/huge", Reply(body="<p>" + "x" * 50_000 + "</p>"))
    options = Options(max_body_bytes=10_000, retry_wait_s=0.01)
    result = check_one(f"{url}#frag", options)
    assert (result.status, result.error) == (Status.UNVERIFIED, ErrorKind.BODY_TOO_LARGE)


def test_each_distinct_url_is_requested_once(server: App) -> None:
    url = server.route("/ok", Reply())
    links = [Link(LinkKind.EXTERNAL, url, Location(f"p{i}.html", i)) for i in range(5)]
    run(links)
    assert len(server.hits) == 1


def test_doi_handle_api_response_codes(server: App) -> None:
    server.route(
        "/api/handles/10.1000/ok", Reply(body='{"responseCode": 1}', ctype="application/json")
    )
    server.route(
        "/api/handles/10.1000/nope", Reply(404, '{"responseCode": 100}', ctype="application/json")
    )
    links = [Link(LinkKind.DOI, f"doi:10.1000/{x}", HERE) for x in ("ok", "nope")]
    results = run(links, Options(doi_api=server.base, retry_wait_s=0.01))
    assert results["doi:10.1000/ok"].status is Status.OK
    assert results["doi:10.1000/nope"].error is ErrorKind.BAD_DOI
    assert all(h.method == "GET" and h.path.startswith("/api/handles/") for h in server.hits)


def test_arxiv_id_is_checked_at_its_abs_page(server: App) -> None:
    server.route("/abs/2101.00001", Reply())
    links = [
        Link(LinkKind.ARXIV, "arXiv:2101.00001", HERE),
        Link(LinkKind.ARXIV, "arXiv:2101.99999", HERE),
    ]
    results = run(links, Options(arxiv_base=server.base, retry_wait_s=0.01))
    assert results["arXiv:2101.00001"].status is Status.OK
    assert results["arXiv:2101.99999"].error is ErrorKind.HTTP_STATUS


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_hrefs_never_crash_checking(href: str) -> None:
    from checklinks.collect import resolve_href

    resolved = resolve_href(href, "p.html")
    if resolved is None:
        return
    kind, target = resolved
    if kind is LinkKind.EXTERNAL:  # never go online from a property test
        kind, target = LinkKind.EXTERNAL, target
        result = check_offline(kind, target, Inputs(), Options(offline=True))
    else:
        result = check_offline(kind, target, Inputs(files=frozenset({"p.html"})), FAST)
    assert result is not None and isinstance(result.status, Status)


def test_a_collecting_process_that_dies_stops_the_run_with_an_error(tmp_path: Path) -> None:
    """Pages are read by child processes; one killed (as by the OOM killer) must end the
    run with a message naming its exit code, not leave the others waiting forever."""
    site = write_site(tmp_path / "site", {f"p{i}.html": page() for i in range(4)})

    def dies_in_part_1(**kwargs: object) -> Inputs:
        if kwargs["part"][0] == 1:  # type: ignore[index]
            os._exit(9)
        return collect(site, **kwargs)  # type: ignore[arg-type]

    with pytest.raises(CheckLinksError, match=r"exit codes \[.*9\]"):
        collect_and_check(dies_in_part_1, FAST)
