"""Mine: recurring phrases and directives across documents.

Three sources, glossary first:

1. the curated glossary (terms and variants) — always kept;
2. patterns these texts use: enumerations of parallel short items joined by 、
   (早发现、早报告、早隔离、早治疗) and numbered formulas (四个意识, 五包一, 三零);
3. maximal repeated runs of jieba segments.

Mined phrases are kept when they occur in at least ``min_docs`` documents and
are ranked by that spread, not by raw frequency, so boilerplate words that
recur in one long text do not rise. An enumeration that shares two or more
items with a glossary entry belongs to that entry's family.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from importlib import resources
from sys import intern

import yaml

from ..glossary import Entry, Glossary, reading, slug_for
from ..memory import ServeMemory
from ..model import Document, pickled_by_fields
from ..segment import CHUNK_SPLIT, Segmenter

HAN = "\u4e00-\u9fff"
_ENUMERATION = re.compile(f"(?:[{HAN}]{{2,5}}、){{1,7}}[{HAN}]{{2,5}}")
_NUMBERED = re.compile(f"[一二三四五六七八九十两]个[{HAN}]{{2}}|[一二三四五六七八九十]包[一二三四五六七八九十]|“[一二三四五六七八九十]零”")


@dataclass
class MineConfig:
    min_docs: int = 2
    min_chars: int = 4
    max_chars: int = 10
    max_ngram: int = 6
    max_mined: int = 60  # mined phrases linked at most; the rest are candidates only
    max_candidates: int = 200  # candidates kept for curation, most widespread first
    stop_phrases: frozenset[str] = frozenset()
    edge_words: frozenset[str] = frozenset()

    @classmethod
    def default(cls, **overrides) -> MineConfig:
        stop_phrases, edge_words = _shipped_word_lists()
        return cls(stop_phrases=stop_phrases, edge_words=edge_words, **overrides)


@lru_cache(maxsize=1)  # a file inside the package: read once per process
def _shipped_word_lists() -> tuple[frozenset[str], frozenset[str]]:
    path = resources.files("tifa") / "data" / "stop_phrases.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(data["stop_phrases"]), frozenset(data.get("edge_words", []))


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Occurrence:
    doc_id: str
    paragraph_id: str
    start: int
    end: int
    surface: str
    via: str | None = None  # inside a longer phrase's occurrence (联防联控 in 联防联控机制)


@dataclass
class Phrase:
    slug: str
    term: str
    category: str
    curated: bool
    variants: list[str] = field(default_factory=list)
    family: str | None = None
    pinyin: str = ""
    english: str = ""
    definition: str = ""
    see_also: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)  # assigned whole, never changed in place

    @property
    def forms(self) -> list[str]:
        return [self.term, *self.variants]

    def __setattr__(self, name: str, value: object) -> None:
        if name == "occurrences":
            self.__dict__.pop("doc_ids", None)  # worked out again from the new occurrences
        object.__setattr__(self, name, value)

    @cached_property
    def doc_ids(self) -> list[str]:
        """The documents the phrase occurs in, sorted (asked for on every linked mark of every page)."""
        return sorted({o.doc_id for o in self.occurrences})


@dataclass
class PhraseTable:
    phrases: dict[str, Phrase]
    unlinked: list[Phrase] = field(default_factory=list)  # mined but below the bar

    @property
    def families(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for p in self.phrases.values():
            if p.family:
                groups[p.family].append(p.slug)
        return dict(groups)

    def candidates(self) -> list[Phrase]:
        """Mined phrases not in the glossary, most widely spread first: for curation."""
        mined = [p for p in [*self.phrases.values(), *self.unlinked] if not p.curated and p.occurrences]
        return sorted(mined, key=lambda p: (-len(p.doc_ids), -len(p.occurrences), p.term))

    def forms(self) -> dict[str, str]:
        return {form: p.slug for p in self.phrases.values() for form in p.forms}


def _from_entry(e: Entry) -> Phrase:
    return Phrase(e.slug, e.term, e.category, True, list(e.variants), e.family, e.pinyin, e.english,
                  e.definition, list(e.see_also), list(e.part_of))


def _items(enumeration: str) -> list[str]:
    return enumeration.split("、")


def is_parallel(items: list[str]) -> bool:
    """Items of one length sharing a character in one position (早…/早…, 外防/内防/严防)."""
    if len(items) < 2 or len({len(i) for i in items}) != 1:
        return False
    if len(items[0]) == 2 and len(items) < 3:
        return False  # two two-character words are too often a plain list
    return any(len({i[k] for i in items}) == 1 for k in range(len(items[0])))


def find_enumerations(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in _ENUMERATION.finditer(text):
        items = _items(m.group())
        start, end = m.start(), m.end()
        # The regex takes as much as it can at both ends (做到早发现、… 早治疗和集):
        # cut the first and last items to the length of their neighbours.
        if len(items) >= 3 or len(items[1]) >= 3:
            if len(items[0]) > len(items[1]):
                start += len(items[0]) - len(items[1])
                items[0] = items[0][-len(items[1]) :]
            if len(items[-1]) > len(items[-2]):
                end -= len(items[-1]) - len(items[-2])
                items[-1] = items[-1][: len(items[-2])]
        # Drop leading items that break the pattern (要紧盯、早发现、早报告 …).
        while len(items) > 2 and not is_parallel(items) and is_parallel(items[1:]):
            start += len(items[0]) + 1
            items = items[1:]
        if is_parallel(items):
            found.append((start, end, "、".join(items)))
    return found


def _paragraphs(docs: list[Document]):
    for doc in docs:
        for p in doc.paragraphs:
            if p.kind not in ("title", "heading"):
                yield doc, p


def enumeration_evidence(doc: Document, item_owner: Mapping[str, str]) -> list[tuple[str, str, str | None]]:
    """(surface, kind, owning curated family or None) for each enumeration and numbered formula, in text order."""
    found = []
    for _, para in _paragraphs([doc]):
        for _, _, surface in find_enumerations(para.text):
            owners = Counter(item_owner.get(i) for i in _items(surface) if item_owner.get(i))
            owner, shared = (owners.most_common(1)[0] if owners else (None, 0))
            found.append((surface, "enumeration", owner if shared >= 2 else None))
        for m in _NUMBERED.finditer(para.text):
            found.append((m.group().strip("“”"), "numbered-formula", None))
    return found


def ngram_evidence(doc: Document, known_forms: frozenset[str], config: MineConfig) -> set[str]:
    """The runs of 2…max_ngram segments in a document that could be phrases."""
    segmenter = Segmenter.shared(known_forms)
    grams: set[str] = set()
    for _, para in _paragraphs([doc]):
        for chunk in CHUNK_SPLIT.split(para.text):
            tokens = segmenter.cut(chunk) if len(chunk) >= config.min_chars else ()
            for n in range(2, config.max_ngram + 1):
                for i in range(len(tokens) - n + 1):
                    first, last = tokens[i], tokens[i + n - 1]
                    if len(first) == 1 or len(last) == 1 or first in config.edge_words or last in config.edge_words:
                        continue  # a run that starts or ends on a particle (的, 要, 和 …) is not a phrase
                    gram = "".join(tokens[i : i + n])
                    if config.min_chars <= len(gram) <= config.max_chars:
                        grams.add(intern(gram))  # one string per run, however many documents have it
    return grams


def paragraphs_only(doc: Document) -> Document:
    """What the per-document mining needs: sending whole documents (original, offset map,
    changes) to other processes cost more than the work itself."""
    return Document(id=doc.id, path=None, original="", text="", origin=[], paragraphs=doc.paragraphs)


def _map_in_process(func, docs):
    # Measured: on two cores, worker processes gave no gain here (results travel back as
    # sets of strings); a large collection mines on Dask instead (tifa.mine.distributed).
    return [func(doc) for doc in docs]


def _cached(map_docs, cache_dir, memory: ServeMemory | None, stage: str, *inputs):
    """``map_docs`` that reuses each document's earlier result while the text and ``inputs`` are unchanged."""
    if cache_dir is None:
        return map_docs
    from ..cache import StageCache, fingerprint

    cache = StageCache(cache_dir, stage, fingerprint(*inputs), memory)

    def run(func, docs):
        results = cache.map(func, docs, map_docs)
        cache.save()
        return results

    return run


