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

import bisect
import json
import re
from array import array
from collections import defaultdict
from collections.abc import Sequence
from operator import sub
from sys import intern

from ..cache import keeping
from ..model import Document
from .query_fold import build_fold_table, dump_table, fold_query, fold_text

PREFIX = "fulltext"
CHUNK = 100  # documents per metadata file
SHARD_TARGET_BYTES = 48 * 1024
_RUN = re.compile(r"[\w]+")  # letters, digits and CJK: the characters a bigram may join


def shard_of(key: str, shards: int) -> int:
    """FNV-1a over code points; fulltext.js computes the same."""
    h = 2166136261
    for ch in key:
        h ^= ord(ch)
        h = (h * 16777619) & 0xFFFFFFFF
    return h % shards


def bigrams(text: str) -> set[str]:
    keys = set()
    for run in _RUN.findall(text.lower()):
        # Each character with the next; one string per distinct bigram (millions of
        # two-character strings at 5,000 documents were most of a build's peak memory).
        keys.update(map(intern, map(str.__add__, run, run[1:])))
    return keys


def _ordered(docs: Sequence[Document]) -> list[Document]:
    return sorted(docs, key=lambda d: (d.meta.date or "9999", d.id))


def build_search_files(docs: Sequence[Document], target_script: str | None = "simplified") -> dict[str, str]:
    """Every file of the search data, by path under the site root; ``target_script``: the
    script the texts were normalized to, which queries are folded to."""
    ordered = _ordered(docs)
    rows_and_keys = [_per_document(doc) for doc in ordered]
    stride = _stride(len(doc.paragraphs) for doc in ordered)
    files = {f"{PREFIX}/text/{i}.json": rows for i, (rows, _) in enumerate(rows_and_keys)}
    bigrams_of = [keys for _, keys in rows_and_keys]
    if keeping():
        files.update(_LIVE.update([d.id for d in ordered], stride, bigrams_of))
        shards = _LIVE.shards
        index_keys = frozenset(_LIVE.postings)
    else:
        encoded = {key: _deltas(nums) for key, nums in _postings(bigrams_of, stride).items()}
        shards = _shard_count(sum(_weight(k, v) for k, v in encoded.items()))
        index_keys = frozenset(encoded)
        by_shard: dict[int, dict[str, list[int]]] = defaultdict(dict)
        for key in sorted(encoded):
            by_shard[shard_of(key, shards)][key] = encoded[key]
        for n in range(shards):
            files[f"{PREFIX}/shards/{n}.json"] = _dump(by_shard.get(n, {}))
    for start in range(0, len(ordered), CHUNK):
        meta = [[d.id, d.meta.title or d.id, d.meta.date or "", d.meta.place or "", d.meta.issuer or "", d.meta.source or ""]
                for d in ordered[start : start + CHUNK]]
        files[f"{PREFIX}/docs/{start // CHUNK}.json"] = _dump(meta)
    files[f"{PREFIX}/facets.json"] = _dump(facets(ordered))
    files[f"{PREFIX}/fold.json"] = dump_table(build_fold_table(index_keys, target_script))
    # Undated documents come last in the index: the first ``dated`` are the dated ones.
    dated = sum(1 for d in ordered if d.meta.date)
    files[f"{PREFIX}/manifest.json"] = _dump({"version": 3, "shards": shards, "chunk": CHUNK, "stride": stride,
                                              "dated": dated})
    return files


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


def _postings(keys: list[list[list[str]]], stride: int) -> dict[str, array]:
    """Each bigram's paragraph numbers, ascending, from each document's per-paragraph bigrams
    (8-byte arrays: millions of int objects were much of a large build's memory)."""
    postings: dict[str, array] = defaultdict(_numbers)
    for i, per_doc in enumerate(keys):
        for j, paragraph_keys in enumerate(per_doc):
            number = i * stride + j
            for key in paragraph_keys:
                postings[key].append(number)
    return dict(postings)


def _numbers() -> array:
    return array("Q")


def _stride(counts) -> int:
    stride = 1
    for count in counts:
        while stride < count:
            stride *= 2
    return stride


def _weight(key: str, postings: list[int]) -> int:
    # A rough byte count of a key's entry; what decides the number of shards.
    return len(key) * 3 + len(postings) * 3


