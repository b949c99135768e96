/* Material shows, per page, only the sections that tie with the page's best match and folds the
 * rest under "N more on this page". A section that answers the query nearly as well as the best
 * one then hides behind a click. Move folded sections that score at least UNFOLD times the
 * page's best score out of the fold, in score order, until the page shows MAX_SHOWN sections,
 * and keep the fold's count right.
 * Material renders results in batches as the reader scrolls, so watch the list. */
(function () {
  var UNFOLD = 0.5
  var MAX_SHOWN = 2                    /* per page, so that other pages stay in view */
  var config = JSON.parse(document.getElementById("__config").textContent)
  var more = config.translations || {}

  function score(link) {
    return Number(link.querySelector("[data-md-score]").getAttribute("data-md-score"))
  }

  function unfold(item) {
    var details = item.querySelector(":scope > details.md-search-result__more")
    if (!details) return
    var shown = item.querySelectorAll(":scope > a.md-search-result__link")
    var best = 0
    shown.forEach(function (link) { best = Math.max(best, score(link)) })
    var folded = details.querySelectorAll(":scope > a.md-search-result__link")
    var room = MAX_SHOWN - shown.length + 1    /* the page's own entry is not a section */
    folded.forEach(function (link) {
      if (room > 0 && score(link) >= UNFOLD * best) {
        item.insertBefore(link, details)
        room -= 1
      }
    })
    var left = details.querySelectorAll(":scope > a.md-search-result__link").length
    if (!left) return details.remove()
    var label = details.querySelector("summary > div")
    if (label) label.textContent = left === 1
      ? more["search.result.more.one"]
      : more["search.result.more.other"].replace("#", left)
  }

  var list = document.querySelector(".md-search-result__list")
  if (!list) return
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.classList && node.classList.contains("md-search-result__item")) unfold(node)
      })
    })
  }).observe(list, { childList: true })
})()
