/* Load the chat-template playground only on pages that hold one ([data-chat-playground]).
 * Material's document$ emits on the first load and after every instant navigation. */
(function () {
  var base = new URL(".", document.currentScript.src)
  function start() {
    if (!document.querySelector("[data-chat-playground]")) return
    import(new URL("playground.js", base).href).then(function (playground) {
      playground.mountAll()
    })
  }
  if (window.document$) window.document$.subscribe(start)
  else document.addEventListener("DOMContentLoaded", start)
})()
