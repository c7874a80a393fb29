// Sortable tables (table.tifa-sortable): each header becomes a button; a click sorts the rows by that
// column (numbers by their data-sort value), a second click reverses. The table reads well unsorted.
window.tifaOnPage(function () {
  "use strict";
  document.querySelectorAll("table.tifa-sortable").forEach(function (table) {
    if (table.dataset.sortReady) return;
    table.dataset.sortReady = "1";
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      if (!th.textContent.trim()) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tifa-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") !== "descending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[column];
          var value = cell.getAttribute("data-sort");
          return value !== null ? parseFloat(value) : cell.textContent.trim();
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh");
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
});
