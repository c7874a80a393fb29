// Annotations: a highlighted passage opens its note on click; for the keyboard a small button
// after the passage does the same (the passage itself may hold phrase links, so it is not made
// interactive: no control inside another). Enter on the button opens the note and moves focus
// into it; Escape closes it and gives focus back to the button.
(function () {
  "use strict";
  var t = window.tifaText;

  function noteFor(id) {
    return document.getElementById(id || "");
  }

  function open(id, on) {
    var note = noteFor(id);
    if (!note) return;
    note.classList.toggle("tifa-note-open", on);
    document.querySelectorAll('button.tifa-note-toggle[aria-controls="' + CSS.escape(id) + '"]').forEach(function (b) {
      b.setAttribute("aria-expanded", String(on));
    });
  }

  function isOpen(id) {
    var note = noteFor(id);
    return !!(note && note.classList.contains("tifa-note-open"));
  }

  function init() {
    var last = {};  // a note's passage may be cut into several marks: its button goes after the last
    document.querySelectorAll("mark.tifa-annotated").forEach(function (mark) {
      if (mark.dataset.tifaNote) return;
      mark.dataset.tifaNote = "1";
      last[mark.dataset.note || ""] = mark;
      mark.addEventListener("click", function (e) {
        if (e.target.closest("a")) return;  // a phrase link inside the passage keeps its own click
        open(mark.dataset.note, !isOpen(mark.dataset.note));
      });
    });
    Object.keys(last).forEach(function (id) {
      var note = noteFor(id);
      if (!note) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tifa-note-toggle";
      button.setAttribute("aria-controls", id);
      button.setAttribute("aria-expanded", "false");
      var author = note.querySelector("header strong");
      button.setAttribute("aria-label", t("note.toggle", { author: author ? author.textContent : "" }));
      button.textContent = t("note.button");
      button.addEventListener("click", function () {
        var on = !isOpen(id);
        open(id, on);
        if (on) note.focus();
      });
      last[id].after(button);
      note.addEventListener("keydown", function (e) {
        if (e.key === "Escape") { open(id, false); button.focus(); }
      });
    });
    // A link to #note-… (from the annotations index) opens that note.
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.classList.contains("tifa-note")) open(target.id, true);
  }

  window.tifaOnPage(init);
})();
