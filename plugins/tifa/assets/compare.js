// The phrase index's compare view: the phrases chosen in the form (kept in the URL as ?compare=…)
// drawn as one line each over the periods of phrases/uses.json (written at build time), with a
// table of the same figures. Nothing is fetched from elsewhere; the words come from the catalogue.
window.tifaOnPage(function () {
  "use strict";
  var form = document.querySelector("form.tifa-compare");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  var box = document.querySelector(".tifa-compare-chart");
  var chosen = new URLSearchParams(window.location.search).getAll("compare");
  form.querySelectorAll('input[name="compare"]').forEach(function (box) { box.checked = chosen.indexOf(box.value) >= 0; });
  if (!chosen.length) { box.textContent = ""; return; }
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = ["#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#4e342e", "#ad1457"];
  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  fetch(new URL("uses.json", window.location.href.split("?")[0].replace(/#.*$/, "")))
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var series = chosen.filter(function (s) { return data.series[s]; }).map(function (s) { return [s].concat(data.series[s]); });
      box.textContent = "";
      if (!series.length || !data.periods.length) return;
      var W = 640, H = 220, L = 34, B = 28, T = 10, R = 8;
      var most = 1;
      series.forEach(function (s) { s[2].forEach(function (n) { if (n > most) most = n; }); });
      var n = data.periods.length, step = n > 1 ? (W - L - R) / (n - 1) : 0;
      var unit = window.tifaText(data.unit === "month" ? "chart.month" : "chart.year");
      var title = window.tifaText("compare.chart_title", {
        terms: series.map(function (s) { return s[1]; }).join(window.tifaText("list.sep")), unit: unit});
      var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", class: "tifa-chart-svg",
                           "aria-labelledby": "tifa-compare-t"});
      svg.appendChild(el("title", {id: "tifa-compare-t"}, title));
      svg.appendChild(el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, class: "tifa-chart-axis"}));
      svg.appendChild(el("text", {x: L - 4, y: T + 8, "text-anchor": "end", class: "tifa-chart-label"}, String(most)));
      svg.appendChild(el("text", {x: L - 4, y: H - B, "text-anchor": "end", class: "tifa-chart-label"}, "0"));
      var every = Math.max(1, Math.round(n / 8));
      data.periods.forEach(function (p, i) {
        if (i % every === 0) svg.appendChild(el("text", {x: L + i * step, y: H - 10, "text-anchor": "middle", class: "tifa-chart-label"}, p));
      });
      series.forEach(function (s, k) {
        var points = s[2].map(function (v, i) { return (L + i * step).toFixed(1) + "," + (T + (H - T - B) * (1 - v / most)).toFixed(1); });
        svg.appendChild(el("polyline", {points: points.join(" "), fill: "none", stroke: COLORS[k % COLORS.length], "stroke-width": 2}));
      });
      var figure = document.createElement("figure");
      figure.className = "tifa-chart";
      figure.appendChild(svg);
      var legend = document.createElement("figcaption");
      series.forEach(function (s, k) {
        var item = document.createElement("span");
        item.className = "tifa-compare-key tifa-compare-key-" + (k % COLORS.length);
        item.textContent = "■ " + s[1] + " ";
        legend.appendChild(item);
      });
      figure.appendChild(legend);
      var table = document.createElement("table");
      table.className = "tifa-compare-table";
      var head = table.createTHead().insertRow();
      [window.tifaText(data.unit === "month" ? "compare.month" : "compare.year")].concat(series.map(function (s) { return s[1]; })).forEach(function (h) {
        var th = document.createElement("th"); th.textContent = h; head.appendChild(th);
      });
      var body = table.createTBody();
      data.periods.forEach(function (p, i) {
        if (!series.some(function (s) { return s[2][i]; })) return;
        var row = body.insertRow();
        row.insertCell().textContent = p;
        series.forEach(function (s) { row.insertCell().textContent = s[2][i]; });
      });
      figure.appendChild(table);
      box.appendChild(figure);
    })
    .catch(function () { box.textContent = window.tifaText("compare.failed"); });
});
