"""Phrase pages (``phrases/<slug>/``) and the phrase index (``phrases/``)."""

from __future__ import annotations

import heapq
import json
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from operator import attrgetter

from .. import escape as esc
from ..memory import ServeMemory, reuse
from ..messages import Messages, messages
from ..mine import Occurrence, Phrase, PhraseTable
from ..mine.kinds import KINDS, Reason  # each kind named as kind.<name> in the messages
from ..model import Document, by_date
from .document import NO_SEARCH_END, NO_SEARCH_START, doc_url, front_matter, phrase_url
from .inline import relative_url

CONTEXT = 18
_DOC_ID, _SURFACE = attrgetter("doc_id"), attrgetter("surface")
KWIC_MAX = 300  # lines on one phrase page: past that the page grows with the collection
CATEGORIES = ("slogan", "numbered-formula", "enumeration", "institution", "principle", "mined")  # named as category.<name>


def category_name(category: str, msg: Messages) -> str:
    return msg.strings.get(f"category.{category}", category)  # type: ignore[return-value]


def kind_name(kind: str, msg: Messages) -> str:
    return msg.strings.get(f"kind.{kind}", kind)  # type: ignore[return-value]


def shown_category(phrase: Phrase, msg: Messages) -> str:
    """A phrase's category as pages show it: a mined phrase's names its kind (提法, 术语 …), since
    "found by the program" would only repeat the badge or the column of origin beside it."""
    return kind_name(phrase.kind, msg) if phrase.category == "mined" else category_name(phrase.category, msg)


def _date(doc: Document | None, msg: Messages) -> str:
    return msg.date(doc.meta.date if doc else None)


@dataclass
class _Shared:
    """What every phrase page of one build uses, worked out once for all of them."""

    doc_sets: dict[str, int]  # each phrase's documents as bits (:class:`_DocSets`)
    order: dict[str, tuple[str, str]]  # each document's place in a concordance
    dated: dict[str, tuple[str, str]]  # each document's place on a timeline
    month: dict[str, str]  # each document's month, as the timeline counts it ("" when undated)
    msg: Messages


def _shared_parts(table: PhraseTable, docs: Mapping[str, Document], msg: Messages | None = None) -> _Shared:
    dates = {doc_id: doc.meta.date or "" for doc_id, doc in docs.items()}
    return _Shared(_doc_sets(table), {d: by_date(doc) for d, doc in docs.items()},
                   {d: (date, d) for d, date in dates.items()}, {d: date[:7] for d, date in dates.items()},
                   msg or messages())


def _kwic(phrase: Phrase, table: PhraseTable, docs: Mapping[str, Document], page: str, order: Mapping,
          memory: ServeMemory | None, msg: Messages) -> str:
    """``order``: each document's place in the concordance. The occurrences are in (document,
    position) order, as linking leaves them: a document's are found by bisection."""
    occurrences = phrase.occurrences
    blocks = []
    shown = 0
    for doc_id in sorted(filter(order.__contains__, phrase.doc_ids), key=order.__getitem__):
        if shown >= KWIC_MAX:
            rest = len(occurrences) - shown
            blocks.append(f'<p class="tifa-count">{esc.text(msg("phrase.kwic_more", rest=msg.number(rest), max=KWIC_MAX))}</p>')
            break
        doc = docs[doc_id]
        lo = bisect_left(occurrences, doc_id, key=_DOC_ID)
        in_doc = occurrences[lo : bisect_right(occurrences, doc_id, lo, key=_DOC_ID)]
        shown += len(in_doc)
        # The block is a function of these inputs: under `mkdocs serve` reused while they are equal.
        lines = _KwicLines(tuple(in_doc), doc, tuple(table.phrases[o.via].term if o.via in table.phrases else None
                                                      for o in in_doc), page, msg.language)
        blocks.append(reuse(memory, "concordance", f"{phrase.slug} {doc_id}", lines, partial(_kwic_block, lines)))
    return "\n\n".join(blocks)


