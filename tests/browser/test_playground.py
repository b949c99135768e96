"""The playground renders what transformers' apply_chat_template renders, and its UI works."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
from conftest import ROOT
from playwright.sync_api import expect

from .chat_corpus import ASK, CORPUS, SYSTEM
from .test_a11y import SCHEMES, violations

pytestmark = pytest.mark.browser

TEMPLATES = ROOT / "docs" / "assets" / "chat-templates"
FAMILIES = json.loads((TEMPLATES / "families.json").read_text(encoding="utf-8"))["families"]
READY = "() => document.querySelector('[data-chat-playground][data-ready]') !== null"


@cache
def reference_tokenizer(family_id: str):
    """A transformers tokenizer with the family's chat template and special tokens."""
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from transformers import PreTrainedTokenizerFast

    family = next(f for f in FAMILIES if f["id"] == family_id)
    special = {
        name: family[name] for name in ("bos_token", "eos_token") if family[name] is not None
    }
    backend = Tokenizer(WordLevel({"<unk>": 0}, unk_token="<unk>"))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, **special)
    tokenizer.chat_template = (TEMPLATES / family["template_file"]).read_text(encoding="utf-8")
    return tokenizer


def reference(family_id: str, messages: list[dict], options: dict) -> dict:
    """transformers' rendering: {"ok": prompt}, or {"error": message} when a template raises."""
    from jinja2.exceptions import TemplateError

    try:
        prompt = reference_tokenizer(family_id).apply_chat_template(
            messages, tokenize=False, **options
        )
    except (TemplateError, ValueError) as error:
        return {"error": str(error)}
    return {"ok": prompt}


def applies(family: dict, needs: str | None) -> bool:
    return (
        needs is None
        or (needs == "tools" and family["tools"])
        or (needs == "thinking" and family["enable_thinking"])
    )


def open_playground(reader, path: str = "/playground/"):
    page = reader.open(path)
    page.wait_for_function(READY)
    return page


def test_every_family_matches_transformers_byte_for_byte(reader) -> None:
    """The whole corpus, every family, in one page; raised template errors must match as well."""
    cases = [
        {"family": f["id"], "name": name, "messages": messages, "options": options}
        for name, messages, options, needs in CORPUS
        for f in FAMILIES
        if applies(f, needs)
    ]
    page = open_playground(reader)
    rendered = page.evaluate(
        """cases => cases.map(({family, messages, options}) => {
            try { return {ok: window.renderChatTemplate(family, messages, options)} }
            catch (error) { return {error: String(error.message ?? error)} }
        })""",
        cases,
    )
    mismatches = []
    for case, got in zip(cases, rendered, strict=True):
        want = reference(case["family"], case["messages"], case["options"])
        if got != want:
            mismatches.append(
                f"{case['family']} / {case['name']}:\n  browser {got!r}\n  transformers {want!r}"
            )
    assert len(CORPUS) >= 20 and len(FAMILIES) >= 8
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ:\n" + "\n".join(mismatches)
    errors = sum("error" in reference(c["family"], c["messages"], c["options"]) for c in cases)
    assert 0 < errors < len(cases) / 2, "the corpus should exercise both prompts and raised errors"


def test_families_expose_the_stored_template_files(reader) -> None:
    page = open_playground(reader)
    exposed = page.evaluate("() => window.chatTemplateFamilies()")
    assert [f["id"] for f in exposed] == [f["id"] for f in FAMILIES]
    for family, meta in zip(exposed, FAMILIES, strict=True):
        assert family["model"] == meta["model"]
        assert family["template"] == (TEMPLATES / meta["template_file"]).read_text(encoding="utf-8")


def test_editing_a_message_updates_the_prompt_and_the_link(reader_factory) -> None:
    reader = reader_factory(viewport={"width": 1280, "height": 800})
    page = open_playground(reader)
    page.select_option("#pg1-family", "qwen2.5")
    page.fill("#pg1-m1-content", "Reverse a string in Rust.")
    prompt = page.locator(".pg-prompt")
    expected = reference(
        "qwen2.5",
        [SYSTEM, {"role": "user", "content": "Reverse a string in Rust."}],
        {"add_generation_prompt": True},
    )
    page.wait_for_function(
        "t => document.querySelector('.pg-prompt').textContent === t", arg=expected["ok"]
    )
    assert prompt.locator("mark.pg-token").first.inner_text() == "<|im_start|>"
    page.wait_for_function(
        "() => document.querySelector('[data-chat-playground][data-link-state]') !== null"
    )
    link = page.url
    assert "?chat=" in link
    assert len(link) < 2000

    fresh = reader_factory(viewport={"width": 1280, "height": 800}).page
    fresh.goto(link)
    fresh.wait_for_function(READY)
    assert fresh.input_value("#pg1-family") == "qwen2.5"
    assert fresh.input_value("#pg1-m1-content") == "Reverse a string in Rust."
    assert fresh.locator(".pg-prompt").text_content() == expected["ok"]


