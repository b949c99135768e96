/* Material's search worker, with a reader's multi-word query prepared before it runs.
 *
 * Material appends a wildcard to every query word and matches without stemming, so in a question
 * the small words ("a*", "how*", "is*") match most of the site and favour long sections, and
 * "benchmarked" never meets "benchmarks". For queries of two or more words this drops lunr's
 * English stop words and cuts each plain word to its stem ("benchmarked" -> "benchmark"), which
 * the wildcard then widens to every form. A single word is searched exactly as typed, so every
 * word on the site still finds its pages. mkdocs.yml points Material at this file (main.html). */
var material = []
var addListener = self.addEventListener
self.addEventListener = function (type, listener, options) {
  if (type === "message") material.push(listener)
  else addListener.call(self, type, listener, options)
}
importScripts("workers/search.a7633da7.min.js")  /* Material 9.8.1's own worker */
self.addEventListener = addListener

function prepare(query) {
  var words = query.trim().split(/\s+/)
  if (words.length < 2 || /["+\-~^:*]/.test(query)) return query  /* lunr syntax: leave it */
  var kept = words.filter(function (word) { return lunr.stopWordFilter(word.toLowerCase()) })
  if (!kept.length) return query
  return kept.map(function (word) {
    return /^[a-z]{5,}$/i.test(word)
      ? lunr.stemmer(new lunr.Token(word.toLowerCase())).toString()
      : word
  }).join(" ")
}

addListener.call(self, "message", function (event) {
  var message = event.data
  if (message && message.type === 2)  /* 2: a search query */
    message = { type: 2, data: prepare(message.data) }
  material.forEach(function (listener) { listener({ data: message }) })
})
