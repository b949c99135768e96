"""The built site loads nothing from a third-party host: tags and CSS `url()` stay local."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from conftest import Build
from selectolax.lexbor import LexborHTMLParser

LOCAL_HOSTS = {"", "127.0.0.1", "localhost"}
LOADING_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "manifest",
    "apple-touch-icon",
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]+)")


def is_third_party(url: str) -> bool:
    """True for an absolute or protocol-relative URL to a host other than this machine."""
    parts = urlsplit(url.strip())
    return parts.scheme in {"http", "https", ""} and parts.netloc.split(":")[0] not in LOCAL_HOSTS


def requested_urls(html: str) -> list[str]:
    """URLs that a browser fetches on its own when it renders `html`."""
    tree = LexborHTMLParser(html)
    urls = [
        node.attributes.get("src") or ""
        for node in tree.css(
            "script[src], img[src], iframe[src], source[src], video[src], audio[src], embed[src]"
        )
    ]
    for node in tree.css("link[href]"):
        rels = set((node.attributes.get("rel") or "").lower().split())
        if rels & LOADING_RELS:
            urls.append(node.attributes["href"] or "")
    for node in tree.css("style"):
        urls += CSS_URL.findall(node.text())
    for node in tree.css("[style]"):
        urls += CSS_URL.findall(node.attributes.get("style") or "")
    return urls


def test_pages_request_only_local_urls(built_site: Build) -> None:
    pages = list(built_site.site.rglob("*.html"))
    assert pages
    for page in pages:
        bad = [u for u in requested_urls(page.read_text(encoding="utf-8")) if is_third_party(u)]
        assert not bad, f"{page.relative_to(built_site.site)} requests {bad}"


def test_stylesheets_use_only_local_urls(built_site: Build) -> None:
    sheets = list(built_site.site.rglob("*.css"))
    assert sheets
    for sheet in sheets:
        bad = [u for u in CSS_URL.findall(sheet.read_text(encoding="utf-8")) if is_third_party(u)]
        assert not bad, f"{sheet.relative_to(built_site.site)} loads {bad}"


def test_the_check_itself_catches_a_google_font() -> None:
    html = '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
    assert [u for u in requested_urls(html) if is_third_party(u)]