def test_a_template_error_is_shown_next_to_the_messages(reader) -> None:
    page = open_playground(reader)
    page.select_option("#pg1-family", "gemma")
    error = page.locator(".pg-error")
    assert "System role not supported" in error.inner_text()
    assert page.locator(".pg-prompt").inner_text().startswith("(no prompt")
    page.click("text=Remove message 1")
    page.wait_for_function("() => document.querySelector('.pg-error').textContent === ''")
    assert page.locator(".pg-prompt").inner_text().startswith("<bos><start_of_turn>user")


def test_options_whitespace_and_copy_by_keyboard(reader_factory) -> None:
    reader = reader_factory(
        viewport={"width": 1280, "height": 800}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = open_playground(reader)
    page.select_option("#pg1-family", "qwen3")
    assert page.locator("#pg1-think").is_visible()
    page.focus("#pg1-think")
    page.keyboard.press("Space")
    expected = reference(
        "qwen3", [SYSTEM, ASK], {"add_generation_prompt": True, "enable_thinking": False}
    )["ok"]
    page.wait_for_function(
        "t => document.querySelector('.pg-prompt').textContent === t", arg=expected
    )
    page.focus("#pg1-ws")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('.pg-prompt .pg-ws') !== null")
    assert "↵" in page.locator(".pg-prompt").inner_text()
    page.get_by_role("button", name="Copy prompt").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.pg-status').textContent.includes('copied')"
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    page.select_option("#pg1-family", "llama-2-chat")
    assert page.locator("#pg1-think").is_hidden()


def test_a_long_conversation_gets_a_link_notice(reader) -> None:
    page = open_playground(reader)
    page.fill("#pg1-m1-content", "".join(f"word{i} " for i in range(1500)))
    page.wait_for_function("() => !document.querySelector('.pg-notice').hidden")
    assert "characters long" in page.locator(".pg-notice").inner_text()


def test_a_damaged_link_shows_the_default_example_and_says_so(reader) -> None:
    page = open_playground(reader, "/playground/?chat=not-a-playground-state")
    assert "could not be read" in page.locator(".pg-status").inner_text()
    assert page.locator(".pg-prompt").inner_text().startswith("<|begin_of_text|>")


def test_compact_embed_on_prompt_formats_links_to_the_playground(reader) -> None:
    page = reader.open("/prompt-formats/")
    page.wait_for_function(READY)
    compact = page.locator("[data-compact]")
    expect(compact).to_have_attribute("data-link-state", re.compile(".+"))
    before = compact.get_attribute("data-link-state")  # the default example's link
    page.select_option("#pg1-family", "zephyr")
    # the link is rewritten a moment after the change, and may not have started yet
    page.wait_for_function(
        "before => ![undefined, before].includes("
        "document.querySelector('[data-compact]').dataset.linkState)",
        arg=before,
    )
    page.click("[data-compact] a.pg-button")
    page.wait_for_url("**/playground/?chat=*")
    page.wait_for_function(READY)
    assert page.input_value("#pg1-family") == "zephyr"


def test_playground_survives_instant_navigation(reader) -> None:
    page = reader.open("/")
    reader.click_instantly("a[href$='playground/']", "**/playground/")
    page.wait_for_function(READY)
    assert page.locator(".pg-prompt mark.pg-token").count() > 0


def test_other_pages_load_no_playground_code(reader) -> None:
    page = reader.open("/chat-models/")
    page.wait_for_load_state("networkidle")
    scripts = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    playground_code = ("playground.js", "playground-state.js", "chat-template.js")
    assert (
        not [  # its code, engine and templates (a figure's name may share a word)
            s
            for s in scripts
            if s.endswith(playground_code) or "/chat-templates/" in s or "huggingface-jinja" in s
        ]
    )


@pytest.mark.parametrize("system", SCHEMES)
def test_playground_has_no_axe_violations(reader_factory, system: str) -> None:
    page = open_playground(
        reader_factory(viewport={"width": 1280, "height": 800}, color_scheme=system)
    )
    page.select_option("#pg1-family", "gemma")  # with an error shown
    page.check("#pg1-ws")
    assert violations(page) == []


def test_playground_fits_a_phone(reader_factory) -> None:
    page = open_playground(reader_factory(viewport={"width": 390, "height": 844}, is_mobile=True))
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    assert page.locator(".pg-prompt").is_visible()


def test_printing_shows_the_prompt(reader) -> None:
    page = open_playground(reader)
    page.emulate_media(media="print")
    assert page.locator(".pg-prompt").is_visible()
    assert page.locator(".pg-prompt").inner_text().startswith("<|begin_of_text|>")
    assert page.locator(".pg-actions").is_hidden()
    assert page.locator(".pg-messages").is_hidden()
