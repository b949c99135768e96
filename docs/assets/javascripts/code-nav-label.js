/* Material gives each code block's button bar an unnamed <nav>; with two code blocks on a page
 * the landmarks are indistinguishable (axe landmark-unique). Name each one after its block.
 * Material adds these bars after the page loads and after each instant navigation, so watch. */
new MutationObserver(function () {
  document.querySelectorAll("nav.md-code__nav:not([aria-label])").forEach(function (nav) {
    var number = Number((nav.parentElement.id || "").replace("__code_", "")) + 1
    nav.setAttribute("aria-label", "Code block " + (number || "") + " buttons")
  })
}).observe(document.body, { childList: true, subtree: true })
