"""Collect in a child process, and hand the links back in batches while it goes on.

Reading and scanning pages is CPU work; checking URLs is mostly waiting, plus the CPU of
each request. In one process the two share one interpreter lock, so the requests would
wait for the scanner. In a child process collection runs on the other core (or gets its
own share of a loaded machine), and the parent starts requests as soon as the first
links come in. Links arrive in page order, every ``BATCH_S`` seconds; the rest of the
inputs (files, ids, notes) comes at the end.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection

from checklinks.collect import Inputs
from checklinks.types import CheckLinksError, Link

BATCH_S = 0.05  # seconds between two batches of links


class CollectingFailed(CheckLinksError):
    """Collection stopped with an error that is not a plain input error."""


class Collector:
    """A child process running ``collect_links(links=...)``; read it with ``receive``."""

    def __init__(self, collect_links: Callable[..., Inputs]) -> None:
        # fork starts at once and needs no pickling; elsewhere fork is unsafe or missing
        method = "fork" if sys.platform == "linux" else "spawn"
        context = multiprocessing.get_context(method)
        self._conn, child_conn = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_collect_in_child, args=(collect_links, child_conn), daemon=True
        )
        self._process.start()
        child_conn.close()
        self.links: list[Link] = []

    def receive(self) -> list[Link] | Inputs:
        """The next batch of links, or at the end the inputs (blocks; raises the child's
        error as CheckLinksError)."""
        try:
            kind, payload = self._conn.recv()
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            raise CollectingFailed(f"collecting stopped: process exit code {code}") from None
        if kind == "links":
            self.links.extend(payload)
            return payload
        if kind == "inputs":
            return replace(payload, links=tuple(self.links))
        raise payload

    def close(self) -> None:
        """Stop the child if it still runs."""
        self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def _collect_in_child(collect_links: Callable[..., Inputs], conn: Connection) -> None:
    """The child: collect, sending new links every ``BATCH_S`` and the inputs at the end."""
    links: list[Link] = []
    sent = 0
    stop = threading.Event()

    def send_new() -> None:
        nonlocal sent
        new = links[sent:]
        sent += len(new)
        if new:
            conn.send(("links", new))

    def stream() -> None:
        while not stop.wait(BATCH_S):
            send_new()

    sender = threading.Thread(target=stream, daemon=True)
    sender.start()
    try:
        inputs = collect_links(links=links)
    except CheckLinksError as exc:
        outcome: tuple[str, object] = ("error", exc)
    except Exception:  # a bug: keep its traceback in the message
        outcome = ("error", CollectingFailed(f"collecting failed:\n{traceback.format_exc()}"))
    else:
        outcome = ("inputs", replace(inputs, links=()))  # the links went in batches
    stop.set()
    sender.join()
    send_new()
    conn.send(outcome)
    conn.close()
