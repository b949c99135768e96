"""Regenerate tests/published-sections.txt: every h2/h3 section URL of the built site, one a line.

    python scripts/published_sections.py [SITE_DIR]

Without SITE_DIR the site is built first (strictly, into a temporary directory). Lines already in
the file are kept, so a published section is never dropped by regenerating: a section that has
disappeared is reported, and the exit code is 1, until its id is back (or left as an alias).
Exit codes: 0 written, 1 a listed section is missing, 2 bad usage or a failed build.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser
from strict_build import ROOT, strict_build

MANIFEST = ROOT / "tests" / "published-sections.txt"
HEADER = "# Published section URLs (page/#id). Never remove one: keep the id or leave an alias.\n"


def page_url(site: Path, html: Path) -> str:
    """`/coder-models/` for site/coder-models/index.html, `/` for the home page."""
    parent = html.parent.relative_to(site).as_posix()
    return "/" if parent == "." else f"/{parent}/"


def content_pages(site: Path) -> list[Path]:
    """Built pages that carry an article (not 404.html, redirect stubs or search assets)."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        if 'class="md-content__inner' in html.read_text(encoding="utf-8"):
            pages.append(html)
    return pages


def sections(site: Path) -> list[str]:
    """`/page/#id` for every h2/h3 with an id in the article of every built page."""
    urls = []
    for html in content_pages(site):
        tree = LexborHTMLParser(html.read_text(encoding="utf-8"))
        for heading in tree.css("article h2[id], article h3[id]"):
            urls.append(f"{page_url(site, html)}#{heading.attributes['id']}")
    return urls


def is_present(site: Path, url: str) -> bool:
    """True if `url` (`/page/#id`) names a built page with an element of that id."""
    path, _, anchor = url.partition("#")
    html = site / path.lstrip("/") / "index.html"
    if not html.is_file():
        return False
    tree = LexborHTMLParser(html.read_text(encoding="utf-8"))
    return tree.css_first(f'[id="{anchor}"]') is not None


def read_manifest(path: Path = MANIFEST) -> list[str]:
    """The listed URLs, without comments and blank lines."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def build(into: Path) -> None:
    done = strict_build(into)
    if not done.ok:
        sys.exit(f"the strict build failed; fix it first:\n{done.output[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "site",
        nargs="?",
        type=Path,
        help="a built site to read [default: build one into a temporary directory]",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=MANIFEST,
        help="the manifest to update [default: tests/published-sections.txt]",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            build(site)
        elif not (site / "index.html").is_file():
            parser.error(f"{site} is not a built site (no index.html)")
        listed = read_manifest(args.output)
        current = sections(site)
        missing = [url for url in listed if not is_present(site, url)]
        known = set(listed)
        merged = listed + [url for url in current if url not in known]
    args.output.write_text(HEADER + "".join(f"{url}\n" for url in merged), encoding="utf-8")
    print(f"{args.output.name}: {len(merged)} sections, {len(merged) - len(listed)} new")
    for url in missing:
        print(f"missing: {url} (restore the id, or add an alias for it)", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
