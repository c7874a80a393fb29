"""The page of one document: metadata header, paragraphs with permalinks,
marks (phrase links, damage, annotations), the original and what changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .. import escape as esc
from ..messages import Messages, messages
from ..mine import Phrase
from ..model import Damage, Document, Mark, Paragraph
from .inline import relative_url, render_spans

# The fields of the metadata header, in order; their labels are the catalogue's ``meta.<field>``.
META_FIELDS = ("date", "adopted", "revised", "issuer", "author", "place", "source", "doc_number", "script", "captured")
DATE_FIELDS = ("date", "adopted", "revised", "captured")


def step_name(step: str, msg: Messages) -> str:
    """A normalization step as the reader's language names it (an unknown one by its own name)."""
    return msg.strings.get(f"step.{step}", step)  # type: ignore[return-value]


# Generated HTML between these comments is left out of what Material's search indexer reads.
NO_SEARCH_START = "<!--tifa:nosearch-->"
NO_SEARCH_END = "<!--/tifa:nosearch-->"


def doc_url(doc_id: str) -> str:
    return f"documents/{doc_id}/"


def phrase_url(slug: str) -> str:
    return f"phrases/{slug}/"


def original_path(doc_id: str) -> str:
    """The untouched text of a document (decoded, boilerplate and all), served as UTF-8."""
    return f"originals/{doc_id}.txt"


def download_path(doc: Document) -> str | None:
    """The source file itself (a saved page without its scripts, a .docx, a .pdf), when it is not the text."""
    return f"originals/{doc.id}{doc.download_suffix}" if doc.download is not None else None




@dataclass(frozen=True)
class RelatedDocument:
    """What a page shows of another document it links to."""

    id: str
    title: str | None
    date: str | None


@dataclass(frozen=True)
class DocumentContext:
    """What the page needs from the other stages; all optional. Together with the document it
    is everything the page is made from (`mkdocs serve` reuses a page while both are equal)."""

    marks: tuple[Mark, ...] = ()
    cards: Mapping[str, tuple] = field(default_factory=dict)  # slug → hover card, for each phrase linked here
    notes_by_paragraph: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # pid → rendered <aside>s
    directives: tuple[tuple[str, str, int], ...] = ()  # (slug, term, occurrences here)
    related: tuple[tuple[RelatedDocument, int], ...] = ()  # documents sharing directives, with how many
    annotations_html: str = ""
    parallels: Mapping[str, str] = field(default_factory=dict)  # pid → the parallels marker (tifa.site.reuse)
    parallels_html: str = ""  # the documents this one repeats and that repeat it
    language: str = "zh"  # the interface's (tifa.messages), never the text's


def damage_marks(doc: Document) -> list[Mark]:
    return [Mark(d.start, d.end, "damage", (("i", str(i)),)) for i, d in enumerate(doc.damage)]


def _damage_title(d: Damage, msg: Messages) -> str:
    if d.kind == "corrected":
        note = msg("damage.corrected_note", note=d.note) if d.note else ""
        return msg("damage.corrected", original=d.original, correction=d.correction, note=note)
    if d.kind in ("mojibake", "placeholder", "missing"):
        return msg(f"damage.{d.kind}", original=d.original)
    return d.reason


def inline_tags(doc: Document, ctx: DocumentContext, page_url: str):
    """Open/close tags for phrase, damage and annotation marks on a page at ``page_url``."""
    phrase_links: dict[str, str] = {}  # a phrase's link, written once per page
    msg = messages(ctx.language)

    def phrase_tag(m: Mark) -> tuple[str, str]:
        # The hover card's content is in the page's card data (once per phrase), not on every link.
        slug = m.attr("slug") or ""
        link = phrase_links.get(slug)
        if link is None:
            href = relative_url(page_url, phrase_url(slug))
            link = phrase_links[slug] = f'<a class="tifa-phrase" href="{esc.attr(href)}" data-slug="{esc.attr(slug)}">'
        return link, "</a>"

    # A damage mark inside a phrase link is not focusable itself (no control inside another): the link is.
    linked = [(m.start, m.end) for m in ctx.marks if m.kind == "phrase"]

    def damage_tag(m: Mark) -> tuple[str, str]:
        d = doc.damage[int(m.attr("i") or "0")]
        title = _damage_title(d, msg)
        focus = "" if any(s < m.end and m.start < e for s, e in linked) else ' tabindex="0"'
        return (
            f'<span class="tifa-damage tifa-damage-{esc.attr(d.kind)}"{focus} title="{esc.attr(title)}" '
            f'aria-label="{esc.attr(title)}" data-original="{esc.attr(d.original)}">',
            "</span>",
        )

    def note_tag(m: Mark) -> tuple[str, str]:
        note = m.attr("note") or ""
        # Not focusable: the passage may hold phrase links; notes.js adds the note's button after it.
        return f'<mark class="tifa-annotated" data-note="{esc.attr(note)}">', "</mark>"

    return {"phrase": phrase_tag, "damage": damage_tag, "annotation": note_tag}


