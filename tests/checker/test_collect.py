"""collect.py: links, ids and lines from HTML; citations from Markdown; entries from .bib."""

from __future__ import annotations

from pathlib import Path

import pytest
from checklinks.collect import (
    _PageLinks,
    collect,
    collect_bib,
    collect_site,
    decode_html,
    markdown_citations,
    merge,
    resolve_href,
)
from checklinks.htmlscan import scan_html
from checklinks.types import InputError, LinkKind
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import FIXTURES


def test_ids_count_id_attributes_and_anchor_names() -> None:
    parsed = scan_html((FIXTURES / "links.html").read_text())
    assert {"top", "intro", "legacy"} <= parsed.ids


def test_links_inside_code_and_pre_are_links() -> None:
    """Issue 15 bug 6: in HTML an <a href> inside <pre> or <code> is a clickable link."""
    hrefs = [h for h, _ in scan_html((FIXTURES / "links.html").read_text()).urls]
    assert "in-code.html" in hrefs
    assert "inline-code.html" in hrefs
    assert "other.html#part" in hrefs


def test_preconnect_links_are_not_resources() -> None:
    hrefs = [h for h, _ in scan_html((FIXTURES / "links.html").read_text()).urls]
    assert "https://fonts.example.invalid" not in hrefs
    assert "assets/style.css" in hrefs


def test_links_carry_their_source_line() -> None:
    lines = dict(scan_html((FIXTURES / "links.html").read_text()).urls)
    assert lines["other.html#part"] == 9
    assert lines["/img/logo.png"] == 14


@pytest.mark.parametrize(
    ("href", "page", "expected"),
    [
        ("other.html#part", "a/b.html", (LinkKind.INTERNAL, "a/other.html#part")),
        ("../sec2/", "sec1/p.html", (LinkKind.INTERNAL, "sec2/")),
        ("../", "sec1/p.html", (LinkKind.INTERNAL, "./")),
        ("#h-1", "sec1/p.html", (LinkKind.INTERNAL, "sec1/p.html#h-1")),
        ("/img/x.png", "a/b/c.html", (LinkKind.INTERNAL, "img/x.png")),
        ("a%20b.html", "p.html", (LinkKind.INTERNAL, "a b.html")),
        ("https://example.org/x#y", "p.html", (LinkKind.EXTERNAL, "https://example.org/x#y")),
        ("//example.org/x", "p.html", (LinkKind.EXTERNAL, "https://example.org/x")),
        ("mailto:a@example.org", "p.html", (LinkKind.OTHER, "mailto:a@example.org")),
        ("javascript:void(0)", "p.html", (LinkKind.OTHER, "javascript:void(0)")),
        ("http://[::1/bad", "p.html", (LinkKind.OTHER, "http://[::1/bad")),
        ("http://host:99999/", "p.html", (LinkKind.OTHER, "http://host:99999/")),
    ],
)
def test_resolve_href_gives_kind_and_site_relative_target(
    href: str, page: str, expected: tuple[LinkKind, str]
) -> None:
    assert resolve_href(href, page) == expected


@pytest.mark.parametrize("href", ["", "  ", "?q=1", "#"])
def test_links_to_the_page_itself_are_dropped(href: str) -> None:
    assert resolve_href(href, "p.html") is None


def test_malformed_html_is_still_collected() -> None:
    parsed = scan_html((FIXTURES / "malformed.html").read_text())
    hrefs = [h for h, _ in parsed.urls]
    assert "ok.html" in hrefs and "#a" in hrefs
    assert "a" in parsed.ids


def test_non_utf8_page_is_decoded_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "latin1.html").write_bytes((FIXTURES / "latin1.html").read_bytes())
    site = collect_site(tmp_path)
    assert [n.location.path for n in site.notes] == ["latin1.html"]
    assert [link.target for link in site.links] == ["missing.html"]
    assert site.ids["latin1.html"]


