"""A reader using the site's search box in Chromium, and the real search worker behind it.

Material groups results by page and folds all but a page's best sections under "N more on this
page". What a reader sees without unfolding is, per page, its best sections, or the page itself
when the page's own text matches best. `SearchBox.search` returns those, in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from local_site import CHROMIUM, CHROMIUM_ARGS, serve
from search_queries import KINDS, Query

# Installed before Material's scripts run. It notes which query the search worker's latest
# result answers (the site's worker, assets/javascripts/search-worker.js, tags each result with
# it, and drops queries overtaken by newer ones), when the last key went down, and when that
# result was in the page (Material renders it in its own handler of the same message event).
INSTRUMENT = """(() => {
  const probe = window.__searchProbe = { answered: null, keyAt: 0, shownAt: 0 }
  const Native = window.Worker
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args)
      this.addEventListener("message", event => {
        if (!event.data || event.data.type !== 3) return  // 3: a search result
        const answered = probe.answered = event.data.data.query
        requestAnimationFrame(() => {
          if (answered === probe.answered) probe.shownAt = performance.now()
        })
      })
    }
  }
  addEventListener("keydown", event => { probe.keyAt = event.timeStamp }, true)
})()"""
READY = """() => !document.querySelector('.md-search-result__meta')
  .innerText.includes('Initializ')"""
PASTED = "() => { window.__searchProbe.keyAt = performance.now() }"  # a paste, as a key down
SETTLED = """() => {
  const probe = window.__searchProbe
  return probe.answered === document.querySelector('.md-search__input').value
    && probe.shownAt > probe.keyAt
}"""
# Per page: its links shown without unfolding (the page first, then its best sections).
VISIBLE = """() => [...document.querySelectorAll('.md-search-result__item')].map(item =>
  [...item.querySelectorAll(':scope > a.md-search-result__link')].map(link => link.href))"""
# Ask the site's own search worker (Material's lunr) for each word; return those with no result.
DEAD_ENDS = """async words => {
  const config = JSON.parse(document.getElementById('__config').textContent)
  const base = new URL(config.base + '/', location.href)
  const index = await (await fetch(new URL('search/search_index.json', base))).json()
  const worker = new Worker(new URL(config.search, location.href))
  const next = () => new Promise(resolve =>
    worker.addEventListener('message', event => resolve(event.data), { once: true }))
  worker.postMessage({ type: 0, data: { ...index, options: { suggest: false } } })
  await next()
  const dead = []
  for (const word of words) {
    worker.postMessage({ type: 2, data: word })
    const result = await next()
    if (!result.data.items.length) dead.push(word)
  }
  worker.terminate()
  return dead
}"""


@dataclass(frozen=True)
class Results:
    """What a reader sees for one query, and how long it took to show."""

    query: str
    visible: list[str]  # `/page/#id` for a section, `/page/` for a page whose own text won
    latency_ms: float  # from the last key going down to the results being in the page


class SearchBox:
    """Material's search box on an open page, typed into key by key."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_path = urlsplit(base_url).path
        button = page.locator('.md-header label.md-header__button[for="__search"]')
        if button.is_visible():  # on a phone, the search box hides behind this header button
            button.click()
        self.box = page.locator(".md-search__input")
        self.box.click()
        page.wait_for_function(READY)

    def search(self, query: str, *, every_key: bool = True, key_delay_ms: float = 0) -> Results:
        """Clear the box, type `query`, wait for its results; return what is visible.

        `every_key` False pastes the whole query instead (the box's text changes at once, and
        search-on-input.js searches it), so the search runs once instead of once per key: the
        same results, faster. The latency then counts from the paste. `key_delay_ms` is how long
        each key is held down (Playwright's delay), before the next key.
        """
        if not every_key:
            self.page.evaluate(PASTED)
            self.box.fill(query)  # replaces what was there
        else:
            if self.box.input_value():
                self.box.press("Control+a")
                self.box.press("Backspace")
                self.page.wait_for_function(SETTLED)
            self.box.press_sequentially(query, delay=key_delay_ms)
        self.page.wait_for_function(SETTLED)
        probe = self.page.evaluate("() => window.__searchProbe")
        visible = []
        for links in self.page.evaluate(VISIBLE):
            sections = [self._local(link) for link in links[1:]]
            visible += sections or [self._local(links[0])]
        return Results(query, visible, probe["shownAt"] - probe["keyAt"])

    def _local(self, link: str) -> str:
        url = urlsplit(link)
        path = "/" + url.path.removeprefix(self.base_path)
        return f"{path}#{url.fragment}" if url.fragment else path


@contextmanager
def throttled_search_box(
    site: Path, throttle: float, init_script: str | None = None
) -> Iterator[SearchBox]:
    """Serve `site`, open its home page in Chromium with the probe (and `init_script`), slow the
    CPU down `throttle` times, and yield its search box; the benchmark scripts' one start."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        install_probe(context)
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        page.goto(base_url)
        page.wait_for_function("() => window.document$ !== undefined")
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        yield SearchBox(page, base_url)
        browser.close()


def install_probe(target) -> None:
    """Make this page, or every page of this browser context, report on its search worker
    (see INSTRUMENT)."""
    target.add_init_script(INSTRUMENT)


def dead_ends(page, words: Iterable[str]) -> list[str]:
    """The words for which the site's search worker returns no result at all."""
    return page.evaluate(DEAD_ENDS, list(words))


def rank(query: Query, results: Results) -> int | None:
    """The 1-based position of the first visible answer, or None."""
    for position, found in enumerate(results.visible, start=1):
        if found in query.answers:
            return position
    return None


@dataclass(frozen=True)
class Share:
    """Top-1 and top-3 shares for one class of queries in one split."""

    kind: str
    split: str  # "tuning", "held out" or "all"
    total: int
    top1: int
    top3: int

    def line(self) -> str:
        return (
            f"{self.kind:<8} {self.split:<8} n={self.total:<3} "
            f"top-1 {self.top1 / self.total:6.1%}  top-3 {self.top3 / self.total:6.1%}"
        )


def shares(ranked: list[tuple[Query, int | None]], held_out: bool | None = None) -> list[Share]:
    """Top-1 and top-3 shares per class; `held_out` None pools both splits."""
    table = []
    for kind in KINDS:
        picked = [
            position
            for query, position in ranked
            if query.kind == kind and (held_out is None or query.held_out == held_out)
        ]
        if picked:
            top1 = sum(1 for p in picked if p == 1)
            top3 = sum(1 for p in picked if p is not None and p <= 3)
            split = "all" if held_out is None else "held out" if held_out else "tuning"
            table.append(Share(kind, split, len(picked), top1, top3))
    return table
