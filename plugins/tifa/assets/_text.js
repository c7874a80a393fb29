// tifa's interface strings for the scripts: the page's catalogue (assets/tifa/_messages.js,
// written from tifa/messages/<language>.yml) read the way tifa.messages reads it in Python.
(function () {
  "use strict";
  function catalogue() { return (window.tifaMessages || { strings: {} }).strings; }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)(?::[^}]*)?\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function number(n) {
    var group = catalogue()["number.group"] || ",";
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  }

  // A message; one with plural forms is given its count as values.n.
  window.tifaText = function (key, values) {
    var template = catalogue()[key];
    if (template == null) return key;
    if (typeof template === "object") {
      var n = values && values.n;
      template = n === 1 && template.one != null ? template.one : template.other;
      values = Object.assign({}, values, { n: number(n) });
    }
    return fill(template, values);
  };

  // An ISO date (2020, 2020-03, 2020-03-15) as the language writes it.
  window.tifaDate = function (iso) {
    var s = catalogue(), m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(String(iso || "").trim());
    if (!iso) return s["date.unknown"] || "—";
    if (!m) return iso;
    var pad = function (v) { return (v < 10 ? "0" : "") + v; };
    var month = m[2] ? +m[2] : 0, day = m[3] ? +m[3] : 0;
    var template = day ? s["date.day"] : month ? s["date.month"] : s["date.year"];
    return String(template)
      .replace("{m:02d}", pad(month)).replace("{d:02d}", pad(day))
      .replace("{y}", m[1]).replace("{m}", month).replace("{d}", day)
      .replace("{month}", month ? (s["date.months"] || [])[month - 1] || "" : "");
  };
})();