def _first_line(markdown_text: str) -> str:
    for line in markdown_text.strip().splitlines():
        if line.strip():
            return line.strip()[:140]
    return ""


def phrase_cards(phrases: Mapping[str, Phrase], slugs: Iterable[str | None]) -> dict[str, tuple]:
    """The hover card of each phrase in ``slugs`` (known ones), by slug in order."""
    return {slug: card_fields(phrases[slug]) for slug in sorted({s for s in slugs if s is not None and s in phrases})}


def card_data(phrases: Mapping[str, Phrase], slugs: Iterable[str | None]) -> str:
    """Hover-card content for the phrases linked on a page, as JSON in a script tag (read by hovercard.js)."""
    return cards_script(phrase_cards(phrases, slugs))


def cards_script(cards: Mapping[str, tuple]) -> str:
    return _json_script("tifa-card-data", cards) if cards else ""


def card_fields(p: Phrase) -> tuple:
    """(term, pinyin, english, gloss, documents, curated) — what a hover card shows."""
    return (p.term or "", p.pinyin or "", p.english or "", _first_line(p.definition or ""), len(p.doc_ids),
            1 if p.curated else 0)


def _json_script(cls: str, data) -> str:
    return esc.json_script(cls, data)


def render_original_slice(doc: Document, start: int, end: int, msg: Messages | None = None) -> str:
    """The original text of a span as HTML, with each change marked and explained (briefings)."""
    msg = msg or messages()
    o_start, o_end = doc.to_original(start, end)
    out, cursor = [], o_start
    for c in _shown_changes(doc, o_start, o_end):
        out.append(esc.text(doc.original[cursor : c.orig_start]))
        after = c.after if c.after else msg("change.deleted")
        title = msg("change.title", step=step_name(c.step, msg), before=c.before, after=after)
        cls = "tifa-chg-del" if not c.after else "tifa-chg"
        out.append(
            f'<span class="{cls} tifa-chg-{esc.attr(c.step)}" title="{esc.attr(title)}">'
            f"{esc.text(doc.original[c.orig_start : c.orig_end])}</span>"
        )
        cursor = c.orig_end
    out.append(esc.text(doc.original[cursor:o_end]))
    return "".join(out)


def _meta_header(doc: Document, msg: Messages) -> str:
    rows = []
    for name in META_FIELDS:
        value = getattr(doc.meta, name)
        if not value:
            continue
        label = msg(f"meta.{name}")
        if name == "script":
            value = msg.strings.get(f"script.{value}", value)
        elif name in DATE_FIELDS:
            value = msg.date(str(value))
        provenance = doc.meta.provenance.get(name, "")
        hint = msg("meta.sidecar") if provenance == "sidecar" else ""
        extra = f' <span class="tifa-prov" title="{esc.attr(hint)}">*</span>' if hint else ""
        rows.append(f"<dt>{esc.text(label)}</dt><dd data-field=\"{name}\">{esc.text(str(value))}{extra}</dd>")
    for role, who in doc.meta.credits.items():
        rows.append(f'<dt>{esc.text(role)}</dt><dd data-field="credit">{esc.text(who)}</dd>')
    if doc.meta.tags:
        rows.append(f'<dt>{esc.text(msg("meta.tags"))}</dt><dd data-field="tags">{esc.text(msg("list.sep").join(doc.meta.tags))}</dd>')
    for key, value in doc.meta.extra.items():  # front-matter fields tifa does not know, shown as written
        rows.append(f'<dt>{esc.text(key)}</dt><dd data-field="extra">{esc.text(value)}</dd>')
    if doc.meta.source_url:
        url = esc.safe_url(doc.meta.source_url)  # anything else was reported when the sidecar was read
        shown = esc.text(doc.meta.source_url)
        link = f'<a href="{esc.attr(url)}" rel="nofollow noopener noreferrer">{shown}</a>' if url else shown
        rows.append(f"<dt>{esc.text(msg('meta.source_url'))}</dt><dd>{link}</dd>")
    for label, address in doc.meta.links:  # the source text's own links, kept as source links
        url = esc.safe_url(address)
        if url and url.startswith(("http://", "https://")):
            rows.append(f'<dt>{esc.text(msg("meta.link"))}</dt><dd data-field="link"><a href="{esc.attr(url)}" rel="nofollow noopener noreferrer">'
                        f'{esc.text(label or address)}</a></dd>')
    notes = f'<p class="tifa-meta-notes">{esc.text(doc.meta.notes)}</p>' if doc.meta.notes else ""
    return f'<dl class="tifa-meta">{"".join(rows)}</dl>{notes}'


