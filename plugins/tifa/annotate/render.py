"""Annotations as HTML: sanitized bodies, notes beside the text, an index page."""

from __future__ import annotations

from collections import defaultdict

from .. import escape as esc
from ..messages import Messages, messages
from ..site.document import front_matter
from ..site.inline import relative_url
from . import Annotation

# The sanitizer and its depth check live with the other output helpers; named here for the loaders.
too_deep, DEEP_HINT = esc.too_deep, esc.DEEP_HINT

def _source(s: str) -> str:
    url = esc.safe_url(s)
    return f'<a href="{esc.attr(url)}" rel="nofollow noopener noreferrer">{esc.text(s)}</a>' if url else esc.text(s)


def render_note(note: Annotation, page_url: str = "", msg: Messages | None = None) -> str:
    msg = msg or messages()
    tags = " ".join(f'<span class="tifa-chip">{esc.text(t)}</span>' for t in note.tags)
    sources = "".join(f"<li>{_source(s)}</li>" for s in note.sources)
    phrases = " ".join(  # an unknown phrase was reported; only a slug-shaped name becomes a link
        f'<a class="tifa-chip" href="{esc.attr(relative_url(page_url, f"phrases/{p}/"))}">{esc.text(p)}</a>'
        for p in note.phrases if esc.safe_slug(p) == p
    )
    return (
        f'<aside class="tifa-note" id="{esc.attr(note.note_id)}" role="note" tabindex="-1" data-search-exclude>'
        f'<header><strong>{esc.text(note.author)}</strong> <span class="tifa-date">{esc.text(msg.date(note.date))}</span> {tags}</header>'
        f'<div class="tifa-note-body">{esc.markdown(note.body)}</div>'
        f'{f"<ul class=tifa-note-sources>{sources}</ul>" if sources else ""}{f"<p>{phrases}</p>" if phrases else ""}</aside>'
    )


def render_annotation_list(notes: list[Annotation], page_url: str, msg: Messages | None = None) -> str:
    msg = msg or messages()
    items = "".join(
        f'<li><a href="#{esc.attr(n.note_id)}">{esc.text(msg("phrase.quote", quote=n.quote))}</a> — {esc.text(n.author)}, '
        f'{esc.text(msg.date(n.date))}</li>' for n in notes
    )
    return f'<ul class="tifa-note-list">{items}</ul>'


def render_annotation_index(notes: list[Annotation], titles: dict[str, str], msg: Messages | None = None) -> str:
    msg = msg or messages()
    page = "annotations/"
    by_tag: dict[str, list[Annotation]] = defaultdict(list)
    by_author: dict[str, list[Annotation]] = defaultdict(list)
    for n in notes:
        for t in n.tags or [msg("note.untagged")]:
            by_tag[t].append(n)
        by_author[n.author].append(n)

    def item(n: Annotation) -> str:
        href = relative_url(page, f"documents/{n.doc_id}/#{n.note_id}")
        return (f'<li><a href="{esc.attr(href)}">{esc.text(msg("phrase.quote", quote=n.quote))}</a> '
                f'<span class="tifa-count">{esc.text(titles.get(n.doc_id, n.doc_id))} · {esc.text(msg.date(n.date))}</span></li>')

    parts = [front_matter(msg("notes.title")).rstrip("\n"), f"# {esc.md_text(msg('notes.title'))} {{#annotations}}",
             msg.count("notes.summary", len(notes)), f"## {esc.md_text(msg('notes.by_tag'))} {{#by-tag}}"]
    for tag in sorted(by_tag):
        parts.append(f"<h3>{esc.text(tag)}</h3><ul>{''.join(item(n) for n in by_tag[tag])}</ul>")
    parts.append(f"## {esc.md_text(msg('notes.by_author'))} {{#by-author}}")
    for author in sorted(by_author):
        parts.append(f"<h3>{esc.text(author)}</h3><ul>{''.join(item(n) for n in by_author[author])}</ul>")
    return "\n\n".join(parts) + "\n"
