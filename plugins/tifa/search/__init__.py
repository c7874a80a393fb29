"""Full-text search data: a character-bigram index split into shards fetched on demand.

Material's search downloads one index of everything before it shows a result
(34 MB at 1,000 documents). Here a query fetches a small manifest, the shards
holding its bigrams, and the text of the documents it shows — a few hundred KB
whatever the size of the collection.

Files (all under ``fulltext/``):

- ``manifest.json`` — shard count, chunk size, stride, number of dated documents;
- ``shards/<n>.json`` — ``{bigram: [paragraph, Δparagraph, …]}``; paragraph ``j``
  of document ``i`` (documents in date order) is number ``i × stride + j``, the
  stride a power of two above the longest document's paragraph count — so an
  edit that adds a paragraph leaves every other number as it was;
- ``docs/<n>.json`` — ``[id, title, date, place, issuer, source]`` for a chunk of documents;
- ``facets.json`` — each document's date and place/issuer/source (as indexes into value
  lists), for filters and counts; fetched once a first result is shown, or at once when
  the URL carries a filter;
- ``fold.json`` — the script conversions a query needs (:mod:`.query_fold`);
- ``text/<i>.json`` — ``[[paragraph id, number, text], …]`` of document ``i``,
  for snippets and to confirm a match.

Bigrams never cross punctuation or spaces: a query is split the same way, the
shards give paragraphs holding all its bigrams, and the page confirms the exact
string in each paragraph it shows. Text is indexed as normalized (the site's target
script); a query is folded to the same form first (:func:`.query_fold.fold_query`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache, partial
from sys import intern

import numpy as np

from ..memory import ServeMemory, reuse
from ..model import Document, Paragraph, by_date
from .query_fold import (
    build_fold_table,
    dump_table,
    fold_query,
    fold_text,
    phrase_candidates,
)

PREFIX = "fulltext"
CHUNK = 100  # documents per metadata file
SHARD_TARGET_BYTES = 24 * 1024  # a query of n bigrams fetches up to n shards: smaller shards, fewer bytes per query
_RUN = re.compile(r"[\w]+")  # letters, digits and CJK: the characters a bigram may join


def shard_of(key: str, shards: int) -> int:
    """FNV-1a over code points; fulltext.js computes the same."""
    h = 2166136261
    for ch in key:
        h ^= ord(ch)
        h = (h * 16777619) & 0xFFFFFFFF
    return h % shards


def bigrams(text: str) -> set[str]:
    keys: set[str] = set()
    for run in _RUN.findall(text.lower()):
        # Each character with the next; one string per distinct bigram (millions of
        # two-character strings at 5,000 documents were most of a build's peak memory).
        keys.update(map(intern, map(str.__add__, run, run[1:])))
    return keys


def build_search_files(docs: Sequence[Document], memory: ServeMemory | None = None,
                       target_script: str | None = "simplified") -> dict[str, str]:
    """Every file of the search data, by path under the site root; ``target_script``: the
    script the texts were normalized to, which queries are folded to."""
    ordered = sorted(docs, key=by_date)
    stride = _stride(len(doc.paragraphs) for doc in ordered)
    files: dict[str, str] = {}
    pairs: list[np.ndarray] = []  # each document's (bigram, paragraph number) pairs
    numbers: list[np.ndarray] = []
    for i, doc in enumerate(ordered):
        # A document's part is a function of its paragraphs: under `mkdocs serve` reused while they are equal.
        rows, (found, paragraphs) = reuse(memory, "search-document", doc.id, tuple(doc.paragraphs),
                                          partial(_per_document, doc.paragraphs))
        files[f"{PREFIX}/text/{i}.json"] = rows
        pairs.append(found)
        numbers.append(paragraphs + i * stride)
    # The documents' pairs end to end (the lists of them let go: ~60 MB for the 829 regulations).
    keys, bounds, postings = _postings(*_joined(pairs, numbers))
    shards = _shard_count(sum(len(key) * 3 for key in keys) + len(postings) * 3)  # a rough byte count
    # Each bigram's numbers as deltas (the first as it is), one shard's turned into lists of ints at a time.
    deltas = np.diff(postings, prepend=0)
    deltas[bounds[:-1]] = postings[bounds[:-1]]
    del postings
    shard = _shards_of(keys, shards)
    by_shard = np.argsort(shard, kind="stable")  # each shard's bigrams in order
    cuts = np.searchsorted(shard[by_shard], np.arange(shards + 1)).tolist()
    for n in range(shards):
        files[f"{PREFIX}/shards/{n}.json"] = _dump({keys[k]: deltas[bounds[k]:bounds[k + 1]].tolist()
                                                    for k in by_shard[cuts[n]:cuts[n + 1]].tolist()})
    del deltas
    for start in range(0, len(ordered), CHUNK):
        meta = [[d.id, d.meta.title or d.id, d.meta.date or "", d.meta.place or "", d.meta.issuer or "", d.meta.source or ""]
                for d in ordered[start : start + CHUNK]]
        files[f"{PREFIX}/docs/{start // CHUNK}.json"] = _dump(meta)
    files[f"{PREFIX}/facets.json"] = _dump(facets(ordered))
    files[f"{PREFIX}/fold.json"] = dump_table(build_fold_table(frozenset(keys), target_script,
                                                               _phrase_parts(keys, target_script, memory)))
    # Undated documents come last in the index: the first ``dated`` are the dated ones.
    dated = sum(1 for d in ordered if d.meta.date)
    files[f"{PREFIX}/manifest.json"] = _dump({"version": 3, "shards": shards, "chunk": CHUNK, "stride": stride,
                                              "dated": dated})
    return files


def _phrase_parts(keys, target_script: str | None, memory: ServeMemory | None) -> list[dict[str, str]] | None:
    """OpenCC's phrase exceptions for the index's bigrams, by their first character: under
    `mkdocs serve` an edit that adds a bigram converts again only the bigrams sharing its first
    character (all of them at once take ~0.6 s for the 829 laws)."""
    if memory is None or target_script in (None, "none", "keep"):
        return None
    by_first: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_first[key[0]].append(key)
    return [reuse(memory, "search-fold", first, (target_script, frozenset(group)),
                  partial(phrase_candidates, group, target_script)) for first, group in by_first.items()]


FACET_FIELDS = ("place", "issuer", "source")


def facets(ordered: Sequence[Document]) -> dict:
    """Columns, one entry a document in index order: its date, and for each field the
    index of its value in ``values[field]`` (0: not known, whose value is "")."""
    out: dict = {"dates": [d.meta.date or "" for d in ordered], "values": {}, "of": {}}
    for name in FACET_FIELDS:
        values = [""] + sorted({getattr(d.meta, name) or "" for d in ordered} - {""})
        number = {v: i for i, v in enumerate(values)}
        out["values"][name] = values
        out["of"][name] = [number[getattr(d.meta, name) or ""] for d in ordered]
    return out


def _postings(pairs: np.ndarray, numbers: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(bigrams in order, where each one's numbers start in the third and where the last ends, the paragraph
    numbers of each bigram in ascending order) from the collection's (bigram, paragraph number) pairs as
    :func:`_per_document` gives them, document after document: one stable sort, in arrays (millions of ints
    as Python objects were much of a large build's memory)."""
    order = np.argsort(pairs, kind="stable")  # each document's pairs are in paragraph order already
    pairs = pairs[order]
    starts = np.flatnonzero(np.concatenate([[len(pairs) > 0], pairs[1:] != pairs[:-1]]))
    codes, bounds = pairs[starts], np.append(starts, len(pairs))
    del pairs, starts  # one array of the collection's size at a time besides the order
    text = np.stack([codes >> 21, codes & 0x1FFFFF], axis=1).astype(np.uint32).tobytes().decode("utf-32-le")
    return [text[i:i + 2] for i in range(0, len(text), 2)], bounds, numbers[order]


