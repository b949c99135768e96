/* The reference list under each page is a closed <details>: open it when a citation marker
 * (or any link) targets an entry inside it, and before printing, so printed pages list the
 * sources. The listeners sit on `window`/`document`, which instant navigation keeps. */
function openReferencesFor(hash) {
  if (!hash) return
  var target = document.getElementById(decodeURIComponent(hash.slice(1)))
  var list = target && target.closest("details.references")
  if (list && !list.open) {
    list.open = true
    target.scrollIntoView()
  }
}
document.addEventListener("click", function (event) {
  var link = event.target instanceof Element && event.target.closest("a[href^='#']")
  if (link) openReferencesFor(link.getAttribute("href"))
})
window.addEventListener("hashchange", function () { openReferencesFor(location.hash) })
window.addEventListener("load", function () { openReferencesFor(location.hash) })
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.references").forEach(function (list) { list.open = true })
})
