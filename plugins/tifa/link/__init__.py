"""Link: every occurrence of a phrase in the text becomes a mark.

Matching uses an Aho–Corasick automaton over every form of every phrase;
overlapping matches are resolved longest first. A match is never made in a
title or heading, never overlaps a damage mark, and (for mined phrases) never
starts or ends inside a word jieba keeps whole. Filling the occurrences here
keeps the phrase pages and the links in the text the same by construction.
"""

from __future__ import annotations

from functools import partial
from operator import attrgetter

import ahocorasick

from ..memory import ServeMemory
from ..mine import Occurrence, PhraseTable
from ..mine.kinds import governed_ending as governed_ending_pattern
from ..mine.kinds import word_lists
from ..model import Document, Mark
from ..segment import Segmenter

NO_LINK_KINDS = ("title", "heading")


class Linker:
    def __init__(self, table: PhraseTable, segmenter: Segmenter | None = None) -> None:
        self.table = table
        self.automaton = ahocorasick.Automaton()
        for form, slug in table.forms().items():
            self.automaton.add_word(form, (form, slug))
        if len(self.automaton):
            self.automaton.make_automaton()
        # Boundaries come from jieba taught only the curated forms: a mined phrase
        # must earn its boundaries from ordinary segmentation.
        curated = [f for p in table.phrases.values() if p.curated for f in p.forms]
        self.segmenter = segmenter or Segmenter.shared(curated)
        self._inside: dict[str, list[tuple[str, str, int]]] = {}

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, slug), longest first, then leftmost."""
        if not len(self.automaton):
            return []
        found = [(end + 1 - len(form), end + 1, slug) for end, (form, slug) in self.automaton.iter(text)]
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: list[tuple[int, int, str]] = []
        occupied = bytearray(len(text))
        for start, end, slug in found:
            if not any(occupied[start:end]):
                taken.append((start, end, slug))
                occupied[start:end] = b"\x01" * (end - start)
        return sorted(taken)

    def inside(self, surface: str) -> list[tuple[str, str, int]]:
        """(slug, form, offset) of each phrase found inside a linked surface (its first form found)."""
        found = self._inside.get(surface)
        if found is None:
            found = self._inside[surface] = []
            for slug, phrase in self.table.phrases.items():
                for form in phrase.forms:
                    at = surface.find(form) if len(form) < len(surface) else -1
                    if at >= 0:
                        found.append((slug, form, at))
                        break
        return found

    def link(self, doc: Document) -> list[Mark]:
        marks = []
        damage = [(d.start, d.end) for d in doc.damage]
        for para in doc.paragraphs:
            if para.kind in NO_LINK_KINDS:
                continue
            cuts = None
            for start, end, slug in self.matches(para.text):
                a, b = para.start + start, para.start + end
                if any(s < b and a < e for s, e in damage):
                    continue
                if not self.table.phrases[slug].curated:
                    cuts = cuts if cuts is not None else self.segmenter.boundaries(para.text)
                    if start not in cuts or end not in cuts:
                        continue
                marks.append(Mark(a, b, "phrase", (("slug", slug),)))
        return marks


def extension_share(occurrences: list[Occurrence], texts: dict[str, str]) -> float:
    """The largest share of uses that one Han character extends on the same side (0 for no uses).
    As in mining, a governing word right before a use is no neighbour (what 坚持 or 促进 always
    governs is still the principle or the task), nor is a particle (…综合治理的方针: 的 ends the
    phrase, it does not continue it)."""
    if not occurrences:
        return 0.0
    governed_ending = governed_ending_pattern()
    particles = word_lists().particles
    best = 0
    for side in (-1, 0):
        beside: dict[str, int] = {}
        for o in occurrences:
            text = texts[o.doc_id]
            if side and governed_ending.search(text, max(0, o.start - 6), o.start):
                continue
            at = o.start - 1 if side else o.end
            ch = text[at] if 0 <= at < len(text) else ""
            if "\u4e00" <= ch <= "\u9fff" and ch not in particles:
                beside[ch] = beside.get(ch, 0) + 1
        best = max(best, max(beside.values(), default=0))
    return best / len(occurrences)


def link_corpus(docs: list[Document], table: PhraseTable, min_docs: int = 2, cache_dir=None,
                memory: ServeMemory | None = None, fragment_share: float = 0.9) -> dict[str, list[Mark]]:
    """Link every document, fill each phrase's occurrences, drop mined phrases below ``min_docs``.

    Dropped phrases are unlinked and the corpus linked again without them, so a
    phrase dropped for being rare never hides a longer-standing one it overlapped:
    the result is the same whether the table was mined now or read from a file.
    """
    marks = _link_all(docs, table, cache_dir, memory, "links")
    texts = {d.id: d.text for d in docs}
    # Weak: rare, or — judged on the uses actually linked, at word boundaries — a piece of a longer
    # unit (the same character beside it in nearly every use).
    weak = [s for s, p in table.phrases.items()  # in table order
            if not p.curated and (len(p.doc_ids) < min_docs or extension_share(p.occurrences, texts) >= fragment_share)]
    if weak:
        for slug in weak:
            table.unlinked.append(table.phrases.pop(slug))
        # Linking again moves occurrences between the phrases left (text a dropped phrase held
        # may now go to another, and a longer match may take text a shorter one had): a phrase
        # may end in fewer documents than before. It stays — one drop, not a search for a
        # fixed point — so a saved table and a fresh one give the same site.
        marks = _link_all(docs, table, cache_dir, memory, "links-after-drop")
    return marks


def _link_all(docs: list[Document], table: PhraseTable, cache_dir=None, memory: ServeMemory | None = None,
              stage: str = "links") -> dict[str, list[Mark]]:
    linker = Linker(table)
    func = partial(_linked, linker)
    if cache_dir is None:
        linked = [func(doc) for doc in docs]
    else:
        from ..cache import StageCache, fingerprint

        curated = sorted(s for s, p in table.phrases.items() if p.curated)
        cache = StageCache(cache_dir, f"{stage}-with-occurrences",
                           fingerprint("marks+occurrences, nested too", sorted(table.forms().items()), curated), memory)
        linked = cache.map(func, docs)
        cache.save()
    lists = _gather(linked)
    for slug, phrase in table.phrases.items():
        phrase.occurrences = lists.get(slug) or []
    return {doc.id: marks for doc, (marks, _) in zip(docs, linked)}


_BY_POSITION = attrgetter("doc_id", "start")


def _gather(linked: list) -> dict[str, list[Occurrence]]:
    """Each phrase's occurrences across the documents, by document and position."""
    lists: dict[str, list[Occurrence]] = {}
    for _, occurrences in linked:
        for slug, occ in occurrences:
            found = lists.get(slug)
            if found is None:
                found = lists[slug] = []
            found.append(occ)
    for found in lists.values():
        found.sort(key=_BY_POSITION)
    return lists


def _linked(linker: Linker, doc: Document) -> tuple[list[Mark], list[tuple[str, Occurrence]]]:
    """A document's marks and the occurrences they make (both kept in the stage cache):
    each linked phrase, and each shorter phrase inside it (联防联控 in 联防联控机制)."""
    marks = linker.link(doc)
    occurrences: list[tuple[str, Occurrence]] = []
    for m in marks:
        para = doc.paragraph_at(m.start)
        slug, surface = m.attr("slug") or "", doc.text[m.start : m.end]  # a phrase mark always has its slug
        occ = Occurrence(doc.id, para.id if para else "", m.start, m.end, surface)
        occurrences.append((slug, occ))
        for inner, form, at in linker.inside(surface):
            if inner != slug:
                occurrences.append((inner, Occurrence(doc.id, occ.paragraph_id, m.start + at, m.start + at + len(form), form, slug)))
    return marks, occurrences
