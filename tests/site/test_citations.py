"""Citations on the built site: known keys, every entry used, one label per source, markers,
compact linked reference lists, and every formatted entry checked against the house rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, Build
from selectolax.lexbor import LexborHTMLParser

from hooks import bibfile, citekeys

DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.glob("*.md") if p.name != "references.md")


def cites_by_page() -> dict[str, list[citekeys.Cite]]:
    return {p.name: citekeys.find(p.read_text(encoding="utf-8"))[0] for p in PAGES}


def html_of(build: Build, page: str) -> LexborHTMLParser:
    name = page.removesuffix(".md")
    path = build.site / ("index.html" if name == "index" else f"{name}/index.html")
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bib_keys() -> set[str]:
    return set(bibfile.read(ROOT / "references.bib").entries)


def test_bibliography_has_at_least_40_sources(bib_keys: set[str]) -> None:
    assert len(bib_keys) >= 40


def test_every_cited_key_exists(bib_keys: set[str]) -> None:
    for page, cites in cites_by_page().items():
        for cite in cites:
            assert set(cite.keys) <= bib_keys, f"{page}:{cite.line}: {cite.keys}"


def test_every_entry_is_cited_somewhere(bib_keys: set[str]) -> None:
    cited = {key for cites in cites_by_page().values() for cite in cites for key in cite.keys}
    assert sorted(bib_keys - cited) == []


@pytest.mark.parametrize("page", [p.name for p in PAGES])
def test_every_content_page_cites_a_source(page: str) -> None:
    assert cites_by_page()[page], f"{page} cites nothing"


MODEL_PAGES = [
    "base-models.md",
    "instruct-models.md",
    "chat-models.md",
    "coder-models.md",
    "tool-use.md",
    "reasoning-models.md",
    "long-context.md",
    "coding-agents.md",
    "troubleshooting.md",
]
UNCITED_SECTIONS = {"see-also", "references"}  # navigation and the reference list itself


@pytest.mark.parametrize("page", MODEL_PAGES)
def test_every_section_of_a_model_page_cites_a_source(built_site: Build, page: str) -> None:
    """Each h2/h3 section has a citation marker, in its own text or in one of its h3 subsections."""
    article = html_of(built_site, page).css_first("article")
    cited: dict[str, bool] = {}
    h2 = h3 = None
    for node in article.css("h2, h3, a.footnote-ref"):
        if node.tag == "h2":
            h2, h3 = node.attributes["id"], None
            cited.setdefault(h2, False)
        elif node.tag == "h3":
            h3 = node.attributes["id"]
            cited.setdefault(h3, False)
        else:
            for section in (h2, h3):
                if section is not None:
                    cited[section] = True
    uncited = [s for s, ok in cited.items() if not ok and s not in UNCITED_SECTIONS]
    assert cited and uncited == [], f"{page}: sections without a citation: {uncited}"


@pytest.mark.parametrize("page", [p.name for p in PAGES])
def test_markers_point_to_linked_references_at_the_end(built_site: Build, page: str) -> None:
    tree = html_of(built_site, page)
    references = tree.css_first("details.references.footnote[data-search-exclude]")
    assert references is not None and tree.css_first("h2#references") is not None
    markers = tree.css("article span.cite > a.footnote-ref")
    assert markers
    for marker in markers:
        item = references.css_first(f'li[id="{marker.attributes["href"][1:]}"]')
        assert item is not None, marker.attributes["href"]
        links = [a.attributes.get("href") or "" for a in item.css("a:not(.footnote-backref)")]
        assert len(links) == 1 and links[0].startswith("https://"), marker.attributes["href"]
        backs = [a.attributes["href"] for a in item.css("a.footnote-backref")]
        assert backs == [f"#fnref:{marker.attributes['href'].split(':', 1)[1]}"]


def test_a_source_has_one_label_across_the_site(built_site: Build) -> None:
    labels: dict[str, set[str]] = {}
    for page in PAGES:
        for marker in html_of(built_site, page.name).css("span.cite > a.footnote-ref"):
            labels.setdefault(marker.attributes["href"], set()).add(marker.text())
    assert labels and {key: found for key, found in labels.items() if len(found) > 1} == {}
    owners: dict[str, str] = {}
    for key, (label,) in labels.items():
        assert owners.setdefault(label, key) == key, f"{label!r} names two sources"


@pytest.mark.parametrize("page", [p.name for p in PAGES])
def test_clusters_are_sorted_and_glued_to_the_word_before(built_site: Build, page: str) -> None:
    name = page.removesuffix(".md")
    path = built_site.site / ("index.html" if name == "index" else f"{name}/index.html")
    text = path.read_text(encoding="utf-8")
    assert not re.search(r'\s<span class="cite">', text), "a marker can wrap onto its own line"
    for cluster in LexborHTMLParser(text).css("span.cite"):
        labels = [a.text() for a in cluster.css("a.footnote-ref")]
        by_author = sorted(labels, key=lambda label: label.casefold().rsplit(", ", 1))
        assert labels == by_author, f"{page}: unsorted cluster {labels}"


def test_reference_lists_stay_out_of_the_search_index(built_site: Build) -> None:
    index = json.loads((built_site.site / "search" / "search_index.json").read_text())
    # The References page itself stays searchable; the lists at the end of each page do not.
    docs = [doc for doc in index["docs"] if not doc["location"].startswith("references/")]
    texts = [doc["text"] + doc["title"] for doc in docs]
    assert texts and not [t for t in texts if "doi:10." in t or "cited on this page" in t]
    assert not [doc["location"] for doc in docs if doc["location"].endswith("#references")]


def test_references_page_lists_every_source_with_links_and_back_links(
    built_site: Build, bib_keys: set[str]
) -> None:
    tree = html_of(built_site, "references.md")
    groups = [h2.attributes["id"] for h2 in tree.css("article h2")]
    assert len(groups) >= 3, "the References page is grouped under headings"
    toc = {a.attributes.get("href") for a in tree.css(".md-sidebar--secondary a")}
    assert {f"#{group}" for group in groups} <= toc, "the contents sidebar lists the groups"
    for key in bib_keys:
        entry = tree.css_first(f'div.reference[id="ref-{key}"] > p')
        assert entry is not None, key
        hrefs = [a.attributes.get("href") or "" for a in entry.css("a")]
        assert len(hrefs) == 1 and hrefs[0].startswith("https://"), key
    for page, cites in cites_by_page().items():
        for cite in cites:
            target = page.removesuffix(".md") + "/"
            target = "../" + ("" if target == "index/" else target)
            target += f"#{cite.section}" if cite.section else ""
            for key in cite.keys:
                entry = tree.css_first(f'div.reference[id="ref-{key}"] .cited-in')
                hrefs = {a.attributes.get("href") for a in entry.css("a")}
                assert target in hrefs, f"{key}: no back-link to {target}"


def test_full_bibliography_command_is_not_used() -> None:
    for page in Path(DOCS).glob("*.md"):
        assert "\\full_bibliography" not in page.read_text(encoding="utf-8")


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
INTERNAL = re.compile(r"\b[a-z]+\d{4}[a-z0-9]+\b|\bkey\b|\bTODO\b")


@pytest.mark.parametrize("key", sorted(bibfile.read(ROOT / "references.bib").entries))
def test_every_formatted_entry_follows_the_rules(built_site: Build, key: str) -> None:
    """As the reader sees it on the References page: one link (DOI > arXiv > URL), capitals as
    written in the title, no internal note, no date given twice, no abbreviation markup."""
    entry = bibfile.read(ROOT / "references.bib").entries[key]
    node = html_of(built_site, "references.md").css_first(f'div.reference[id="ref-{key}"] > p')
    assert node is not None, key
    links = [a.attributes["href"] for a in node.css("a")]
    doi, eprint, url = entry.value("doi"), entry.value("eprint"), entry.value("url")
    expected = (
        f"https://doi.org/{doi}" if doi else (f"https://arxiv.org/abs/{eprint}" if eprint else url)
    )
    assert links == [expected], f"{key}: links {links}"
    assert not node.css("abbr"), f"{key}: abbreviation markup inside the entry"
    text = node.text()
    title = node.css_first("em").text()
    written = " ".join(re.sub(r"[{}]", "", entry.fields["title"]).split())
    if "\\" not in written and "--" not in written:  # no LaTeX to resolve: same letters, same case
        assert title == written, f"{key}: title changed: {title!r}"
    assert not INTERNAL.search(text.replace(links[0], "")), f"{key}: internal note in {text!r}"
    dates = re.findall(rf"\b(?:{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", text)
    assert len(dates) <= 1 or len(set(dates)) == len(dates), f"{key}: a date twice in {text!r}"


@pytest.mark.parametrize("page", [p.name for p in PAGES])
def test_no_citation_is_left_as_text(built_site: Build, page: str) -> None:
    """Read with the HTML parser, not the hooks' grammar: no `[@` or `[^` outside code."""
    article = html_of(built_site, page).css_first("article")
    for code in article.css("pre, code"):
        code.decompose()
    assert not re.findall(r"\[[@^][^\]]{0,60}\]", article.text()), page


def test_the_list_item_citation_on_chat_models_renders(built_site: Build) -> None:
    """docs/chat-models.md:391 cites in a list item's paragraph after a code block in that item."""
    tree = html_of(built_site, "chat-models.md")
    paragraph = next(p for p in tree.css("li p") if "guide tells you to append" in p.text())
    markers = [a.attributes["href"] for a in paragraph.css("span.cite > a.footnote-ref")]
    assert markers == ["#fn:qwen2025qwen3transformers"]
