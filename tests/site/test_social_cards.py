"""Every page names a 1200×630 preview image (og:image) drawn at build time, offline."""

from __future__ import annotations

import re
import sys

from conftest import ROOT, Build
from PIL import Image

sys.path.insert(0, str(ROOT / "hooks"))
from social_cards import BOLD, font, missing_glyphs  # noqa: E402

OG_IMAGE = re.compile(r'<meta property="og:image" content="([^"]+)">')
PAGES = ("index.html", "base-models/index.html", "choosing/index.html", "references/index.html")


def test_each_page_names_its_own_preview_image(built_site: Build) -> None:
    seen = set()
    for page in PAGES:
        html = (built_site.site / page).read_text(encoding="utf-8")
        match = OG_IMAGE.search(html)
        assert match, f"{page}: no og:image"
        url = match.group(1)
        assert url.startswith(("http://", "https://")), url  # link unfurlers need absolute URLs
        assert '<meta name="twitter:card" content="summary_large_image">' in html
        path = built_site.site / "assets/social" / url.rsplit("/", 1)[1]
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (1200, 630), path
        seen.add(url)
    assert len(seen) == len(PAGES)


def test_a_character_missing_from_the_font_is_reported() -> None:
    assert missing_glyphs("Chat ✓", font(BOLD, 76)) == {"✓"}
    assert missing_glyphs("Kinds of LLMs: base, chat (2,048)", font(BOLD, 76)) == set()
