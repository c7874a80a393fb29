"""Reuse: the passages a document shares with others (parallel passages), and which came first.

How a pair is found — what the site says to its readers (the catalogue's ``reuse.method``):

1. each compared paragraph becomes a *key*: letters, digits and Han characters only, folded to
   one script (:mod:`tifa.reuse.keys`), so re-punctuation and the other script do not hide a copy;
2. the key's winnowed shingles are its fingerprints; an index from fingerprint to paragraphs
   gives the candidate pairs — never all pairs. A fingerprint found in more than
   :meth:`ReuseConfig.candidate_limit` (twice the shared-wording limit of step 4, unless ``max_docs``)
   documents is stock wording of the collection and proposes nothing (the document-frequency
   limit passim uses); fingerprints overlapping a masked span (linked formulations, mined stock
   wording, the legal set phrases of ``data/reuse.yml``) propose nothing either;
3. each candidate pair is aligned (:mod:`tifa.reuse.align`): runs of equal characters with small
   edits between them, at least ``min_chars`` equal characters of which ``min_chars`` lie outside
   the masks — a match made only of formulations and stock wording is not reuse;
4. a passage whose text is found in many documents (the median document frequency of its
   fingerprints above :meth:`ReuseConfig.shared_limit`, a small share of the collection) is the
   collection's shared wording — a set clause texts of every subject carry — and not one text
   repeating another, unless the two documents are copies (one shares ``copied_share`` of its
   text with the other). This needs no list of the collection's words, only its counts;
5. the earlier document (by date) is the source; undated or same-day pairs are undirected.

Per-document work (keys and fingerprints) goes through ``map_docs`` and the stage cache, as
mining's does: a one-document edit fingerprints that document again, and the alignment redone
is that of the pairs it takes part in (the other pairs come from the cache of alignments).

Why not MinHash-LSH over paragraphs: it estimates the Jaccard similarity of whole paragraphs,
and a 30-character passage copied into a 500-character paragraph shares too small a part of its
shingles to be proposed. Shared fingerprints propose it whatever the paragraphs' lengths.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from importlib import resources

import numpy as np
import yaml

from ..memory import ServeMemory, reuse
from ..model import Document, pickled_by_fields
from .align import AlignConfig, KeySpan, align
from .keys import DocumentKeys, document_keys

# How a pair is found, in words for readers: the catalogue's reuse.method (tifa/messages), filled with the settings.


@dataclass(frozen=True)
class ReuseConfig:
    k: int = 6  # characters per shingle
    w: int = 5  # shingles per winnowing window: a shared run of k + w - 1 characters is always seen
    max_docs: int | None = None  # a fingerprint in more documents proposes nothing (None: candidate_limit)
    min_seeds: int = 2  # shared fingerprints that make two paragraphs a candidate pair
    # A passage found in more than this share of the documents (and at least shared_min_docs) is shared wording.
    shared_share: float = 0.012
    shared_min_docs: int = 8
    copied_share: float = 0.2  # ... unless one of the two documents shares this much of its text with the other
    align: AlignConfig = field(default_factory=AlignConfig)
    script: str = "t2s"  # the OpenCC conversion that folds keys to one script

    def candidate_limit(self, documents: int) -> int:
        """The most documents a fingerprint may be found in and still propose pairs: a passage is reuse when
        at most half its fingerprints are found in more than :meth:`shared_limit` documents, and those found
        in many more are not needed to find it (and would propose pairs by the square of their number)."""
        return self.max_docs if self.max_docs is not None else 2 * self.shared_limit(documents)

    def shared_limit(self, documents: int) -> int:
        """The most documents a passage may be found in and still be reuse rather than shared wording."""
        return max(self.shared_min_docs, round(self.shared_share * documents))


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Passage:
    """A span of one paragraph, in offsets of the document's normalized text."""

    doc_id: str
    paragraph_id: str
    start: int
    end: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Parallel:
    """Two passages of two documents that repeat one text. ``source`` is the earlier one when
    ``directed``; otherwise the two are in document-id order."""

    source: Passage
    copy: Passage
    directed: bool
    chars: int  # equal characters, punctuation left out
    similarity: float  # equal characters over the longer passage's characters


