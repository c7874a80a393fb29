// tifa reading pages: switch between the normalized text, the original and both side by side.
// Works with and without Material's instant navigation.
(function () {
  "use strict";
  var KEY = "tifa.view";

  // The original of each paragraph ships as JSON (cheap to carry, not parsed into
  // elements) and is turned into markup the first time a reader asks for it.
  function hydrateOriginal(doc) {
    if (doc.dataset.hydrated) return;
    var data = document.querySelector("script.tifa-original-data");
    if (!data) return;
    var views = JSON.parse(data.textContent);
    doc.querySelectorAll(".tifa-p").forEach(function (p) {
      if (!(p.id in views)) return;
      var orig = document.createElement("p");
      orig.className = "tifa-orig";
      orig.lang = "zh";
      orig.setAttribute("data-search-exclude", "");
      orig.innerHTML = views[p.id];  // produced and escaped by tifa's renderer
      var norm = p.querySelector(".tifa-norm");
      norm.parentNode.insertBefore(orig, norm.nextSibling);
    });
    doc.dataset.hydrated = "1";
  }

  function setView(doc, buttons, view) {
    if (view !== "normalized") hydrateOriginal(doc);
    doc.setAttribute("data-view", view);
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.view === view)); });
    try { localStorage.setItem(KEY, view); } catch (e) { /* private mode: view is not remembered */ }
  }

  function init() {
    var doc = document.querySelector(".tifa-doc");
    var bar = document.querySelector(".tifa-view");
    if (!doc || !bar) return;
    var buttons = Array.prototype.slice.call(bar.querySelectorAll("button[data-view]"));
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { setView(doc, buttons, b.dataset.view); });
    });
    var saved = null;
    try { saved = localStorage.getItem(KEY); } catch (e) { saved = null; }
    if (saved && saved !== "normalized") setView(doc, buttons, saved);
  }

  window.tifaOnPage(init);
})();
