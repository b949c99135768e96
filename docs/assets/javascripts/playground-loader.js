/* Loads the chat-template playground. Only the pages that hold one ([data-chat-playground]) include
 * this script, after the playground's element; Material runs a page's own scripts again each time
 * instant navigation swaps that page in, so the playground mounts on every visit. */
(function () {
  var base = new URL(".", document.currentScript.src)
  import(new URL("playground.js", base).href).then(function (playground) {
    playground.mountAll()
  })
})()
