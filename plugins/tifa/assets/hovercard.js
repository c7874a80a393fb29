// Hover cards for linked phrases: on hover, keyboard focus, or a first tap on a touch screen
// (a second tap follows the link). The card's content comes from the page's card data
// (script.tifa-card-data: slug → [term, pinyin, english, gloss, documents, curated]).
(function () {
  "use strict";
  var card = null, current = null, hideTimer = null, cards = {};

  function loadCards() {
    cards = {};
    document.querySelectorAll("script.tifa-card-data").forEach(function (s) {
      try { Object.assign(cards, JSON.parse(s.textContent)); } catch (e) { /* a broken block only loses its cards */ }
    });
  }

  function ensureCard() {
    if (card && document.body.contains(card)) return card;
    card = document.createElement("div");
    card.className = "tifa-card";
    card.setAttribute("role", "tooltip");
    card.id = "tifa-card";
    card.hidden = true;
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(card);
    return card;
  }

  function line(cls, text) {
    var el = document.createElement("div");
    el.className = cls;
    el.textContent = text;
    return el;
  }

  function show(link) {
    clearTimeout(hideTimer);
    var c = ensureCard(), d = cards[link.dataset.slug] || [link.textContent, "", "", "", "?", 1];
    c.textContent = "";
    c.appendChild(line("tifa-card-term", d[0] || link.textContent));
    if (d[1]) c.appendChild(line("tifa-card-pinyin", d[1]));
    if (d[2]) c.appendChild(line("tifa-card-english", d[2]));
    if (d[3]) c.appendChild(line("tifa-card-gloss", d[3]));
    c.appendChild(line("tifa-card-docs", window.tifaText("card.seen", { n: d[4] }) + (d[5] ? "" : window.tifaText("card.mined"))));
    c.hidden = false;
    var r = link.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 6;
    var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - c.offsetWidth - 8));
    c.style.top = top + "px";
    c.style.left = left + "px";
    link.setAttribute("aria-describedby", "tifa-card");
    current = link;
  }

  function hide() {
    if (card) card.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function init() {
    loadCards();
    document.querySelectorAll("a.tifa-phrase").forEach(function (a) {
      if (a.dataset.tifaCard) return;
      a.dataset.tifaCard = "1";
      a.addEventListener("mouseenter", function () { show(a); });
      a.addEventListener("mouseleave", scheduleHide);
      a.addEventListener("focus", function () { show(a); });
      a.addEventListener("blur", scheduleHide);
      a.addEventListener("touchend", function (e) {
        if (current !== a) { e.preventDefault(); show(a); }
      });
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  }

  window.tifaOnPage(init);
})();
