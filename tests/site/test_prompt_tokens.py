"""The prompt-format lab and the tool-use and reasoning pages spell every special token exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGE = DOCS / "prompt-formats.md"

# Title fragment of the ```text block(s) -> tokens each such block must contain verbatim.
KNOWN: dict[str, list[str]] = {
    "StarCoder": ["<fim_prefix>", "<fim_suffix>", "<fim_middle>"],
    "Code Llama FIM prompt (PSM)": ["<s><PRE> ", " <SUF>", " <MID>"],
    "Code Llama FIM prompt (SPM)": ["<s><PRE> <SUF>", " <MID> "],
    # Full-width bar U+FF5C and lower one-eighth block U+2581, as in DeepSeek's README.
    "DeepSeek-Coder": ["<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>"],
    "Qwen2.5-Coder": ["<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"],
    "Qwen2.5-Coder repo-level": ["<|repo_name|>", "<|file_sep|>"],
    "ChatML": ["<|im_start|>system\n", "<|im_end|>\n<|im_start|>user\n", "<|im_start|>assistant"],
    "Llama 2": ["<s>[INST] <<SYS>>\n", "\n<</SYS>>\n\n", " [/INST]"],
    "Llama 3": [
        "<|begin_of_text|>",
        "<|start_header_id|>system<|end_header_id|>\n\n",
        "<|eot_id|><|start_header_id|>assistant<|end_header_id|>",
    ],
    "Zephyr": ["<|system|>\n", "</s>\n<|user|>\n", "</s>\n<|assistant|>"],
    "Mistral": ["<s>[INST] ", " [/INST]"],
    "Alpaca": ["### Instruction:\n", "\n\n### Response:"],
}

# Title fragment -> lookalike spellings that must not appear in those blocks.
WRONG: dict[str, list[str]] = {
    "StarCoder": ["<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<fim-prefix>"],
    "Code Llama": ["<fim_prefix>", "<|fim_prefix|>", "<FILL_ME>"],
    "DeepSeek-Coder": ["<|fim▁", "<｜fim_", "<|fim_begin|>", "fim▁begin|>"],
    "Qwen2.5-Coder": ["<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<repo_name>"],
}

# Misspellings that are wrong anywhere on the page, prose included.
NOWHERE = ["<|fim▁begin|>", "<|fim▁hole|>", "<|fim▁end|>", "<fim-prefix>", "<|im_start|>user:"]

FENCE = re.compile(
    r'^(?P<indent>[ ]*)```text title="(?P<title>[^"]+)"\n(?P<body>.*?)^(?P=indent)```[ ]*$',
    re.MULTILINE | re.DOTALL,
)


def blocks(page: Path = PAGE) -> dict[str, str]:
    """Map each ```text block title to its body, with the tab indentation removed."""
    found: dict[str, str] = {}
    for match in FENCE.finditer(page.read_text(encoding="utf-8")):
        cut = len(match["indent"])
        lines = match["body"].splitlines(True)
        found[match["title"]] = "".join(line[cut:] if line.strip() else "\n" for line in lines)
    return found


def titled(fragment: str) -> list[str]:
    matches = [body for title, body in blocks().items() if fragment in title]
    assert matches, f"no ```text block whose title contains {fragment!r}"
    return matches


@pytest.mark.parametrize("fragment", KNOWN)
def test_block_has_exact_tokens(fragment: str) -> None:
    for body in titled(fragment):
        for token in KNOWN[fragment]:
            assert token in body, f"{fragment}: {token!r} missing"


@pytest.mark.parametrize("fragment", WRONG)
def test_block_has_no_lookalikes(fragment: str) -> None:
    for body in titled(fragment):
        for wrong in WRONG[fragment]:
            assert wrong not in body, f"{fragment}: lookalike {wrong!r}"


def test_page_has_every_token_and_no_misspelling() -> None:
    text = PAGE.read_text(encoding="utf-8")
    dedented = text + "".join(blocks().values())
    for tokens in KNOWN.values():
        for token in tokens:
            assert token in dedented, f"{token!r} not on the page"
    for wrong in NOWHERE:
        assert wrong not in text, f"misspelt token {wrong!r} on the page"


# Other pages: (page, block title fragment) -> (tokens the block holds, lookalikes it must not).
ELSEWHERE: dict[tuple[str, str], tuple[list[str], list[str]]] = {
    ("tool-use.md", "Llama 3.1 Instruct"): (
        [
            "<|python_tag|>wolfram_alpha.call(",
            ")<|eom_id|><|start_header_id|>ipython<|end_header_id|>\n\n",
            "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            "Environment: ipython\nTools: brave_search, wolfram_alpha\n",
        ],
        ["<|eom|>", "<|eot|>", "<|python_start|>", "<|start_header_id|>tool<|end_header_id|>"],
    ),
    ("tool-use.md", "Hermes-2-Pro"): (
        ["<tool_call>\n", "\n</tool_call><|im_end|>"],
        ["<|tool_call|>"],
    ),
    ("reasoning-models.md", "Qwen3 thinking mode"): (
        ["<think>\n", "</think>\n\n", "<|im_end|>"],
        ["<thinking>"],
    ),
}


@pytest.mark.parametrize("where", ELSEWHERE, ids=lambda w: f"{w[0]}:{w[1]}")
def test_other_pages_spell_their_tokens_exactly(where: tuple[str, str]) -> None:
    page, fragment = where
    bodies = [body for title, body in blocks(DOCS / page).items() if fragment in title]
    assert bodies, f"{page}: no ```text block whose title contains {fragment!r}"
    known, wrong = ELSEWHERE[where]
    for body in bodies:
        for token in known:
            assert token in body, f"{page} {fragment}: {token!r} missing"
        for lookalike in wrong:
            assert lookalike not in body, f"{page} {fragment}: lookalike {lookalike!r}"