@dataclass(frozen=True)
class _KwicLines:
    """One document's lines of a phrase's concordance, as inputs."""

    occurrences: tuple[Occurrence, ...]
    doc: Document
    via_terms: tuple[str | None, ...]  # the term of the longer phrase each occurrence is inside, if any
    page: str
    language: str  # of the interface (tifa.messages)


def _kwic_block(lines: _KwicLines) -> str:
    """One document's lines of a phrase's concordance: the title, then each use in its context."""
    doc, page, msg = lines.doc, lines.page, messages(lines.language)
    rows = []
    for occ, via_term in zip(lines.occurrences, lines.via_terms):
        para = doc.paragraph_at(occ.start)
        lo = para.start if para else 0
        hi = para.end if para else len(doc.text)
        left = doc.text[max(lo, occ.start - CONTEXT) : occ.start]
        right = doc.text[occ.end : min(hi, occ.end + CONTEXT)]
        href = relative_url(page, doc_url(doc.id) + (f"#{occ.paragraph_id}" if occ.paragraph_id else ""))
        via = f'<span class="tifa-count">{esc.text(msg("phrase.via", term=via_term))}</span>' if via_term else ""
        rows.append(
            f'<tr><td class="tifa-kwic-left">{esc.text(left)}</td>'
            f'<td class="tifa-kwic-key"><a href="{esc.attr(href)}">{esc.text(occ.surface)}</a></td>'
            f'<td class="tifa-kwic-right">{esc.text(right)}{via}</td></tr>'
        )
    meta = " · ".join(x for x in (_date(doc, msg), doc.meta.place or "", doc.meta.issuer or "") if x)
    return (
        f'<p class="tifa-kwic-doc" role="heading" aria-level="3"><a href="{esc.attr(relative_url(page, doc_url(doc.id)))}">{esc.text(doc.meta.title or doc.id)}</a></p>'
        f'<p class="tifa-count">{esc.text(meta)}</p>'
        f'<table class="tifa-kwic" data-search-exclude><tbody>{"".join(rows)}</tbody></table>'
    )


TIMELINE_FIRST = 10  # earliest documents named on the timeline; the rest are counted by month


def _timeline(phrase: Phrase, docs: Mapping[str, Document], page: str, shared: _Shared) -> str:
    """First uses by name, then documents per month: the page does not grow with the collection."""
    found = [d for d in phrase.doc_ids if d in shared.dated]
    first = heapq.nsmallest(TIMELINE_FIRST, map(shared.dated.__getitem__, found))
    msg = shared.msg
    items = "".join(
        f'<li><span class="tifa-date">{esc.text(msg.date(date))}</span> '
        f'<a href="{esc.attr(relative_url(page, doc_url(d)))}">{esc.text(docs[d].meta.place or docs[d].meta.title or d)}</a>'
        f'{" <strong>" + esc.text(msg("phrase.first")) + "</strong>" if i == 0 else ""}</li>'
        for i, (date, d) in enumerate(first)
    )
    out = f'<ol class="tifa-timeline">{items}</ol>'
    if len(found) > TIMELINE_FIRST:
        months = Counter(map(shared.month.__getitem__, found))
        most = max(months.values())
        rows = "".join(
            f'<tr><td class="tifa-date">{esc.text(msg.date(m) if m else msg("phrase.undated_month"))}</td><td>{msg.number(n)}</td>'
            f'<td><span class="tifa-bar" style="width:{100 * n / most:.0f}%"></span></td></tr>'
            for m, n in sorted(months.items(), key=lambda kv: (not kv[0], kv[0]))
        )
        out += (f'<p class="tifa-count">{esc.text(msg("phrase.timeline_more", n=TIMELINE_FIRST))}</p>'
                f'<table class="tifa-months"><tbody>{rows}</tbody></table>')
    return out