def _joined(*parts: list[np.ndarray]) -> list[np.ndarray]:
    """Each list of arrays as one array, the list emptied as it goes."""
    joined = []
    for part in parts:
        joined.append(np.concatenate(part) if part else np.zeros(0, dtype=np.int64))  # no documents: none
        part.clear()
    return joined


def _shards_of(keys: Sequence[str], shards: int) -> np.ndarray:
    """:func:`shard_of` of every bigram at once."""
    codes = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64).reshape(-1, 2)
    h = np.full(len(keys), 2166136261, dtype=np.uint64)
    for column in codes.T:
        h = ((h ^ column) * np.uint64(16777619)) & np.uint64(0xFFFFFFFF)
    return (h % np.uint64(shards)).astype(np.int64)


def _stride(counts) -> int:
    stride = 1
    for count in counts:
        while stride < count:
            stride *= 2
    return stride


def _shard_count(size: int) -> int:
    shards = 1
    while size / shards > SHARD_TARGET_BYTES:
        shards *= 2
    return shards


def _per_document(paragraphs: Sequence[Paragraph]) -> tuple[str, tuple[np.ndarray, np.ndarray]]:
    """A document's text file, and each distinct (bigram, paragraph) of it: the bigram as its two code points
    (``first << 21 | second``), the paragraph as its index — :func:`bigrams` of each paragraph, as arrays
    (what `mkdocs serve` keeps of every document)."""
    rows = _dump([[p.id, p.number, p.text] for p in paragraphs])
    lowered = [p.text.lower() for p in paragraphs]
    codes = np.frombuffer("\n".join(lowered).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    word = np.zeros(len(codes), dtype=bool)  # what ``_RUN`` matches ("\n" between paragraphs: it does not)
    bmp = codes < 0x10000
    word[bmp] = _word_table()[codes[bmp]]
    for i in np.flatnonzero(~bmp).tolist():
        word[i] = bool(_RUN.match(chr(codes[i])))
    at = np.flatnonzero(word[:-1] & word[1:])
    pairs = (codes[at] << 21) | codes[at + 1]
    starts = np.cumsum([0] + [len(t) + 1 for t in lowered[:-1]])
    paragraph = np.searchsorted(starts, at, side="right") - 1
    order = np.lexsort((paragraph, pairs))
    pairs, paragraph = pairs[order], paragraph[order]
    distinct = np.concatenate([[True], (pairs[1:] != pairs[:-1]) | (paragraph[1:] != paragraph[:-1])])[:len(pairs)]
    return rows, (pairs[distinct], paragraph[distinct])


@lru_cache(maxsize=1)  # of the Basic Multilingual Plane: the same for every build of a process
def _word_table() -> np.ndarray:
    """For each code point of the BMP, whether a bigram may hold it (``_RUN`` matches it)."""
    return np.array([bool(_RUN.match(chr(c))) for c in range(0x10000)], dtype=bool)


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def query_terms(query: str, table: dict | None = None) -> list[str]:
    """The words of a query (split on spaces), folded to the index's form (``table``: the
    site's ``fold.json``; without one, lower-cased and separators folded); all must be in a paragraph."""
    folded = fold_query(query, table) if table is not None else fold_text(query)
    return [t for t in folded.split() if t]


def search(files: dict[str, str], query: str) -> list[tuple[str, str]]:
    """(document id, paragraph id) of every paragraph holding every term of ``query``.

    The reference implementation of fulltext.js, for tests and the command line.
    """
    manifest = json.loads(files[f"{PREFIX}/manifest.json"])
    fold = files.get(f"{PREFIX}/fold.json")
    terms = query_terms(query, json.loads(fold) if fold else None)
    keys = set().union(*(bigrams(t) for t in terms)) if terms else set()
    if not keys:
        return []
    candidates: set[int] | None = None
    for key in sorted(keys):
        shard = json.loads(files[f"{PREFIX}/shards/{shard_of(key, manifest['shards'])}.json"])
        nums, total = set(), 0
        for d in shard.get(key, []):
            total += d
            nums.add(total)
        candidates = nums if candidates is None else candidates & nums
    found = []
    for num in sorted(candidates or ()):
        doc, paragraph = divmod(num, manifest["stride"])
        pid, _, text = json.loads(files[f"{PREFIX}/text/{doc}.json"])[paragraph]
        folded = fold_text(text)
        if all(t in folded for t in terms):
            meta = json.loads(files[f"{PREFIX}/docs/{doc // manifest['chunk']}.json"])[doc % manifest["chunk"]]
            found.append((meta[0], pid))
    return found
