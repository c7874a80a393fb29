"""What reuse detection compares: each paragraph's characters folded to one form, and its fingerprints.

A paragraph's *key* keeps only its letters, digits and Han characters (punctuation and spaces
go: a re-punctuated copy is still a copy), folded to one script character by character (OpenCC's
single-character conversions, so offsets stay exact) and to lower case. ``positions[i]`` is the
offset in the paragraph's text of key character ``i``.

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
    if len(key) < k:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - k + 1
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
class ParagraphKey:
    """One paragraph as reuse detection sees it (kept in the stage cache)."""

    paragraph_id: str
    start: int  # the paragraph's offset in the document's text
    key: str
    positions: tuple[int, ...]  # key character → offset in the paragraph's text
    hashes: np.ndarray  # uint64 fingerprints
    at: np.ndarray  # the key offset of each fingerprint's first character


COMPARED_KINDS = ("text", "item")  # titles and headings are too short and too alike to say anything


def document_keys(doc: Document, k: int, w: int, script: str = "t2s") -> list[ParagraphKey]:
    """Every compared paragraph of ``doc`` with its key and fingerprints (a pure function of the text)."""
    table = fold_table(script)
    keys = []
    for p in doc.paragraphs:
        if p.kind not in COMPARED_KINDS:
            continue
        key, positions = paragraph_key(p.text, table)
        hashes = shingle_hashes(key, k)
        kept = winnow(hashes, w)
        keys.append(ParagraphKey(p.id, p.start, key, tuple(positions), hashes[kept], kept.astype(np.uint32)))
    return keys
