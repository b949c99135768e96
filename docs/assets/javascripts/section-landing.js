/* section-landing.js: a link to a #section lands on that section, and the address keeps its #id.
 *
 * Material writes to the current history entry on timers: it saves the scroll position 100 ms
 * after a scroll, and `navigation.tracking` writes the section in view 250 ms after one. When a
 * reader scrolls (or the browser scrolls a link into view) and then follows a link, those timers
 * can fire after the new address is pushed, with values from before the jump. The saved offset
 * then makes Material scroll to the old position (or the top) instead of the section, and the
 * address bar gets the #id of the section that was in view before: an old page's, or, for a
 * heading's permalink, the section above it.
 *
 * So, after instant navigation pushes an address, writes to its history entry are dropped while
 *  1. the address bar shows a page whose content is not on screen yet (document$ has not emitted
 *     for it): such a write can only come from the page being left;
 *  2. or the address names a #section that the page has not scrolled to yet, unless the reader
 *     scrolls by hand first (wheel, touch, a key or the pointer).
 * Once the heading sits at the top of the window, Material's own writes describe the page the
 * reader sees, and they go through as before. */
(function () {
  var shown = location.pathname // the page whose content is on screen
  var jumping = false // an address with a #section was pushed, and the page has not got there
  var pushState = history.pushState
  var replaceState = history.replaceState

  function landed() {
    var id = decodeURIComponent(location.hash.slice(1))
    var heading = id && document.getElementById(id)
    if (!heading) return false
    var header = document.querySelector(".md-header")
    var below = header ? header.getBoundingClientRect().bottom : 0
    var top = heading.getBoundingClientRect().top
    return top >= below - 2 && top <= below + 48
  }

  history.pushState = function (state, title, url) {
    var result = pushState.apply(history, arguments)
    jumping = location.hash.length > 1
    return result
  }
  history.replaceState = function () {
    if (location.pathname !== shown) return // rule 1
    if (jumping && !landed()) return // rule 2
    jumping = false
    return replaceState.apply(history, arguments)
  }
  for (var event of ["wheel", "touchmove", "keydown", "pointerdown"]) {
    addEventListener(event, function () { jumping = false }, { passive: true })
  }
  document$.subscribe(function () {
    shown = location.pathname
  })
})()