def _paragraph(p: Paragraph, ctx: DocumentContext, inline: str, msg: Messages) -> str:
    notes = "".join(ctx.notes_by_paragraph.get(p.id, ()))
    link = esc.attr(msg("paragraph.link", number=p.number))
    tag = f"h{min(max(p.level, 2), 6)}" if p.kind == "heading" else "p"
    return (
        f'<div class="tifa-p tifa-p-{p.kind}" id="{esc.attr(p.id)}" data-number="{p.number}">'
        f'<a class="tifa-permalink" href="#{esc.attr(p.id)}" title="{link}" aria-label="{link}">¶{p.number}</a>'
        f"{notes}"  # before the text, so a note floats beside the paragraph's first line
        f'<{tag} class="tifa-norm">{inline}</{tag}>{ctx.parallels.get(p.id, "")}</div>'
    )


def _shown_changes(doc: Document, o_start: int, o_end: int):
    """Changes inside an original span, in order, skipping later steps over characters already marked."""
    changes = sorted(
        (c for c in doc.changes if c.step != "boilerplate" and o_start <= c.orig_start and c.orig_end <= o_end and c.orig_end > c.orig_start),
        key=lambda c: (c.orig_start, -c.orig_end),
    )
    cursor = o_start
    for c in changes:
        if c.orig_start < cursor:
            continue  # a later step changed the same characters; the first mark explains them
        yield c
        cursor = c.orig_end


def original_views(doc: Document, msg: Messages | None = None) -> str:
    """The original of every paragraph and its changes, as compact JSON in a script tag.

    tifa.js turns it into marked-up text when a reader first asks for the original,
    so the page carries each change once as numbers (a traditional text changes
    every few characters; marking each change up in HTML made pages 10× the text).
    Per paragraph: ``[original, gap, length, step, after, gap, length, step, after, …]``
    in code points, ``gap`` counted from the end of the previous change; ``after`` is
    ``[after, before]`` when an earlier step had already changed the characters, and
    ``0`` when it is the page's usual conversion of those characters (``script``: each
    traditional character is spelled out once per page, not at every occurrence).
    """
    steps: list[str] = []
    usual: dict[str, str] = {}
    views = {}
    for p in doc.paragraphs:
        o_start, o_end = doc.to_original(p.start, p.end)
        # Markup taken from the start of the paragraph's line (a heading's ##) is shown with it.
        o_start = max(doc.original.rfind("\n", 0, o_start) + 1, doc.origin[p.start - 1] + 1 if p.start else 0)
        entry: list = [doc.original[o_start:o_end]]
        cursor = o_start
        for c in _shown_changes(doc, o_start, o_end):
            if c.step not in steps:
                steps.append(c.step)
            before = doc.original[c.orig_start:c.orig_end]
            if c.before != before:
                after: object = [c.after, c.before]
            elif c.step == "script" and usual.setdefault(before, c.after) == c.after:
                after = 0
            else:
                after = c.after
            entry += [c.orig_start - cursor, c.orig_end - c.orig_start, steps.index(c.step), after]
            cursor = c.orig_end
        views[p.id] = entry
    labels = [[s, step_name(s, msg or messages())] for s in steps]
    return _json_script("tifa-original-data", {"steps": labels, "script": usual, "p": views})


def _changes_summary(doc: Document, msg: Messages) -> str:
    counts: dict[str, int] = {}
    for c in doc.changes:
        counts[c.step] = counts.get(c.step, 0) + 1
    items = "".join(f"<li>{esc.text(msg.count('doc.change_count', n, step=step_name(s, msg)))}</li>" for s, n in counts.items())
    removed = "".join(
        f'<li><code>{esc.text(r.rule)}</code> {esc.text(r.text)}</li>' for r in doc.removed
    )
    removed_html = (
        f"<details class=\"tifa-removed\"><summary>{esc.text(msg.count('doc.removed', len(doc.removed)))}</summary><ul>{removed}</ul></details>"
        if doc.removed
        else ""
    )
    damage = [d for d in doc.damage]
    damage_html = (
        f'<p class="tifa-damage-summary">{esc.text(msg.count("doc.damage_summary", len(damage)))}</p>' if damage else ""
    )
    return f'<ul class="tifa-change-counts">{items or "<li>" + esc.text(msg("doc.no_changes")) + "</li>"}</ul>{removed_html}{damage_html}'


