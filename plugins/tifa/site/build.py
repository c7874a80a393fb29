"""Assemble every generated page from the core's results (no MkDocs here).

``build_pages`` returns ``{src_uri: markdown}``; the MkDocs plugin turns each
into a generated file, the CLI and the benchmark can write them out directly.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..cache import content_key, keeping
from ..model import Document, Mark
from .document import DocumentContext, card_fields, download_path, original_path, render_document
from ..search import build_search_files
from .indexes import render_document_indexes, render_fulltext_page, render_home_blocks


@dataclass
class SiteInput:
    docs: Sequence[Document]
    phrase_marks: Mapping[str, Sequence[Mark]] = field(default_factory=dict)  # doc id → phrase marks
    phrases: Mapping[str, object] = field(default_factory=dict)  # slug → phrase
    note_marks: Mapping[str, Sequence[Mark]] = field(default_factory=dict)  # doc id → annotation marks
    notes_by_paragraph: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)  # doc → pid → html
    annotations_html: Mapping[str, str] = field(default_factory=dict)  # doc id → list of its notes
    extra_pages: Mapping[str, str] = field(default_factory=dict)  # phrase pages, briefings …


@dataclass
class SiteOutput:
    pages: dict[str, str]  # Markdown pages by source path
    home: dict[str, str]  # figures for the home page's markers
    files: dict[str, str | bytes] = field(default_factory=dict)  # static files by path (each document's original)


def phrase_slugs(marks: Sequence[Mark]) -> list[str]:
    """The phrase linked by each phrase mark, in order (asked once per document and build)."""
    return [m.attr("slug") for m in marks if m.kind == "phrase"]


def directives_of(slugs: Sequence[str] | Counter, phrases: Mapping[str, object]) -> list[tuple[str, str, int]]:
    counts = slugs if isinstance(slugs, Counter) else Counter(slugs)
    return sorted(
        ((slug, getattr(phrases.get(slug), "term", slug), n) for slug, n in counts.items() if slug),
        key=lambda t: (-t[2], t[1]),
    )


RELATED_MAX_DOCS = 100


def related_documents(slug_sets: Mapping[str, frozenset], limit: int = 8) -> dict[str, list[tuple[str, int]]]:
    """Documents sharing directives, most shared first: document id → [(other id, shared)].

    A directive found in more than ``RELATED_MAX_DOCS`` documents says little about
    which of them belong together, and counting it would make this quadratic in
    the size of the collection; such directives are left out of the count.
    """
    docs_with: dict[str, set[str]] = defaultdict(set)
    for doc_id, slugs in slug_sets.items():
        for slug in slugs:
            docs_with[slug].add(doc_id)
    related = {}
    for doc_id, slugs in slug_sets.items():
        shared: Counter = Counter()
        for slug in slugs:
            if len(docs_with[slug]) > RELATED_MAX_DOCS:
                continue
            for other in docs_with[slug]:
                if other != doc_id:
                    shared[other] += 1
        related[doc_id] = heapq.nsmallest(limit, shared.items(), key=lambda t: (-t[1], t[0]))
    return related


# Under `mkdocs serve`: the related documents of the last build and the directive sets they
# came from (an edit that leaves every document's set of directives alone changes none).
_RELATED: list = [None, None]


def _related_once(slug_sets: dict[str, frozenset]) -> dict[str, list[tuple[str, int]]]:
    if not keeping():
        return related_documents(slug_sets)
    key = list(slug_sets.items())  # compared element by element: unchanged sets are the same objects
    if _RELATED[0] != key:
        _RELATED[:] = [key, related_documents(slug_sets)]
    return _RELATED[1]


# The last page rendered for each document and what it was rendered from: in `mkdocs serve`
# a rebuild after editing one text renders again only the pages whose inputs changed.
_RENDERED: dict[str, tuple[tuple, str]] = {}


@dataclass
class _Linked:
    """What the pages use of a document's phrase marks, worked out once per marks list: under
    `mkdocs serve` an unedited document's list is the very object of the last build."""

    slugs: list[str]  # each mark's phrase, in order
    counts: Counter
    distinct: list[str]
    slug_set: frozenset
    spans: list[tuple]  # the marks as comparable values
    directives: list | None = None
    terms: object = None  # the phrase terms ``directives`` was made with


