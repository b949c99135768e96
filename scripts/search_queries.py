"""Read the search benchmark, tests/search/queries.yml: what readers type and what answers it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search" / "queries.yml"
PUBLISHED = ROOT / "tests" / "published-sections.txt"
KINDS = ("keyword", "question")
SPLITS = ("tuning", "held_out")


class QueryFileError(ValueError):
    """The queries file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Query:
    """One benchmark query and the sections (`/page/#id`) that answer it."""

    text: str
    answers: tuple[str, ...]
    kind: str  # "keyword" or "question"
    held_out: bool  # kept aside while tuning, to catch overfitting
    line: int


def published_sections(path: Path = PUBLISHED) -> set[str]:
    """The published section URLs (`/page/#id`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def load_queries(path: Path = QUERIES, published: Path = PUBLISHED) -> list[Query]:
    """Every query in `path`, checked: known classes and splits, answers that are published."""
    sections = published_sections(published)
    root = yaml.compose(path.read_text(encoding="utf-8"))

    def fail(node: yaml.Node, message: str) -> QueryFileError:
        return QueryFileError(f"{path}:{node.start_mark.line + 1}: {message}")

    def mapping(node: yaml.Node, what: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise fail(node, f"{what} must be a mapping")
        return {key.value: value for key, value in node.value}

    def sequence(node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise fail(node, f"{what} must be a list")
        return node.value

    queries, seen = [], set()
    for kind, splits in mapping(root, "the file").items():
        if kind not in KINDS:
            raise fail(splits, f"unknown class {kind!r} (expected one of {', '.join(KINDS)})")
        for split, entries in mapping(splits, kind).items():
            if split not in SPLITS:
                expected = ", ".join(SPLITS)
                raise fail(entries, f"unknown split {split!r} (expected one of {expected})")
            for entry in sequence(entries, f"{kind}.{split}"):
                fields = mapping(entry, "a query")
                if set(fields) != {"query", "answers"}:
                    raise fail(entry, "a query needs exactly the keys 'query' and 'answers'")
                text = str(fields["query"].value).strip()
                if not text or text in seen:
                    raise fail(entry, f"empty or repeated query {text!r}")
                seen.add(text)
                answers = sequence(fields["answers"], "answers")
                if not answers:
                    raise fail(entry, f"{text!r} lists no answers")
                for answer in answers:
                    if answer.value not in sections:
                        raise fail(answer, f"{answer.value!r} is not in {published.name}")
                queries.append(
                    Query(
                        text=text,
                        answers=tuple(answer.value for answer in answers),
                        kind=kind,
                        held_out=split == "held_out",
                        line=entry.start_mark.line + 1,
                    )
                )
    return queries
