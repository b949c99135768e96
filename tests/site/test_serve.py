"""`make serve` answers on loopback with the home page and live reload."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import httpx
from conftest import ROOT

STARTUP_LIMIT_S = 120  # a generous bound for a slow machine; this is not a timing test


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_serve_answers_with_live_reload() -> None:
    address = f"127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        ["make", "-s", "serve", f"SERVE_ADDR={address}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_S
        response = None
        while response is None and time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                response = httpx.get(f"http://{address}/", timeout=5)
            except httpx.TransportError:
                time.sleep(0.5)
        assert response is not None, f"make serve did not answer on {address}"
        assert response.status_code == 200
        assert "Kinds of large language models" in response.text
        assert "livereload" in response.text
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
