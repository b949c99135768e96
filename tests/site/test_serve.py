"""`make serve` answers on loopback with the home page and live reload."""

from __future__ import annotations

import httpx


def test_make_serve_answers_with_live_reload(make_serve: str) -> None:
    response = httpx.get(make_serve, timeout=5)
    assert response.status_code == 200
    assert "Kinds of large language models" in response.text
    assert "livereload" in response.text