def _charts(phrase: Phrase, docs: Mapping[str, Document], msg: Messages) -> str:
    """Uses over time and by place, as static SVG with their tables (:mod:`tifa.site.charts`)."""
    from .charts import place_chart, time_chart

    found = [docs[o.doc_id] for o in phrase.occurrences if o.doc_id in docs]
    return (time_chart("chart-time", [d.meta.date for d in found], msg)
            + place_chart("chart-place", [d.meta.place for d in found], msg))


def _doc_sets(table: PhraseTable) -> dict[str, int]:
    """Each phrase's documents as the bits of an int: two phrases' shared documents are one ``&``."""
    bits: dict[str, int] = {}
    sets = {}
    for slug, phrase in table.phrases.items():
        mask = 0
        for doc_id in phrase.doc_ids:
            mask |= 1 << bits.setdefault(doc_id, len(bits))
        sets[slug] = mask
    return sets


def _related(phrase: Phrase, table: PhraseTable, page: str, doc_sets: Mapping[str, int]) -> str:
    """The phrases found in most of this phrase's documents."""
    mine = doc_sets[phrase.slug]
    shared = {s: n for s, other in doc_sets.items() if s != phrase.slug and (n := (mine & other).bit_count())}
    top = sorted(shared.items(), key=lambda kv: (-kv[1], table.phrases[kv[0]].term))[:12]
    return " ".join(
        f'<a class="tifa-chip" href="{esc.attr(relative_url(page, phrase_url(s)))}">{esc.text(table.phrases[s].term)} <span class="tifa-count">{n}</span></a>'
        for s, n in top
    )


def _definition_html(definition: str) -> str:
    return esc.markdown(definition)  # a glossary definition is contributor Markdown (the sanitizer caches)


def _evidence_html(phrase: Phrase, docs: Mapping[str, Document], msg: Messages) -> str:
    """Why mining found the phrase: its kind and signals, and how far it travels (places, dates)."""
    found = [docs[d] for d in phrase.doc_ids if d in docs]
    places = sorted({d.meta.place for d in found if d.meta.place})
    dates = sorted(d.meta.date for d in found if d.meta.date)
    span = (msg("phrase.span", first=msg.date(dates[0]), last=msg.date(dates[-1])) if dates
            else msg("phrase.span_unknown"))
    named = (msg("phrase.evidence_places", places=msg("list.sep").join(places[:12]),
                 more=msg("phrase.evidence_more") if len(places) > 12 else "") if places else "")
    return '<p class="tifa-evidence">' + esc.text(msg(
        "phrase.evidence", kind=kind_name(phrase.kind, msg),
        evidence=phrase.evidence.render(msg) if isinstance(phrase.evidence, Reason) else phrase.evidence,
        docs=msg.count("phrase.docs", len(found)), places=msg.count("phrase.places", len(places)), named=named,
        span=span)) + "</p>"


