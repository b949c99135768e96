"""The playground's files: template sources, the vendored Jinja engine, and the JS budget."""

from __future__ import annotations

import gzip
import json
import re

from conftest import ROOT, Build

TEMPLATES = ROOT / "docs" / "assets" / "chat-templates"
SCRIPTS = ROOT / "docs" / "assets" / "javascripts"
FAMILIES = json.loads((TEMPLATES / "families.json").read_text(encoding="utf-8"))["families"]
VENDOR = json.loads((SCRIPTS / "vendor" / "huggingface-jinja.json").read_text(encoding="utf-8"))
PLAYGROUND_JS = [
    "playground-loader.js",
    "playground.js",
    "playground-state.js",
    "chat-template.js",
    f"vendor/{VENDOR['file']}",
]


def test_every_template_records_its_model_source_and_licence() -> None:
    assert len(FAMILIES) >= 8
    for family in FAMILIES:
        where = f"families.json: {family['id']}"
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", family["model"]), where
        assert family["source_url"].startswith(f"https://huggingface.co/{family['model']}/"), where
        assert family["licence"] and family["revision"], where
        copied = family["copied_from"]
        assert re.fullmatch(r"[0-9a-f]{40}", copied["commit"]), where
        assert copied["url"].endswith(f"/{copied['commit']}/{copied['path']}"), where
        template = (TEMPLATES / family["template_file"]).read_text(encoding="utf-8")
        assert "messages" in template, where
        assert family["enable_thinking"] == ("enable_thinking" in template), where
        assert family["tools"] == ("tools" in template), where


def test_the_vendored_engine_is_the_recorded_version() -> None:
    assert VENDOR["package"] == "@huggingface/jinja"
    assert VENDOR["file"] == f"huggingface-jinja-{VENDOR['version']}.js"
    assert [p.name for p in (SCRIPTS / "vendor").glob("huggingface-jinja-*.js")] == [VENDOR["file"]]
    imports = (SCRIPTS / "chat-template.js").read_text(encoding="utf-8")
    assert f'from "./vendor/{VENDOR["file"]}"' in imports


def test_playground_js_stays_within_60_kb_gzipped(built_site: Build) -> None:
    built = built_site.site / "assets" / "javascripts"
    size = sum(len(gzip.compress((built / name).read_bytes(), 9)) for name in PLAYGROUND_JS)
    assert size <= 60 * 1024, f"{size} bytes gzipped"


def test_only_the_playground_pages_hold_a_playground(built_site: Build) -> None:
    holders = sorted(
        str(page.relative_to(built_site.site))
        for page in built_site.site.rglob("*.html")
        if "data-chat-playground" in page.read_text(encoding="utf-8")
    )
    assert holders == ["playground/index.html", "prompt-formats/index.html"]
    loaders = sorted(  # no other page gets any playground code, not even its loader
        str(page.relative_to(built_site.site))
        for page in built_site.site.rglob("*.html")
        if "playground-loader.js" in page.read_text(encoding="utf-8")
    )
    assert loaders == holders


def test_every_highlighted_token_is_bos_eos_or_written_by_the_template() -> None:
    for family in FAMILIES:
        template = (TEMPLATES / family["template_file"]).read_text(encoding="utf-8")
        ends = {family["bos_token"], family["eos_token"]}
        for token in family["special_tokens"]:
            assert token in ends or token in template, f"families.json: {family['id']}: {token}"
        for entry in family.get("not_highlighted", []):
            overlap = set(entry["tokens"]) & set(family["special_tokens"])
            assert entry["why"] and not overlap, f"families.json: {family['id']}: {overlap}"


def test_every_token_and_licence_field_says_where_it_was_checked() -> None:
    for family in FAMILIES:
        checked = family["verified_from"]
        for field in ("licence", "bos_token", "eos_token", "special_tokens", "revision"):
            where = f"families.json: {family['id']}: verified_from.{field}"
            assert checked[field]["kind"] in {"official", "copy"}, where
            assert checked[field]["note"], where
            assert checked[field]["where"], where
            assert all(url.startswith("https://") for url in checked[field]["where"]), where
