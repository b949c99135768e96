/* section-landing.js: a link to another page's #section lands on that section, on slow devices too.
 *
 * Material writes to the current history entry on timers: it saves the scroll position 100 ms
 * after a scroll, and `navigation.tracking` writes the section in view 250 ms after one. When a
 * reader scrolls (or the browser scrolls a link into view) and then follows a link to another
 * page, instant navigation pushes the new address at once, but those timers still fire with the
 * old page's values. They land on the new entry: the saved offset makes Material scroll to the old
 * position instead of the section, and the address bar gets an old page's #id.
 *
 * The rule here: while the address bar shows a page whose content is not on screen yet, a write
 * to the history entry can only come from the old page, so it is dropped. Writes resume as soon
 * as the new page is swapped in (document$ emits). Same-page writes are untouched. */
(function () {
  var shown = location.pathname
  var replaceState = history.replaceState
  history.replaceState = function () {
    if (location.pathname !== shown) return // a stale write from the page being left
    return replaceState.apply(history, arguments)
  }
  document$.subscribe(function () {
    shown = location.pathname
  })
})()
