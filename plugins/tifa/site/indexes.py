"""Index pages: documents by date, place and issuer; the home page's figures.

Index pages link to documents but the navigation does not list them all, so
a page's weight does not grow with the size of the collection.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence

from .. import escape as esc
from ..model import Document
from ..model import by_date as date_order
from .document import SCRIPT_NAMES, doc_url, front_matter, phrase_url
from .inline import relative_url

INDEX_URL = "documents/"


def _row(doc: Document, page_url: str) -> str:
    href = relative_url(page_url, doc_url(doc.id))
    return (
        f'<tr data-place="{esc.attr(doc.meta.place or "")}" data-issuer="{esc.attr(doc.meta.issuer or "")}">'
        f'<td class="tifa-date">{esc.text(doc.meta.date or "—")}</td>'
        f'<td><a href="{esc.attr(href)}">{esc.text(doc.meta.title or doc.id)}</a></td>'
        f"<td>{esc.text(doc.meta.issuer or '—')}</td>"
        f"<td>{esc.text(doc.meta.place or '—')}</td>"
        f"<td>{esc.text(SCRIPT_NAMES.get(doc.meta.script or '', doc.meta.script or '—'))}</td></tr>"
    )


def _table(docs: Sequence[Document], page_url: str) -> str:
    rows = "".join(_row(d, page_url) for d in docs)
    return (
        '<table class="tifa-doc-table"><thead><tr><th>日期</th><th>标题</th><th>发文机关</th>'
        f"<th>地点</th><th>原文字体</th></tr></thead><tbody>{rows}</tbody></table>"
    )


LIST_MAX = 200  # documents on one listing page: past that a facet is split into numbered pages
FACETS = (("date", "按日期", "by-date"), ("place", "按地点", "by-place"), ("issuer", "按发文机关", "by-issuer"))
UNKNOWN = "（未注明）"


def _facet_value(doc: Document, field: str) -> str:
    if field == "date":
        return (doc.meta.date or "")[:7] or UNKNOWN  # a month per listing
    return getattr(doc.meta, field) or UNKNOWN


def _facet_slug(value: str) -> str:
    if value == UNKNOWN:
        return "unknown"
    # Kept as it is only when no other value can give the same slug (not "unknown", no upper case).
    if re.fullmatch(r"[0-9a-z][0-9a-z-]*", value) and value != "unknown":
        return value
    from ..glossary import slug_for

    return f"{slug_for(value)}-{hashlib.sha1(value.encode()).hexdigest()[:6]}"


def render_document_indexes(docs: Sequence[Document]) -> dict[str, str]:
    """``documents/index.md`` and, for a large collection, listing pages by month, place and issuer.

    Up to ``LIST_MAX`` documents the index lists them all. Past that it lists the
    facets with counts, and each facet value gets listing pages of at most
    ``LIST_MAX`` documents, so no page grows with the collection.
    """
    by_date = sorted(docs, key=date_order)
    if len(docs) <= LIST_MAX:
        return {"documents/index.md": _small_index(by_date)}
    pages: dict[str, str] = {}
    parts = [
        "---\ntitle: 文件\n---\n",
        "# 文件 {#documents}\n",
        f"共 {len(docs)} 份文件。按月份、[地点](#by-place)或[发文机关](#by-issuer)浏览；全文检索见[检索](../fulltext/)。\n",
    ]
    for field, heading, anchor in FACETS:
        groups: dict[str, list[Document]] = defaultdict(list)
        for d in by_date:
            groups[_facet_value(d, field)].append(d)
        items = []
        for value in sorted(groups, key=lambda v: (v == UNKNOWN, v)):
            base = f"browse/{field}/{_facet_slug(value)}"
            pages.update(_listing_pages(base, f"{heading}：{value}", groups[value]))
            href = relative_url(INDEX_URL, base + "/")
            items.append(f'<li><a href="{esc.attr(href)}">{esc.text(value)}</a> <span class="tifa-count">{len(groups[value])}</span></li>')
        parts.append(f"## {heading} {{#{anchor}}}\n")
        parts.append(f'<ul class="tifa-facet">{"".join(items)}</ul>')
    pages["documents/index.md"] = "\n\n".join(parts) + "\n"
    return pages


def _listing_pages(base: str, title: str, docs: Sequence[Document]) -> dict[str, str]:
    chunks = [docs[i : i + LIST_MAX] for i in range(0, len(docs), LIST_MAX)]
    urls = [f"{base}/" if i == 0 else f"{base}/{i + 1}/" for i in range(len(chunks))]
    pages = {}
    for i, chunk in enumerate(chunks):
        url = urls[i]
        pager = ""
        if len(chunks) > 1:
            links = [
                f'<a href="{esc.attr(relative_url(url, u))}"{" aria-current=page" if j == i else ""}>{j + 1}</a>'
                for j, u in enumerate(urls)
            ]
            pager = f'<nav class="tifa-pager" aria-label="分页">第 {i + 1} / {len(chunks)} 页：{" ".join(links)}</nav>'
        heading = title if len(chunks) == 1 else f"{title}（{i + 1}/{len(chunks)}）"
        src = f"{base}.md" if i == 0 else f"{base}/{i + 1}.md"
        back = relative_url(url, INDEX_URL)
        pages[src] = (
            front_matter(heading, in_search=False) + f"\n# {esc.md_text(heading)}\n\n"
            f'<p><a href="{esc.attr(back)}">全部文件</a> · 共 {len(docs)} 份</p>\n\n{pager}\n\n{_table(chunk, url)}\n\n{pager}\n'
        )
    return pages


def _small_index(by_date: Sequence[Document]) -> str:
    parts = [
        "---\ntitle: 文件\n---\n",
        "# 文件 {#documents}\n",
        f"共 {len(by_date)} 份文件，按日期排列；亦可按[地点](#by-place)或[发文机关](#by-issuer)查看。\n",
        "## 按日期 {#by-date}\n",
        _table(by_date, INDEX_URL),
    ]
    for field, heading, anchor in FACETS[1:]:
        groups: dict[str, list[Document]] = defaultdict(list)
        for d in by_date:
            groups[getattr(d.meta, field) or UNKNOWN].append(d)
        parts.append(f"## {heading} {{#{anchor}}}\n")
        for name in sorted(groups):
            items = "".join(
                f'<li><a href="{esc.attr(relative_url(INDEX_URL, doc_url(d.id)))}">{esc.text(d.meta.title or d.id)}</a>'
                f' <span class="tifa-count">{esc.text(d.meta.date or "")}</span></li>'
                for d in groups[name]
            )
            parts.append(f'<h3>{esc.text(name)} <span class="tifa-count">{len(groups[name])}</span></h3><ul>{items}</ul>')
    return "\n\n".join(parts) + "\n"


def render_home_blocks(docs: Sequence[Document], top_phrases: Sequence[tuple[str, str, int]] = (), newest: int = 5) -> dict[str, str]:
    """HTML for the markers a hand-written home page may contain."""
    paragraphs = sum(len(d.paragraphs) for d in docs)
    characters = sum(len(d.text) for d in docs)
    places = {d.meta.place for d in docs if d.meta.place}
    stats = (
        '<ul class="tifa-stats">'
        f"<li><strong>{len(docs)}</strong> 份文件</li>"
        f"<li><strong>{paragraphs}</strong> 段</li>"
        f"<li><strong>{characters:,}</strong> 字</li>"
        f"<li><strong>{len(places)}</strong> 个地点</li>"
        f"<li><strong>{len(top_phrases)}</strong> 条提法</li></ul>"
    )
    latest = sorted(docs, key=date_order, reverse=True)[:newest]
    newest_html = "<ul>" + "".join(
        f'<li><span class="tifa-date">{esc.text(d.meta.date or "—")}</span> '
        f'<a href="{esc.attr(doc_url(d.id))}">{esc.text(d.meta.title or d.id)}</a></li>'
        for d in latest
    ) + "</ul>"
    phrases_html = '<ul class="tifa-top-phrases">' + "".join(
        f'<li><a href="{esc.attr(phrase_url(slug))}">{esc.text(term)}</a> <span class="tifa-count">{n} 份文件</span></li>'
        for slug, term, n in top_phrases[:12]
    ) + "</ul>"
    return {"stats": stats, "newest": newest_html, "top-phrases": phrases_html}


def render_fulltext_page() -> str:
    """The full-text search page; fulltext.js does the searching in the reader's browser
    (filters' values and counts come from the search data once a query has results)."""
    facet = "".join(
        f'<label>{label} <select name="{name}"><option value="">全部{label}</option></select></label> '
        for name, label in (("place", "地点"), ("issuer", "发文机关"), ("source", "来源"))
    )
    return (
        "---\ntitle: 检索\nsearch:\n  exclude: true\n---\n\n# 全文检索 {#fulltext}\n\n"
        "在全部文件的规范文本中查找字词：简体、繁体均可，标点（、，,;；）不论；以空格分隔的几个词须同在一段。"
        "结果可按日期或命中段数排列，可按日期、地点、发文机关和来源筛选，未注明日期的文件列在最后；"
        "筛选和排序都记在网址里，可以分享。提法也可用拼音或首字母在页首的搜索框查找。\n\n"
        '<form class="tifa-ft-form" role="search"><input type="search" name="text" aria-label="检索词" '
        'placeholder="例如：外防输入" autocomplete="off"> <button type="submit" class="md-button md-button--primary">检索</button>'
        '<fieldset class="tifa-ft-filters"><legend>筛选与排序</legend>'
        '<label>日期从 <input type="text" name="from" size="10" placeholder="2020-01" pattern="\\d{4}(-\\d{2}(-\\d{2})?)?" inputmode="numeric"></label> '
        '<label>到 <input type="text" name="to" size="10" placeholder="2021-12" pattern="\\d{4}(-\\d{2}(-\\d{2})?)?" inputmode="numeric"></label> '
        f"{facet}"
        '<label>排序 <select name="sort"><option value="date">按日期（早→晚）</option><option value="new">按日期（晚→早）</option>'
        '<option value="hits">按命中段数</option></select></label></fieldset></form>'
        '<p class="tifa-ft-status" role="status"></p><ol class="tifa-ft-results"></ol>'
        '<button type="button" class="tifa-ft-more md-button" hidden>更多结果</button>\n'
    )
