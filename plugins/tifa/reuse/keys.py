"""What reuse detection compares: each paragraph's characters folded to one form, and its fingerprints.

A paragraph's *key* keeps only its letters, digits and Han characters (punctuation and spaces
go: a re-punctuated copy is still a copy), folded to one script character by character (OpenCC's
single-character conversions, so offsets stay exact) and to lower case. ``positions[i]`` is the
offset in the text of key character ``i`` (the paragraph's for :func:`paragraph_key`, the document's
in :class:`DocumentKeys`, which lays a document's paragraph keys end to end).

Fingerprints are winnowed shingles (Schleimer, Wilkerson and Aiken, *Winnowing*, 2003): a stable
rolling hash of every ``k`` key characters, and of every ``w`` consecutive hashes the smallest. Two
keys sharing a run of ``w + k - 1`` characters share a fingerprint; far fewer are kept than shingles.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..model import Document, pickled_by_fields

_BASE = np.uint64(1_000_003)


@lru_cache(maxsize=4)  # keyed by configuration name: one table for every build of a process
def fold_table(config: str = "t2s") -> dict[int, str]:
    """``str.translate`` table: each character OpenCC's ``config`` converts singly, to its conversion."""
    from ..search.query_fold import _char_conversions

    table = {ord(c): t for c, t in _char_conversions(config) if len(t) == 1}
    # Full-width letters and digits as their ASCII forms (one character each, so offsets hold).
    table.update({c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF5B) if chr(c - 0xFEE0).isalnum()})
    return table


def paragraph_key(text: str, table: dict[int, str]) -> tuple[str, list[int]]:
    """(key, positions): the paragraph's letters, digits and Han characters, folded."""
    positions = [i for i, c in enumerate(text) if c.isalnum()]
    key = "".join(text[i] for i in positions).translate(table).lower()
    if len(key) != len(positions):  # a folding that is not one character for one: keep the character
        key = "".join(text[i].translate(table).lower()[:1] or text[i] for i in positions)
    return key, positions


def shingle_hashes(key: str, k: int) -> np.ndarray:
    """A hash of every ``k`` consecutive characters (polynomial, the same in every process)."""
    return _rolling_hashes(np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64), k)


def _rolling_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """A hash of every ``k`` consecutive codes (``uint64``); none when there are fewer than ``k``."""
    n = len(codes) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * _BASE + codes[j : j + n]
        # Mix the bits, so that the smallest hash of a window is not simply the smallest character.
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return h


def winnow(hashes: np.ndarray, w: int) -> np.ndarray:
    """The positions of the fingerprints kept: the rightmost smallest hash of every window of ``w``."""
    if len(hashes) == 0:
        return np.zeros(0, dtype=np.int64)
    if len(hashes) <= w:
        return np.array([len(hashes) - 1 - int(np.argmin(hashes[::-1]))])
    windows = np.lib.stride_tricks.sliding_window_view(hashes, w)
    rightmost = w - 1 - np.argmin(windows[:, ::-1], axis=1)
    return np.unique(rightmost + np.arange(len(windows)))


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class DocumentKeys:
    """The compared paragraphs of one document as reuse detection sees them, their keys laid end to
    end (kept in the stage cache: a few arrays a document, not a few a paragraph — 89,000 paragraphs'
    own arrays took longer to pickle and unpickle than to make). No fingerprint crosses two paragraphs."""

    paragraph_ids: tuple[str, ...]
    key: str  # the paragraphs' keys, one after another
    bounds: np.ndarray  # uint32, one more than the paragraphs: where each paragraph's key starts in ``key``
    positions: np.ndarray  # uint32: key character → offset in the document's text
    hashes: np.ndarray  # uint64 fingerprints, in the order of ``at``
    at: np.ndarray  # uint32: the offset in ``key`` of each fingerprint's first character


COMPARED_KINDS = ("text", "item")  # titles and headings are too short and too alike to say anything


@lru_cache(maxsize=4)
def _code_tables(script: str) -> tuple[np.ndarray, np.ndarray]:
    """(kept, folded) for every code point of the Basic Multilingual Plane: whether a key keeps it
    (:meth:`str.isalnum`), and what it folds to — :func:`paragraph_key` as arrays, for whole texts."""
    table = fold_table(script)
    kept = np.array([chr(c).isalnum() for c in range(0x10000)], dtype=bool)
    folded = np.arange(0x10000, dtype=np.uint32)
    for c in np.flatnonzero(kept).tolist():
        f = chr(c).translate(table).lower()
        if len(f) == 1:
            folded[c] = ord(f)
    return kept, folded


def _text_key(text: str, script: str) -> tuple[np.ndarray, np.ndarray]:
    """(positions, folded code points) of the characters a key keeps, over a whole text at once."""
    kept_table, folded_table = _code_tables(script)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    bmp = codes < 0x10000
    kept = np.zeros(len(codes), dtype=bool)
    kept[bmp] = kept_table[codes[bmp]]
    for i in np.flatnonzero(~bmp).tolist():  # outside the BMP (rare Han extensions): one by one
        kept[i] = text[i].isalnum()
    positions = np.flatnonzero(kept)
    chosen = codes[positions]
    inside = chosen < 0x10000
    chosen = chosen.copy()
    chosen[inside] = folded_table[chosen[inside]]
    return positions, chosen


_NONE = np.uint64(np.iinfo(np.uint64).max)  # the hash of a shingle that crosses paragraphs: never kept


def document_keys(doc: Document, k: int, w: int, script: str = "t2s") -> DocumentKeys:
    """The compared paragraphs of ``doc`` with their keys and fingerprints (a pure function of the text).

    The whole text is folded, hashed and winnowed at once: a shingle crossing two paragraphs gets a
    hash no window keeps, so each paragraph has at least the fingerprints it would have alone."""
    paragraphs = [p for p in doc.paragraphs if p.kind in COMPARED_KINDS]
    if not paragraphs:
        none = np.zeros(0, dtype=np.uint32)
        return DocumentKeys((), "", np.zeros(1, dtype=np.uint32), none, np.zeros(0, dtype=np.uint64), none)
    positions, codes = _text_key(doc.text, script)
    spans = np.searchsorted(positions, [(p.start, p.end) for p in paragraphs])  # each paragraph's key, in the text's
    chosen = np.concatenate([np.arange(lo, hi) for lo, hi in spans.tolist()])
    run = codes[chosen].astype(np.uint64)
    bounds = np.concatenate([[0], np.cumsum(spans[:, 1] - spans[:, 0])])
    n = len(run) - k + 1
    hashes = _rolling_hashes(run, k)
    if n > 0:
        # A shingle starting less than k characters before a paragraph's end crosses into the next.
        owner = np.searchsorted(bounds, np.arange(n), side="right") - 1
        hashes[np.arange(n) + k > bounds[owner + 1]] = _NONE
    kept = winnow(hashes, w)
    kept = kept[hashes[kept] != _NONE]
    return DocumentKeys(tuple(p.id for p in paragraphs), run.astype(np.uint32).tobytes().decode("utf-32-le"),
                        bounds.astype(np.uint32), positions[chosen].astype(np.uint32), hashes[kept],
                        kept.astype(np.uint32))