def test_missing_site_dir_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a directory"):
        collect_site(tmp_path / "nope")


def test_citations_single_grouped_and_malformed() -> None:
    """The build's grammar: a locator or a prefix makes a citation malformed (a broken target)."""
    text = "Claim [@ouyang2022training].\nMore [@a2020x; @b2021y] and [see -@c2019z].\n"
    links = markdown_citations(text, "docs/p.md")
    assert [(link.target, link.location.line) for link in links] == [
        ("@ouyang2022training", 1),
        ("@a2020x", 2),
        ("@b2021y", 2),
        ("@[see -@c2019z]", 2),
    ]


def test_citations_in_fenced_and_inline_code_are_ignored() -> None:
    text = "\n".join(
        [
            "Real [@real2020].",
            "````markdown",
            "Not [@fenced2020].",
            "```",
            "still fenced [@fenced2021]",
            "````",
            "~~~",
            "[@tilde2020]",
            "~~~",
            "Inline `[@inline2020]` and ``[@double2020] ` `` then [@after2020].",
            "    !!! note",
            "        Indented prose [@indented2020].",
        ]
    )
    targets = [link.target for link in markdown_citations(text, "p.md")]
    assert targets == ["@real2020", "@after2020", "@indented2020"]


def test_emails_and_markdown_links_are_not_citations() -> None:
    text = "[mail me@example.org] and [@handle](https://example.org)\n"
    assert markdown_citations(text, "p.md") == []


def test_bib_gives_keys_lines_urls_dois_and_arxiv_ids(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{a2020x,\n  title={A},\n  doi={https://doi.org/10.1000/xyz},\n}\n\n"
        "@misc{b2021y,\n  title={B},\n  url={https://example.org/b},\n"
        "  eprint={2101.00001},\n  archivePrefix={arXiv},\n}\n"
    )
    keys, links = collect_bib(bib)
    assert keys == {"a2020x", "b2021y"}
    found = {(link.kind, link.target, link.location.line) for link in links}
    assert found == {
        (LinkKind.CITE, "@a2020x", 1),
        (LinkKind.DOI, "doi:10.1000/xyz", 1),
        (LinkKind.CITE, "@b2021y", 6),
        (LinkKind.EXTERNAL, "https://example.org/b", 6),
        (LinkKind.ARXIV, "arXiv:2101.00001", 6),
    }


def test_unparsable_bib_is_input_error(tmp_path: Path) -> None:
    bib = tmp_path / "bad.bib"
    bib.write_text("@article{dup,\n title={A}}\n@article{dup,\n title={B}}\n")
    with pytest.raises(InputError, match="bad.bib"):
        collect_bib(bib)


def test_collect_checks_citations_only_with_docs_and_bib(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text("[@k2020]\n")
    (tmp_path / "refs.bib").write_text("@misc{k2020, title={K}}\n")
    assert collect(tmp_path / "site").bib_keys is None
    inputs = collect(tmp_path / "site", tmp_path / "docs", tmp_path / "refs.bib")
    assert inputs.cited == {"k2020"} and inputs.bib_keys == {"k2020"}


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_html_never_crash(data: bytes) -> None:
    text, _clean = decode_html(data)
    parsed = scan_html(text)
    for href, _line in parsed.urls:
        resolve_href(href, "a/b.html")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_hrefs_never_crash_resolution(href: str) -> None:
    result = resolve_href(href, "sec1/page.html")
    assert result is None or isinstance(result[1], str)
    scan_html(f'<a href="{href}">x</a>')


HREF_PARTS = st.sampled_from(
    ["a", "b.html", "/", ".", "..", "#", "%41", " ", "\t", "\\", "?", ":", "~", "-"]
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.lists(HREF_PARTS, max_size=8).map("".join), min_size=1, max_size=6),
    st.sampled_from([None, "sec/b.html", "sec/", "https://example.org/d/", "//h/x"]),
)
def test_page_collector_resolves_like_resolve_href(hrefs: list[str], base: str | None) -> None:
    """The collector's shortcut for ``path#fragment`` (path resolved once, fragment
    appended) gives the same kind and target as resolving the whole href."""
    collector = _PageLinks([])
    collector.start("sec1/page.html")
    if base is not None:
        collector.set_base(base)
    page_base = collector.base
    for href in hrefs + [h + "#x" for h in hrefs] + hrefs:
        assert collector.resolve(href) == resolve_href(href, "sec1/page.html", page_base)


def test_scanner_follows_the_html_tokenizer_where_links_hide() -> None:
    text = (
        "<!-- <a href='in-comment.html'> -->\n"
        "<script>document.write('<a href=\"in-script.html\">')</script>\n"
        '<A HREF="upper.html" TITLE="a > b">x</A>\n'
        "<a\n  class=x\n  href='multi-line.html'>y</a>\n"
        "<SCRIPT type=module>let s = '</scrip' + 't>'; // <a href=x.html></SCRIPT>"
        '<img src="after-script.png"><a href="unterminated.html'
    )
    assert scan_html(text).urls == [
        ("upper.html", 3),
        ("multi-line.html", 6),
        ("after-script.png", 7),
    ]  # a tag cut off by the end of the page is dropped, as browsers do


@pytest.mark.parametrize(
    ("href", "base", "expected"),
    [
        ("x.html#a", "docs/", (LinkKind.INTERNAL, "docs/x.html#a")),
        ("#a", "docs/v2/index.html", (LinkKind.INTERNAL, "docs/v2/index.html#a")),
        ("x.html", "https://example.org/d/", (LinkKind.EXTERNAL, "https://example.org/d/x.html")),
        ("//[bad", "https://example.org/", (LinkKind.OTHER, "//[bad")),
        (r"a\b.html", "docs/", (LinkKind.INTERNAL, "docs/a/b.html")),
        ("file:///etc/passwd", "docs/", (LinkKind.OTHER, "file:///etc/passwd")),
    ],
)
def test_resolve_href_against_a_base(href: str, base: str, expected: tuple[LinkKind, str]) -> None:
    assert resolve_href(href, "p.html", base) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100), st.sampled_from(["docs/", "https://example.org/a/", "./"]))
