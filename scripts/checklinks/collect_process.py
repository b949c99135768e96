"""Collect in child processes, and hand the targets back in batches while they go on.

Reading and scanning pages is CPU work; checking URLs is mostly waiting, plus the CPU of
each request. In one process the two share one interpreter lock, so the requests would
wait for the scanner. Here ``PARTS`` child processes each scan a slice of the pages (on
the other core, or with their own share of a loaded machine), and the parent starts
requests as soon as the first online targets come in. Every link goes to the parent in
batches (every ``BATCH_S`` seconds, in page order), read on a thread while requests
wait. At the end child 0 takes the other parts, settles every target that needs no
network (internal links, citations, exclusions) and sends those results and the notes.
The rest of the inputs (files, ids) stays in the children.
"""

from __future__ import annotations

import itertools
import multiprocessing
import pickle
import signal
import sys
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait

from checklinks.check import ONLINE_KINDS, offline_pass, recorder
from checklinks.check.options import Options
from checklinks.collect import Inputs, merge
from checklinks.types import CheckLinksError, Link, LinkKind, Results

PARTS = 2  # child processes, each scanning a slice of the pages (the machine has 2 cores)
BATCH_S = 0.05  # seconds between two batches of targets

TargetKey = tuple[LinkKind, str]


class CollectingFailed(CheckLinksError):
    """Collection stopped with an error that is not a plain input error."""


class OtherPartStopped(CollectingFailed):
    """A child could not get another child's part: that child stopped."""


class Collector:
    """``PARTS`` child processes running ``collect_links(links=, part=, on_page=)``."""

    def __init__(self, collect_links: Callable[..., Inputs], options: Options) -> None:
        # fork starts at once and needs no pickling; elsewhere fork is unsafe or missing
        method = "fork" if sys.platform == "linux" else "spawn"
        context = multiprocessing.get_context(method)
        to_parent = [context.Pipe(duplex=False) for _ in range(PARTS)]
        to_first = [context.Pipe(duplex=False) for _ in range(PARTS - 1)]
        self._processes = []
        every_end = [end for pipe in (*to_parent, *to_first) for end in pipe]
        for k in range(PARTS):
            first = [reader for reader, _ in to_first] if k == 0 else to_first[k - 1][1]
            own = [to_parent[k][1], *(first if isinstance(first, list) else [first])]
            others = [end for end in every_end if not any(end is o for o in own)]
            args = (collect_links, options, k, to_parent[k][1], first, others)
            process = context.Process(target=_collect_in_child, args=args, daemon=True)
            process.start()
            self._processes.append(process)
        for reader, writer in to_first:
            reader.close()
            writer.close()
        for _, writer in to_parent:
            writer.close()
        self._readers = [reader for reader, _ in to_parent]
        self._open = list(self._readers)
        self._links: list[list[Link]] = [[] for _ in range(PARTS)]
        self._seen: set[TargetKey] = set()
        self._results: Results | None = None
        self.inputs = Inputs()  # links and notes, once ``receive`` returned the results

    def receive(self) -> list[TargetKey] | Results:
        """The next batch of distinct online targets, then the results of every target
        settled offline (blocks; raises a child's error as a CheckLinksError)."""
        while self._results is None or self._open:
            for conn in wait(self._open):
                kind, payload = self._recv(conn)
                if kind == "links":
                    self._links[self._readers.index(conn)].extend(payload)
                    keys = [link.key for link in payload if link.kind in ONLINE_KINDS]
                    batch = [key for key in dict.fromkeys(keys) if key not in self._seen]
                    self._seen.update(batch)
                    return batch
                if isinstance(payload, OtherPartStopped):
                    raise self._stopped()  # name the child that died, not its partner
                if kind == "error":
                    raise payload
                self._open.remove(conn)  # that child is done; child 0 sends its results
                if kind == "results":
                    self._results, notes = payload
                    links = tuple(itertools.chain.from_iterable(self._links))
                    self.inputs = Inputs(links=links, notes=notes)
        return self._results

    def close(self) -> None:
        """Stop the children that still run."""
        for conn in self._readers:
            conn.close()
        for process in self._processes:
            if process.is_alive():
                process.terminate()
            process.join()

    def _recv(self, conn: Connection) -> tuple[str, object]:
        try:
            return conn.recv()
        except EOFError:
            raise self._stopped() from None

    def _stopped(self) -> CollectingFailed:
        """The error for a child that ended without a word, with every child's exit code."""
        for process in self._processes:  # a child whose pipe closed is exiting: reap it
            process.join(timeout=1)
        codes = [process.exitcode for process in self._processes]
        return CollectingFailed(f"collecting stopped: exit codes {codes}")


def _collect_in_child(
    collect_links: Callable[..., Inputs],
    options: Options,
    k: int,
    parent: Connection,
    first: Connection | list[Connection],
    others: list[Connection],
) -> None:
    """Child k: collect part k, sending the new links after a page when ``BATCH_S`` has
    passed (after the first page at once). Child 0 then merges the other parts (read
    from ``first``), runs the offline pass and sends its results and the notes; the
    others send their part to child 0. ``others``: the pipe ends a fork copied in that
    are not ours; closed, so that a reader sees the end when its writer dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops us
    for end in others:
        end.close()
    links: list[Link] = []
    read, sent_at = 0, -BATCH_S

    def send_new() -> None:
        nonlocal read, sent_at
        if len(links) > read:
            parent.send(("links", links[read:]))
            read, sent_at = len(links), time.monotonic()

    def on_page() -> None:
        if time.monotonic() - sent_at >= BATCH_S:
            send_new()

    try:
        inputs = collect_links(links=links, part=(k, PARTS), on_page=on_page)
        if isinstance(first, Connection):  # a later part: hand it to child 0
            first.send_bytes(pickle.dumps(inputs, pickle.HIGHEST_PROTOCOL))
            outcome: tuple[str, object] = ("done", None)
        else:
            inputs = merge([inputs, *(_part_from(conn) for conn in first)])
            results = Results()
            offline_pass(inputs, options, None, results, recorder(results, None))
            outcome = ("results", (results, inputs.notes))
    except CheckLinksError as exc:
        outcome = ("error", exc)
    except Exception:  # a bug: keep its traceback in the message
        outcome = ("error", CollectingFailed(f"collecting failed:\n{traceback.format_exc()}"))
    send_new()
    parent.send(outcome)
    parent.close()


def _part_from(conn: Connection) -> Inputs:
    """The inputs another child collected (CollectingFailed if it stopped)."""
    try:
        return pickle.loads(conn.recv_bytes())
    except EOFError:
        raise OtherPartStopped("collecting stopped in another process") from None