def _shard_count(size: int) -> int:
    shards = 1
    while size / shards > SHARD_TARGET_BYTES:
        shards *= 2
    return shards


class _LiveIndex:
    """The postings of the last build, kept in `mkdocs serve`: after an edit only the
    keys of the edited paragraphs change, and only the shards holding them are written
    again. The files are the same as a build from nothing (a test checks)."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.ids: list[str] = []
        self.stride = 0
        self.keys: list[list[list[str]]] = []  # per document, per paragraph: its bigrams (sorted)
        self.postings: dict[str, array] = {}
        self.fragments: dict[str, str] = {}  # key → '"key":[Δ…]'
        self.size = 0
        self.shards = 0
        self.shard_keys: dict[int, set[str]] = {}
        self.shard_text: dict[int, str] = {}

    def update(self, ids: list[str], stride: int, keys: list[list[list[str]]]) -> dict[str, str]:
        if ids != self.ids or stride != self.stride:
            self._rebuild(ids, stride, keys)  # documents added, removed or moved, or a longest document longer
        else:
            touched: set[str] = set()
            for i, (old, new) in enumerate(zip(self.keys, keys)):
                if old is not new and old != new:
                    for j in range(max(len(old), len(new))):
                        was = old[j] if j < len(old) else ()
                        now = new[j] if j < len(new) else ()
                        if was != now:
                            self._move(i * stride + j, set(was), set(now), touched)
            self.keys = keys
            if _shard_count(self.size) != self.shards:
                self._rebuild(ids, stride, keys)
            else:
                self._refresh(touched)
        return {f"{PREFIX}/shards/{n}.json": text for n, text in self.shard_text.items()}

    def _move(self, number: int, was: set[str], now: set[str], touched: set[str]) -> None:
        for key in was - now:
            nums = self.postings[key]
            self.size -= _weight(key, nums)
            del nums[bisect.bisect_left(nums, number)]
            if nums:
                self.size += _weight(key, nums)
            else:
                del self.postings[key]
            touched.add(key)
        for key in now - was:
            nums = self.postings.get(key)
            if nums is None:
                nums = self.postings[key] = _numbers()
            self.size -= _weight(key, nums) if nums else 0
            bisect.insort(nums, number)
            self.size += _weight(key, nums)
            touched.add(key)

    def _rebuild(self, ids, stride, keys) -> None:
        self.clear()
        self.ids, self.stride, self.keys = list(ids), stride, keys
        self.postings = _postings(keys, stride)
        self.size = sum(_weight(k, v) for k, v in self.postings.items())
        self.shards = _shard_count(self.size)
        self.shard_keys = {n: set() for n in range(self.shards)}
        self._refresh(set(self.postings))

    def _refresh(self, touched: set[str]) -> None:
        shards = set()
        for key in touched:
            n = shard_of(key, self.shards)
            shards.add(n)
            if key in self.postings:
                self.fragments[key] = f"{_dump(key)}:{_dump(_deltas(self.postings[key]))}"
                self.shard_keys[n].add(key)
            else:
                self.fragments.pop(key, None)
                self.shard_keys[n].discard(key)
        for n in shards | (set(range(self.shards)) - set(self.shard_text)):
            self.shard_text[n] = "{" + ",".join(self.fragments[k] for k in sorted(self.shard_keys[n])) + "}"


_LIVE = _LiveIndex()

# A document's text file and bigrams, kept while its paragraphs are unchanged (rebuilds in `mkdocs serve`).
_DONE: dict[str, tuple[tuple, tuple[str, list[list[str]]], list]] = {}  # document → shape, data, paragraph list


def _per_document(doc: Document) -> tuple[str, list[list[str]]]:
    last = _DONE.get(doc.id)
    if last is not None and last[2] is doc.paragraphs:  # serve: the very paragraphs of the last build
        return last[1]
    shape = tuple((p.id, p.number, p.text) for p in doc.paragraphs)
    if last is not None and last[0] == shape:
        result = last[1]
    else:
        # Sorted for serve, which compares them between builds; a single build needs no order.
        order = sorted if keeping() else list
        result = (_dump([list(row) for row in shape]), [order(bigrams(p.text)) for p in doc.paragraphs])
    if keeping():
        _DONE[doc.id] = (shape, result, doc.paragraphs)
    return result


def _deltas(numbers: list[int]) -> list[int]:
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