def render_phrase_page(phrase: Phrase, table: PhraseTable, docs: Mapping[str, Document], notes=(),
                       shared: _Shared | None = None, memory: ServeMemory | None = None,
                       msg: Messages | None = None) -> str:
    """``shared``: what every page of one build uses (:func:`_shared_parts`), when rendering many."""
    shared = shared or _shared_parts(table, docs, msg)
    msg = shared.msg
    page = phrase_url(phrase.slug)
    category = shown_category(phrase, msg)
    badge = esc.text(msg("phrase.curated" if phrase.curated else "phrase.mined"))
    parts = [
        front_matter(phrase.term),
        f"# {esc.md_text(phrase.term)}",
        f'<p class="tifa-phrase-head"><span class="tifa-pinyin">{esc.text(phrase.pinyin)}</span> '
        f'<span class="tifa-english">{esc.text(phrase.english)}</span> '
        f'<span class="tifa-chip">{esc.text(category)}</span> <span class="tifa-chip tifa-{"curated" if phrase.curated else "mined"}">{badge}</span> '
        f'<span class="tifa-count">{esc.text(msg("phrase.seen", docs=msg.count("phrase.docs", len(phrase.doc_ids)), uses=msg.count("phrase.uses_n", len(phrase.occurrences))))}</span></p>',
    ]
    if phrase.definition:
        parts.append(f'<div class="tifa-definition">{_definition_html(phrase.definition)}</div>')
    elif not phrase.curated:
        parts.append(f'<p class="tifa-definition">{msg("phrase.undefined")}</p>')  # the catalogue's own markup
    if not phrase.curated:
        parts.append(_evidence_html(phrase, docs, msg))
    if phrase.expansion:
        slug = table.forms().get(phrase.expansion)
        spelled = (f'<a href="{esc.attr(relative_url(page, phrase_url(slug)))}">{esc.text(phrase.expansion)}</a>'
                   if slug else esc.text(phrase.expansion))
        parts.append(f'<p class="tifa-expansion">{esc.text(msg("phrase.expansion"))}{spelled}</p>')
    forms = Counter(map(_SURFACE, phrase.occurrences))
    if len(phrase.forms) > 1 or len(forms) > 1:
        rows = "".join(
            f"<tr><td>{esc.text(f)}</td><td>{forms.get(f, 0)}</td></tr>" for f in dict.fromkeys([*phrase.forms, *forms])
        )
        parts.append(f"## {esc.md_text(msg('phrase.variants'))} {{#variants}}\n\n<table class=\"tifa-variants\"><thead><tr>"
                     f"<th>{esc.text(msg('phrase.form'))}</th><th>{esc.text(msg('phrase.uses'))}</th></tr></thead><tbody>{rows}</tbody></table>")
    family = [table.phrases[s] for s in table.families.get(phrase.family or "", []) if s != phrase.slug]
    part_of = [table.phrases[s] for s in phrase.part_of if s in table.phrases]
    see_also = [table.phrases[s] for s in phrase.see_also if s in table.phrases]
    links = family + part_of + see_also
    if links:
        items = "".join(
            f'<li><a href="{esc.attr(relative_url(page, phrase_url(p.slug)))}">{esc.text(p.term)}</a> <span class="tifa-count">{esc.text(msg.count("phrase.docs", len(p.doc_ids)))}</span></li>'
            for p in {p.slug: p for p in links}.values()
        )
        parts.append(f"## {esc.md_text(msg('phrase.family'))} {{#family}}\n\n<ul>{items}</ul>")
    # Charts, timeline and occurrences are figures and document titles: found through the full-text
    # search, so Material's indexer does not even read them (its HTML parser was ~1 s of a build at 300 phrases).
    charts = _charts(phrase, docs, msg)
    if charts:
        parts.append(f"## {esc.md_text(msg('chart.section'))} {{#uses}}\n\n{NO_SEARCH_START}\n\n{charts}\n\n{NO_SEARCH_END}")
    parts.append(f"## {esc.md_text(msg('phrase.timeline'))} {{#timeline}}\n\n{NO_SEARCH_START}\n\n"
                 f"{_timeline(phrase, docs, page, shared)}\n\n{NO_SEARCH_END}")
    parts.append(f"## {esc.md_text(msg('phrase.occurrences'))} {{#occurrences}}\n\n{NO_SEARCH_START}\n\n<div class=\"tifa-occurrences\" data-search-exclude>"
                 f"{_kwic(phrase, table, docs, page, shared.order, memory, msg)}</div>\n\n{NO_SEARCH_END}")
    if notes:
        items = "".join(
            f'<li><a href="{esc.attr(relative_url(page, doc_url(n.doc_id) + "#" + n.note_id))}">{esc.text(msg("phrase.quote", quote=n.quote))}</a> '
            f'<span class="tifa-count">{esc.text(n.author)} · {esc.text(msg.date(n.date))} · {esc.text(docs[n.doc_id].meta.title or n.doc_id)}</span></li>'
            for n in notes if n.doc_id in docs
        )
        parts.append(f"## {esc.md_text(msg('phrase.annotations'))} {{#annotations}}\n\n<ul>{items}</ul>")
    related = _related(phrase, table, page, shared.doc_sets)
    if related:
        parts.append(f"## {esc.md_text(msg('phrase.cooccurring'))} {{#cooccurring}}\n\n<p>{related}</p>")
    return "\n\n".join(parts) + "\n"


