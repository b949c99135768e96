/* Typeset maths with the vendored KaTeX (assets/vendor/katex), loading it only on pages that
 * have maths. pymdownx.arithmatex (generic mode) writes each formula as TeX inside
 * <span class="arithmatex">\( … \)</span> or <div class="arithmatex">\[ … \]</div>; KaTeX
 * replaces it with HTML for the eye and MathML for screen readers. A formula is typeset when it
 * comes within a screen or so of the viewport, so KaTeX never delays the first paint. Runs after
 * every instant navigation too (Material's document$). */
(function () {
  var vendor = new URL("../vendor/katex/", document.currentScript.src)
  var loading = null

  function loadKatex() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var style = document.createElement("link")
        style.rel = "stylesheet"
        style.href = new URL("katex.min.css", vendor)
        document.head.appendChild(style)
        var script = document.createElement("script")
        script.src = new URL("katex.min.js", vendor)
        script.onload = resolve
        script.onerror = reject
        document.head.appendChild(script)
      })
    }
    return loading
  }

  function typeset(formula) {
    var tex = formula.textContent.trim()
    var display = tex.startsWith("\\[")
    window.katex.render(tex.slice(2, -2), formula, {
      displayMode: display,
      output: "htmlAndMathml",
      throwOnError: false,
    })
    formula.classList.add("arithmatex--typeset")
  }

  var nearby = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return
      nearby.unobserve(entry.target)
      loadKatex().then(function () { typeset(entry.target) })
    })
  }, { rootMargin: "100% 0px" })

  document$.subscribe(function () {
    nearby.disconnect()
    document.querySelectorAll(".arithmatex:not(.arithmatex--typeset)").forEach(function (formula) {
      nearby.observe(formula)
    })
  })
})()