@dataclass(frozen=True)
class ReuseTable:
    parallels: tuple[Parallel, ...]
    compared: Mapping[str, int]  # document id → characters compared (its keys' length)

    def of_document(self, doc_id: str) -> list[tuple[Passage, Passage, Parallel]]:
        """(this document's passage, the other's, the pair) for each parallel it takes part in."""
        found = []
        for par in self.parallels:
            if par.source.doc_id == doc_id:
                found.append((par.source, par.copy, par))
            elif par.copy.doc_id == doc_id:
                found.append((par.copy, par.source, par))
        return found

    def document_pairs(self) -> list[DocumentPair]:
        """Each pair of documents sharing passages, most shared first."""
        grouped: dict[tuple[str, str], list[Parallel]] = defaultdict(list)
        for par in self.parallels:
            grouped[(par.source.doc_id, par.copy.doc_id)].append(par)
        pairs = [DocumentPair(a, b, pars[0].directed, sum(p.chars for p in pars), len(pars),
                              _share(pars, "source", self.compared.get(a, 0)), _share(pars, "copy", self.compared.get(b, 0)))
                 for (a, b), pars in grouped.items()]
        return sorted(pairs, key=lambda p: (-p.chars, p.source, p.copy))

    def clusters(self, min_share: float = 0.2) -> list[list[str]]:
        """Groups of documents sharing a source text: joined by pairs in which at least ``min_share``
        of one document's text is shared (largest group first)."""
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for pair in self.document_pairs():
            if max(pair.source_share, pair.copy_share) >= min_share:
                parent[root(pair.source)] = root(pair.copy)
        groups: dict[str, list[str]] = defaultdict(list)
        for doc_id in parent:
            groups[root(doc_id)].append(doc_id)
        return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))


@dataclass(frozen=True)
class DocumentPair:
    source: str
    copy: str
    directed: bool
    chars: int
    passages: int
    source_share: float  # the share of the source's text found in the copy
    copy_share: float


def _share(pars: Sequence[Parallel], side: str, total: int) -> float:
    covered: dict[str, set[int]] = defaultdict(set)  # overlapping passages are counted once
    for par in pars:
        passage = getattr(par, side)
        covered[passage.paragraph_id].update(range(passage.start, passage.end))
    return min(1.0, sum(map(len, covered.values())) / total) if total else 0.0


# --- masks -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)  # a file inside the package: read once per process
def stock_patterns() -> tuple[re.Pattern, ...]:
    data = yaml.safe_load((resources.files("tifa") / "data" / "reuse.yml").read_text(encoding="utf-8"))
    return tuple(re.compile(p) for p in data["stock_wording"])


def stock_automaton(forms: Sequence[str]):
    """An Aho-Corasick automaton of mined stock wording (None when there is none)."""
    import ahocorasick

    forms = sorted({f for f in forms if len(f) >= 2})
    if not forms:
        return None
    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, len(form))
    automaton.make_automaton()
    return automaton


def masked_spans(doc: Document, phrase_spans: Sequence[tuple[int, int]], stock=None) -> list[tuple[int, int]]:
    """The spans of ``doc`` that are formulae, not text: linked phrases (``phrase_spans``), mined stock
    wording (``stock``: :func:`stock_automaton`) and the set phrases of ``data/reuse.yml``."""
    spans = list(phrase_spans)
    for pattern in stock_patterns():
        spans += [m.span() for m in pattern.finditer(doc.text)]
    if stock is not None:
        spans += [(end + 1 - length, end + 1) for end, length in stock.iter(doc.text)]
    return sorted(spans)


MASKED_KINDS = ("stock", "reporting", "name")  # mined kinds that are formulae of their own kind, not text


def corpus_masks(docs: Sequence[Document], table, marks: Mapping[str, Sequence],
                 memory: ServeMemory | None = None) -> dict[str, list[tuple[int, int]]]:
    """:func:`masked_spans` of every document, from the phrase table and the linker's marks."""
    forms = tuple(sorted({p.term for p in table.unlinked if p.kind in MASKED_KINDS}))
    stock = lru_cache(maxsize=1)(partial(stock_automaton, forms))  # made only if a document needs it

    def spans(doc: Document) -> list[tuple[int, int]]:
        phrase_spans = [(m.start, m.end) for m in marks.get(doc.id, ()) if m.kind == "phrase"]
        # A function of the text, its phrase spans and the stock forms: under `mkdocs serve` reused while all are equal.
        return reuse(memory, "reuse-masks", doc.id, (doc.text, phrase_spans, forms),
                     lambda: masked_spans(doc, phrase_spans, stock()))

    return {doc.id: spans(doc) for doc in docs}


def _masked_keys(length: int, spans: Sequence[tuple[int, int]], keys: DocumentKeys) -> np.ndarray:
    """One flag per key character of a document (of a text ``length`` long): inside a masked span."""
    edges = np.zeros(length + 1, dtype=np.int32)
    if len(spans):
        bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
        np.add.at(edges, bounds[:, 0], 1)
        np.add.at(edges, bounds[:, 1], -1)
    return (np.cumsum(edges[:-1]) > 0)[keys.positions]


