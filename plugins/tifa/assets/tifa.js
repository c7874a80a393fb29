// tifa reading pages: switch between the normalized text, the original and both side by side.
// Works with and without Material's instant navigation.
(function () {
  "use strict";
  var KEY = "tifa.view";

  function setView(doc, buttons, view) {
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

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
