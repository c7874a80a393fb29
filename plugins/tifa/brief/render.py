"""Briefing pages: the trainer's prose, each passage with its citation, questions,
key terms and a glossary of the directives the passages use; plus the index and
the basket page."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .. import escape as esc
from ..messages import Messages, messages
from ..mine import Phrase
from ..model import Mark
from ..site.document import (
    DocumentContext,
    card_data,
    citation,
    damage_marks,
    doc_url,
    front_matter,
    inline_tags,
    phrase_url,
    render_original_slice,
)
from ..site.inline import relative_url, render_spans
from . import Briefing, PassageRef, PhraseRef, Resolved


def render_passage(r: Resolved, page: str, phrases: Mapping[str, Phrase], marks: Sequence[Mark],
                   msg: Messages | None = None) -> str:
    msg = msg or messages()
    ctx = DocumentContext(language=msg.language)
    tags = dict(inline_tags(r.doc, ctx, page))
    tags["quote"] = lambda m: ('<mark class="tifa-quoted">', "</mark>")
    all_marks = list(marks) + damage_marks(r.doc)
    if r.ref.quote:
        all_marks.append(Mark(r.start, r.end, "quote"))
    inline = render_spans([(p.text, p.start) for p in r.paragraphs], all_marks, tags)
    body = "".join(f'<p data-paragraph="{esc.attr(p.id)}">{html}</p>' for p, html in zip(r.paragraphs, inline))
    if r.ref.with_original:
        original = "".join(f"<p>{render_original_slice(r.doc, p.start, p.end, msg)}</p>" for p in r.paragraphs)
        body = (f'<div class="tifa-passage-norm">{body}</div><div class="tifa-passage-orig" lang="zh">'
                f'<span class="tifa-count" lang="{msg.language}">{esc.text(msg("brief.original"))}</span>{original}</div>')
    first = r.paragraphs[0]
    href = relative_url(page, doc_url(r.doc.id) + f"#{first.id}")
    numbers = msg("brief.paragraphs_sep").join(f"¶{p.number}" for p in r.paragraphs)
    return (
        f'<figure class="tifa-passage{" tifa-passage-parallel" if r.ref.with_original else ""}" data-doc="{esc.attr(r.doc.id)}">'
        f"<blockquote>{body}</blockquote>"
        f'<figcaption class="tifa-citation">{esc.text(citation(r.doc, msg))} {esc.text(numbers)} '
        f'<a class="tifa-permalink-cite" href="{esc.attr(href)}">{esc.text(doc_url(r.doc.id) + "#" + first.id)}</a></figcaption>'
        f"</figure>"
    )


def _prose(text: str) -> list[str]:
    """The trainer's prose, sanitized; its headings stay Markdown headings so they reach the table of contents."""
    out: list[str] = []
    chunk: list[str] = []

    def flush():
        if "".join(chunk).strip():
            out.append(f'<div class="tifa-brief-prose">{esc.markdown(chr(10).join(chunk))}</div>')
        chunk.clear()

    for line in text.split("\n"):
        heading = re.match(r"^(#{2,6})\s+(.+?)\s*#*\s*$", line)
        if heading:
            flush()
            out.append(f"{heading.group(1)} {esc.md_text(heading.group(2))}")
        else:
            chunk.append(line)
    flush()
    return out


def _phrase_block(p, page: str) -> str:
    return (
        f'<div class="tifa-brief-phrase"><p><a href="{esc.attr(relative_url(page, phrase_url(p.slug)))}"><strong>{esc.text(p.term)}</strong></a> '
        f'<span class="tifa-pinyin">{esc.text(p.pinyin)}</span> <span class="tifa-english">{esc.text(p.english)}</span></p>'
        f"{esc.markdown(p.definition) if p.definition else ''}</div>"
    )