def test_arbitrary_hrefs_never_crash_resolution_against_a_base(href: str, base: str) -> None:
    result = resolve_href(href, "sec1/page.html", base)
    assert result is None or isinstance(result[1], str)


def test_a_site_collected_in_parts_merges_into_the_whole(tmp_path: Path) -> None:
    """The online run scans pages in parts, one per process; merged, they give what one
    pass gives: the same links in page order, ids, refresh stubs and notes. Pages of one
    folder share the resolution of an href, except a path-less one like ``#top``."""
    pages = {
        f"d{i % 3}/p{i}.html": f'<h2 id="h{i}">x</h2><a href="#top">t</a>'
        f'<a href="../d0/p0.html#h{i}">c</a><a href="p{i + 1}.html">n</a>'
        for i in range(9)
    }
    pages["d1/old.html"] = '<meta http-equiv="refresh" content="0; url=p1.html">'
    pages["d2/bad.html"] = "caf\xe9".encode("latin-1").decode("latin-1")
    site = tmp_path / "site"
    for rel, html in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        data = html.encode("latin-1") if rel == "d2/bad.html" else html.encode()
        (site / rel).write_bytes(data)
    (site / "dangling.html").symlink_to(site / "nowhere.html")
    whole = collect(site)
    merged = merge([collect(site, part=(k, 3)) for k in range(3)])
    assert merged == whole
    assert [link.target for link in whole.links[:3]] == [
        "d0/p0.html#top",
        "d0/p0.html#h0",
        "d0/p1.html",
    ]
    assert "d1/p4.html#top" in {link.target for link in whole.links}
