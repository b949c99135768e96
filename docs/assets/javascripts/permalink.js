/* Clicking a heading's permalink (a.headerlink) copies the full section URL to the clipboard.
 * The browser still follows the link, so the address bar shows the section too.
 * The listener sits on `document`, which instant navigation keeps, so it also works on pages
 * that were swapped in without a reload. */
document.addEventListener("click", function (event) {
  var link = event.target instanceof Element && event.target.closest("a.headerlink")
  if (!link || !navigator.clipboard) return
  var url = new URL(link.getAttribute("href"), window.location.href).href
  navigator.clipboard.writeText(url).then(function () {
    if (window.alert$) window.alert$.next("Link to this section copied")
  }, function () { /* no clipboard permission: the address bar still has the URL */ })
})