def citation(doc: Document, msg: Messages | None = None) -> str:
    """《title》，issuer，place，date；来源：source。 — the plain-text citation used on every page
    (its punctuation is the interface language's)."""
    msg = msg or messages()
    m = doc.meta
    text = msg("cite.sep").join([msg("cite.title", title=m.title or doc.id)] + [x for x in (m.issuer, m.place, m.date) if x])
    if m.source:
        text += msg("cite.source", source=m.source)
    return text + msg("cite.end")


def render_document(doc: Document, ctx: DocumentContext | None = None) -> str:
    """Markdown (mostly HTML) for ``documents/<id>/``."""
    ctx = ctx or DocumentContext()
    msg = messages(ctx.language)
    page_url = doc_url(doc.id)
    marks = list(ctx.marks) + damage_marks(doc)
    tags = inline_tags(doc, ctx, page_url)
    title = doc.meta.title or doc.id
    body = [
        front_matter(title, in_search=False),
        f"# {esc.md_text(title)}\n",
        _meta_header(doc, msg),
        f'<div class="tifa-view" role="group" aria-label="{esc.attr(msg("view.group"))}">'
        + "".join(f'<button type="button" data-view="{view}" aria-pressed="{str(view == "normalized").lower()}">'
                  f'{esc.text(msg("view." + view))}</button>' for view in ("normalized", "original", "parallel"))
        + "</div>",
        f'<div class="tifa-doc" data-doc="{esc.attr(doc.id)}" data-view="normalized" data-citation="{esc.attr(citation(doc, msg))}" '
        f'data-title="{esc.attr(title)}" data-basket="{esc.attr(relative_url(page_url, "briefings/basket/"))}">',
    ]
    shown = [p for p in doc.paragraphs if not (p.kind == "title" and p.text == title)]  # the title is the page heading
    for p, inline in zip(shown, render_spans([(p.text, p.start) for p in shown], marks, tags)):
        body.append(_paragraph(p, ctx, inline, msg))
    body.append("</div>\n" + original_views(doc, msg) + cards_script(ctx.cards))
    if ctx.directives:
        items = "".join(
            f'<li><a href="{esc.attr(relative_url(page_url, phrase_url(slug)))}">{esc.text(term)}</a> <span class="tifa-count">×{n}</span></li>'
            for slug, term, n in ctx.directives
        )
        body.append(f'\n## {esc.md_text(msg("doc.directives"))} {{#directives}}\n\n<ul class="tifa-directives">{items}</ul>\n')
    if ctx.related:
        items = "".join(
            f'<li><a href="{esc.attr(relative_url(page_url, doc_url(d.id)))}">{esc.text(d.title or d.id)}</a> '
            f'<span class="tifa-count">{esc.text(msg.date(d.date) if d.date else "")} · {esc.text(msg.count("doc.shared", n))}</span></li>'
            for d, n in ctx.related
        )
        body.append(f'\n## {esc.md_text(msg("doc.related"))} {{#related}}\n\n<ul class="tifa-related">{items}</ul>\n')
    if ctx.parallels_html:
        body.append(ctx.parallels_html)
    if ctx.annotations_html:
        body.append(f"\n## {esc.md_text(msg('doc.annotations'))} {{#annotations}}\n\n{ctx.annotations_html}\n")
    body.append(f"\n## {esc.md_text(msg('doc.original'))} {{#original}}\n\n")
    body.append(_changes_summary(doc, msg))
    # The whole original is a file of its own: in the page it doubled every page's weight.
    body.append(
        f'<p class="tifa-original-file"><a href="{esc.attr(relative_url(page_url, original_path(doc.id)))}" '
        f'type="text/plain">{esc.text(msg("doc.original_file"))}</a></p>\n'
    )
    download = download_path(doc)
    if download:
        kind = msg.strings.get("source_kind." + doc.download_suffix.lstrip("."), doc.download_suffix)
        body.append(f'<p class="tifa-source-file"><a href="{esc.attr(relative_url(page_url, download))}" download>'
                    f'{esc.text(msg("doc.source_file", kind=kind))}</a></p>\n')
    return "\n\n".join(body)


def front_matter(title: str, in_search: bool = True) -> str:
    """A generated page's front matter. Material puts the title into the header and navigation
    unescaped and into ``<title>`` unescaped twice over, so it is :func:`tifa.escape.page_title`
    (no markup characters at all). JSON strings are valid YAML.

    ``in_search=False`` keeps the page out of Material's search index (which every reader
    downloads whole); documents are found through tifa's full-text search instead."""
    head = "---\ntitle: " + esc.inline_json(esc.page_title(title)) + "\n"
    if not in_search:
        head += "search:\n  exclude: true\n"
    return head + "---\n"
