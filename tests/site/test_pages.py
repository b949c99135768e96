"""Each page has its key sections (by id); abbreviation tooltips and the diagram work offline."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, Build
from selectolax.lexbor import LexborHTMLParser

KEY_SECTIONS = {
    "index": ["at-a-glance", "how-they-relate", "where-to-start", "cite-this-site"],
    "base-models": [
        "pretraining",
        "scale",
        "continuation",
        "few-shot",
        "completion-prompts",
        "uses",
        "spotting-base",
    ],
    "instruct-models": [
        "sft",
        "flan",
        "synthetic-data",
        "self-instruct",
        "alpaca",
        "evol-instruct",
        "lima",
        "rlhf",
        "reward-model",
        "ppo",
        "rlhf-roots",
        "dpo",
        "rlaif",
        "rlvr",
        "weaknesses",
        "alignment-tax",
        "verbosity",
        "sycophancy",
    ],
    "chat-models": [
        "chat-vs-instruct",
        "roles",
        "chat-templates",
        "apply-chat-template",
        "generation-prompt",
        "double-bos",
        "formats",
        "chatml",
        "llama2",
        "llama3",
        "zephyr-mistral",
        "silent-failure",
        "system-prompts",
        "context-window",
        "thinking",
        "evaluation",
        "mt-bench",
        "llm-judge",
        "arena",
    ],
    "coder-models": [
        "code-data",
        "the-stack",
        "licences",
        "fim",
        "psm-spm",
        "fim-for-free",
        "fim-tokens",
        "repo-context",
        "code-instruct",
        "editing",
        "benchmarks",
        "humaneval",
        "pass-at-k",
        "mbpp",
        "humaneval-plus",
        "multipl-e",
        "swe-bench",
        "livecodebench",
        "contamination",
        "bigcodebench",
        "agentic",
        "specialist-vs-generalist",
    ],
    "comparison": [
        "table",
        "domain",
        "instruction-following",
        "prompt-format",
        "training",
        "strengths",
        "best-uses",
    ],
    "prompt-formats": [
        "task",
        "base",
        "instruct",
        "chat",
        "fim",
        "hand-built",
        "apply-chat-template",
        "token-table",
    ],
    "choosing": [
        "autocomplete",
        "chat-assistant",
        "code-review",
        "agentic",
        "text-tasks",
        "fine-tuning",
        "generalist-vs-specialist",
    ],
    "tool-use": [
        "loop",
        "tools-argument",
        "tool-calls",
        "tool-results",
        "llama31-tools",
        "eom-vs-eot",
    ],
    "reasoning-models": [
        "thinking-trace",
        "r1-zero",
        "grpo",
        "r1-pipeline",
        "distillation",
        "template",
    ],
    "long-context": ["lost-in-the-middle", "rag", "rag-paper", "rag-generator", "yarn", "mqa-gqa"],
    "coding-agents": [
        "swe-agent",
        "swe-bench-verified",
        "verified-why",
        "verified-how",
        "evaluation-now",
    ],
    "troubleshooting": [
        "never-stops",
        "next-user-turn",
        "llama3-next-turn",
        "base-rambles",
        "ignores-system",
        "wrong-format",
        "after-fine-tuning",
    ],
    "glossary": [
        "sft",
        "rlhf",
        "reward-model",
        "ppo",
        "dpo",
        "rlaif",
        "rlvr",
        "fim",
        "psm-spm",
        "sentinel-token",
        "chat-template",
        "system-prompt",
        "bos-eos",
        "context-window",
        "pass-at-k",
        "contamination",
        "moe",
    ],
}
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:", re.MULTILINE)


def page_tree(build: Build, name: str) -> LexborHTMLParser:
    path = build.site / ("index.html" if name == "index" else f"{name}/index.html")
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(KEY_SECTIONS))
def test_page_has_its_key_sections(built_site: Build, name: str) -> None:
    tree = page_tree(built_site, name)
    ids = {node.attributes.get("id") for node in tree.css("article h2, article h3")}
    missing = [section for section in KEY_SECTIONS[name] if section not in ids]
    assert not missing, f"{name}: missing sections {missing}"


@pytest.mark.parametrize("name", sorted(KEY_SECTIONS))
def test_abbreviations_expand_on_every_page(built_site: Build, name: str) -> None:
    terms = ABBREVIATION.findall((ROOT / "includes" / "abbreviations.md").read_text())
    article = page_tree(built_site, name).css_first("article")
    for sources in article.css(".references"):  # source titles are quoted, not glossed
        sources.decompose()
    prose = " ".join(node.text() for node in article.css("p, li, td"))
    used = {t for t in terms if re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", prose)}
    expanded = {node.text() for node in article.css("abbr[title]")}
    assert used, f"{name} uses no abbreviation"
    assert used <= expanded, f"{name}: no tooltip for {sorted(used - expanded)}"


def test_home_diagram_is_an_svg_file_with_a_text_alternative(built_site: Build) -> None:
    tree = page_tree(built_site, "index")
    image = tree.css_first('article figure img[src$="kinds-relate.svg"]')
    assert image is not None and len(image.attributes.get("alt") or "") > 40
    svg = (built_site.site / "assets" / "figures" / "kinds-relate.svg").read_text(encoding="utf-8")
    assert "<title" in svg and "<desc" in svg
    assert not tree.css("article script"), "the diagram must not need a script"