_LINKED: dict[str, tuple[object, _Linked]] = {}


def _linked_parts(doc_id: str, marks: Sequence[Mark]) -> _Linked:
    last = _LINKED.get(doc_id) if keeping() else None
    if last is not None and last[0] is marks:
        return last[1]
    slugs = phrase_slugs(marks)
    parts = _Linked(slugs, Counter(slugs), sorted(set(slugs)), frozenset(slugs), [(m.start, m.end, m.kind, m.attrs) for m in marks])
    if keeping():
        _LINKED[doc_id] = (marks, parts)
    return parts


def _directives(parts: _Linked, phrases: Mapping[str, object], terms: object) -> list:
    if parts.directives is None or parts.terms is not terms:
        parts.directives, parts.terms = directives_of(parts.counts, phrases), terms
    return parts.directives


def _render_once(doc: Document, ctx: DocumentContext, parts: _Linked, note_marks: Sequence[Mark],
                 cards_of: dict[str, list]) -> str:
    if not keeping():
        return render_document(doc, ctx)
    for s in parts.distinct:
        if s not in cards_of:
            cards_of[s] = card_fields(ctx.phrases.get(s))
    cards = [cards_of[s] for s in parts.distinct]
    inputs = (content_key(doc), parts.spans, [(m.start, m.end, m.kind, m.attrs) for m in note_marks],
              sorted((k, list(v)) for k, v in ctx.notes_by_paragraph.items()), list(ctx.directives),
              [(d.id, d.meta.title, d.meta.date, n) for d, n in ctx.related], ctx.annotations_html, parts.distinct, cards)
    # Kept as they are and compared with ==: cheaper than hashing them, and they share
    # most of their parts (mark attributes, metadata) with what is kept anyway.
    last = _RENDERED.get(doc.id)
    if last is not None and last[0] == inputs:
        return last[1]
    page = render_document(doc, ctx)
    _RENDERED[doc.id] = (inputs, page)
    return page


_TERMS: list = [None]


def _same_terms(terms: dict[str, str]) -> dict[str, str]:
    """The last build's terms object when the terms are equal (so memos can compare by identity)."""
    if _TERMS[0] != terms:
        _TERMS[0] = terms
    return _TERMS[0]


def build_pages(site: SiteInput) -> SiteOutput:
    pages: dict[str, str] = {}
    files: dict[str, str | bytes] = {}
    linked = {doc.id: _linked_parts(doc.id, site.phrase_marks.get(doc.id, ())) for doc in site.docs}
    if keeping() and len(_LINKED) > len(linked):
        for gone in _LINKED.keys() - linked.keys():
            del _LINKED[gone]
    by_id = {doc.id: doc for doc in site.docs}
    related = {doc_id: [(by_id[o], n) for o, n in pairs]
               for doc_id, pairs in _related_once({doc_id: parts.slug_set for doc_id, parts in linked.items()}).items()}
    terms = _same_terms({slug: getattr(p, "term", slug) for slug, p in site.phrases.items()})
    cards_of: dict[str, list] = {}  # each phrase's hover card, worked out once for all pages
    for doc in site.docs:
        parts = linked[doc.id]
        note_marks = list(site.note_marks.get(doc.id, ()))
        ctx = DocumentContext(
            marks=list(site.phrase_marks.get(doc.id, ())) + note_marks,
            phrases=site.phrases,
            notes_by_paragraph=site.notes_by_paragraph.get(doc.id, {}),
            directives=_directives(parts, site.phrases, terms),
            related=related.get(doc.id, ()),
            annotations_html=site.annotations_html.get(doc.id, ""),
        )
        pages[f"documents/{doc.id}.md"] = _render_once(doc, ctx, parts, note_marks, cards_of)
        files[original_path(doc.id)] = doc.original
        if download_path(doc):
            files[download_path(doc)] = doc.download
    pages.update(render_document_indexes(site.docs))
    pages["fulltext.md"] = render_fulltext_page()
    files.update(build_search_files(site.docs))
    pages.update(site.extra_pages)
    spread = sorted(
        ((slug, getattr(p, "term", slug), len(getattr(p, "doc_ids", ()) or ())) for slug, p in site.phrases.items()),
        key=lambda t: (-t[2], t[1]),
    )
    return SiteOutput(pages, render_home_blocks(site.docs, spread), files)
