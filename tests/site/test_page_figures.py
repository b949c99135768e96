"""The pages on tools, reasoning, long context, agents and troubleshooting each show a figure.

Each figure sits in the section it illustrates, has a caption and a long alt text, and is an SVG
file with a title and a description, drawn 360 units wide with text of 13 units or more (so it
stays at 12 px or larger on a 390 px phone), and displayed at its own aspect ratio.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from conftest import Build
from selectolax.lexbor import LexborHTMLParser, LexborNode

SVG = "{http://www.w3.org/2000/svg}"
INTRO = ""  # the text between the page title and its first section
# page -> {id of the section that holds the figure: the figure's file}
FIGURES = {
    "tool-use": {"loop": "tool-call-loop.svg"},
    "reasoning-models": {"r1-pipeline": "r1-training.svg", "template": "thinking-turns.svg"},
    "long-context": {"lost-in-the-middle": "lost-in-the-middle.svg", "rag": "rag-flow.svg"},
    "coding-agents": {
        "swe-agent": "agent-computer-interface.svg",
        "verified-how": "swe-bench-verified.svg",
    },
    "troubleshooting": {INTRO: "symptom-causes.svg"},
}
FONT_SIZE = re.compile(r"font-size[:=]\"?([\d.]+)")


def figures_by_section(build: Build, page: str) -> dict[str, LexborNode]:
    """Each figure in the page's article, keyed by the id of the h2 or h3 above it."""
    html = (build.site / page / "index.html").read_text(encoding="utf-8")
    article = LexborHTMLParser(html).css_first("article")
    found: dict[str, LexborNode] = {}
    section = INTRO
    for node in article.css("h2, h3, figure"):
        if node.tag == "figure":
            found.setdefault(section, node)
        else:
            section = node.attributes.get("id") or ""
    return found


@pytest.mark.parametrize(
    ("page", "section", "svg"),
    [(page, section, svg) for page, figures in FIGURES.items() for section, svg in figures.items()],
)
def test_section_has_a_captioned_svg_figure(
    built_site: Build, page: str, section: str, svg: str
) -> None:
    figure = figures_by_section(built_site, page).get(section)
    where = f"{page}#{section or '(intro)'}"
    assert figure is not None, f"{where}: no figure"
    img = figure.css_first("img")
    assert img is not None and img.attributes["src"].endswith(f"assets/figures/{svg}"), where
    assert len(img.attributes.get("alt") or "") > 40, f"{where}: short alt text"
    caption = figure.css_first("figcaption")
    assert caption is not None and caption.text(strip=True), f"{where}: no caption"

    source = (built_site.site / "assets" / "figures" / svg).read_text(encoding="utf-8")
    root = ET.fromstring(source)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and (title.text or "").strip(), f"{svg}: no <title>"
    assert desc is not None and len((desc.text or "").strip()) > 40, f"{svg}: no <desc>"
    assert root.get("aria-labelledby", "").split() == [title.get("id"), desc.get("id")], svg

    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    assert width == 360, f"{svg}: viewBox {width} wide, not 360"
    shown = (float(img.attributes["width"]), float(img.attributes["height"]))
    assert shown == (width, height), f"{where}: shown at {shown}, drawn at {(width, height)}"
    smallest = min(float(size) for size in FONT_SIZE.findall(source))
    assert smallest >= 13, f"{svg}: text at {smallest} units"
