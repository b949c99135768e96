"""hooks/citations.py on a fixture site: code untouched, faults named by page:line, and the build
and the link checker reading the same citations (asserted on the built HTML)."""

from __future__ import annotations

from pathlib import Path

import pytest
from checklinks.check.offline import check_cite
from checklinks.collect import Inputs, collect_bib, markdown_citations
from checklinks.types import Status
from selectolax.lexbor import LexborHTMLParser
from strict_build import strict_build

CODE_SAMPLES = [
    '["user@example.com"]',
    "[a@b for a in x]",
    "@property",
    "@dataclass",
    '"[@notacite]"',
]
OUYANG = "Ouyang et\u00a0al., 2022"  # two named authors and "others": "et al."
TAORI = "Taori et\u00a0al., 2023"
BOTH = ["ouyang2022training", "taori2023alpaca"]


@pytest.fixture
def fixture_site(fixture_build):
    """The bibsafety fixture as built (no changes), shared by the tests that only read it."""
    return None, fixture_build("bibsafety")


def code_texts(html: str) -> list[str]:
    return [node.text() for node in LexborHTMLParser(html).css("code")]


def build_page(scratch_project, tmp_path: Path, text: str):
    """Build the fixture with `text` appended to its page; return (project, build, first line)."""
    project = scratch_project("bibsafety")
    page = project / "docs" / "index.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n" + text, encoding="utf-8")
    first_line = original.count("\n") + 2
    return project, strict_build(tmp_path / "out", project=project), first_line


def test_code_blocks_keep_at_signs_exactly(fixture_site) -> None:
    _, build = fixture_site
    assert build.ok, build.output
    codes = code_texts((build.site / "index.html").read_text(encoding="utf-8"))
    fenced, indented, boxed = (c for c in codes if "emails" in c)
    inline = " ".join(c for c in codes if "emails" not in c)
    for sample in CODE_SAMPLES:
        assert sample in fenced and sample in indented and sample in inline, sample
    assert '["user@example.com"]' in boxed and '"[@notacite]"' in boxed


def test_citation_inside_an_admonition_renders(fixture_site) -> None:
    _, build = fixture_site
    tree = LexborHTMLParser((build.site / "index.html").read_text(encoding="utf-8"))
    box = tree.css_first(".admonition")
    assert box.css_first("a.footnote-ref") is not None
    assert all("[@" not in p.text() for p in box.css("p"))


def test_a_cluster_is_sorted_labelled_and_glued_to_the_word_before(fixture_site) -> None:
    _, build = fixture_site
    html = (build.site / "index.html").read_text(encoding="utf-8")
    paragraph = next(p for p in LexborHTMLParser(html).css("p") if "Alpaca" in p.text())
    clusters = [span.text() for span in paragraph.css("span.cite")]
    # [@ouyang…] then [@taori…; @ouyang…], written in the other order: sorted by author
    assert clusters == [f"({OUYANG})", f"({OUYANG}; {TAORI})"]
    assert "cheap to make\u00a0(" in paragraph.text()  # a non-breaking space before the marker


def test_unknown_key_names_page_and_line(scratch_project, tmp_path: Path) -> None:
    _, build, line = build_page(scratch_project, tmp_path, "A claim [@nosuch2020key].\n")
    assert not build.ok
    assert f"docs/index.md:{line}: unknown citation key 'nosuch2020key'" in build.output
    assert "Traceback" not in build.output


def test_wrong_case_names_the_right_key(scratch_project, tmp_path: Path) -> None:
    _, build, line = build_page(scratch_project, tmp_path, "Shouted [@OUYANG2022TRAINING].\n")
    assert not build.ok
    assert f"docs/index.md:{line}: unknown citation key 'OUYANG2022TRAINING'" in build.output
    assert "write 'ouyang2022training'" in build.output


def test_citation_with_a_locator_is_rejected_not_dropped(scratch_project, tmp_path: Path) -> None:
    _, build, line = build_page(scratch_project, tmp_path, "See [@taori2023alpaca, p. 3].\n")
    assert not build.ok
    assert f"docs/index.md:{line}: malformed citation [@taori2023alpaca, p. 3]" in build.output


def test_private_use_character_and_at_links_are_kept(scratch_project, tmp_path: Path) -> None:
    text = "Private \ue000 use and a handle [@octocat](https://github.com/octocat).\n"
    _, build, _ = build_page(scratch_project, tmp_path, text)
    assert build.ok, build.output
    tree = LexborHTMLParser((build.site / "index.html").read_text(encoding="utf-8"))
    paragraph = next(p for p in tree.css("p") if "Private" in p.text())
    assert "Private \ue000 use" in paragraph.text()
    link = paragraph.css_first('a[href="https://github.com/octocat"]')
    assert link is not None and link.text() == "@octocat"


def test_a_citation_left_as_text_fails_the_build_with_its_line(
    scratch_project, tmp_path: Path
) -> None:
    """Raw HTML is not Markdown: the citation inside would reach the reader as text."""
    text = "<p>Raw HTML hides [@taori2023alpaca] from Markdown.</p>\n"
    _, build, line = build_page(scratch_project, tmp_path, text)
    assert not build.ok
    assert f"docs/index.md:{line}: citation left as text" in build.output
    assert "Traceback" not in build.output


