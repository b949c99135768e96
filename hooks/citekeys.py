"""Find `[@key]` citations in Markdown prose, never in code; shared by the citation hooks."""

from __future__ import annotations

import re
from dataclasses import dataclass

KEY = r"[A-Za-z][\w:-]*"
CITATION = re.compile(rf"\[@{KEY}(?:\s*;\s*@{KEY})*\]")
CITATION_START = re.compile(r"\[@")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
# Lines that open an indented body: admonitions, details, tabs, lists, definitions.
OPENER = re.compile(r"^\s*(?:!!!|\?\?\?\+?|===\+?|[-*+]\s|\d+[.)]\s|:\s{3}|\[\^[^\]]+\]:)")
HEADING = re.compile(r"^(?P<hashes>#{2,3})\s+(?P<title>.*?)\s*\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")
INLINE_CODE = re.compile(r"(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)")
MASK = "\ue000"  # stands in for "@" outside citations while mkdocs-bibtex runs


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
        elif OPENER.match(line):
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


def find(markdown: str) -> tuple[list[Cite], list[tuple[int, str]]]:
    """Return the citations in prose, and (line, text) for each malformed `[@...`."""
    cites: list[Cite] = []
    malformed: list[tuple[int, str]] = []
    section = ""
    lines = markdown.splitlines()
    skip = code_lines(markdown)
    for line, start, end in prose_spans(markdown):
        if line - 1 not in skip and (heading := HEADING.match(lines[line - 1])):
            section = heading["id"]
        text = markdown[start:end]
        good = [(m.start(), m.end()) for m in CITATION.finditer(text)]
        for m in CITATION.finditer(text):
            keys = tuple(re.findall(rf"@({KEY})", m.group()))
            cites.append(Cite(line, start + m.start(), start + m.end(), keys, section))
        for m in CITATION_START.finditer(text):
            if not any(a <= m.start() < b for a, b in good):
                malformed.append((line, text[m.start() :].split("]")[0][:60] + "]"))
    return cites, malformed


def mask_other_ats(markdown: str, cites: list[Cite]) -> str:
    """Hide every "@" that is not part of a citation, so mkdocs-bibtex cannot touch it."""
    pieces: list[str] = []
    position = 0
    for cite in sorted(cites, key=lambda c: c.start):
        pieces.append(markdown[position : cite.start].replace("@", MASK))
        pieces.append(markdown[cite.start : cite.end])
        position = cite.end
    pieces.append(markdown[position:].replace("@", MASK))
    return "".join(pieces)


def sections(markdown: str) -> dict[str, str]:
    """Map each h2/h3 id to its heading text."""
    skip = code_lines(markdown)
    found: dict[str, str] = {}
    for number, line in enumerate(markdown.splitlines()):
        if number not in skip and (heading := HEADING.match(line)):
            found[heading["id"]] = heading["title"]
    return found