# --- candidates ---------------------------------------------------------------------------------


def _fingerprint_table(keys: Sequence[DocumentKeys], masked: Sequence[np.ndarray],
                       k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(hash, paragraph, offset in its key, document) of every unmasked fingerprint, sorted by hash; paragraphs
    are numbered across the collection, document after document. The masked ones are left out document by
    document, before the collection's table is made (most fingerprints of a regulation are masked)."""
    kept = [_unmasked(dk.at, flags, k) for dk, flags in zip(keys, masked)]
    at = [dk.at[keep] for dk, keep in zip(keys, kept)]
    h = np.concatenate([np.zeros(0, dtype=np.uint64)] + [dk.hashes[keep] for dk, keep in zip(keys, kept)])
    del kept
    if not len(h):
        empty = np.zeros(0, dtype=np.int64)
        return h, empty, empty, empty
    local = [np.searchsorted(dk.bounds, found, side="right") - 1 for dk, found in zip(keys, at)]  # their paragraphs
    d = np.repeat(np.arange(len(keys), dtype=np.int64), [len(found) for found in at])
    first = np.concatenate([[0], np.cumsum([len(dk.paragraph_ids) for dk in keys])])
    p = np.concatenate(local) + first[d]
    o = np.concatenate([found.astype(np.int64) - dk.bounds[i] for dk, found, i in zip(keys, at, local)])
    order = np.lexsort((o, p, h))
    return h[order], p[order], o[order], d[order]


def _unmasked(at: np.ndarray, masked: np.ndarray, k: int) -> np.ndarray:
    """Which of the shingles starting at ``at`` touch no masked key character (a shingle touching one
    proposes nothing)."""
    covered = np.concatenate([[0], np.cumsum(masked, dtype=np.int64)])
    starts = at.astype(np.int64)
    return covered[starts + k] == covered[starts]


def candidate_seeds(keys: Sequence[DocumentKeys], masked: Sequence[np.ndarray], config: ReuseConfig
                    ) -> dict[tuple[int, int], bytes]:
    """(paragraph a, paragraph b) → shared fingerprints (:func:`seed_offsets` reads them: (offset in a,
    offset in b) in order), for pairs of paragraphs (numbered across the collection) of different
    documents (a < b) sharing at least ``min_seeds``; ``masked``: each document's :func:`_masked_keys`.
    Each seed is kept packed, as 8 bytes (a large collection has hundreds of thousands: as tuples of
    ints they were ~80 MB)."""
    h, p, o, d = _fingerprint_table(keys, masked, config.k)
    if len(h) == 0:
        return {}
    starts = np.flatnonzero(np.concatenate([[True], h[1:] != h[:-1]]))
    sizes = np.diff(np.concatenate([starts, [len(h)]]))
    # Documents per fingerprint: stock wording of the collection is left out.
    firsts = np.concatenate([[True], (h[1:] != h[:-1]) | (d[1:] != d[:-1])])
    docs_per = np.add.reduceat(firsts.astype(np.int64), starts)
    wanted = (sizes >= 2) & (docs_per >= 2) & (docs_per <= config.candidate_limit(len(keys)))
    # Every two members of a group in different documents share that fingerprint. Members are sorted by
    # paragraph, so the first of two is the lower paragraph. Each meeting is kept as two int64 numbers
    # (the pair of paragraphs; the two offsets side by side): the arrays grow by the square of the groups.
    n = sum(len(dk.paragraph_ids) for dk in keys)
    pair_chunks, offset_chunks = [], []
    for size in np.unique(sizes[wanted]).tolist():
        group_starts = starts[wanted & (sizes == size)]
        members = group_starts[:, None] + np.arange(size)[None, :]
        first, second = np.triu_indices(size, 1)  # every two members of each group
        x, y = members[:, first].ravel(), members[:, second].ravel()
        cross = d[x] != d[y]
        x, y = x[cross], y[cross]
        pair_chunks.append(p[x] * n + p[y])
        offset_chunks.append((o[x] << 32) | o[y])
    if not pair_chunks:
        return {}
    pair, offsets = np.concatenate(pair_chunks), np.concatenate(offset_chunks)
    del pair_chunks, offset_chunks
    order = np.lexsort((offsets, pair))
    pair, offsets = pair[order], offsets[order]
    del order
    cuts = np.flatnonzero(np.concatenate([[True], pair[1:] != pair[:-1], [True]]))
    seeds: dict[tuple[int, int], bytes] = {}
    for lo, hi in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
        if hi - lo >= config.min_seeds:
            code = int(pair[lo])
            seeds[(code // n, code % n)] = offsets[lo:hi].tobytes()
    return seeds


def seed_offsets(packed: bytes) -> list[tuple[int, int]]:
    """The seeds :func:`candidate_seeds` packed, as (offset in a, offset in b)."""
    both = np.frombuffer(packed, dtype=np.int64)
    return list(zip((both >> 32).tolist(), (both & 0xFFFFFFFF).tolist()))


def document_frequency(keys: Sequence[DocumentKeys]) -> tuple[np.ndarray, np.ndarray]:
    """(fingerprint hashes, sorted; the number of documents each is found in), masked ones included."""
    if not sum(len(dk.hashes) for dk in keys):  # no fingerprints (no text, or only short paragraphs)
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    h = np.concatenate([dk.hashes for dk in keys])
    d = np.repeat(np.arange(len(keys), dtype=np.int64), [len(dk.hashes) for dk in keys])
    order = np.lexsort((d, h))
    h, d = h[order], d[order]
    firsts = np.concatenate([[True], (h[1:] != h[:-1]) | (d[1:] != d[:-1])])
    hashes, counts = np.unique(h[firsts], return_counts=True)
    return hashes, counts


def passage_documents(keys: DocumentKeys, start: int, end: int, k: int, frequency) -> np.ndarray:
    """The document frequency of each fingerprint lying inside ``keys.key[start:end]``."""
    hashes, counts = frequency
    first, last = np.searchsorted(keys.at, [start, end - k + 1])  # start <= at and at + k <= end
    return counts[np.searchsorted(hashes, keys.hashes[first:last])]


# --- the stage -----------------------------------------------------------------------------------


def _map_in_process(func, docs):
    return [func(doc) for doc in docs]


def map_texts_on_every_core(func: Callable, docs: Sequence[Document]) -> list:
    """A ``map_docs`` for :func:`find_reuse` on every core (:func:`tifa.parallel.map_documents`):
    only what the keys are made from (the text and its paragraphs) travels to the workers."""
    from ..parallel import map_documents

    return map_documents(func, [Document(doc.id, None, "", doc.text, [], paragraphs=doc.paragraphs) for doc in docs])


def _keys_of(docs: Sequence[Document], config: ReuseConfig, map_docs, cache_dir, memory) -> list[DocumentKeys]:
    func = partial(document_keys, k=config.k, w=config.w, script=config.script)
    if cache_dir is None:
        return map_docs(func, docs)
    from ..cache import StageCache, fingerprint

    cache = StageCache(cache_dir, "reuse-keys", fingerprint(config.k, config.w, config.script, "document-keys"), memory)
    results = cache.map(func, docs, map_docs)
    cache.save()
    return results


def _direction(a: Document, b: Document) -> tuple[bool, bool]:
    """(a is the source, the pair is directed)."""
    da, db = a.meta.date, b.meta.date
    if not da or not db or da == db:
        return a.id <= b.id, False
    return da < db, True


AlignJob = tuple[str, str, bytes, bytes, bytes]  # a key, b key, seeds (packed), a masked, b masked


def align_job(job: AlignJob, config: ReuseConfig) -> list[KeySpan]:
    a, b, seeds, a_masked, b_masked = job
    return align(a, b, seed_offsets(seeds), a_masked, b_masked, config.k, config.w, config.align)


def find_reuse(docs: Sequence[Document], masks: Mapping[str, Sequence[tuple[int, int]]] | None = None,
               config: ReuseConfig | None = None, map_docs: Callable | None = None, map_jobs: Callable | None = None,
               cache_dir=None, memory: ServeMemory | None = None) -> ReuseTable:
    """The parallel passages of ``docs``. ``masks``: document id → spans that are formulae
    (:func:`masked_spans`). ``map_docs`` maps the per-document work, ``map_jobs`` the alignments
    (both in process by default; :mod:`tifa.reuse.distributed` passes Dask maps)."""
    config = config or ReuseConfig()
    map_docs = map_docs or _map_in_process
    masks = masks or {}
    keys = _keys_of(docs, config, map_docs, cache_dir, memory)
    masked = [_masked_keys(len(doc.text), masks.get(doc.id, ()), dk) for doc, dk in zip(docs, keys)]
    seeds = candidate_seeds(keys, masked, config)
    frequency = document_frequency(keys)
    limit = config.shared_limit(len(docs))
    # Paragraph p of the collection: (document, its offset in the document's key, its key, its masks).
    paragraphs = [(d, lo, dk.key[lo:hi], masked[d][lo:hi].tobytes())
                  for d, dk in enumerate(keys) for lo, hi in zip(dk.bounds[:-1].tolist(), dk.bounds[1:].tolist())]
    pairs = sorted(seeds)
    jobs = [(paragraphs[a][2], paragraphs[b][2], seeds.pop((a, b)), paragraphs[a][3], paragraphs[b][3])
            for a, b in pairs]
    del seeds, masked
    spans_found = _aligned(jobs, config, map_jobs, cache_dir, memory)
    del jobs
    first = np.concatenate([[0], np.cumsum([len(dk.paragraph_ids) for dk in keys])]).tolist()

    def passage(p: int, start: int, end: int) -> tuple[Passage, np.ndarray]:
        """Key offsets ``start:end`` of paragraph ``p`` as a passage of its text, and its fingerprints' document
        frequencies."""
        d, lo = paragraphs[p][:2]
        dk = keys[d]
        return (Passage(docs[d].id, dk.paragraph_ids[p - first[d]], int(dk.positions[lo + start]),
                        int(dk.positions[lo + end - 1]) + 1),
                passage_documents(dk, lo + start, lo + end, config.k, frequency))

    found: list[tuple[Parallel, bool]] = []
    for (a, b), spans in zip(pairs, spans_found):
        a_first, directed = _direction(docs[paragraphs[a][0]], docs[paragraphs[b][0]])
        for span in spans:
            if span.free < config.align.min_chars:
                continue  # made of formulae: not reuse
            (pa, in_a), (pb, in_b) = passage(a, span.a_start, span.a_end), passage(b, span.b_start, span.b_end)
            found_in = np.concatenate([in_a, in_b])
            shared = bool(len(found_in)) and float(np.median(found_in)) > limit
            similarity = round(span.equal / max(span.a_end - span.a_start, span.b_end - span.b_start), 3)
            source, copy = (pa, pb) if a_first else (pb, pa)
            found.append((Parallel(source, copy, directed, span.equal, similarity), shared))
    compared = {doc.id: len(dk.key) for doc, dk in zip(docs, keys)}
    # Wording found in many documents is a formula, unless the two documents are copies of one another (a
    # county repeating a provincial notice repeats its set clauses too): kept between documents of which
    # one shares at least ``copied_share`` of its text with the other.
    grouped: dict[tuple[str, str], list[Parallel]] = defaultdict(list)
    for par, _ in found:
        grouped[(par.source.doc_id, par.copy.doc_id)].append(par)
    copies = {pair for pair, pars in grouped.items()
              if max(_share(pars, "source", compared.get(pair[0], 0)), _share(pars, "copy", compared.get(pair[1], 0)))
              >= config.copied_share}
    parallels = [p for p, shared in found if not shared or (p.source.doc_id, p.copy.doc_id) in copies]
    parallels.sort(key=lambda p: (p.source.doc_id, p.source.start, p.copy.doc_id, p.copy.start))
    return ReuseTable(tuple(parallels), compared)


def _job_key(job: AlignJob) -> str:
    h = hashlib.sha1()
    for part in job:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _aligned(jobs: list[AlignJob], config: ReuseConfig, map_jobs, cache_dir, memory) -> list[list[KeySpan]]:
    """Every job's alignment; with ``cache_dir``, a job (two keys, their seeds and masks) aligned
    by an earlier build is not aligned again."""
    func = partial(align_job, config=config)
    run = map_jobs or _map_in_process
    if cache_dir is None:
        return run(func, jobs)
    import pickle
    from pathlib import Path

    from ..cache import fingerprint
    from ..memory import reuse

    path = Path(cache_dir) / "reuse-align.pickle"
    print_ = fingerprint(config)

    def read() -> dict:
        try:
            stored_print, entries = pickle.loads(path.read_bytes())
            return entries if stored_print == print_ else {}
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return {}

    entries: dict = reuse(memory, "reuse-align", str(path), print_, read)
    names = [_job_key(j) for j in jobs]
    todo = [j for j, n in zip(jobs, names) if n not in entries]
    if todo:
        for name, result in zip([n for n in names if n not in entries], run(func, todo)):
            entries[name] = result
    wanted = set(names)
    changed = bool(todo) or len(entries) != len(wanted)
    for name in [n for n in entries if n not in wanted]:
        del entries[name]
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_suffix(".tmp")
        scratch.write_bytes(pickle.dumps((print_, entries), protocol=pickle.HIGHEST_PROTOCOL))
        scratch.replace(path)
    return [entries[n] for n in names]


__all__ = ["DocumentPair", "Parallel", "Passage", "ReuseConfig", "ReuseTable", "find_reuse", "masked_spans"]
