"""Benchmark: how long the chat-template playground takes to re-render after an edit, CPU throttled.

Builds the site, serves it on 127.0.0.1, opens /playground/ in Debian's Chromium with the CPU
slowed down by CDP Emulation.setCPUThrottlingRate (default 4x), and times each edit of a message:
from the input event to the end of style and layout of the new prompt. Prints median and p95 in ms
per family, and the gzipped size of the playground's JavaScript.
Usage: python scripts/bench_playground.py [--rate 4] [--edits 40]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import statistics
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from strict_build import strict_build

CHROMIUM = "/usr/bin/chromium"
FAMILIES = ("llama-3.1-instruct", "qwen3", "llama-2-chat", "gemma")
PLAYGROUND_JS = (
    "playground-loader.js",
    "playground.js",
    "playground-state.js",
    "chat-template.js",
    "vendor/huggingface-jinja-0.5.11.js",
)
TIME_EDITS = """async ([family, edits]) => {
  const select = document.querySelector('#pg1-family');
  select.value = family;
  select.dispatchEvent(new Event('change'));
  const box = document.querySelector('#pg1-m1-content');
  const times = [];
  for (let i = 0; i < edits; i++) {
    box.value = 'Write a Python function is_palindrome(s) ' + i;
    const start = performance.now();
    box.dispatchEvent(new Event('input'));
    document.querySelector('.pg-prompt').getBoundingClientRect();  // force style and layout
    times.push(performance.now() - start);
    await new Promise(requestAnimationFrame);
  }
  return times;
}"""


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def gzipped_kib(paths: list[Path]) -> float:
    return sum(len(gzip.compress(path.read_bytes(), 9)) for path in paths) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=4, help="CPU slowdown factor [default: 4]")
    parser.add_argument("--edits", type=int, default=40, help="edits per family [default: 40]")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        handler = functools.partial(Quiet, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        build = strict_build(site, env={"SITE_URL": base})
        if not build.ok:
            raise SystemExit(build.output)
        scripts = site / "assets" / "javascripts"
        size = gzipped_kib([scripts / name for name in PLAYGROUND_JS])
        print(f"playground JavaScript, gzip -9: {size:.1f} KiB ({len(PLAYGROUND_JS)} files)")

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(base + "playground/")
            page.wait_for_function("() => document.querySelector('[data-ready]') !== null")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.rate})
            print(f"re-render after an edit, Chromium, CPU throttled {args.rate:g}x:")
            for family in FAMILIES:
                times = sorted(page.evaluate(TIME_EDITS, [family, args.edits]))
                p95 = times[int(0.95 * (len(times) - 1))]
                print(f"  {family:20} median {statistics.median(times):5.1f} ms, p95 {p95:5.1f} ms")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
