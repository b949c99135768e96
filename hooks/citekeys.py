"""The citation grammar: `[@key]` and `[@a; @b]` in Markdown prose, never in code.

One grammar for the build (hooks/citations.py) and the link checker (scripts/checklinks):

- a citation is `[@key]` or `[@a; @b; ...]`; a key is a letter, then letters, digits, `_` or `-`,
  spelled exactly as in references.bib (case counts);
- `[@handle](url)` and `[@ref][label]` are links, not citations;
- any other `[...]` holding an `@word` (not an e-mail address) is a malformed citation, such as
  `[see @key]`, `[@key, p. 3]`, `[-@key]`, `[@a @b]`, `[@foo:bar]` or `\\[@key]`: the build
  stops on it;
- nothing inside fenced, indented or inline code counts.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

KEY = r"[A-Za-z][\w-]*"
NOT_A_LINK = r"(?![(\[])"  # `[@x](url)` and `[@x][ref]` are links
CITATION = re.compile(rf"(?<!\\)\[@{KEY}(?:[ \t]*;[ \t]*@{KEY})*\]{NOT_A_LINK}")
# Brackets that hold an `@word` not preceded by a word character or a dot (so not an e-mail).
CITATION_LIKE = re.compile(rf"\[[^\[\]\n]*?(?<![\w.@])@[A-Za-z][^\[\]\n]*\]{NOT_A_LINK}")
CITED_KEY = re.compile(rf"@({KEY})")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
# Lines that open an indented body: admonitions, details, tabs, lists, definitions, footnotes.
OPENER = re.compile(r"^\s*(?:!!!|\?\?\?\+?|===\+?|[-*+]\s|\d+[.)]\s|:\s{3}|\[\^[^\]]+\]:)")
HEADING = re.compile(r"^(?P<hashes>#{2,3})\s+(?P<title>.*?)\s*\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")
INLINE_CODE = re.compile(r"(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)")
FOOTNOTE_LIKE = re.compile(r"\[\^[A-Za-z][\w-]*\]")  # a citation that became `[^key]` as text
HTML_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
HTML_TAG = re.compile(r"<[^>]*>")
MASKS = [chr(point) for point in range(0xE000, 0xF900)]  # private-use characters


@dataclass(frozen=True, slots=True)
class Cite:
    """One citation block in prose."""

    line: int  # 1-based, in the Markdown body
    start: int  # offset in the Markdown body
    end: int
    keys: tuple[str, ...]
    section: str  # id of the nearest h2/h3 above, "" before the first


def code_lines(markdown: str) -> set[int]:
    """0-based numbers of lines inside fenced or indented code blocks."""
    code: set[int] = set()
    fence: tuple[str, int] | None = None  # (fence characters, indent)
    containers = [0]  # content indent of the enclosing admonitions, tabs and lists
    previous_blank = True
    in_indented = False
    for number, line in enumerate(markdown.splitlines()):
        if fence:
            code.add(number)
            match = FENCE.match(line)
            same = match and match["fence"][0] == fence[0][0]
            if same and len(match["fence"]) >= len(fence[0]) and not line[match.end() :].strip():
                fence = None
            continue
        if not line.strip():
            previous_blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        opener = OPENER.match(line)
        # A less indented line ends a container only after a blank line or as a new item:
        # without a blank line it is a lazy continuation of the paragraph above.
        if previous_blank or opener or in_indented:
            while len(containers) > 1 and indent < containers[-1]:
                containers.pop()
        if indent >= containers[-1] + 4 and (previous_blank or in_indented):
            code.add(number)
            in_indented = True
            previous_blank = False
            continue
        in_indented = False
        previous_blank = False
        if match := FENCE.match(line):
            fence = (match["fence"], indent)
            code.add(number)
        elif opener:
            containers.append(indent + 4)
    return code


def prose_spans(markdown: str) -> list[tuple[int, int, int]]:
    """(line, start, end) of each stretch of prose: code blocks and inline code left out."""
    skip = code_lines(markdown)
    spans: list[tuple[int, int, int]] = []
    offset = 0
    for number, line in enumerate(markdown.splitlines(keepends=True)):
        if number not in skip:
            position = 0
            for code in INLINE_CODE.finditer(line):
                spans.append((number + 1, offset + position, offset + code.start()))
                position = code.end()
            spans.append((number + 1, offset + position, offset + len(line)))
        offset += len(line)
    return spans


@functools.lru_cache(maxsize=256)  # the hooks read each page more than once
def find(markdown: str) -> tuple[list[Cite], list[tuple[int, str]]]:
    """Return the citations in prose, and (line, text) for each malformed citation."""
    cites: list[Cite] = []
    malformed: list[tuple[int, str]] = []
    section = ""
    lines = markdown.splitlines()
    headings_done: set[int] = set()
    for line, start, end in prose_spans(markdown):
        if line not in headings_done and (heading := HEADING.match(lines[line - 1])):
            section = heading["id"]
        headings_done.add(line)
        text = markdown[start:end]
        if "@" not in text:
            continue
        good = []
        for m in CITATION.finditer(text):
            good.append((m.start(), m.end()))
            keys = tuple(CITED_KEY.findall(m.group()))
            cites.append(Cite(line, start + m.start(), start + m.end(), keys, section))
        for m in CITATION_LIKE.finditer(text):
            if not any(a <= m.start() < b for a, b in good):
                malformed.append((line, m.group()[:60]))
    return cites, malformed


def pick_mask(markdown: str) -> str:
    """A private-use character that does not occur in the page, to stand in for "@"."""
    return next(mask for mask in MASKS if mask not in markdown)


def mask_other_ats(markdown: str, cites: list[Cite], mask: str) -> str:
    """Hide every "@" that is not part of a citation, so mkdocs-bibtex cannot touch it."""
    pieces: list[str] = []
    position = 0
    for cite in sorted(cites, key=lambda c: c.start):
        pieces.append(markdown[position : cite.start].replace("@", mask))
        pieces.append(markdown[cite.start : cite.end])
        position = cite.end
    pieces.append(markdown[position:].replace("@", mask))
    return "".join(pieces)


def sections(markdown: str) -> dict[str, str]:
    """Map each h2/h3 id to its heading text."""
    skip = code_lines(markdown)
    found: dict[str, str] = {}
    for number, line in enumerate(markdown.splitlines()):
        if number not in skip and (heading := HEADING.match(line)):
            found[heading["id"]] = heading["title"]
    return found


def raw_in_html(page_html: str) -> list[tuple[str, str]]:
    """Citation-shaped text (`[@key]`, `[see @key]`, `[^key]`) left in HTML outside code,
    as (the few words before it, the text); a "(" the hooks added before it is left out."""
    text = html.unescape(HTML_TAG.sub("", HTML_CODE.sub("", page_html)))
    found = CITATION_LIKE.finditer(text), FOOTNOTE_LIKE.finditer(text)
    return [
        (" ".join(text[: m.start()].rstrip(" (").split()[-3:]), m.group())
        for ms in found
        for m in ms
    ]