def render_phrase_pages(table: PhraseTable, docs: Mapping[str, Document], notes: Mapping[str, list] | None = None,
                        memory: ServeMemory | None = None, msg: Messages | None = None) -> dict[str, str]:
    """Every phrase page by source path; ``notes``: the annotations touching each phrase."""
    notes = notes or {}
    shared = _shared_parts(table, docs, msg)
    return {f"phrases/{slug}.md": render_phrase_page(p, table, docs, notes.get(slug, []), shared, memory)
            for slug, p in table.phrases.items()}


COMPARE_CHOICES = 300  # phrases offered in the compare view, most widespread first
def _compare_form(by_spread: list[Phrase], msg: Messages) -> str:
    """The compare view: a form whose choice goes into the URL (``?compare=slug&compare=…``), drawn by compare.js."""
    t = {key: msg("compare." + key) for key in ("title", "help", "label", "button", "nojs")}
    # Checkboxes named by the phrase beside each (the terms are content, not interface words).
    boxes = "".join(f'<li><input type="checkbox" name="compare" value="{esc.attr(p.slug)}" id="cmp-{esc.attr(p.slug)}" '
                    f'aria-labelledby="cmpl-{esc.attr(p.slug)}"> <span id="cmpl-{esc.attr(p.slug)}">{esc.text(p.term)}</span> '
                    f'<span class="tifa-count">{len(p.doc_ids)}</span></li>'
                    for p in by_spread[:COMPARE_CHOICES])
    return (f'## {esc.md_text(t["title"])} {{#compare}}\n\n'
            f'<form class="tifa-compare" method="get"><p>{esc.text(t["help"])}</p>'
            f'<fieldset><legend>{esc.text(t["label"])}</legend><ul class="tifa-compare-choices">{boxes}</ul></fieldset> '
            f'<button type="submit" class="md-button">{esc.text(t["button"])}</button></form>'
            f'<div class="tifa-compare-chart" aria-live="polite"><p class="tifa-count tifa-compare-nojs">{esc.text(t["nojs"])}</p></div>')


