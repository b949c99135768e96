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

/* Each result carries the query it answers (`data.query`, as typed), which Material ignores. */
var answering = null
var post = self.postMessage
self.postMessage = function (message) {
  if (message && message.type === 3 && message.data) message.data.query = answering
  return post.apply(self, arguments)
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
