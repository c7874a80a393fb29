// The basket of collected paragraphs, and copy-citation.
// On document pages every paragraph gets an add-to-basket button (collect it, kept in this browser only) and
// copy-citation buttons (plain text and Markdown). The basket page orders the collected
// paragraphs, takes the trainer's notes and exports a briefing file for briefings/ in a pull request.
(function () {
  "use strict";
  var KEY = "tifa.basket";
  var t = window.tifaText;

  function load() {
    try {
      var b = JSON.parse(localStorage.getItem(KEY) || "null");
      if (b && Array.isArray(b.items)) { b.meta = b.meta || {}; return b; }
    } catch (e) { /* unreadable or blocked storage: start empty */ }
    return { meta: {}, items: [] };
  }

  function save(b) {
    try { localStorage.setItem(KEY, JSON.stringify(b)); } catch (e) { /* private mode: not kept */ }
  }

  function indexOf(b, doc, pid) {
    for (var i = 0; i < b.items.length; i++) if (b.items[i].doc === doc && b.items[i].pid === pid) return i;
    return -1;
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function copyText(text, button) {
    function done(ok) {
      var label = button.textContent;
      button.textContent = t(ok ? "basket.copied" : "basket.copy_failed");
      setTimeout(function () { button.textContent = label; }, 1200);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }

  function fallbackCopy(text) {
    var area = el("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  // The two citation formats offered on every paragraph.
  function plainCitation(item) {
    return t("basket.plain", { text: item.text, citation: item.citation, number: item.number, url: item.url });
  }

  function markdownCitation(item) {
    return "> " + item.text.replace(/\n/g, "\n> ") + "\n>\n> " + t("basket.markdown_by") + item.citation + " [¶" + item.number + "](" + item.url + ")";
  }

  function itemFor(doc, p) {
    var norm = p.querySelector(".tifa-norm");
    return {
      doc: doc.dataset.doc,
      pid: p.id,
      number: p.dataset.number,
      text: norm ? norm.textContent.trim() : "",
      title: doc.dataset.title || doc.dataset.doc,
      citation: doc.dataset.citation || "",
      url: new URL("#" + p.id, location.href).href,
      note: ""
    };
  }

  function basketLink(doc) {
    var link = document.querySelector(".tifa-basket-link");
    if (!link) {
      link = el("a", { "class": "tifa-basket-link", href: doc.dataset.basket || "#" });
      document.body.appendChild(link);
    }
    link.href = doc.dataset.basket || "#";
    var n = load().items.length;
    link.textContent = t("basket.link", { n: n });
    link.hidden = n === 0;
  }

  function initDocument(doc) {
    doc.querySelectorAll(".tifa-p").forEach(function (p) {
      if (p.querySelector(".tifa-ptools")) return;
      var tools = el("span", { "class": "tifa-ptools", "data-search-exclude": "" });
      var add = el("button", { type: "button", "class": "tifa-add", "aria-pressed": "false", title: t("basket.add_title") });
      var plain = el("button", { type: "button", "class": "tifa-cite", title: t("basket.cite_title") }, t("basket.cite"));
      var md = el("button", { type: "button", "class": "tifa-cite-md", title: t("basket.cite_md_title") }, t("basket.cite_md"));
      function refresh() {
        var inBasket = indexOf(load(), doc.dataset.doc, p.id) >= 0;
        add.textContent = t(inBasket ? "basket.added" : "basket.add");
        add.setAttribute("aria-pressed", String(inBasket));
      }
      add.addEventListener("click", function () {
        var b = load();
        var i = indexOf(b, doc.dataset.doc, p.id);
        if (i >= 0) b.items.splice(i, 1); else b.items.push(itemFor(doc, p));
        save(b);
        refresh();
        basketLink(doc);
      });
      plain.addEventListener("click", function () { copyText(plainCitation(itemFor(doc, p)), plain); });
      md.addEventListener("click", function () { copyText(markdownCitation(itemFor(doc, p)), md); });
      tools.appendChild(add);
      tools.appendChild(plain);
      tools.appendChild(md);
      p.appendChild(tools);
      refresh();
    });
    basketLink(doc);
  }

  // --- the basket page -------------------------------------------------------------------

  function yamlString(s) { return JSON.stringify(String(s)); }  // a JSON string is a YAML double-quoted scalar

  function today() { return new Date().toISOString().slice(0, 10); }

  // A note line that starts with ":::" would read as a reference; indent it so it stays prose.
  function prose(text) { return String(text || "").trim().replace(/^:::/gm, " :::"); }

  function exportText(b) {
    var m = b.meta;
    var lines = ["---", "title: " + yamlString(m.title || t("basket.untitled")), "author: " + yamlString(m.author || t("basket.anonymous"))];
    if (m.audience) lines.push("audience: " + yamlString(m.audience));
    lines.push("date: " + (/^\d{4}-\d{2}-\d{2}$/.test(m.date || "") ? m.date : today()));
    if (m.summary) lines.push("summary: " + yamlString(m.summary));
    var questions = String(m.questions || "").split("\n").map(function (q) { return q.trim(); }).filter(Boolean);
    if (questions.length) {
      lines.push("questions:");
      questions.forEach(function (q) { lines.push("  - " + yamlString(q)); });
    }
    lines.push("---", "");
    b.items.forEach(function (item) {
      if (prose(item.note)) lines.push(prose(item.note), "");
      lines.push("::: passage " + item.doc + "#" + item.pid, "");
    });
    return lines.join("\n");
  }

  function fileName(b) {
    var name = String(b.meta.file || "").trim().replace(/\.md$/i, "").replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
    return (name || "briefing-" + today()) + ".md";
  }

  function field(b, key, label, multiline, placeholder) {
    var id = "tifa-basket-" + key;
    var wrap = el("p", { "class": "tifa-basket-field" });
    wrap.appendChild(el("label", { "for": id }, label));
    var input = el(multiline ? "textarea" : "input", { id: id, name: key, placeholder: placeholder || "" });
    if (multiline) input.rows = 3;
    input.value = b.meta[key] || (key === "date" ? today() : "");
    input.addEventListener("input", function () {
      var fresh = load();
      fresh.meta[key] = input.value;
      save(fresh);
      renderExport();
    });
    wrap.appendChild(input);
    return wrap;
  }

  var exportArea = null;

  function renderExport() {
    if (!exportArea) return;
    exportArea.value = exportText(load());
  }

  function renderBasket(root) {
    var b = load();
    root.textContent = "";
    if (!b.items.length) {
      root.appendChild(el("p", { "class": "tifa-basket-empty" }, t("basket.empty")));
      return;
    }
    var meta = el("fieldset", { "class": "tifa-basket-meta" });
    meta.appendChild(el("legend", {}, t("basket.meta")));
    meta.appendChild(field(b, "title", t("basket.f_title")));
    meta.appendChild(field(b, "author", t("basket.f_author")));
    meta.appendChild(field(b, "audience", t("basket.f_audience")));
    meta.appendChild(field(b, "date", t("basket.f_date"), false, "YYYY-MM-DD"));
    meta.appendChild(field(b, "summary", t("basket.f_summary"), true));
    meta.appendChild(field(b, "questions", t("basket.f_questions"), true));
    meta.appendChild(field(b, "file", t("basket.f_file"), false, t("basket.f_file_hint")));
    root.appendChild(meta);

    var list = el("ol", { "class": "tifa-basket-items" });
    b.items.forEach(function (item, i) {
      var li = el("li", { "class": "tifa-basket-item", "data-doc": item.doc, "data-paragraph": item.pid });
      var note = el("textarea", { "class": "tifa-basket-note", rows: "2", placeholder: t("basket.note_hint"),
                                  "aria-label": t("basket.note_label", { n: i + 1 }) });
      note.value = item.note || "";
      note.addEventListener("input", function () {
        var fresh = load();
        var j = indexOf(fresh, item.doc, item.pid);
        if (j >= 0) { fresh.items[j].note = note.value; save(fresh); renderExport(); }
      });
      li.appendChild(note);
      li.appendChild(el("blockquote", {}, item.text));
      var cite = el("p", { "class": "tifa-citation" }, item.citation + " ");
      cite.appendChild(el("a", { href: item.url }, "¶" + item.number));
      li.appendChild(cite);
      var tools = el("p", { "class": "tifa-basket-tools" });
      [["↑", t("basket.up"), -1], ["↓", t("basket.down"), 1]].forEach(function (spec) {
        var btn = el("button", { type: "button", "class": "md-button", title: spec[1], "aria-label": spec[1] }, spec[0]);
        var j = i + spec[2];
        btn.disabled = j < 0 || j >= b.items.length;
        btn.addEventListener("click", function () {
          var fresh = load();
          var moved = fresh.items.splice(i, 1)[0];
          fresh.items.splice(j, 0, moved);
          save(fresh);
          renderBasket(root);
        });
        tools.appendChild(btn);
      });
      var remove = el("button", { type: "button", "class": "md-button tifa-basket-remove" }, t("basket.remove"));
      remove.addEventListener("click", function () {
        var fresh = load();
        fresh.items.splice(i, 1);
        save(fresh);
        renderBasket(root);
      });
      tools.appendChild(remove);
      li.appendChild(tools);
      list.appendChild(li);
    });
    root.appendChild(list);

    var out = el("section", { "class": "tifa-basket-export" });
    out.appendChild(el("h2", { id: "export" }, t("basket.export")));
    out.appendChild(el("p", {}, t("basket.export_text")));
    exportArea = el("textarea", { readonly: "", rows: "12", "aria-label": t("basket.export_label") });
    out.appendChild(exportArea);
    var actions = el("p", {});
    var copy = el("button", { type: "button", "class": "md-button md-button--primary tifa-basket-copy" }, t("basket.copy"));
    copy.addEventListener("click", function () { copyText(exportArea.value, copy); });
    var download = el("button", { type: "button", "class": "md-button tifa-basket-download" }, t("basket.download"));
    download.addEventListener("click", function () {
      var fresh = load();
      var url = URL.createObjectURL(new Blob([exportText(fresh)], { type: "text/markdown;charset=utf-8" }));
      var a = el("a", { href: url, download: fileName(fresh) });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
    var clear = el("button", { type: "button", "class": "md-button tifa-basket-clear" }, t("basket.clear"));
    clear.addEventListener("click", function () {
      if (window.confirm(t("basket.clear_confirm"))) { save({ meta: {}, items: [] }); renderBasket(root); }
    });
    actions.appendChild(copy);
    actions.appendChild(download);
    actions.appendChild(clear);
    out.appendChild(actions);
    root.appendChild(out);
    renderExport();
  }

  // Printed links show where they go: the absolute address, resolved once the page is loaded.
  function markPrintLinks() {
    document.querySelectorAll(".md-content a[href]").forEach(function (a) {
      if (!a.getAttribute("href").startsWith("#")) a.setAttribute("data-print-href", a.href);
    });
  }

  function init() {
    var doc = document.querySelector(".tifa-doc");
    if (doc) initDocument(doc);
    var link = document.querySelector(".tifa-basket-link");
    if (link && !doc) link.hidden = true;  // instant navigation keeps body children across pages
    var root = document.getElementById("tifa-basket");
    if (root) renderBasket(root);
    if (document.querySelector(".tifa-brief-meta")) markPrintLinks();
    document.querySelectorAll("button.tifa-print").forEach(function (b) {
      b.onclick = function () { window.print(); };  // set here, not inline: pages carry no handler attributes
    });
  }

  window.tifaOnPage(init);
})();
