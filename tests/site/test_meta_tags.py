"""overrides/main.html: every page previews well when its link is pasted into chat."""

from __future__ import annotations

import pytest
from conftest import ROOT
from mkdocs.config import load_config
from published_sections import content_pages, page_url
from selectolax.lexbor import LexborHTMLParser
from strict_build import Build, strict_build

CONFIG = load_config(str(ROOT / "mkdocs.yml"))


def head(html_path) -> dict[str, str]:
    """The preview-relevant tags of one page: name/property -> content, plus canonical and title."""
    tree = LexborHTMLParser(html_path.read_text(encoding="utf-8"))
    tags: dict[str, str] = {}
    for meta in tree.css("head meta"):
        key = meta.attributes.get("property") or meta.attributes.get("name")
        if key:
            assert key not in tags, f"{html_path}: <meta {key}> appears twice"
            tags[key] = meta.attributes.get("content") or ""
    canonical = tree.css("head link[rel=canonical]")
    assert len(canonical) == 1, f"{html_path}: expected one canonical link"
    tags["canonical"] = canonical[0].attributes["href"]
    tags["title"] = tree.css_first("head title").text()
    return tags


@pytest.fixture(scope="module")
def pages(built_site: Build):
    return {page_url(built_site.site, html): head(html) for html in content_pages(built_site.site)}


def test_every_page_has_a_description_canonical_url_and_preview_tags(pages) -> None:
    assert len(pages) >= 10
    for url, tags in pages.items():
        for key in (
            "description",
            "og:title",
            "og:description",
            "og:url",
            "og:site_name",
            "og:type",
            "twitter:card",
            "twitter:title",
            "twitter:description",
        ):
            assert tags.get(key, "").strip(), f"{url}: <meta {key}> is missing or empty"
        assert tags["canonical"] == CONFIG.site_url + url.lstrip("/"), url
        assert tags["og:url"] == tags["canonical"], url
        assert tags["og:site_name"] == CONFIG.site_name, url
        assert tags["og:description"] == tags["twitter:description"] == tags["description"], url
        assert tags["og:title"] == tags["twitter:title"], url
        assert tags["twitter:card"] == "summary_large_image", url  # with the og:image card


def test_pages_use_their_own_description_not_the_site_one(pages) -> None:
    for url, tags in pages.items():
        if url != "/":
            assert tags["description"] != CONFIG.site_description.strip(), f"{url}: no description:"
        assert len(tags["description"]) <= 160, f"{url}: description is over 160 characters"


def test_titles_name_the_page_and_the_home_page_names_the_site(pages) -> None:
    assert pages["/"]["og:title"] == CONFIG.site_name
    assert pages["/"]["og:type"] == "website"
    for url, tags in pages.items():
        if url != "/":
            assert tags["og:type"] == "article"
            assert tags["title"].startswith(tags["og:title"] + " - "), url


def test_a_page_without_description_falls_back_to_the_site_description(scratch_project, tmp_path):
    project = scratch_project("redirects")
    page = project / "docs" / "new-guide.md"
    page.write_text(page.read_text(encoding="utf-8").split("---\n", 2)[2], encoding="utf-8")
    build = strict_build(tmp_path / "out", project=project)
    assert build.ok, build.output
    tags = head(build.site / "new-guide" / "index.html")
    assert tags["og:description"] == tags["description"] == CONFIG.site_description
