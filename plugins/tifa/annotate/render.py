"""Annotations as HTML: sanitized bodies, notes beside the text, an index page."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from html import escape

import markdown
import nh3

from ..site.inline import attr, relative_url
from . import Annotation

ALLOWED_TAGS = {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "span", "sup", "sub", "del", "ins", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang"}}


@lru_cache(maxsize=4096)  # every note again on every `mkdocs serve` rebuild; Markdown is the slow part
def markdown_html(markdown_text: str) -> str | None:
    """Python-Markdown's HTML, or None when the text nests too deeply for it (a list 1,000
    levels deep exhausts Python's recursion). Cached, failures too: the loaders call this to
    report the file, and the page then gets the same answer."""
    try:
        return markdown.markdown(markdown_text, extensions=["extra"])
    except RecursionError:
        return None


def too_deep(markdown_text: str) -> bool:
    return markdown_html(markdown_text) is None


DEEP_HINT = "flatten the nested lists or quotes (a few levels are plenty)"


def sanitize(markdown_text: str) -> str:
    """Contributor Markdown → safe HTML: no scripts, handlers, frames, styles or javascript: URLs."""
    html = markdown_html(markdown_text)
    if html is None:  # reported by the loader; shown as plain text rather than stop the build
        html = f"<p>{escape(markdown_text)}</p>"
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def _source(s: str) -> str:
    if s.startswith(("http://", "https://")):
        return f'<a href="{attr(s)}" rel="nofollow noopener noreferrer">{escape(s)}</a>'
    return escape(s)


def render_note(note: Annotation, page_url: str = "") -> str:
    tags = " ".join(f'<span class="tifa-chip">{escape(t)}</span>' for t in note.tags)
    sources = "".join(f"<li>{_source(s)}</li>" for s in note.sources)
    phrases = " ".join(
        f'<a class="tifa-chip" href="{attr(relative_url(page_url, f"phrases/{p}/"))}">{escape(p)}</a>' for p in note.phrases
    )
    return (
        f'<aside class="tifa-note" id="{attr(note.note_id)}" role="note" tabindex="-1" data-search-exclude>'
        f'<header><strong>{escape(note.author)}</strong> <span class="tifa-date">{escape(note.date)}</span> {tags}</header>'
        f'<div class="tifa-note-body">{sanitize(note.body)}</div>'
        f'{f"<ul class=tifa-note-sources>{sources}</ul>" if sources else ""}{f"<p>{phrases}</p>" if phrases else ""}</aside>'
    )


def render_annotation_list(notes: list[Annotation], page_url: str) -> str:
    items = "".join(
        f'<li><a href="#{attr(n.note_id)}">「{escape(n.quote)}」</a> — {escape(n.author)}, {escape(n.date)}</li>' for n in notes
    )
    return f'<ul class="tifa-note-list">{items}</ul>'


def render_annotation_index(notes: list[Annotation], titles: dict[str, str]) -> str:
    page = "annotations/"
    by_tag: dict[str, list[Annotation]] = defaultdict(list)
    by_author: dict[str, list[Annotation]] = defaultdict(list)
    for n in notes:
        for t in n.tags or ["（无标签）"]:
            by_tag[t].append(n)
        by_author[n.author].append(n)

    def item(n: Annotation) -> str:
        href = relative_url(page, f"documents/{n.doc_id}/#{n.note_id}")
        return f'<li><a href="{attr(href)}">「{escape(n.quote)}」</a> <span class="tifa-count">{escape(titles.get(n.doc_id, n.doc_id))} · {escape(n.date)}</span></li>'

    parts = ["---\ntitle: 注释\n---", "# 注释 {#annotations}", (f"共 {len(notes)} 条注释。添加注释：`tifa new-annotation 文件编号 \"引文\" --write 名称` 写出 "
              "`annotations/文件编号/名称.md`，补上正文，`tifa check` 检查后以拉取请求提交。"), "## 按标签 {#by-tag}"]
    for tag in sorted(by_tag):
        parts.append(f"<h3>{escape(tag)}</h3><ul>{''.join(item(n) for n in by_tag[tag])}</ul>")
    parts.append("## 按作者 {#by-author}")
    for author in sorted(by_author):
        parts.append(f"<h3>{escape(author)}</h3><ul>{''.join(item(n) for n in by_author[author])}</ul>")
    return "\n\n".join(parts) + "\n"
