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
from array import array
from collections import defaultdict
from collections.abc import Sequence
from functools import partial
from operator import sub
from sys import intern

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
    postings: dict[str, array] = defaultdict(_numbers)
    for i, doc in enumerate(ordered):
        # A document's part is a function of its paragraphs: under `mkdocs serve` reused while they are equal.
        # Its bigrams go into the postings at once: every paragraph's bigrams held together were
        # ~200 MB of the 829 regulations' build.
        rows, keys = reuse(memory, "search-document", doc.id, tuple(doc.paragraphs), partial(_per_document, doc.paragraphs))
        files[f"{PREFIX}/text/{i}.json"] = rows
        _add_postings(postings, keys, i * stride)
    shards = _shard_count(sum(_weight(k, v) for k, v in postings.items()))
    by_shard: dict[int, list[str]] = defaultdict(list)
    for key in sorted(postings):
        by_shard[shard_of(key, shards)].append(key)
    for n in range(shards):
        # One shard's numbers as deltas at a time: all of them as lists of ints at once were
        # ~250 MB of the 829 regulations' build, at its peak.
        files[f"{PREFIX}/shards/{n}.json"] = _dump({key: _deltas(postings[key]) for key in by_shard.get(n, [])})
    for start in range(0, len(ordered), CHUNK):
        meta = [[d.id, d.meta.title or d.id, d.meta.date or "", d.meta.place or "", d.meta.issuer or "", d.meta.source or ""]
                for d in ordered[start : start + CHUNK]]
        files[f"{PREFIX}/docs/{start // CHUNK}.json"] = _dump(meta)
    files[f"{PREFIX}/facets.json"] = _dump(facets(ordered))
    files[f"{PREFIX}/fold.json"] = dump_table(build_fold_table(frozenset(postings), target_script,
                                                               _phrase_parts(postings, target_script, memory)))
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


def _add_postings(postings: dict[str, array], per_paragraph: Sequence[Sequence[str]], first: int) -> None:
    """Add one document's paragraphs (numbered from ``first``) to each of their bigrams' paragraph
    numbers; documents are added in index order, so each bigram's numbers stay ascending
    (8-byte arrays: millions of int objects were much of a large build's memory)."""
    for j, paragraph_keys in enumerate(per_paragraph):
        number = first + j
        for key in paragraph_keys:
            postings[key].append(number)


def _numbers() -> array:
    return array("Q")


def _stride(counts) -> int:
    stride = 1
    for count in counts:
        while stride < count:
            stride *= 2
    return stride


def _weight(key: str, postings: Sequence[int]) -> int:
    # A rough byte count of a key's entry; what decides the number of shards.
    return len(key) * 3 + len(postings) * 3


def _shard_count(size: int) -> int:
    shards = 1
    while size / shards > SHARD_TARGET_BYTES:
        shards *= 2
    return shards


def _per_document(paragraphs: Sequence[Paragraph]) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """A document's text file and each paragraph's distinct bigrams (a tuple: a quarter of a set's
    memory, and what `mkdocs serve` keeps of every document; the order does not matter)."""
    return _dump([[p.id, p.number, p.text] for p in paragraphs]), tuple(tuple(bigrams(p.text)) for p in paragraphs)


def _deltas(numbers: Sequence[int]) -> list[int]:
    return list(map(sub, numbers, [0, *numbers[:-1]]))  # each number less the one before


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
