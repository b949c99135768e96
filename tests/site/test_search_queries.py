"""The search benchmark file is read strictly: a bad entry stops with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from search_queries import QueryFileError, load_queries

PUBLISHED = "# header\n/coder-models/#fim\n/glossary/#fim\n"


def write(tmp_path: Path, text: str) -> tuple[Path, Path]:
    queries, published = tmp_path / "queries.yml", tmp_path / "published-sections.txt"
    queries.write_text(text, encoding="utf-8")
    published.write_text(PUBLISHED, encoding="utf-8")
    return queries, published


def test_the_real_benchmark_is_valid_and_large_enough() -> None:
    queries = load_queries()
    keywords = [q for q in queries if q.kind == "keyword"]
    questions = [q for q in queries if q.kind == "question"]
    assert len(keywords) >= 60 and len(questions) >= 20
    for group in (keywords, questions):  # about a fifth of each class is held out
        assert 0.15 <= sum(q.held_out for q in group) / len(group) <= 0.3


def test_an_unpublished_answer_names_file_and_line(tmp_path: Path) -> None:
    queries, published = write(
        tmp_path,
        "keyword:\n  tuning:\n    - query: fim\n      answers: [/coder-models/#fim, /nope/#x]\n",
    )
    with pytest.raises(QueryFileError, match=r"queries\.yml:4: '/nope/#x' is not in"):
        load_queries(queries, published)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("keywords:\n  tuning: []\n", r":2: unknown class 'keywords'"),
        ("keyword:\n  tune: []\n", r":2: unknown split 'tune'"),
        ("keyword:\n  tuning:\n    - query: fim\n", r":3: a query needs exactly"),
        ("keyword:\n  tuning:\n    - query: fim\n      answers: []\n", r":3: 'fim' lists no"),
    ],
)
def test_malformed_entries_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    queries, published = write(tmp_path, text)
    with pytest.raises(QueryFileError, match=message):
        load_queries(queries, published)


def test_a_good_file_loads_with_lines(tmp_path: Path) -> None:
    queries, published = write(
        tmp_path,
        "question:\n  held_out:\n    - query: how does infilling work\n"
        "      answers: [/coder-models/#fim, /glossary/#fim]\n",
    )
    [query] = load_queries(queries, published)
    assert (query.kind, query.held_out, query.line) == ("question", True, 3)
    assert query.answers == ("/coder-models/#fim", "/glossary/#fim")