# --- One grammar: the checker's verdict and the built HTML agree --------------------------------

LIST_ITEM_AFTER_CODE = """\
- **Item.** A list item whose paragraph
  continues lazily, then holds a code block:

    ```text
    <think>

    </think>
    ```

    A paragraph of the same item, after the code [@taori2023alpaca].
"""

# (input, keys the reader sees as markers); every input is its own block on the page.
RENDERED = [
    ("Row one [@ouyang2022training].", ["ouyang2022training"]),
    ("Row two [@taori2023alpaca; @ouyang2022training].", ["ouyang2022training", "taori2023alpaca"]),
    (
        "Row three [@taori2023alpaca;@ouyang2022training].",
        ["ouyang2022training", "taori2023alpaca"],
    ),
    ("Row four `[@ouyang2022training]` in code.", []),
    ("Row five [@octocat](https://github.com/octocat) is a link.", []),
    ("Row six [mail me@example.org] is an address.", []),
    ("Row seven user@example.com is an address.", []),
    ("Row eight @ouyang2022training bare is not a citation.", []),
    ("Row nine *emphasis [@taori2023alpaca]* holds one.", ["taori2023alpaca"]),
    (
        "| Row ten | in a table [@ouyang2022training] |\n|---|---|\n| a | b |",
        ["ouyang2022training"],
    ),
    ("!!! note\n\n    Row eleven in a box [@taori2023alpaca].", ["taori2023alpaca"]),
    ("```text\nRow twelve fenced [@ouyang2022training]\n```", []),
    ("Row thirteen, indented code:\n\n    x = [@ouyang2022training]", []),
    ("- Row fourteen, an item\n  continued lazily [@taori2023alpaca].", ["taori2023alpaca"]),
    (LIST_ITEM_AFTER_CODE, ["taori2023alpaca"]),  # docs/chat-models.md:391 before the fix
]
# Inputs the build refuses (file:line) and the checker reports as a broken citation.
REFUSED = [
    "[see @ouyang2022training]",  # was raw text on the page, yet "cited" for the checker
    "[@ouyang2022training, p. 3]",
    "[-@ouyang2022training]",
    "[@ouyang2022training @taori2023alpaca]",
    "\\[@ouyang2022training]",
    "[@OUYANG2022TRAINING]",
    "[@foo:bar2024]",
]


def checker_verdicts(text: str, project: Path) -> dict[int, list[tuple[str, Status]]]:
    """The link checker's citations per line of `text`, with their verdicts."""
    keys, _ = collect_bib(project / "references.bib")
    links = markdown_citations(text, "docs/index.md")
    inputs = Inputs(cited=frozenset(link.target[1:] for link in links), bib_keys=keys)
    verdicts: dict[int, list[tuple[str, Status]]] = {}
    for link in links:
        result = check_cite(link.target, inputs)
        verdicts.setdefault(link.location.line, []).append((link.target[1:], result.status))
    return verdicts


def test_checker_and_build_agree_on_rendered_inputs(scratch_project, tmp_path: Path) -> None:
    blocks = "\n\n".join(f"<!-- row {n} -->\n\n{text}" for n, (text, _) in enumerate(RENDERED))
    project, build, _ = build_page(scratch_project, tmp_path, blocks + "\n")
    assert build.ok, build.output
    html = (build.site / "index.html").read_text(encoding="utf-8")
    page = (project / "docs" / "index.md").read_text(encoding="utf-8")
    verdicts = checker_verdicts(page, project)
    for n, (text, expected) in enumerate(RENDERED):
        chunk = html.split(f"<!-- row {n} -->")[1].split("<!-- row ")[0]
        tree = LexborHTMLParser(chunk)
        shown = sorted({a.attributes["href"].split(":", 1)[1] for a in tree.css("a.footnote-ref")})
        start = page.index(text, page.index(f"<!-- row {n} -->"))
        lines = range(page.count("\n", 0, start) + 1, page.count("\n", 0, start + len(text)) + 2)
        checked = sorted({key for line in lines for key, _ in verdicts.get(line, [])})
        assert shown == expected, f"row {n}: the page shows {shown}"
        assert checked == expected, f"row {n}: the checker reads {checked}"
        assert all(s is Status.OK for line in lines for _, s in verdicts.get(line, []))
        assert "[@" not in tree.text() or "<code" in chunk, f"row {n}: raw citation on the page"


@pytest.mark.parametrize("text", REFUSED)
def test_checker_and_build_both_refuse(scratch_project, tmp_path: Path, text: str) -> None:
    project, build, line = build_page(scratch_project, tmp_path, f"Claim {text}.\n")
    assert not build.ok
    assert f"docs/index.md:{line}: " in build.output and "Traceback" not in build.output
    page = (project / "docs" / "index.md").read_text(encoding="utf-8")
    verdicts = checker_verdicts(page, project)
    assert verdicts.get(line), f"the checker does not see {text}"
    assert all(status is Status.BROKEN for _, status in verdicts[line])