def render_briefing(brief: Briefing, resolved: list[Resolved], phrases: Mapping[str, Phrase],
                    marks_by_doc: Mapping[str, Sequence[Mark]], msg: Messages | None = None) -> str:
    msg = msg or messages()
    page = f"briefings/{brief.slug}/"
    by_ref = {id(r.ref): r for r in resolved}
    meta = " · ".join(x for x in (brief.author, brief.audience, msg.date(brief.date) if brief.date else "") if x)
    parts = [
        front_matter(brief.title),
        f"# {esc.md_text(brief.title)}",
        f'<p class="tifa-brief-meta">{esc.text(meta)} <button type="button" class="tifa-print md-button">{esc.text(msg("brief.print"))}</button></p>',
    ]
    if brief.summary:
        parts.append(f'<div class="tifa-brief-summary">{esc.markdown(brief.summary)}</div>')
    used: dict[str, Phrase] = {}
    for item in brief.body:
        if isinstance(item, str):
            parts.extend(_prose(item))
        elif isinstance(item, PassageRef):
            r = by_ref.get(id(item))
            if r is not None:
                marks = [m for m in marks_by_doc.get(r.doc.id, ()) if any(p.start <= m.start < p.end for p in r.paragraphs)]
                for m in marks:
                    slug = m.attr("slug")
                    if m.kind == "phrase" and slug is not None and slug in phrases:
                        used[slug] = phrases[slug]
                parts.append(render_passage(r, page, phrases, marks, msg))
        elif isinstance(item, PhraseRef) and item.slug in phrases:
            used[item.slug] = phrases[item.slug]
            parts.append(_phrase_block(phrases[item.slug], page))
    if brief.questions:
        items = "".join(f"<li>{esc.text(q)}</li>" for q in brief.questions)
        parts.append(f'## {esc.md_text(msg("brief.questions"))} {{#questions}}\n\n<ol class="tifa-questions">{items}</ol>')
    key = [phrases[s] for s in brief.key_terms if s in phrases]
    if key:
        parts.append(f"## {esc.md_text(msg('brief.key_terms'))} {{#key-terms}}\n\n" + "".join(_phrase_block(p, page) for p in key))
    if used:
        items = "".join(
            f'<li><a href="{esc.attr(relative_url(page, phrase_url(p.slug)))}">{esc.text(p.term)}</a> '
            f'<span class="tifa-pinyin">{esc.text(p.pinyin)}</span> {esc.text(p.english)}</li>'
            for p in sorted(used.values(), key=lambda p: p.term)
        )
        parts.append(f'## {esc.md_text(msg("brief.glossary"))} {{#glossary}}\n\n<ul class="tifa-brief-glossary">{items}</ul>')
    sources = {r.doc.id: r.doc for r in resolved}
    items = "".join(f"<li>{esc.text(citation(d, msg))}</li>" for d in sorted(sources.values(), key=lambda d: d.meta.date or ""))
    parts.append(f'## {esc.md_text(msg("brief.sources"))} {{#sources}}\n\n<ol class="tifa-brief-sources">{items}</ol>')
    parts.append(card_data(phrases, used))
    return "\n\n".join(p for p in parts if p) + "\n"


def render_briefings_index(briefs: list[tuple[Briefing, list[Resolved]]], msg: Messages | None = None) -> str:
    msg = msg or messages()
    page = "briefings/"
    items = "".join(
        f'<li><a href="{esc.attr(relative_url(page, f"briefings/{b.slug}/"))}">{esc.text(b.title)}</a> '
        f'<span class="tifa-count">{esc.text(b.author)} · {esc.text(msg.date(b.date))} · {esc.text(msg.count("brief.passages", len(r)))}</span>'
        f"{f'<br><span class=tifa-count>{esc.text(b.summary)}</span>' if b.summary else ''}</li>"
        for b, r in briefs
    )
    return (
        front_matter(msg("brief.index_title")) + f"\n# {esc.md_text(msg('brief.index_title'))} {{#briefings}}\n\n"
        f"{msg('brief.index_intro')}\n\n"
        f'<ul class="tifa-briefings">{items}</ul>\n'
    )


def render_basket_page(msg: Messages | None = None) -> str:
    msg = msg or messages()
    return (
        front_matter(msg("basket.title")) + f"\n# {esc.md_text(msg('basket.title'))} {{#basket}}\n\n"
        f"{msg('basket.intro')}\n\n"
        f'<div id="tifa-basket" class="tifa-basket"><p class="tifa-basket-empty">{esc.text(msg("basket.empty"))}</p></div>\n'
    )
