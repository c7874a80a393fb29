// Searching the full text of every paragraph, from the sharded index written by tifa.search:
// a query fetches the manifest, the shards of its bigrams and the text of the documents
// it shows — never the whole collection. Results are built with text nodes only.
// Also adds a "search all texts" link under Material's own search box.
(function () {
  "use strict";
  var t = window.tifaText;
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

  // Same as tifa.search.query_fold: the query in the index's form, from fold.json
  // (OpenCC's conversions for the index's characters, and its phrase exceptions).
  var SEPARATOR_RUN = /\s*[、，,;；][、，,;；\s]*/g;

  function foldText(text) {
    return text.toLowerCase().replace(SEPARATOR_RUN, "、");
  }

  function foldTable(table) {
    if (table.map) return table;
    var chars = Array.from(table.chars), map = new Map(), longest = 0;
    for (var i = 0; i + 1 < chars.length; i += 2) map.set(chars[i], chars[i + 1]);
    Object.keys(table.phrases).forEach(function (p) { longest = Math.max(longest, Array.from(p).length); });
    table.map = map;
    table.longest = longest;
    return table;
  }

  function foldQuery(query, table) {
    table = foldTable(table);
    var text = Array.from(query.normalize("NFC").replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/\u3000/g, " "));
    var out = "", i = 0;
    while (i < text.length) {
      var done = false;
      for (var n = Math.min(table.longest, text.length - i); n > 1 && !done; n--) {
        var part = text.slice(i, i + n).join("");
        if (Object.prototype.hasOwnProperty.call(table.phrases, part)) { out += table.phrases[part]; i += n; done = true; }
      }
      if (!done) { out += table.map.get(text[i]) || text[i]; i += 1; }
    }
    return foldText(out).trim();
  }

  function terms(query, table) {
    return foldQuery(query, table).split(/\s+/).filter(Boolean);
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
  function candidates(manifest, words) {
    return Promise.resolve().then(function () {
      var keys = [];
      words.forEach(function (t) { keys = keys.concat(bigrams(t)); });
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

  // The folded text and, for each of its characters, where it starts in ``text``
  // (folding merges separator runs, so positions differ).
  function foldWithMap(text) {
    var folded = "", starts = [], last = 0, m;
    SEPARATOR_RUN.lastIndex = 0;
    function plain(from, to) {
      for (var k = from; k < to; k++) { folded += text[k].toLowerCase(); starts.push(k); }
    }
    while ((m = SEPARATOR_RUN.exec(text)) !== null) {
      plain(last, m.index);
      folded += "、";
      starts.push(m.index);
      last = m.index + m[0].length;
    }
    plain(last, text.length);
    starts.push(text.length);
    return { text: folded, starts: starts };
  }

  // A snippet around the first term, with every term highlighted.
  function snippet(text, words) {
    var f = foldWithMap(text), first = Math.max(0, f.text.indexOf(words[0]));
    var spans = [];  // [start, end) in text of each match, in order
    words.forEach(function (w) {
      for (var at = f.text.indexOf(w); at !== -1; at = f.text.indexOf(w, at + w.length)) {
        spans.push([f.starts[at], f.starts[at + w.length]]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var centre = f.starts[first];
    var from = Math.max(0, centre - 40), to = Math.min(text.length, centre + words[0].length + 80);
    var p = el("p", "tifa-ft-snippet"), i = from;
    if (from > 0) p.appendChild(document.createTextNode("…"));
    spans.forEach(function (s) {
      if (s[0] < i || s[0] >= to) return;
      p.appendChild(document.createTextNode(text.slice(i, s[0])));
      p.appendChild(el("mark", "", text.slice(s[0], s[1])));
      i = s[1];
    });
    if (i < to) p.appendChild(document.createTextNode(text.slice(i, to)));
    if (to < text.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  // Fill a document's list item (made in order beforehand); 0 when no paragraph holds the words.
  function renderDoc(item, manifest, entry, words) {
    var index = entry[0], paragraphs = entry[1];
    return Promise.all([
      fetchJSON("fulltext/docs/" + Math.floor(index / manifest.chunk) + ".json"),
      fetchJSON("fulltext/text/" + index + ".json"),
    ]).then(function (got) {
      var meta = got[0][index % manifest.chunk], rows = got[1];
      var hits = paragraphs.map(function (n) { return rows[n]; }).filter(function (row) {
        var folded = foldText(row[2]);
        return words.every(function (w) { return folded.indexOf(w) !== -1; });
      });
      if (!hits.length) { item.remove(); return 0; }  // the bigrams matched apart, not the string
      var head = el("p", "tifa-ft-head");
      var link = el("a", "", meta[1]);
      link.href = new URL("documents/" + meta[0] + "/", siteRoot()).href;
      head.appendChild(link);
      var facts = [meta[2] ? window.tifaDate(meta[2]) : t("ft.undated_doc"), meta[3], meta[4], meta[5]].filter(Boolean);
      head.appendChild(el("span", "tifa-count", " " + facts.join(" · ") + " · " + t("ft.hits", { n: hits.length })));
      item.appendChild(head);
      hits.slice(0, 3).forEach(function (row) {
        var line = snippet(row[2], words);
        var a = el("a", "tifa-ft-para", "¶" + row[1]);
        a.href = new URL("documents/" + meta[0] + "/#" + row[0], siteRoot()).href;
        line.insertBefore(a, line.firstChild);
        item.appendChild(line);
      });
      if (hits.length > 3) item.appendChild(el("p", "tifa-count", t("ft.more_hits", { n: hits.length - 3 })));
      return hits.length;
    });
  }

  // --- filters and order, all kept in the URL -------------------------------------------
  var FACETS = [["place"], ["issuer"], ["source"]];
  var FILTER_PARAMS = ["from", "to", "place", "issuer", "source"];
  var SORTS = { date: "ft.sort_date", new: "ft.sort_new", hits: "ft.sort_hits" };  // catalogue keys

  function readState() {
    var params = new URL(location.href).searchParams, state = { sort: params.get("sort") || "date" };
    if (!SORTS[state.sort]) state.sort = "date";
    FILTER_PARAMS.forEach(function (k) { state[k] = (params.get(k) || "").trim(); });
    return state;
  }

  function writeState(query, state) {
    var url = new URL(location.href);
    url.searchParams.set(PARAM, query);
    FILTER_PARAMS.concat(["sort"]).forEach(function (k) {
      if (state[k] && !(k === "sort" && state[k] === "date")) url.searchParams.set(k, state[k]);
      else url.searchParams.delete(k);
    });
    history.replaceState(null, "", url);
  }

  function filtering(state) {
    return FILTER_PARAMS.some(function (k) { return state[k]; });
  }

  // Does document ``index`` pass every filter but ``skip`` (a facet counts with the others applied)?
  function passes(facets, state, index, skip) {
    var date = facets.dates[index];
    if (skip !== "date") {
      if (state.from && !(date && date >= state.from)) return false;
      if (state.to && !(date && date.slice(0, state.to.length) <= state.to)) return false;
    }
    return FACETS.every(function (f) {
      var name = f[0];
      return name === skip || !state[name] || facets.values[name][facets.of[name][index]] === state[name];
    });
  }

  // Dated documents come first in the index (date order); ``manifest.dated`` of them.
  function ordered(docs, manifest, sort) {
    var out = docs.slice();
    var undated = function (d) { return d[0] >= manifest.dated; };
    out.sort(function (a, b) {
      if (undated(a) !== undated(b)) return undated(a) ? 1 : -1;
      if (sort === "hits" && a[1].length !== b[1].length) return b[1].length - a[1].length;
      if (sort === "new" && !undated(a)) return b[0] - a[0];
      return a[0] - b[0];
    });
    return out;
  }

  function showFacets(form, facets, docs, state, rejected) {
    var live = docs.filter(function (d) { return !rejected.has(d[0]); });
    FACETS.forEach(function (f) {
      var name = f[0], select = form.querySelector("select[name=" + name + "]");
      if (!select) return;
      var counts = new Map();
      live.forEach(function (d) {
        if (!passes(facets, state, d[0], name)) return;
        var v = facets.of[name][d[0]];
        if (v) counts.set(v, (counts.get(v) || 0) + 1);
      });
      select.textContent = "";
      var all = el("option", "", t("ft.all", { facet: t("ft." + name) }));
      all.value = "";
      select.appendChild(all);
      Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; }).forEach(function (c) {
        var o = el("option", "", t("ft.option_count", { value: facets.values[name][c[0]], n: c[1] }));
        o.value = facets.values[name][c[0]];
        select.appendChild(o);
      });
      if (state[name] && !counts.size) {  // a filter from the URL that no result has: keep it visible
        var kept = el("option", "", t("ft.option_count", { value: state[name], n: 0 }));
        kept.value = state[name];
        select.appendChild(kept);
      }
      select.value = state[name];
      select.disabled = counts.size === 0 && !state[name];
    });
  }

  // The list carries data-ready once a query's first batch (or its answer) is shown.
  function run(ui, query) {
    var list = ui.list, status = ui.status, more = ui.more;
    list.textContent = "";
    list.removeAttribute("data-ready");
    more.hidden = true;
    var token = ui.token = {};
    function done() { if (ui.token === token) list.setAttribute("data-ready", "1"); }
    if (!query.trim()) { status.textContent = ""; done(); return; }
    status.textContent = t("ft.searching");
    var state = readState();
    Promise.all([fetchJSON("fulltext/manifest.json"), fetchJSON("fulltext/fold.json")]).then(function (got) {
      var manifest = got[0], words = terms(query, got[1]);
      if (!words.some(function (w) { return Array.from(w).length > 1; })) {
        status.textContent = t("ft.too_short");
        done();
        return;
      }
      var shownAs = words.join(" ");
      return candidates(manifest, words).then(function (found) {
        // Filters need each document's metadata: fetched at once only when the URL has one.
        var facetsReady = filtering(state) ? fetchJSON("fulltext/facets.json") : Promise.resolve(null);
        return facetsReady.then(function (facets) {
          var rejected = new Set();
          var docs = found.docs.filter(function (d) { return !facets || passes(facets, state, d[0]); });
          docs = ordered(docs, manifest, state.sort);
          var paragraphs = 0;
          docs.forEach(function (d) { paragraphs += d[1].length; });
          var folded = shownAs !== query.trim() ? t("ft.folded", { query: shownAs }) : "";
          if (!found.docs.length) { status.textContent = t("ft.none", { query: query, folded: folded }); done(); return; }
          status.textContent = (docs.length ? t("ft.found", { paragraphs: t("ft.hits", { n: paragraphs }), docs: t("ft.docs", { n: docs.length }) })
            : t("ft.filtered_out")) + " · " + t(SORTS[state.sort] || SORTS.date) + (filtering(state) ? " · " + t("ft.filtered") : "") + folded;
          var shown = 0, undatedShown = false, position = 0;
          function batch() {
            if (ui.token !== token) return;
            var slice = docs.slice(shown, shown + PAGE);
            shown += slice.length;
            more.hidden = true;
            var items = slice.map(function (d) {
              if (d[0] >= manifest.dated && !undatedShown) {
                undatedShown = true;
                list.appendChild(el("li", "tifa-ft-undated", t("ft.undated")));
              }
              var item = el("li", "tifa-ft-doc");
              item.value = ++position;  // the label between the groups is not counted
              return list.appendChild(item);
            });
            return Promise.all(slice.map(function (d, k) { return renderDoc(items[k], manifest, d, words); })).then(function (counts) {
              counts.forEach(function (n, k) { if (!n) rejected.add(slice[k][0]); });
              more.hidden = shown >= docs.length;
              done();
              // After the first results: the filters' values and counts.
              return (facets ? Promise.resolve(facets) : fetchJSON("fulltext/facets.json")).then(function (f) {
                facets = f;
                if (ui.token === token) showFacets(ui.form, f, found.docs, state, rejected);
              });
            });
          }
          more.onclick = batch;
          return batch();
        });
      });
    }).catch(function (err) {
      status.textContent = t("ft.failed", { error: err.message });
      done();
    });
  }

  function initPage() {
    var form = document.querySelector("form.tifa-ft-form");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var box = form.querySelector("input[type=search]");
    var ui = {
      form: form,
      status: document.querySelector(".tifa-ft-status"),
      list: document.querySelector(".tifa-ft-results"),
      more: document.querySelector(".tifa-ft-more"),
    };
    function setControls(state) {
      FILTER_PARAMS.concat(["sort"]).forEach(function (k) {
        var c = form.querySelector("[name=" + k + "]");
        if (!c) return;
        if (c.tagName === "SELECT" && state[k] && !Array.from(c.options).some(function (o) { return o.value === state[k]; })) {
          var o = el("option", "", state[k]);
          o.value = state[k];
          c.appendChild(o);
        }
        c.value = state[k];
      });
    }
    function controlsState() {
      var state = {};
      FILTER_PARAMS.concat(["sort"]).forEach(function (k) {
        var c = form.querySelector("[name=" + k + "]");
        state[k] = c ? c.value.trim() : "";
      });
      return state;
    }
    function go() {
      writeState(box.value, controlsState());
      run(ui, box.value);
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); go(); });
    form.querySelectorAll("select, input[name=from], input[name=to]").forEach(function (c) {
      c.addEventListener("change", function () { if (box.value.trim()) go(); });
    });
    var q = new URL(location.href).searchParams.get(PARAM);
    setControls(readState());
    if (q) { box.value = q; run(ui, q); }
  }

  // --- pinyin: a formulation found by its sound -------------------------------------------

  // Letters only, no tones, ü and v as u: "wàifáng shūrù", "waifangshuru" and "wai4fang2" agree.
  function pinyinKey(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/v/g, "u").replace(/[^a-z]/g, "");
  }

  function pinyinEntries() {
    return fetchJSON("phrases/pinyin.json").then(function (rows) {
      return rows.map(function (r) {
        var syllables = r[2].split(" ");
        return { slug: r[0], term: r[1], syllables: r[2], full: pinyinKey(r[2]), initials: syllables.map(function (s) { return s[0]; }).join("") };
      });
    });
  }

  // Formulations matching what was typed: pinyin (full or initials) or characters; best first.
  function findPhrases(query, limit) {
    var q = query.trim();
    if (!q) return Promise.resolve([]);
    var latin = /[a-zA-Z]/.test(q), key = pinyinKey(q);
    if (latin && key.length < 2) return Promise.resolve([]);
    return pinyinEntries().then(function (entries) {
      var found = [];
      entries.forEach(function (e) {
        var rank = -1;
        if (!latin) rank = e.term.indexOf(q) === 0 ? 1 : e.term.indexOf(q) > 0 ? 2 : -1;
        else if (e.full === key || e.initials === key) rank = 0;
        else if (e.full.indexOf(key) === 0 || e.initials.indexOf(key) === 0) rank = 1;
        else if (key.length >= 4 && e.full.indexOf(key) > 0) rank = 2;
        if (rank >= 0) found.push([rank, e]);
      });
      found.sort(function (a, b) { return a[0] - b[0] || a[1].term.length - b[1].term.length || (a[1].term < b[1].term ? -1 : 1); });
      return found.slice(0, limit).map(function (f) { return f[1]; });
    });
  }

  function phraseList(list, entries) {
    list.textContent = "";
    entries.forEach(function (e) {
      var li = el("li");
      var a = el("a", "", e.term);
      a.href = new URL("phrases/" + e.slug + "/", siteRoot()).href;
      li.appendChild(a);
      li.appendChild(el("span", "tifa-count", " " + e.syllables + " · " + t("ft.phrase")));
      list.appendChild(li);
    });
  }

  // The phrase index's own box: filters formulations by pinyin, initials or characters.
  function initPhraseIndex() {
    var box = document.querySelector("input.tifa-py-box");
    var list = document.querySelector("ul.tifa-py-results");
    if (!box || !list || box.dataset.ready) return;
    box.dataset.ready = "1";
    function update() {
      var typed = box.value;
      findPhrases(typed, 30).then(function (entries) {
        if (box.value !== typed) return;
        phraseList(list, entries);
        list.setAttribute("data-query", typed);
      });
    }
    box.addEventListener("input", update);
    box.addEventListener("keyup", update);
  }

  // Under Material's search box: formulations by pinyin, then a link carrying the query to the full-text page.
  function initHeaderLink() {
    var input = document.querySelector(".md-search__input");
    var output = document.querySelector(".md-search__scrollwrap");
    if (!input || !output || output.querySelector(".tifa-ft-link")) return;
    var link = el("a", "tifa-ft-link");
    link.hidden = true;
    var phrases = el("ul", "tifa-py-results tifa-py-header");
    output.insertBefore(link, output.firstChild);
    output.insertBefore(phrases, output.firstChild);
    function update() {
      var q = input.value.trim();
      link.hidden = !q;
      link.textContent = t("ft.everywhere", { query: q });
      var url = new URL("fulltext/", siteRoot());
      url.searchParams.set(PARAM, q);
      link.href = url.href;
      if (!/[a-zA-Z]/.test(q)) { phrases.textContent = ""; return; }
      findPhrases(q, 8).then(function (entries) {
        if (input.value.trim() === q) phraseList(phrases, entries);
      });
    }
    input.addEventListener("input", update);
    input.addEventListener("keyup", update);
  }

  // The fold, for a test to compare with its Python twin on the same fold.json.
  window.tifaFulltext = { foldQuery: foldQuery, foldText: foldText };
  window.tifaOnPage(function () { initPage(); initPhraseIndex(); initHeaderLink(); });
})();
