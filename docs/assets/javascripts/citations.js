/* The reference list under each page is a closed <details>: open it when a citation marker
 * (or any link) targets an entry inside it, and before printing, so printed pages list the
 * sources. The click listener runs in the capture phase, before instant navigation scrolls to
 * the target, so the entry is laid out by then. The listeners sit on `window`/`document`,
 * which instant navigation keeps. */
function referencesFor(hash) {
  var target = hash && document.getElementById(decodeURIComponent(hash.slice(1)))
  var list = target && target.closest("details.references")
  return list && !list.open ? { list: list, target: target } : null
}
document.addEventListener("click", function (event) {
  var link = event.target instanceof Element && event.target.closest("a[href^='#']")
  var found = link && referencesFor(link.getAttribute("href"))
  if (found) found.list.open = true
}, true)
function openAndShow() {
  var found = referencesFor(location.hash)
  if (!found) return
  found.list.open = true
  found.target.scrollIntoView()
}
window.addEventListener("hashchange", openAndShow)
window.addEventListener("load", openAndShow)
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.references").forEach(function (list) { list.open = true })
})
