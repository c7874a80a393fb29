// tifa reading pages: switch between the normalized text, the original and both side by side.
// Works with and without Material's instant navigation.
(function () {
  "use strict";
  var KEY = "tifa.view";

  // The original of each paragraph ships as compact JSON (see site/document.py:
  // original_views) and becomes marked-up text the first time a reader asks for it.
  // Built with text nodes only: nothing from the data is parsed as HTML.
  function originalParagraph(entry, steps, usual) {
    var chars = Array.from(entry[0]);  // offsets are code points, as in Python
    var out = document.createElement("p"), cursor = 0;
    for (var i = 1; i + 3 < entry.length + 1; i += 4) {
      var start = cursor + entry[i], end = start + entry[i + 1], step = steps[entry[i + 2]];
      var after = entry[i + 3], before = chars.slice(start, end).join("");
      if (Array.isArray(after)) { before = after[1]; after = after[0]; }
      else if (after === 0) after = usual[before];
      out.appendChild(document.createTextNode(chars.slice(cursor, start).join("")));
      var span = document.createElement("span");
      span.className = (after ? "tifa-chg" : "tifa-chg-del") + " tifa-chg-" + step[0];
      span.title = window.tifaText("change.title", { step: step[1], before: before, after: after || window.tifaText("change.deleted") });
      span.textContent = chars.slice(start, end).join("");
      out.appendChild(span);
      cursor = end;
    }
    out.appendChild(document.createTextNode(chars.slice(cursor).join("")));
    return out;
  }

  function hydrateOriginal(doc) {
    if (doc.dataset.hydrated) return;
    var data = document.querySelector("script.tifa-original-data");
    if (!data) return;
    var views = JSON.parse(data.textContent);
    doc.querySelectorAll(".tifa-p").forEach(function (p) {
      if (!(p.id in views.p)) return;
      var orig = originalParagraph(views.p[p.id], views.steps, views.script);
      orig.className = "tifa-orig";
      orig.lang = "zh";
      orig.setAttribute("data-search-exclude", "");
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
