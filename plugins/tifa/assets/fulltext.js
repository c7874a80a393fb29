// Full-text search over every paragraph, from the sharded index written by tifa.search:
// a query fetches the manifest, the shards of its bigrams and the text of the documents
// it shows — never the whole collection. Results are built with text nodes only.
// Also adds a "search all texts" link under Material's own search box.
(function () {
  "use strict";
  var PAGE = 10;  // documents shown per batch
  var PARAM = "text";  // the query in the URL ("q" would open Material's own search)
  var cache = {};

  function siteRoot() {
    return typeof __md_scope !== "undefined" ? __md_scope : new URL("../", location.href);
  }

  function fetchJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, siteRoot())).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  // Same as tifa.search: FNV-1a over code points, bigrams within runs of letters/digits/CJK.
  function shardOf(key, shards) {
    var h = 2166136261;
    Array.from(key).forEach(function (ch) {
      h ^= ch.codePointAt(0);
      h = Math.imul(h, 16777619) >>> 0;
    });
    return h % shards;
  }

  function bigrams(text) {
    var keys = {};
    (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || []).forEach(function (run) {
      var chars = Array.from(run);
      for (var i = 0; i + 1 < chars.length; i++) keys[chars[i] + chars[i + 1]] = true;
    });
    return Object.keys(keys);
  }

  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function postings(manifest, key) {
    return fetchJSON("fulltext/shards/" + shardOf(key, manifest.shards) + ".json").then(function (shard) {
      var out = [], total = 0;
      (shard[key] || []).forEach(function (d) { total += d; out.push(total); });
      return out;
    });
  }

  function intersect(lists) {
    lists.sort(function (a, b) { return a.length - b.length; });
    var result = lists[0];
    lists.slice(1).forEach(function (list) {
      var set = new Set(list);
      result = result.filter(function (n) { return set.has(n); });
    });
    return result;
  }

  // Candidate paragraphs grouped by document, in date order.
  function candidates(query) {
    return fetchJSON("fulltext/manifest.json").then(function (manifest) {
      var keys = [];
      terms(query).forEach(function (t) { keys = keys.concat(bigrams(t)); });
      keys = Array.from(new Set(keys));
      if (!keys.length) return { manifest: manifest, docs: [] };
      return Promise.all(keys.map(function (k) { return postings(manifest, k); })).then(function (lists) {
        // Paragraph j of document i is number i × stride + j.
        var byDoc = new Map();
        intersect(lists).forEach(function (num) {
          var doc = Math.floor(num / manifest.stride);
          if (!byDoc.has(doc)) byDoc.set(doc, []);
          byDoc.get(doc).push(num % manifest.stride);
        });
        return { manifest: manifest, docs: Array.from(byDoc.entries()) };
      });
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // A snippet around the first term, with every term highlighted.
  function snippet(text, words) {
    var lower = text.toLowerCase(), first = lower.indexOf(words[0]);
    var from = Math.max(0, first - 40), to = Math.min(text.length, first + words[0].length + 80);
    var part = text.slice(from, to), lowerPart = lower.slice(from, to);
    var p = el("p", "tifa-ft-snippet"), i = 0;
    if (from > 0) p.appendChild(document.createTextNode("…"));
    while (i < part.length) {
      var next = -1, word = "";
      words.forEach(function (w) {
        var at = lowerPart.indexOf(w, i);
        if (at !== -1 && (next === -1 || at < next)) { next = at; word = w; }
      });
      if (next === -1) { p.appendChild(document.createTextNode(part.slice(i))); break; }
      p.appendChild(document.createTextNode(part.slice(i, next)));
      p.appendChild(el("mark", "", part.slice(next, next + word.length)));
      i = next + word.length;
    }
    if (to < text.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function renderDoc(list, manifest, entry, words) {
    var index = entry[0], paragraphs = entry[1];
    return Promise.all([
      fetchJSON("fulltext/docs/" + Math.floor(index / manifest.chunk) + ".json"),
      fetchJSON("fulltext/text/" + index + ".json"),
    ]).then(function (got) {
      var meta = got[0][index % manifest.chunk], rows = got[1];
      var hits = paragraphs.map(function (n) { return rows[n]; }).filter(function (row) {
        var lower = row[2].toLowerCase();
        return words.every(function (w) { return lower.indexOf(w) !== -1; });
      });
      if (!hits.length) return 0;  // the bigrams matched apart, not the string
      var item = el("li", "tifa-ft-doc");
      var head = el("p", "tifa-ft-head");
      var link = el("a", "", meta[1]);
      link.href = new URL("documents/" + meta[0] + "/", siteRoot()).href;
      head.appendChild(link);
      head.appendChild(el("span", "tifa-count", " " + [meta[2], meta[3], meta[4]].filter(Boolean).join(" · ") + " · " + hits.length + " 段"));
      item.appendChild(head);
      hits.slice(0, 3).forEach(function (row) {
        var line = snippet(row[2], words);
        var a = el("a", "tifa-ft-para", "¶" + row[1]);
        a.href = new URL("documents/" + meta[0] + "/#" + row[0], siteRoot()).href;
        line.insertBefore(a, line.firstChild);
        item.appendChild(line);
      });
      if (hits.length > 3) item.appendChild(el("p", "tifa-count", "另有 " + (hits.length - 3) + " 段"));
      list.appendChild(item);
      return hits.length;
    });
  }

  // The list carries data-ready once a query's first batch (or its answer) is shown.
  function run(box, status, list, more, query) {
    list.textContent = "";
    list.removeAttribute("data-ready");
    more.hidden = true;
    function done() { list.setAttribute("data-ready", "1"); }
    var words = terms(query);
    if (!words.length) { status.textContent = ""; done(); return; }
    if (!words.some(function (w) { return Array.from(w).length > 1; })) {
      status.textContent = "请至少输入两个字。";
      done();
      return;
    }
    status.textContent = "检索中…";
    candidates(query).then(function (found) {
      var docs = found.docs, shown = 0, paragraphs = 0;
      docs.forEach(function (d) { paragraphs += d[1].length; });
      if (!docs.length) { status.textContent = "没有找到“" + query + "”。"; done(); return; }
      status.textContent = "约 " + paragraphs + " 段，见于 " + docs.length + " 份文件（按日期排列）";
      function batch() {
        var slice = docs.slice(shown, shown + PAGE);
        shown += slice.length;
        more.hidden = true;
        return Promise.all(slice.map(function (d) { return renderDoc(list, found.manifest, d, words); })).then(function () {
          more.hidden = shown >= docs.length;
          done();
        });
      }
      more.onclick = batch;
      return batch();
    }).catch(function (err) {
      status.textContent = "检索数据无法载入（" + err.message + "）。";
      done();
    });
  }

  function initPage() {
    var form = document.querySelector("form.tifa-ft-form");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var box = form.querySelector("input[type=search]");
    var status = document.querySelector(".tifa-ft-status");
    var list = document.querySelector(".tifa-ft-results");
    var more = document.querySelector(".tifa-ft-more");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var url = new URL(location.href);
      url.searchParams.set(PARAM, box.value);
      history.replaceState(null, "", url);
      run(box, status, list, more, box.value);
    });
    var q = new URL(location.href).searchParams.get(PARAM);
    if (q) { box.value = q; run(box, status, list, more, q); }
  }

  // Under Material's search box: a link carrying the query to the full-text page.
  function initHeaderLink() {
    var input = document.querySelector(".md-search__input");
    var output = document.querySelector(".md-search__scrollwrap");
    if (!input || !output || output.querySelector(".tifa-ft-link")) return;
    var link = el("a", "tifa-ft-link");
    link.hidden = true;
    output.insertBefore(link, output.firstChild);
    function update() {
      var q = input.value.trim();
      link.hidden = !q;
      link.textContent = "在全部文件的正文中检索“" + q + "” →";
      var url = new URL("fulltext/", siteRoot());
      url.searchParams.set(PARAM, q);
      link.href = url.href;
    }
    input.addEventListener("input", update);
    input.addEventListener("keyup", update);
  }

  window.tifaOnPage(function () { initPage(); initHeaderLink(); });
})();
