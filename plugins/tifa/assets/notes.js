// Annotations: a highlighted passage opens its note on click, on keyboard focus and on Enter;
// Escape closes it. Notes sit beside the paragraph on wide screens and below it on phones.
(function () {
  "use strict";

  function noteFor(mark) {
    return document.getElementById(mark.dataset.note || "");
  }

  function open(mark, on) {
    var note = noteFor(mark);
    if (!note) return;
    note.classList.toggle("tifa-note-open", on);
    mark.setAttribute("aria-expanded", String(on));
  }

  function init() {
    document.querySelectorAll("mark.tifa-annotated").forEach(function (mark) {
      if (mark.dataset.tifaNote) return;
      mark.dataset.tifaNote = "1";
      mark.setAttribute("role", "button");
      mark.setAttribute("aria-controls", mark.dataset.note || "");
      mark.setAttribute("aria-expanded", "false");
      mark.addEventListener("click", function () {
        var note = noteFor(mark);
        open(mark, !(note && note.classList.contains("tifa-note-open")));
      });
      mark.addEventListener("focus", function () { open(mark, true); });
      mark.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(mark, true); var n = noteFor(mark); if (n) n.focus(); }
        if (e.key === "Escape") open(mark, false);
      });
    });
    // A link to #note-… (from the annotations index) opens that note.
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.classList.contains("tifa-note")) target.classList.add("tifa-note-open");
  }

  window.tifaOnPage(init);
})();