def render_phrase_index(table: PhraseTable, docs: Mapping[str, Document], msg: Messages | None = None) -> str:
    page = "phrases/"
    msg = msg or messages()

    first_dates = {slug: min((docs[d].meta.date or "9999" for d in p.doc_ids if d in docs), default="9999")
                   for slug, p in table.phrases.items()}

    def first_date(p: Phrase) -> str:
        return first_dates[p.slug]

    def row(p: Phrase) -> str:
        return (
            f'<tr data-category="{esc.attr(p.category)}"><td><a href="{esc.attr(relative_url(page, phrase_url(p.slug)))}">{esc.text(p.term)}</a></td>'
            f"<td>{esc.text(shown_category(p, msg))}</td><td>{msg.number(len(p.doc_ids))}</td><td>{msg.number(len(p.occurrences))}</td>"
            f'<td class="tifa-date">{esc.text(msg.date(first_date(p)) if first_date(p) != "9999" else msg("date.unknown"))}</td>'
            f'<td>{esc.text(msg("index.curated" if p.curated else "index.mined"))}</td></tr>'
        )

    head = "<thead><tr>" + "".join(f"<th>{esc.text(msg('index.col_' + c))}</th>"
                                   for c in ("phrase", "category", "docs", "uses", "first", "origin")) + "</tr></thead>"
    by_spread = sorted(table.phrases.values(), key=lambda p: (-len(p.doc_ids), -len(p.occurrences), p.term))
    by_first = sorted(table.phrases.values(), key=lambda p: (first_date(p), p.term))
    cats = sorted({p.category for p in table.phrases.values()})
    filters = " ".join(
        f'<a class="tifa-chip" href="#cat-{esc.attr(c)}">{esc.text(category_name(c, msg))}</a>' for c in cats
    )
    sections = [
        front_matter(msg("index.title")).rstrip("\n"),
        f"# {esc.md_text(msg('index.title'))} {{#phrases}}",
        msg("index.summary", total=msg.number(len(table.phrases)),
            curated=msg.number(sum(p.curated for p in table.phrases.values())), filters=filters),
        (f'<form class="tifa-py-form" role="search"><input type="search" class="tifa-py-box" aria-label="{esc.attr(msg("index.find"))}" '
         f'placeholder="{esc.attr(msg("index.find_hint"))}" autocomplete="off"></form>'
         '<ul class="tifa-py-results"></ul>'),
        _compare_form(by_spread, msg),
        f'## {esc.md_text(msg("index.by_spread"))} {{#by-spread}}\n\n<table class="tifa-phrase-table">{head}<tbody>{"".join(row(p) for p in by_spread)}</tbody></table>',
        f'## {esc.md_text(msg("index.by_first"))} {{#by-first}}\n\n<table class="tifa-phrase-table">{head}<tbody>{"".join(row(p) for p in by_first)}</tbody></table>',
    ]
    for c in cats:
        items = "".join(
            f'<li><a href="{esc.attr(relative_url(page, phrase_url(p.slug)))}">{esc.text(p.term)}</a> <span class="tifa-count">{len(p.doc_ids)}</span></li>'
            for p in by_spread if p.category == c
        )
        sections.append(f'<h2 id="cat-{esc.attr(c)}">{esc.text(category_name(c, msg))}</h2><ul>{items}</ul>')
    # What mining found but does not link: names, terms, stock wording, reporting terms — shown apart,
    # for curators (a setting, mining.link_kinds, links any of them).
    # Judged by a curator in the glossary (kind: term …) first, marked so.
    unlinked_kinds = [k for k in KINDS if any(p.kind == k for p in table.unlinked)]
    if unlinked_kinds:
        sections.append(f'<h2 id="unlinked">{esc.text(msg("index.unlinked"))}</h2><p>{msg("index.unlinked_text")}</p>')
    judged_mark = f' <span class="tifa-chip tifa-curated">{esc.text(msg("index.judged"))}</span>'
    for k in unlinked_kinds:
        items = "".join(f'<li>{esc.text(p.term)} <span class="tifa-count">{len(p.doc_ids)}</span>{judged_mark if p.curated else ""}</li>'
                        for p in sorted(table.unlinked, key=lambda p: not p.curated) if p.kind == k)
        sections.append(f'<h3 id="kind-{esc.attr(k)}">{esc.text(kind_name(k, msg))}</h3><ul class="tifa-unlinked">{items}</ul>')
    return "\n\n".join(sections) + "\n"


PINYIN_PATH = "phrases/pinyin.json"
USES_PATH = "phrases/uses.json"  # what the compare view of the phrase index draws (compare.js)


def phrase_uses_file(phrases: Mapping[str, Phrase], docs: Mapping[str, Document]) -> str:
    from .charts import uses_by_period

    series = {slug: (p.term, [docs[o.doc_id].meta.date for o in p.occurrences if o.doc_id in docs])
              for slug, p in phrases.items()}
    data = uses_by_period(series, [d.meta.date for d in docs.values()])
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def phrase_pinyin_file(phrases: Mapping[str, Phrase]) -> str:
    """``[[slug, term, syllables], …]`` for finding a formulation by its sound: the syllables
    without tones (``wai fang shu ru``; ``ü`` as ``v``), from which fulltext.js matches full
    pinyin typed with or without tones and spaces (wàifáng shūrù, waifangshuru) and initials (wfsr).
    Fetched only when a reader types Latin letters."""
    from pypinyin import Style, lazy_pinyin

    rows = []
    for slug, phrase in sorted(phrases.items()):
        han = "".join(ch for ch in phrase.term if "\u3400" <= ch <= "\u9fff")
        syllables = " ".join(lazy_pinyin(han, style=Style.NORMAL, v_to_u=False, errors="ignore"))
        if syllables:
            rows.append([slug, phrase.term, syllables])
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
