"""tests/published-sections.txt: every published section URL still resolves; none is unlisted."""

from __future__ import annotations

from pathlib import Path

from conftest import Build
from published_sections import MANIFEST, is_present, main, read_manifest, sections


def test_every_listed_section_still_exists(built_site: Build) -> None:
    listed = read_manifest()
    assert len(listed) >= 50
    missing = [url for url in listed if not is_present(built_site.site, url)]
    assert not missing, f"published sections disappeared (keep the id or add an alias): {missing}"


def test_every_section_is_listed(built_site: Build) -> None:
    listed = set(read_manifest())
    new = [url for url in sections(built_site.site) if url not in listed]
    assert not new, f"run 'python scripts/published_sections.py' to publish: {new}"


def test_listed_urls_are_unique() -> None:
    listed = read_manifest()
    assert len(listed) == len(set(listed))


def test_regenerating_keeps_a_vanished_section_and_fails(built_site: Build, tmp_path: Path) -> None:
    manifest = tmp_path / "sections.txt"
    manifest.write_text(MANIFEST.read_text(encoding="utf-8") + "/base-models/#gone-id\n")
    assert main([str(built_site.site), "--output", str(manifest)]) == 1
    assert "/base-models/#gone-id" in read_manifest(manifest)
