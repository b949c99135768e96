"""Fixtures for the checker tests: a scripted loopback HTTP server and small sites.

The server binds 127.0.0.1 on a free port (like Sphinx's linkcheck tests); each path
answers from a script of responses, the last one repeating. Nothing leaves loopback.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"


@dataclass(frozen=True)
class Reply:
    """One scripted answer. ``action`` may be "reset" (RST, no answer) or "hang"."""

    status: int = 200
    body: str | bytes = ""
    headers: dict[str, str] = field(default_factory=dict)
    ctype: str = "text/html; charset=utf-8"
    action: str = ""
    delay: float = 0.0


@dataclass(frozen=True)
class Hit:
    """A request as the server saw it."""

    at: float
    method: str
    path: str
    status: int


class App:
    """Routes and the request log of one loopback server."""

    def __init__(self) -> None:
        self.base = ""
        self.routes: dict[str, list[Reply]] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.host_rps = 0.0  # > 0: a host-wide token bucket answers 429 beyond this rate
        self._tokens = 0.0
        self._filled_at = time.monotonic()

    def url(self, path: str) -> str:
        """Absolute URL of a path on this server."""
        return self.base + path

    def route(self, path: str, *replies: Reply) -> str:
        """Script the answers for a path; return its URL."""
        self.routes[path] = list(replies)
        return self.url(path)

    def limited(self) -> bool:
        """True if the host-wide token bucket is empty (then the request gets a 429)."""
        if self.host_rps <= 0:
            return False
        with self.lock:
            now = time.monotonic()
            self._tokens = min(
                self.host_rps, self._tokens + (now - self._filled_at) * self.host_rps
            )
            self._filled_at = now
            if self._tokens < 1:
                return True
            self._tokens -= 1
            return False

    def next_reply(self, path: str) -> Reply:
        if self.limited():
            return Reply(429, "host rate limit", headers={"Retry-After": "1"})
        with self.lock:
            script = self.routes.get(path)
            if not script:
                return Reply(404, "not found")
            return script.pop(0) if len(script) > 1 else script[0]

    def paths(self) -> list[str]:
        """Paths requested, in arrival order."""
        return [h.path for h in self.hits]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        app: App = self.server.app  # type: ignore[attr-defined]
        reply = app.next_reply(self.path.split("?")[0])
        with app.lock:
            app.hits.append(Hit(time.monotonic(), self.command, self.path, reply.status))
        if reply.delay:
            time.sleep(reply.delay)
        if reply.action == "reset":
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return
        if reply.action == "hang":
            time.sleep(3)
            self.close_connection = True
            return
        data = reply.body if isinstance(reply.body, bytes) else reply.body.encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            with contextlib.suppress(OSError):
                self.wfile.write(data)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients dropping connections is part of the tests


@pytest.fixture
def server() -> Iterator[App]:
    """A scripted HTTP server on 127.0.0.1."""
    srv = Server(("127.0.0.1", 0), Handler)
    app = App()
    app.base = f"http://127.0.0.1:{srv.server_address[1]}"
    srv.app = app  # type: ignore[attr-defined]
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield app
    finally:
        srv.shutdown()
        srv.server_close()


def page(*body: str, ids: tuple[str, ...] = ()) -> str:
    """A small HTML page with headings for ids and the given body."""
    heads = "".join(f'<h2 id="{i}">{i}</h2>' for i in ids)
    return f"<!DOCTYPE html><html><body>{heads}{''.join(body)}</body></html>\n"


def write_site(root: Path, pages: dict[str, str]) -> Path:
    """Write {relative path: html} under root; return root."""
    for rel, html in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return root
