"""Index pages: documents by date, place and issuer; the home page's figures.

Index pages link to documents but the navigation does not list them all, so
a page's weight does not grow with the size of the collection.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from html import escape

from ..model import Document
from .document import SCRIPT_NAMES, doc_url, phrase_url
from .inline import attr, relative_url

INDEX_URL = "documents/"


def _date_key(doc: Document) -> tuple[str, str]:
    return (doc.meta.date or "9999", doc.id)


def _row(doc: Document, page_url: str) -> str:
    href = relative_url(page_url, doc_url(doc.id))
    return (
        f'<tr data-place="{attr(doc.meta.place or "")}" data-issuer="{attr(doc.meta.issuer or "")}">'
        f'<td class="tifa-date">{escape(doc.meta.date or "—")}</td>'
        f'<td><a href="{attr(href)}">{escape(doc.meta.title or doc.id)}</a></td>'
        f"<td>{escape(doc.meta.issuer or '—')}</td>"
        f"<td>{escape(doc.meta.place or '—')}</td>"
        f"<td>{escape(SCRIPT_NAMES.get(doc.meta.script or '', doc.meta.script or '—'))}</td></tr>"
    )


def _table(docs: Sequence[Document], page_url: str) -> str:
    rows = "".join(_row(d, page_url) for d in docs)
    return (
        '<table class="tifa-doc-table"><thead><tr><th>日期</th><th>标题</th><th>发文机关</th>'
        f"<th>地点</th><th>原文字体</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def render_documents_index(docs: Sequence[Document]) -> str:
    by_date = sorted(docs, key=_date_key)
    parts = [
        "---\ntitle: 文件\n---\n",
        "# 文件 {#documents}\n",
        f"共 {len(docs)} 份文件，按日期排列；亦可按[地点](#by-place)或[发文机关](#by-issuer)查看。\n",
        "## 按日期 {#by-date}\n",
        _table(by_date, INDEX_URL),
    ]
    for heading, anchor, field in (("按地点", "by-place", "place"), ("按发文机关", "by-issuer", "issuer")):
        groups: dict[str, list[Document]] = defaultdict(list)
        for d in by_date:
            groups[getattr(d.meta, field) or "（未注明）"].append(d)
        parts.append(f"## {heading} {{#{anchor}}}\n")
        for name in sorted(groups):
            items = "".join(
                f'<li><a href="{attr(relative_url(INDEX_URL, doc_url(d.id)))}">{escape(d.meta.title or d.id)}</a>'
                f' <span class="tifa-count">{escape(d.meta.date or "")}</span></li>'
                for d in groups[name]
            )
            parts.append(f'<h3>{escape(name)} <span class="tifa-count">{len(groups[name])}</span></h3><ul>{items}</ul>')
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
    latest = sorted(docs, key=_date_key, reverse=True)[:newest]
    newest_html = "<ul>" + "".join(
        f'<li><span class="tifa-date">{escape(d.meta.date or "—")}</span> '
        f'<a href="{attr(doc_url(d.id))}">{escape(d.meta.title or d.id)}</a></li>'
        for d in latest
    ) + "</ul>"
    phrases_html = '<ul class="tifa-top-phrases">' + "".join(
        f'<li><a href="{attr(phrase_url(slug))}">{escape(term)}</a> <span class="tifa-count">{n} 份文件</span></li>'
        for slug, term, n in top_phrases[:12]
    ) + "</ul>"
    return {"stats": stats, "newest": newest_html, "top-phrases": phrases_html}
