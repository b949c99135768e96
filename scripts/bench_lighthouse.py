"""Benchmark: the four Lighthouse scores (desktop) for the home page and one content page.

Builds the site for a loopback address, serves it there with gzip (as GitHub Pages does), and
runs Lighthouse 12 (npm) against Debian's Chromium. Lighthouse is installed once into
.cache/lighthouse/ (never into the repo).
Usage: python scripts/bench_lighthouse.py [--page /coder-models/] [--preset desktop|mobile]
Needs node >= 18.16 and npm, and /usr/bin/chromium (or CHROME_PATH). Exit 2 if any is missing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from strict_build import ROOT, strict_build

LIGHTHOUSE = "lighthouse@12.8.2"
PREFIX = ROOT / ".cache" / "lighthouse"
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when the browser accepts it, as GitHub Pages does."""

    def send_head(self) -> object:
        """Like the base class: send the headers, return the body as a file (or None)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def lighthouse_cli() -> Path:
    """The Lighthouse CLI, installed into .cache/lighthouse/ on first use."""
    cli = PREFIX / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        if not shutil.which("npm"):
            sys.exit("npm is missing: install Node.js 18.16 or newer (Debian: apt-get install npm)")
        print(f"installing {LIGHTHOUSE} into {PREFIX.relative_to(ROOT)}/ ...", file=sys.stderr)
        PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(PREFIX),
                "--no-audit",
                "--no-fund",
                "--silent",
                LIGHTHOUSE,
            ],
            check=True,
        )
    return cli


def build(site: Path, site_url: str) -> None:
    done = strict_build(site, env={"SITE_URL": site_url})
    if not done.ok:
        print(done.output, file=sys.stderr)
        sys.exit(2)


def scores(cli: Path, url: str, preset: str) -> dict[str, int]:
    """Run Lighthouse once on `url`; return each category's score out of 100."""
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    command = [
        "node",
        str(cli),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    done = subprocess.run(
        command,
        env={**os.environ, "CHROME_PATH": chrome},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    result = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in {"binary", "numeric"}
    ]
    if failing:
        print(f"  audits below 100 on {url}: {', '.join(sorted(failing))}", file=sys.stderr)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--page",
        default="/coder-models/",
        help="the content page to score too [default: /coder-models/]",
    )
    parser.add_argument(
        "--preset",
        choices=("desktop", "mobile"),
        default="desktop",
        help="Lighthouse's device preset [default: desktop]",
    )
    args = parser.parse_args(argv)
    if not shutil.which("node"):
        parser.error("node is missing: install Node.js 18.16 or newer")
    cli = lighthouse_cli()
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        site.mkdir()
        handler = functools.partial(GzipHandler, directory=site)
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        build(site, base)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            print(f"{'page':<20}" + "".join(f"{name:>16}" for name in CATEGORIES))
            for path in ("/", args.page):
                result = scores(cli, base + path.lstrip("/"), args.preset)
                print(f"{path:<20}" + "".join(f"{result[name]:>16}" for name in CATEGORIES))
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
