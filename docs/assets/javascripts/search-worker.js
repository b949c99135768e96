/* Material's search worker, with a reader's multi-word query prepared before it runs.
 *
 * Material appends a wildcard to every query word and matches without stemming, so in a question
 * the small words ("a*", "how*", "is*") match most of the site and favour long sections, and
 * "benchmarked" never meets "benchmarks". For queries of two or more words this drops lunr's
 * English stop words and cuts common endings off each plain word ("benchmarked" -> "benchmark"),
 * and the wildcard then widens it to every form. A single word is searched exactly as typed, so every
 * word on the site still finds its pages. mkdocs.yml points Material at this file (main.html). */
var material = []
var addListener = self.addEventListener
self.addEventListener = function (type, listener, options) {
  if (type === "message") material.push(listener)
  else addListener.call(self, type, listener, options)
}
importScripts("workers/search.a7633da7.min.js")  /* Material 9.8.1's own worker */
self.addEventListener = addListener

/* Inflections cut from words of 5+ letters: "generating" -> "generat", "leaked" -> "leak" */
var SUFFIX = /(?<=[a-z]{4})(ing|ed|es|ly|s)$/i

function prepare(query) {
  var words = query.trim().split(/\s+/)
  if (words.length < 2 || /(^|\s)[+-]|["~^:*]/.test(query)) return query  /* lunr syntax */
  var kept = words.filter(function (word) { return lunr.stopWordFilter(word.toLowerCase()) })
  if (!kept.length) return query
  return kept.map(function (word) {
    return /^[a-z]{5,}$/i.test(word) ? word.replace(SUFFIX, "") : word
  }).join(" ")
}

function deliver(message) {
  material.forEach(function (listener) { listener({ data: message }) })
}

/* Material groups the results by page, shows a page's sections that tie with its best match and
 * folds the rest under "N more on this page", so a section that answers the query nearly as well
 * hides behind a click. Show, per page, folded sections that score at least UNFOLD times the best
 * (Material shows those whose score it sees tie, so theirs is raised to the best), in score order,
 * up to MAX_SHOWN sections, so that other pages stay in view.
 * The fold keeps the page's next MAX_FOLDED sections, as titles without their text. Material
 * builds every section it is sent as HTML, and a common word matches most of the site: 200
 * sections and 400 kB of HTML took most of the time a result needed to show (CPU throttled 4x). */
var UNFOLD = 0.5
var MAX_SHOWN = 2
var MAX_FOLDED = 5

function unfold(group) {
  var best = group[0].score                /* the group is in score order */
  var shown = [], folded = [], sections = 0, titles = 0
  group.forEach(function (item) {
    var section = item.location.indexOf("#") !== -1
    if (item.score >= best) {
      shown.push(item)
      if (section) sections += 1
    } else if (section && sections < MAX_SHOWN && item.score >= UNFOLD * best) {
      shown.push(Object.assign(item, { score: best }))
      sections += 1
    } else if (!section) {
      folded.push(item)                    /* the page's own entry, which Material always shows */
    } else if (titles < MAX_FOLDED) {
      folded.push(Object.assign(item, { text: "" }))
      titles += 1
    }
  })
  return shown.concat(folded)
}

/* Each result carries the query it answers (`data.query`, as typed), which Material ignores.
 * A result is sent only if no newer query came in meanwhile: the page would draw it for nothing. */
var answering = null
var post = self.postMessage
self.postMessage = function (message) {
  if (!message || message.type !== 3 || !message.data) return post.apply(self, arguments)
  message.data.query = answering
  message.data.items = message.data.items.map(unfold)
  var answered = newest
  setTimeout(function () { if (newest === answered) post.call(self, message) })
}

/* Every key the reader types sends a query. On a slow device searches take longer than the
 * pause between keys, so run only the newest query: older ones still waiting are dropped. */
var newest = null
addListener.call(self, "message", function (event) {
  var message = event.data
  if (!message || message.type !== 2) return deliver(message)  /* 2: a search query */
  newest = message
  setTimeout(function () {
    if (newest !== message) return
    answering = message.data
    deliver({ type: 2, data: prepare(message.data) })
  })
})
