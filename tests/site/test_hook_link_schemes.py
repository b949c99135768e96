"""hooks/link_schemes.py: a link that is not http, https, mailto or relative stops the build.

Issue 17 (the site's own Markdown links, such as `javascript:`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_stops_with
from link_schemes import scheme_of
from strict_build import strict_build

ALLOWED = "(only http, https, mailto and relative links are allowed)"


def build_index(scratch_project, tmp_path: Path, extra: str):
    project = scratch_project("authoring")
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return strict_build(tmp_path / "out", project=project)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "\nClick [here](javascript:alert(1)).\n",
            "docs/index.md:14: link 'javascript:alert(1)' uses the 'javascript:' scheme",
        ),
        (
            "\n![A pixel](data:image/png;base64,iVBORw0KGgo=)\n",
            "docs/index.md:14: link 'data:image/png;base64,iVBORw0KGgo=' uses the 'data:' scheme",
        ),
        (
            "\nSee [the box][box].\n\n[box]: VBScript:MsgBox(1)\n",
            "docs/index.md:16: link 'VBScript:MsgBox(1)' uses the 'vbscript:' scheme",
        ),
        (
            '\n<a href="&#106;ava&#9;script:alert(1)">raw</a>\n',
            "docs/index.md:14: link 'javascript:alert(1)' uses the 'javascript:' scheme",
        ),
        (
            '\n<img alt="x" srcset="a.png 1x, javascript:alert(1) 2x">\n',
            "docs/index.md:14: link 'javascript:alert(1)' uses the 'javascript:' scheme",
        ),
    ],
    ids=["markdown-link", "markdown-image-data", "reference-definition", "html-entities", "srcset"],
)
def test_unsafe_scheme_fails_with_file_and_line(
    scratch_project, tmp_path: Path, extra: str, message: str
) -> None:
    build = build_index(scratch_project, tmp_path, extra)
    assert_stops_with(build, f"{message} {ALLOWED}")


def test_web_mail_and_relative_links_build(scratch_project, tmp_path: Path) -> None:
    """The fixture links with https, http, mailto, a page, a section and raw HTML."""
    build = strict_build(tmp_path / "out", project=scratch_project("authoring"))
    assert build.ok, build.output
    html = (build.site / "index.html").read_text(encoding="utf-8")
    assert 'href="mailto:someone@example.org"' in html and 'href="http://example.org/"' in html


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        (" \x01JaVa\tScRiPt:alert(1)", "javascript"),
        ("java\nscript:x", "javascript"),
        ("HTTPS://example.org/", "https"),
        ("page.md#a:b", None),
        ("../guide/?q=a:b", None),
        ("#fnref:1", None),
    ],
)
def test_scheme_is_read_as_a_browser_reads_it(url: str, scheme: str | None) -> None:
    assert scheme_of(url) == scheme
