/* search-on-input.js: the search box searches as the text changes, not when the key comes up.
 *
 * Material runs a search on `keyup`, so the results wait for the reader to let go of the key
 * (about a tenth of a second), and text pasted with the mouse is not searched until the next key.
 * On every change of the box's text, this tells Material at once, with the event it listens for;
 * Material skips a value it has already searched, so the real key up adds nothing. */
document.addEventListener("input", function (event) {
  if (event.target.matches && event.target.matches(".md-search__input"))
    event.target.dispatchEvent(new KeyboardEvent("keyup"))
})
