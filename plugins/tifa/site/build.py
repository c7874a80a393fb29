"""Assemble every generated page from the core's results (no MkDocs here).

``build_pages`` returns ``{src_uri: markdown}``; the MkDocs plugin turns each
into a generated file, the CLI and the benchmark can write them out directly.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from ..memory import ServeMemory, reuse
from ..messages import messages
from ..mine import Phrase
from ..model import Document, Mark
from ..reuse import ReuseTable
from ..search import build_search_files
from .document import (
    DocumentContext,
    RelatedDocument,
    download_path,
    original_path,
    phrase_cards,
    render_document,
)
from .indexes import render_document_indexes, render_fulltext_page, render_home_blocks
from .phrases import PINYIN_PATH, USES_PATH, phrase_pinyin_file, phrase_uses_file
from .reuse import DocumentReuse, by_document, document_list, paragraph_markers


@dataclass
class SiteInput:
    docs: Sequence[Document]
    phrase_marks: Mapping[str, Sequence[Mark]] = field(default_factory=dict)  # doc id → phrase marks
    phrases: Mapping[str, Phrase] = field(default_factory=dict)  # slug → phrase
    note_marks: Mapping[str, Sequence[Mark]] = field(default_factory=dict)  # doc id → annotation marks
    notes_by_paragraph: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)  # doc → pid → html
    annotations_html: Mapping[str, str] = field(default_factory=dict)  # doc id → list of its notes
    extra_pages: Mapping[str, str] = field(default_factory=dict)  # phrase pages, briefings …
    target_script: str | None = "simplified"  # what the texts were normalized to (queries are folded to it)
    reuse: ReuseTable | None = None  # parallel passages between the documents
    language: str = "zh"  # of the interface (tifa.messages): the texts stay as written
    search_files: Mapping[str, str] | None = None  # the search data, when made earlier (a --dirty rebuild keeps it)


@dataclass
class SiteOutput:
    pages: dict[str, str]  # Markdown pages by source path
    home: dict[str, str]  # figures for the home page's markers
    files: dict[str, str | bytes] = field(default_factory=dict)  # static files by path (each document's original)


def phrase_slugs(marks: Sequence[Mark]) -> list[str]:
    """The phrase linked by each phrase mark, in order."""
    return [slug for m in marks if m.kind == "phrase" and (slug := m.attr("slug"))]


def directives_of(slugs: Sequence[str] | Counter, phrases: Mapping[str, Phrase]) -> list[tuple[str, str, int]]:
    counts = slugs if isinstance(slugs, Counter) else Counter(slugs)
    return sorted(
        ((slug, phrases[slug].term if slug in phrases else slug, n) for slug, n in counts.items() if slug),
        key=lambda t: (-t[2], t[1]),
    )


MESSAGES_PATH = "assets/tifa/_messages.js"  # the catalogue for the scripts, loaded before them
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


def document_contexts(site: SiteInput) -> dict[str, DocumentContext]:
    """Everything each document page is made from besides the document itself."""
    slugs = {doc.id: phrase_slugs(site.phrase_marks.get(doc.id, ())) for doc in site.docs}
    by_id = {doc.id: RelatedDocument(doc.id, doc.meta.title, doc.meta.date) for doc in site.docs}
    related = related_documents({doc_id: frozenset(found) for doc_id, found in slugs.items()})
    cards: dict[str, tuple] = {}  # each phrase's hover card, worked out once for all pages
    docs_by_id = {doc.id: doc for doc in site.docs}
    reuse_of = by_document(site.reuse) if site.reuse else {}
    msg = messages(site.language)
    contexts = {}
    for doc in site.docs:
        found = slugs[doc.id]
        for slug in set(found) - cards.keys():
            cards.update(phrase_cards(site.phrases, [slug]))
        contexts[doc.id] = DocumentContext(
            marks=(*site.phrase_marks.get(doc.id, ()), *site.note_marks.get(doc.id, ())),
            cards={slug: cards[slug] for slug in sorted(set(found)) if slug in cards},
            notes_by_paragraph={pid: tuple(html) for pid, html in site.notes_by_paragraph.get(doc.id, {}).items()},
            directives=tuple(directives_of(found, site.phrases)),
            related=tuple((by_id[other], n) for other, n in related.get(doc.id, ())),
            annotations_html=site.annotations_html.get(doc.id, ""),
            parallels=paragraph_markers(doc, reuse_of.get(doc.id, DocumentReuse()), docs_by_id, msg),
            parallels_html=document_list(doc, reuse_of.get(doc.id, DocumentReuse()), docs_by_id, msg),
            language=site.language,
        )
    return contexts


def build_pages(site: SiteInput, memory: ServeMemory | None = None) -> SiteOutput:
    pages: dict[str, str] = {}
    files: dict[str, str | bytes] = {}
    # The search data first: its working arrays are let go before the document pages are held.
    search = (site.search_files if site.search_files is not None
              else build_search_files(site.docs, memory, target_script=site.target_script))
    contexts = document_contexts(site)
    for doc in site.docs:
        ctx = contexts[doc.id]
        # The page is a function of (doc, ctx): under `mkdocs serve` it is reused while both are equal.
        pages[f"documents/{doc.id}.md"] = reuse(memory, "document-page", doc.id, (doc, ctx),
                                                partial(render_document, doc, ctx))
        files[original_path(doc.id)] = doc.original
        download = download_path(doc)
        if download and doc.download is not None:
            files[download] = doc.download
    msg = messages(site.language)
    pages.update(render_document_indexes(site.docs, msg))
    pages["fulltext.md"] = render_fulltext_page(msg)
    files.update(search)
    files[PINYIN_PATH] = phrase_pinyin_file(site.phrases)
    files[USES_PATH] = phrase_uses_file(site.phrases, {d.id: d for d in site.docs})
    pages.update(site.extra_pages)
    spread = sorted(((slug, p.term, len(p.doc_ids)) for slug, p in site.phrases.items()), key=lambda t: (-t[2], t[1]))
    files[MESSAGES_PATH] = msg.for_scripts()
    return SiteOutput(pages, render_home_blocks(site.docs, spread, msg=msg), files)
