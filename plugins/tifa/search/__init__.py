"""Full-text search data: a character-bigram index split into shards fetched on demand.

Material's search downloads one index of everything before it shows a result
(34 MB at 1,000 documents). Here a query fetches a small manifest, the shards
holding its bigrams, and the text of the documents it shows — a few hundred KB
whatever the size of the collection.

Files (all under ``fulltext/``):

- ``manifest.json`` — shard count, chunk size, paragraphs per document;
- ``shards/<n>.json`` — ``{bigram: [paragraph, Δparagraph, …]}`` over global
  paragraph numbers (documents in date order, their paragraphs in order);
- ``docs/<n>.json`` — ``[id, title, date, place, issuer]`` for a chunk of documents;
- ``text/<i>.json`` — ``[[paragraph id, number, text], …]`` of document ``i``,
  for snippets and to confirm a match.

Bigrams never cross punctuation or spaces: a query is split the same way, the
shards give paragraphs holding all its bigrams, and the page confirms the exact
string in each paragraph it shows. Text is indexed as normalized (simplified).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence

from ..cache import keeping
from ..model import Document

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
        keys.update(run[i : i + 2] for i in range(len(run) - 1))
    return keys


def _ordered(docs: Sequence[Document]) -> list[Document]:
    return sorted(docs, key=lambda d: (d.meta.date or "9999", d.id))


def build_search_files(docs: Sequence[Document]) -> dict[str, str]:
    """Every file of the search data, by path under the site root."""
    ordered = _ordered(docs)
    postings: dict[str, list[int]] = defaultdict(list)
    files: dict[str, str] = {}
    counts = []
    number = 0
    for i, doc in enumerate(ordered):
        rows, keys = _per_document(doc)
        for paragraph_keys in keys:
            for key in paragraph_keys:
                postings[key].append(number)
            number += 1
        counts.append(len(doc.paragraphs))
        files[f"{PREFIX}/text/{i}.json"] = rows
    encoded = {key: _deltas(nums) for key, nums in postings.items()}
    size = sum(len(k) * 3 + len(v) * 3 for k, v in encoded.items())
    shards = 1
    while size / shards > SHARD_TARGET_BYTES:
        shards *= 2
    by_shard: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for key in sorted(encoded):
        by_shard[shard_of(key, shards)][key] = encoded[key]
    for n in range(shards):
        files[f"{PREFIX}/shards/{n}.json"] = _dump(by_shard.get(n, {}))
    for start in range(0, len(ordered), CHUNK):
        meta = [[d.id, d.meta.title or d.id, d.meta.date or "", d.meta.place or "", d.meta.issuer or ""]
                for d in ordered[start : start + CHUNK]]
        files[f"{PREFIX}/docs/{start // CHUNK}.json"] = _dump(meta)
    files[f"{PREFIX}/manifest.json"] = _dump({"version": 1, "shards": shards, "chunk": CHUNK, "paragraphs": counts})
    return files


# A document's text file and bigrams, kept while its paragraphs are unchanged (rebuilds in `mkdocs serve`).
_DONE: dict[str, tuple[tuple, tuple[str, list[list[str]]]]] = {}


def _per_document(doc: Document) -> tuple[str, list[list[str]]]:
    shape = tuple((p.id, p.number, p.text) for p in doc.paragraphs)
    last = _DONE.get(doc.id)
    if last is not None and last[0] == shape:
        return last[1]
    result = (_dump([list(row) for row in shape]), [sorted(bigrams(p.text)) for p in doc.paragraphs])
    if keeping():
        _DONE[doc.id] = (shape, result)
    return result


def _deltas(numbers: list[int]) -> list[int]:
    out, last = [], 0
    for n in numbers:
        out.append(n - last)
        last = n
    return out


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def query_terms(query: str) -> list[str]:
    """The words of a query (split on spaces), lower-cased; all must be in a paragraph."""
    return [t for t in query.lower().split() if t]


def search(files: dict[str, str], query: str) -> list[tuple[str, str]]:
    """(document id, paragraph id) of every paragraph holding every term of ``query``.

    The reference implementation of fulltext.js, for tests and the command line.
    """
    import bisect

    manifest = json.loads(files[f"{PREFIX}/manifest.json"])
    terms = query_terms(query)
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
    starts, total = [], 0
    for c in manifest["paragraphs"]:
        starts.append(total)
        total += c
    found = []
    for num in sorted(candidates or ()):
        doc = bisect.bisect_right(starts, num) - 1
        pid, _, text = json.loads(files[f"{PREFIX}/text/{doc}.json"])[num - starts[doc]]
        if all(t in text.lower() for t in terms):
            meta = json.loads(files[f"{PREFIX}/docs/{doc // manifest['chunk']}.json"])[doc % manifest["chunk"]]
            found.append((meta[0], pid))
    return found
