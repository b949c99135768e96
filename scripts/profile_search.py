"""Where the search time goes: each query of tests/search/queries.yml, timed step by step.

Runs the benchmark's queries in Chromium (CPU throttled 4x) on a copy of the built site whose
search worker logs its own timings, and prints per step the median and p95 in ms: the last key
to the query reaching the worker, lunr's query, Material's shaping and highlighting of the
results, the trip back to the page, Material drawing the results list there, and the wait for
the next frame. `make bench-search` measures the whole; this says which part to cut.

    python scripts/profile_search.py [--site DIR] [--throttle 4] [--typed]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from search_queries import QueryFileError, load_queries
from search_reader import throttled_search_box
from strict_build import strict_build

# Appended to the site's search worker (assets/javascripts/search-worker.js): logs, per query
# it runs, when it got it and how long lunr and Material's search took; {type: 98} fetches the log.
WORKER_LOG = r"""
var timings = [], timing = null
var lunrQuery = lunr.Index.prototype.query
lunr.Index.prototype.query = function () {
  var start = performance.now()
  try { return lunrQuery.apply(this, arguments) }
  finally { if (timing) timing.lunr.push(performance.now() - start) }
}
var now = function () { return performance.timeOrigin + performance.now() }
var received = {}
addListener.call(self, "message", function (event) {
  var message = event.data
  if (message && message.type === 2) received[message.data] = now()
})
var deliverTimed = deliver
deliver = function (message) {
  if (message && message.type === 98) return post.call(self, { type: 98, data: timings })
  if (!message || message.type !== 2) return deliverTimed(message)
  timing = { query: answering, received: received[answering], lunr: [] }
  var start = performance.now()
  deliverTimed(message)
  timing.search = performance.now() - start
  timing.done = now()
  timings.push(timing)
  timing = null
}
"""

# Installed in the page: when each query left, when each result came in, how long the page's
# handlers of that message took (Material draws the list in its handler), and the next frame.
PAGE_LOG = r"""(() => {
  const log = window.__searchLog = { sent: {}, results: [] }
  const now = () => performance.timeOrigin + performance.now()
  const Native = window.Worker
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args)
      window.__searchWorker = this
      this.addEventListener("message", event => {
        if (!event.data || event.data.type !== 3) return
        const entry = { query: event.data.data.query, arrived: now(), handlers: 0 }
        log.results.push(log.current = entry)
        requestAnimationFrame(() => { entry.frame = now() })
      })
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) log.sent[message.data] = now()
      return super.postMessage(message, ...rest)
    }
    addEventListener(type, listener, options) {
      if (type !== "message") return super.addEventListener(type, listener, options)
      return super.addEventListener(type, function (event) {
        const start = performance.now()
        const result = event.data && event.data.type === 3
        const handle = listener.handleEvent ? listener.handleEvent.bind(listener) : listener
        try { return handle.call(this, event) }
        finally { if (result) log.current.handlers += performance.now() - start }
      }, options)
    }
  }
  addEventListener("keydown", () => { log.key = now() }, true)
  addEventListener("keyup", () => { log.keyUp = now() }, true)
})()"""
FETCH_WORKER_LOG = """() => new Promise(resolve => {
  const worker = window.__searchWorker
  worker.addEventListener("message", event => {
    if (event.data.type === 98) resolve(event.data.data)
  })
  worker.postMessage({ type: 98 })
})"""
STEPS = {
    "key to query": "from the last key going down to the page sending the query",
    "to worker": "from the page sending the query to the worker receiving it",
    "lunr": "lunr's query (the first one; Material's search suggestion runs another)",
    "material search": "all of Material's search in the worker: lunr, shaping, highlighting",
    "to page": "from the worker's result to the page's message handler",
    "drawing": "the page's handlers of the result: Material builds the results list",
    "to frame": "from the result reaching the page to the next animation frame",
    "total": "from the last key to that frame (what make bench-search measures)",
}


def steps(worker: dict, page: dict, key: float, sent: float) -> dict[str, float]:
    """The time of each step for one query, in ms."""
    return {
        "key to query": sent - key,
        "to worker": worker["received"] - sent,
        "lunr": worker["lunr"][0] if worker["lunr"] else 0.0,
        "material search": worker["search"],
        "to page": page["arrived"] - worker["done"],
        "drawing": page["handlers"],
        "to frame": page["frame"] - page["arrived"],
        "total": page["frame"] - key,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--throttle", type=float, default=4.0, help="CPU slowdown (default 4)")
    parser.add_argument("--typed", action="store_true", help="type every key, 150 ms apart")
    args = parser.parse_args(argv)
    try:
        queries = load_queries()
    except QueryFileError as error:
        print(error, file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        if args.site is None:
            build = strict_build(site)
            if not build.ok:
                print(build.output, file=sys.stderr)
                return 1
        else:
            shutil.copytree(args.site, site)
        worker_js = site / "assets" / "javascripts" / "search-worker.js"
        worker_js.write_text(worker_js.read_text(encoding="utf-8") + WORKER_LOG, encoding="utf-8")
        rows = []
        with throttled_search_box(site, args.throttle, PAGE_LOG) as box:
            for query in queries:
                box.search(query.text, every_key=args.typed, key_delay_ms=150)
                log = box.page.evaluate("() => window.__searchLog")
                worker = box.page.evaluate(FETCH_WORKER_LOG)[-1]
                result = log["results"][-1]
                assert worker["query"] == result["query"] == query.text, (worker, result)
                rows.append(steps(worker, result, log["key"], log["sent"][query.text]))

    print(f"{len(rows)} queries, CPU throttled {args.throttle:g}x, ms (median, p95):")
    for step, meaning in STEPS.items():
        values = sorted(row[step] for row in rows)
        p95 = values[int(0.95 * (len(values) - 1))]
        print(f"  {step:<16} {statistics.median(values):6.1f} {p95:7.1f}   {meaning}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
