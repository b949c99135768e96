"""The troubleshooting page: every symptom links to a section elsewhere that explains its cause."""

from __future__ import annotations

from conftest import Build
from selectolax.lexbor import LexborHTMLParser

SYMPTOMS = [
    "never-stops",
    "next-user-turn",
    "base-rambles",
    "ignores-system",
    "wrong-format",
    "after-fine-tuning",
]


def section_links(build: Build) -> dict[str, list[str]]:
    """Map each h2 id of the built page to the hrefs of the links in its section (h3s included)."""
    html = (build.site / "troubleshooting" / "index.html").read_text(encoding="utf-8")
    article = LexborHTMLParser(html).css_first("article")
    links: dict[str, list[str]] = {}
    current = None
    for node in article.css("h2, a[href]"):
        if node.tag == "h2":
            current = node.attributes["id"]
            links[current] = []
        elif current is not None and "headerlink" not in (node.attributes.get("class") or ""):
            links[current].append(node.attributes["href"])
    return links


def test_each_symptom_links_to_a_cause_section_on_another_page(built_site: Build) -> None:
    links = section_links(built_site)
    for symptom in SYMPTOMS:
        assert symptom in links, f"no section #{symptom}"
        elsewhere = [h for h in links[symptom] if h.startswith("../") and "#" in h]
        assert elsewhere, f"#{symptom} links to no section on another page"