def mine(docs: list[Document], glossary: Glossary, config: MineConfig | None = None, map_docs=None,
         cache_dir=None, memory: ServeMemory | None = None) -> PhraseTable:
    """The phrase table of a corpus: curated entries, their variants, and mined candidates.

    Per-document work goes through ``map_docs(func, docs)`` (in process by default;
    ``tifa.mine.distributed`` passes a Dask map); the reductions here are cheap and
    run in document order, so every map gives the same table. With ``cache_dir``,
    each document's evidence is reused while its text and the inputs are unchanged.
    """
    config = config or MineConfig.default()
    map_docs = map_docs or _map_in_process
    phrases = {slug: _from_entry(e) for slug, e in glossary.entries.items()}
    known_forms = {form for p in phrases.values() for form in p.forms}
    item_owner: dict[str, str] = {}
    for p in phrases.values():
        if p.category == "enumeration":
            for form in p.forms:
                for item in _items(form):
                    item_owner.setdefault(item, p.slug)

    candidates: dict[str, set[str]] = defaultdict(set)  # surface → doc ids
    kind: dict[str, str] = {}
    evidence = _cached(map_docs, cache_dir, memory, "enumerations", sorted(item_owner.items()))(
        partial(enumeration_evidence, item_owner=item_owner), docs)
    for doc, found in zip(docs, evidence):
        for surface, surface_kind, owner in found:
            if surface in known_forms:
                continue
            if owner:
                # A variant of a curated enumeration: join its family.
                phrases[owner].variants.append(surface)
                known_forms.add(surface)
            else:
                candidates[surface].add(doc.id)
                kind[surface] = surface_kind

    # Repeated runs of segments.
    settings = (config.min_chars, config.max_chars, config.max_ngram, sorted(config.edge_words))
    grams_per_doc = _cached(map_docs, cache_dir, memory, "ngrams", sorted(known_forms), settings)(
        partial(ngram_evidence, known_forms=frozenset(known_forms), config=config), docs)
    # Counted first, then a document set made only for each run in enough documents: most runs
    # are in one document, and a set for each was most of a large collection's peak memory.
    in_docs: Counter[str] = Counter()
    for grams in grams_per_doc:
        in_docs.update(grams)  # each document's runs are a set: the count is of documents
    frequent = {g for g, n in in_docs.items() if n >= config.min_docs and g not in config.stop_phrases}
    del in_docs
    repeated: dict[str, set[str]] = defaultdict(set)
    for doc, grams in zip(docs, grams_per_doc):
        for gram in frequent.intersection(grams):
            repeated[gram].add(doc.id)
    # Maximal: drop a run contained in a longer one found in the same documents
    # (only runs found in the very same documents need comparing).
    same_docs: dict[frozenset, list[str]] = defaultdict(list)
    for g in sorted(repeated, key=len, reverse=True):
        same_docs[frozenset(repeated[g])].append(g)
    for group in same_docs.values():
        maximal: list[str] = []
        for g in group:
            if not any(g in longer for longer in maximal):
                maximal.append(g)
        for g in maximal:
            if not (g in known_forms or any(g in f or f in g for f in known_forms)):
                # Read, never changed, from here on: no need to copy the document set.
                candidates[g] = candidates[g] | repeated[g] if g in candidates else repeated[g]
                kind.setdefault(g, "mined")

    ranked = sorted(candidates.items(), key=lambda kv: (-len(kv[1]), -len(kv[0]), kv[0]))
    unlinked: list[Phrase] = []
    taken = set(phrases)
    linked_mined = 0
    for surface, doc_ids in ranked:
        if linked_mined >= config.max_mined and len(unlinked) >= config.max_candidates:
            break  # a large collection has tens of thousands more: curation starts from the most widespread
        slug = slug_for(surface)
        while slug in taken:
            slug += "-2"
        phrase = Phrase(slug, surface, kind[surface], False, pinyin=reading(surface))
        if len(doc_ids) >= config.min_docs and linked_mined < config.max_mined:
            phrases[slug] = phrase
            taken.add(slug)
            linked_mined += 1
        elif len(unlinked) < config.max_candidates:
            phrase.occurrences = [Occurrence(d, "", 0, 0, surface) for d in sorted(doc_ids)]
            unlinked.append(phrase)
    return PhraseTable(phrases, unlinked)


__all__ = ["MineConfig", "Occurrence", "Phrase", "PhraseTable", "find_enumerations", "is_parallel", "mine"]
