"""Figures, prompt blocks, tables and reference lists on a phone and a desktop, in both palettes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_mobile import PHONE

pytestmark = pytest.mark.browser

CONTENT_PAGES = (
    "/",
    "/base-models/",
    "/instruct-models/",
    "/chat-models/",
    "/coder-models/",
    "/comparison/",
    "/prompt-formats/",
    "/choosing/",
    "/glossary/",
    "/tool-use/",
    "/reasoning-models/",
    "/long-context/",
    "/coding-agents/",
    "/troubleshooting/",
)
KIND_PAGES = ("/base-models/", "/instruct-models/", "/chat-models/", "/coder-models/")
FIGURE = "article figure:has(figcaption):has(img[src*='assets/figures/'], svg)"

# Smallest rendered font size of each diagram: its smallest font-size times its display scale.
SMALLEST_TEXT_PX = """async () => {
  const sizes = [];
  for (const img of document.querySelectorAll("article figure.diagram img")) {
    img.scrollIntoView();
    await img.decode();
    const svg = await (await fetch(img.src)).text();
    const viewBoxWidth = Number(svg.match(/viewBox="0 0 ([\\d.]+)/)[1]);
    const fonts = [...svg.matchAll(/font-size[:=]"?([\\d.]+)/g)].map((m) => Number(m[1]));
    sizes.push([img.src, Math.min(...fonts) * img.getBoundingClientRect().width / viewBoxWidth]);
  }
  return sizes;
}"""


# What each content page must do on a phone; the function returns the faults it finds.
WIDE_TEXT_BLOCKS = """() => [...document.querySelectorAll('article .language-text pre > code')]
  .filter((code) => code.scrollWidth > code.clientWidth + 1)
  .map((code) => code.textContent.slice(0, 40))"""
BROKEN_IMAGES = """() => [...document.querySelectorAll('article figure img')]
  .filter((img) => img.naturalWidth === 0).map((img) => img.src)"""
SPLIT_TABLE_TOKENS = """() => [...document.querySelectorAll('article td code')]
  .filter((code) => code.getClientRects().length > 1).map((code) => code.textContent)"""


def page_faults(page, path: str, width: int) -> list[str]:
    """What keeps `page` from reading well at `width` px: sideways scrolling and wide prompts."""
    faults = [
        f"{path}: prompt block scrolls sideways: {wide}" for wide in page.evaluate(WIDE_TEXT_BLOCKS)
    ]
    if (scroll_width := page.evaluate("() => document.documentElement.scrollWidth")) > width:
        faults.append(f"{path}: the page is {scroll_width} px wide at {width} px")
    return faults


# The share of the article that the closed reference list takes, from its heading down.
LIST_SHARE = """() => {
  const top = document.getElementById('references').getBoundingClientRect().top
  const bottom = document.querySelector('details.references').getBoundingClientRect().bottom
  return (bottom - top) / document.querySelector('article').getBoundingClientRect().height
}"""
# Citation markers that a reader can see and that are under 24×24 px (WCAG 2.2 target size).
SMALL_MARKERS = """() => [...document.querySelectorAll('span.cite > a.footnote-ref')]
  .filter(a => a.checkVisibility())  // markers in closed tabs or boxes are not laid out
  .map(a => a.getBoundingClientRect())
  .filter(box => box.width < 24 || box.height < 24)
  .map(box => `${box.width}x${box.height}`)"""


def test_every_content_page_reads_well_on_a_phone(reader_factory) -> None:
    """On a 390 px phone, each content page has its captioned figures, with long alt texts and
    text of at least 12 px; no prompt block or page scrolls sideways; table tokens stay whole.
    Its closed reference list takes at most a tenth of the article, and every visible citation
    marker is at least 24×24 px."""
    reader = reader_factory(**PHONE)
    faults = []
    for path in CONTENT_PAGES:
        page = reader.open(path)
        expect(page.locator("details.references")).to_be_attached()
        expect(page.locator("span.cite > a.footnote-ref").first).to_be_visible()
        if (share := page.evaluate(LIST_SHARE)) > 0.10:
            faults.append(f"{path}: the reference list takes {share:.0%} of the article")
        if small := page.evaluate(SMALL_MARKERS):
            faults.append(f"{path}: markers smaller than 24×24 px: {small[:5]}")
        expected = 2 if path in KIND_PAGES else 1
        if (found := page.locator(FIGURE).count()) < expected:
            faults.append(f"{path}: {found} captioned figures, expected {expected}")
        for img in page.locator("article figure.diagram img").all():
            if len(img.get_attribute("alt") or "") <= 40:
                faults.append(f"{path}: short alt text on {img.get_attribute('src')}")
        for src, smallest in page.evaluate(SMALLEST_TEXT_PX):
            if smallest < 12:
                faults.append(f"{path}: {src} renders text at {smallest:.1f} px")
        faults += [f"{path}: image does not load: {src}" for src in page.evaluate(BROKEN_IMAGES)]
        faults += [f"{path}: table token split: {t}" for t in page.evaluate(SPLIT_TABLE_TOKENS)]
        faults += page_faults(page, path, PHONE["viewport"]["width"])
    assert faults == []


@pytest.mark.parametrize(("system", "inverted"), [("light", False), ("dark", True)])
def test_diagrams_follow_the_palette(reader_factory, system: str, inverted: bool) -> None:
    page = reader_factory(color_scheme=system, viewport={"width": 1280, "height": 800}).open(
        "/coder-models/"
    )
    image = page.locator("article figure.diagram img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('article figure.diagram img').complete")
    card_filter = image.evaluate("(img) => getComputedStyle(img).filter")
    assert ("invert" in card_filter) is inverted, card_filter


def test_the_copy_button_covers_no_text(reader_factory) -> None:
    reader = reader_factory(**PHONE)
    for path in ("/coder-models/", "/prompt-formats/", "/chat-models/"):
        page = reader.open(path)
        covered = page.evaluate(
            """() => [...document.querySelectorAll('article .highlight pre')].flatMap((pre) => {
                 const button = pre.querySelector('.md-clipboard');
                 if (!button) return [];
                 const b = button.getBoundingClientRect();
                 const range = document.createRange();
                 range.selectNodeContents(pre.querySelector('code'));
                 return [...range.getClientRects()]
                   .filter((r) => r.width > 0 && r.right > b.left && r.left < b.right
                                  && r.bottom > b.top && r.top < b.bottom)
                   .map(() => pre.textContent.slice(0, 40));
               })"""
        )
        assert not covered, f"{path}: {covered}"


def test_special_tokens_are_boxed_in_prompts_and_not_by_colour_alone(reader) -> None:
    page = reader.open("/prompt-formats/")
    chatml = page.locator("article .language-text", has_text="<|im_start|>system").first
    tokens = chatml.locator(".special-token")
    expect(tokens.first).to_have_text("<|im_start|>")
    assert "<|im_end|>" in tokens.all_text_contents()
    style = tokens.first.evaluate(
        "(span) => { const s = getComputedStyle(span); return [s.borderTopStyle, s.fontWeight] }"
    )
    assert style == ["solid", "700"]
    llama2 = page.locator("article .language-text", has_text="[INST]").first
    assert "[INST]" not in llama2.locator(".special-token").all_text_contents()  # ordinary text


def test_the_first_table_column_stays_in_view_when_a_table_scrolls(reader_factory) -> None:
    page = reader_factory(**PHONE).open("/comparison/")
    wrap = page.locator("article .md-typeset__scrollwrap").first
    first_cell = wrap.locator("tbody tr td").first
    wrap.evaluate("(el) => { el.scrollLeft = 300 }")
    page.wait_for_function(
        "() => [...document.querySelectorAll('article .md-typeset__scrollwrap')]"
        ".some((el) => el.scrollLeft > 0)"
    )
    assert first_cell.bounding_box()["x"] >= wrap.bounding_box()["x"] - 1  # still in view


def test_a_wrapped_prompt_line_continues_with_a_hanging_indent(reader_factory) -> None:
    page = reader_factory(**PHONE).open("/prompt-formats/")
    line = page.locator("article .language-text code > span", has_text="Write a Python").first
    starts = line.evaluate(
        "(span) => { const range = document.createRange(); range.selectNodeContents(span);"
        " const rows = [...range.getClientRects()].filter((r) => r.width > 0);"
        " return [rows[0].left, rows[rows.length - 1].left, rows.length] }"
    )
    first, last, rows = starts
    assert rows > 1, "the long user message should wrap at 390 px"
    assert last > first + 10  # a soft wrap is indented; a real newline would start at the margin
