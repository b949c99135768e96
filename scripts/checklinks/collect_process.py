"""Collect in a child process, and hand the targets back in batches while it goes on.

Reading and scanning pages is CPU work; checking URLs is mostly waiting, plus the CPU of
each request. In one process the two share one interpreter lock, so the requests would
wait for the scanner. In a child process collection runs on the other core (or gets its
own share of a loaded machine), and the parent starts requests as soon as the first
online targets come in (every ``BATCH_S`` seconds, in page order). At the end the child
settles every target that needs no network (internal links, citations, exclusions) and
sends those results, then the inputs; the parent reads the inputs only once its
requests are done, so unpickling them does not hold up the answers.
"""

from __future__ import annotations

import multiprocessing
import pickle
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection

from checklinks.check import ONLINE_KINDS, offline_pass, recorder
from checklinks.check.options import Options
from checklinks.collect import Inputs
from checklinks.types import CheckLinksError, Link, LinkKind, Results

BATCH_S = 0.05  # seconds between two batches of targets

TargetKey = tuple[LinkKind, str]


class CollectingFailed(CheckLinksError):
    """Collection stopped with an error that is not a plain input error."""


class Collector:
    """A child process running ``collect_links(links=...)``; read it with ``receive``."""

    def __init__(self, collect_links: Callable[..., Inputs], options: Options) -> None:
        # fork starts at once and needs no pickling; elsewhere fork is unsafe or missing
        method = "fork" if sys.platform == "linux" else "spawn"
        context = multiprocessing.get_context(method)
        self._conn, child_conn = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_collect_in_child, args=(collect_links, options, child_conn), daemon=True
        )
        self._process.start()
        child_conn.close()

    def receive(self) -> list[TargetKey] | Results:
        """The next batch of distinct online targets, then the results of every target
        settled offline (blocks; raises the child's error as a CheckLinksError)."""
        kind, payload = self._recv()
        if kind == "error":
            raise payload
        return payload

    def inputs(self) -> Inputs:
        """The collected inputs, after ``receive`` has returned the results."""
        return pickle.loads(self._conn.recv_bytes())

    def close(self) -> None:
        """Stop the child if it still runs."""
        self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()

    def _recv(self) -> tuple[str, object]:
        try:
            return self._conn.recv()
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            raise CollectingFailed(f"collecting stopped: process exit code {code}") from None


def _collect_in_child(
    collect_links: Callable[..., Inputs], options: Options, conn: Connection
) -> None:
    """The child: collect, sending new online targets every ``BATCH_S``; at the end the
    results of the offline pass, then the inputs."""
    links: list[Link] = []
    read = 0
    seen: set[TargetKey] = set()
    stop = threading.Event()

    def send_new() -> None:
        nonlocal read
        new = links[read:]
        read += len(new)
        batch = [k for link in new if link.kind in ONLINE_KINDS and (k := link.key) not in seen]
        seen.update(batch)
        if batch:
            conn.send(("targets", list(dict.fromkeys(batch))))

    def stream() -> None:
        while not stop.wait(BATCH_S):
            send_new()

    sender = threading.Thread(target=stream, daemon=True)
    sender.start()
    try:
        inputs = collect_links(links=links)
        results = Results()
        offline_pass(inputs, options, None, results, recorder(results, None))
    except CheckLinksError as exc:
        outcome: tuple[str, object] = ("error", exc)
    except Exception:  # a bug: keep its traceback in the message
        outcome = ("error", CollectingFailed(f"collecting failed:\n{traceback.format_exc()}"))
    else:
        outcome = ("results", results)
    stop.set()
    sender.join()
    send_new()
    conn.send(outcome)
    if outcome[0] == "results":
        conn.send_bytes(pickle.dumps(inputs, pickle.HIGHEST_PROTOCOL))
    conn.close()
