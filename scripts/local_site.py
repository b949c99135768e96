"""Serve a built site on 127.0.0.1 and launch Debian's Chromium: shared by tests and benchmarks."""

from __future__ import annotations

import functools
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # without these, Chromium calls Google hosts on its own (as root, and in general)
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # a page that asks for another host gets "name not resolved": nothing leaves the machine
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
LOOPBACK = "127.0.0.1"


@dataclass
class PageDelay:
    """How long the server waits before it answers a request for a page (a slow network)."""

    seconds: float = 0.0


@contextmanager
def serve(directory: Path, delay: PageDelay | None = None) -> Iterator[str]:
    """Serve `directory` with a threaded HTTP server on 127.0.0.1; yield its base URL.

    With `delay`, requests for pages (paths ending in `/` or `.html`) are answered late.
    """

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            page = self.path.split("?")[0].endswith(("/", ".html"))
            if delay is not None and delay.seconds and page:
                time.sleep(delay.seconds)  # the server is slow, not the test: it waits on nothing
            super().do_GET()

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: tuple) -> None:
            """A tab that closes mid-answer resets its connection: not an error of the site."""
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = Server((LOOPBACK, 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
