// Briefing basket and copy-citation.
// On document pages every paragraph gets "＋简报" (collect it, kept in this browser only) and
// copy-citation buttons (plain text and Markdown). The basket page orders the collected
// paragraphs, takes the trainer's notes and exports a briefing file for briefings/ in a pull request.
(function () {
  "use strict";
  var KEY = "tifa.basket";

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
      button.textContent = ok ? "已复制" : "复制失败";
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
    return "“" + item.text + "”\n—— " + item.citation + " ¶" + item.number + " " + item.url;
  }

  function markdownCitation(item) {
    return "> " + item.text.replace(/\n/g, "\n> ") + "\n>\n> —— " + item.citation + " [¶" + item.number + "](" + item.url + ")";
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
    link.textContent = "简报篮 · " + n;
    link.hidden = n === 0;
  }

  function initDocument(doc) {
    doc.querySelectorAll(".tifa-p").forEach(function (p) {
      if (p.querySelector(".tifa-ptools")) return;
      var tools = el("span", { "class": "tifa-ptools", "data-search-exclude": "" });
      var add = el("button", { type: "button", "class": "tifa-add", "aria-pressed": "false", title: "把本段加入简报篮" });
      var plain = el("button", { type: "button", "class": "tifa-cite", title: "复制本段及出处（纯文本）" }, "引用");
      var md = el("button", { type: "button", "class": "tifa-cite-md", title: "复制本段及出处（Markdown）" }, "MD");
      function refresh() {
        var inBasket = indexOf(load(), doc.dataset.doc, p.id) >= 0;
        add.textContent = inBasket ? "✓ 简报" : "＋简报";
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
    var lines = ["---", "title: " + yamlString(m.title || "未命名简报"), "author: " + yamlString(m.author || "匿名")];
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
      root.appendChild(el("p", { "class": "tifa-basket-empty" }, "简报篮是空的：在文件页面点击段落旁的“＋简报”。"));
      return;
    }
    var meta = el("fieldset", { "class": "tifa-basket-meta" });
    meta.appendChild(el("legend", {}, "简报信息"));
    meta.appendChild(field(b, "title", "标题"));
    meta.appendChild(field(b, "author", "作者"));
    meta.appendChild(field(b, "audience", "对象"));
    meta.appendChild(field(b, "date", "日期", false, "YYYY-MM-DD"));
    meta.appendChild(field(b, "summary", "简介", true));
    meta.appendChild(field(b, "questions", "讨论题（每行一题）", true));
    meta.appendChild(field(b, "file", "文件名", false, "如 wai-fang-shu-ru"));
    root.appendChild(meta);

    var list = el("ol", { "class": "tifa-basket-items" });
    b.items.forEach(function (item, i) {
      var li = el("li", { "class": "tifa-basket-item", "data-doc": item.doc, "data-paragraph": item.pid });
      var note = el("textarea", { "class": "tifa-basket-note", rows: "2", placeholder: "说明（Markdown，放在这段引文之前）",
                                  "aria-label": "第 " + (i + 1) + " 段的说明" });
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
      [["↑", "上移", -1], ["↓", "下移", 1]].forEach(function (spec) {
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
      var remove = el("button", { type: "button", "class": "md-button tifa-basket-remove" }, "移除");
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
    out.appendChild(el("h2", { id: "export" }, "导出简报文件"));
    out.appendChild(el("p", {}, "把文件放进仓库的 briefings/ 目录，运行 tifa check，然后提交合并请求。"));
    exportArea = el("textarea", { readonly: "", rows: "12", "aria-label": "简报文件内容" });
    out.appendChild(exportArea);
    var actions = el("p", {});
    var copy = el("button", { type: "button", "class": "md-button md-button--primary tifa-basket-copy" }, "复制");
    copy.addEventListener("click", function () { copyText(exportArea.value, copy); });
    var download = el("button", { type: "button", "class": "md-button tifa-basket-download" }, "下载 .md");
    download.addEventListener("click", function () {
      var fresh = load();
      var url = URL.createObjectURL(new Blob([exportText(fresh)], { type: "text/markdown;charset=utf-8" }));
      var a = el("a", { href: url, download: fileName(fresh) });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
    var clear = el("button", { type: "button", "class": "md-button tifa-basket-clear" }, "清空");
    clear.addEventListener("click", function () {
      if (window.confirm("清空简报篮？")) { save({ meta: {}, items: [] }); renderBasket(root); }
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
