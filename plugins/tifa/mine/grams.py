"""Repeated character strings of a corpus and the evidence about each: how often, in how many
documents and groups (places, issuers, sources), and what stands on either side of it.

Every string that recurs in ``min_docs`` documents is counted, whatever its length: lengths grow
one character at a time and only where both the string one shorter and the one starting a
character later recurred (a string cannot be in more documents than its parts), so the work
follows how much the corpus repeats itself, not a fixed cap. Strings are compared by a 64-bit
polynomial hash of their characters, in NumPy: sorting a few million integers per length is what
keeps a 15 MB corpus to seconds.

Nothing here knows Chinese beyond "a Han character": the words that govern a formulation (坚持…,
贯彻…) come from :mod:`tifa.mine.kinds`' word lists, and deciding which strings are formulations is
that module's work, from the evidence gathered here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

# What may stand inside a string: Han characters. Everything else either ends a string and is
# no neighbour (punctuation, spaces) or ends it and is remembered as a neighbour of its own kind.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
BREAK = 0  # punctuation, line ends: a boundary, counted as a different neighbour every time
NUMBER = 1  # an Arabic digit or a Latin letter beside the string (新增确诊病例 12 例)
OPEN_QUOTE = 2  # “ or 「 before it
CLOSE_QUOTE = 3  # ” or 」 after it
_SPECIAL = {"“": OPEN_QUOTE, "「": OPEN_QUOTE, "『": OPEN_QUOTE, "”": CLOSE_QUOTE, "」": CLOSE_QUOTE, "』": CLOSE_QUOTE}
_MULT = np.uint64(0x100000001B3)  # FNV prime: odd, so the hash of a string is a bijection of its last step


@dataclass(frozen=True, slots=True)
class Gram:
    """A repeated string and the evidence about it, as counted over the whole corpus."""

    text: str
    uses: int  # occurrences
    docs: int  # documents it occurs in
    left_share: float  # share of uses preceded by its most common left character
    right_share: float  # share of uses followed by its most common right character
    left_char: str  # that character ("" when the most common left neighbour is a boundary)
    right_char: str
    groups: int  # distinct groups (place / issuer / source) among its documents
    top_group_share: float  # share of its documents in its most common group
    number_share: float  # share of uses with a digit or Latin letter right beside it
    quoted_share: float  # share of uses inside “…”
    governed_share: float = 0.0  # share of uses right after a governing word (坚持…, 贯彻“…”)
    governors: int = 0  # distinct governing words it follows
    by_principle: bool = False  # one of them is a principle word (the first ``principle_words`` governors)
    modal_share: float = 0.0  # share of uses right after a modal of a rule (应当…, 不得…)
    cited_share: float = 0.0  # share of uses after a governing word in the same clause (推动经济社会高质量发展)
    citing_words: int = 0  # distinct governing words that cite it so
    median_uses: float = 0.0  # uses in the median document of those it occurs in


class GramCounts:
    """How often each recurring string occurs, by length: what cohesion is judged from."""

    def __init__(self) -> None:
        self._hashes: dict[int, np.ndarray] = {}
        self._uses: dict[int, np.ndarray] = {}

    def add(self, length: int, hashes: np.ndarray, uses: np.ndarray) -> None:
        self._hashes[length], self._uses[length] = hashes, uses  # np.unique's output: sorted

    def uses(self, text: str) -> int:
        """Occurrences of ``text`` (0 when it recurs in fewer than ``min_docs`` documents)."""
        hashes = self._hashes.get(len(text))
        if hashes is None or not text:
            return 0
        value = 0
        for ch in text:
            value = (value * int(_MULT) + ord(ch)) & 0xFFFFFFFFFFFFFFFF
        i = int(np.searchsorted(hashes, np.uint64(value)))
        return int(self._uses[len(text)][i]) if i < len(hashes) and int(hashes[i]) == value else 0

    def cohesion(self, text: str) -> float:
        """For the weakest cut of ``text`` into two parts, the share of the more bound part's uses
        that are uses of the whole: low when both parts are free words that merely meet here
        (主管部门 | 责令改正), high when one of them lives inside the whole (高质量 | 发展)."""
        whole = self.uses(text)
        if len(text) < 2 or not whole:
            return 0.0
        weakest = 1.0
        for cut in range(1, len(text)):
            left, right = self.uses(text[:cut]), self.uses(text[cut:])
            bound = max(whole / left if left else 1.0, whole / right if right else 1.0)
            weakest = min(weakest, bound)
        return weakest


def _code_points(joined: str) -> np.ndarray:
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int32)  # code points < 2**21


def _encode(raw: np.ndarray) -> np.ndarray:
    """The pieces' code points (joined with a line end before, between and after them, so reading
    one past a string is always safe) as codes: Han characters as themselves, the rest as the
    markers above."""
    codes = np.full(len(raw), BREAK, dtype=np.int32)
    han = np.zeros(len(raw), dtype=bool)
    for low, high in _HAN_RANGES:
        han |= (raw >= low) & (raw <= high)
    codes[han] = raw[han]
    ascii_alnum = ((raw >= 48) & (raw <= 57)) | ((raw >= 65) & (raw <= 90)) | ((raw >= 97) & (raw <= 122))
    codes[ascii_alnum] = NUMBER
    for ch, marker in _SPECIAL.items():
        codes[raw == ord(ch)] = marker
    return codes


def _run_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values begins in ``ordered`` (sorted)."""
    return np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else np.zeros(0, np.int64)


def _distinct(values: np.ndarray, counted: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """The distinct values, sorted, and (when ``counted``) how often each occurs (a sort and a
    comparison: steadier than NumPy's hash-based unique)."""
    ordered = np.sort(values)
    starts = _run_starts(ordered)
    counts = np.diff(np.r_[starts, len(ordered)]).astype(np.int32) if counted else None
    return ordered[starts], counts


def _median_per_gram(keys: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """The median of each gram's values (``keys`` sorted ascending; 0 for a gram with none). One sort
    of key and value packed into one integer: no index arrays."""
    result = np.zeros(size)
    if not len(keys):
        return result
    scale = int(values.max()) + 1
    ordered = np.sort(keys.astype(np.int64) * scale + values) % scale  # each gram's values, ascending
    starts = _run_starts(keys)
    n = np.diff(np.r_[starts, len(keys)])
    result[keys[starts]] = (ordered[starts + (n - 1) // 2] + ordered[starts + n // 2]) / 2
    return result


def _segment_max(keys: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """The largest value per key (keys sorted ascending), 0 for keys that have none."""
    result = np.zeros(size, dtype=np.int64)
    if len(keys):
        starts = _run_starts(keys)
        result[keys[starts]] = np.maximum.reduceat(values, starts)
    return result


def _neighbour_evidence(inv: np.ndarray, neighbour: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """For each gram: the count of its most common real neighbour (Han character) and that character."""
    real = neighbour > CLOSE_QUOTE
    pairs = (inv[real].astype(np.int64) << 21) | neighbour[real].astype(np.int64)
    uniq, counts = np.unique(pairs, return_counts=True)
    keys = uniq >> 21
    best = _segment_max(keys, counts, size)
    char = np.zeros(size, dtype=np.int64)
    is_best = counts == best[keys]
    # Of equally common neighbours, the last in code order wins: deterministic, and ties only matter below the bar.
    char[keys[is_best]] = (uniq[is_best] & ((1 << 21) - 1))
    return best, char


def _positions_after(joined: str, codes: np.ndarray, words: Sequence[str]) -> np.ndarray:
    """Per position, 1 + the index of the word of ``words`` that a string starting there follows
    (directly or across an opening quote), 0 where none does."""
    after = np.zeros(len(codes) + 1, dtype=np.int16)  # a few dozen words
    if not words:
        return after[:-1]
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for index, word in enumerate(words):
        automaton.add_word(word, index + 1)
    automaton.make_automaton()
    found = np.array(list(automaton.iter(joined)), dtype=np.int64).reshape(-1, 2)
    after[found[:, 0] + 1] = found[:, 1]  # of two words ending together (推进, 全面推进) the last listed
    after_quote = np.flatnonzero(codes[1:] == OPEN_QUOTE) + 1  # 深化“放管服”: the word stands before the quote
    after[after_quote + 1] = np.where(after[after_quote + 1], after[after_quote + 1], after[after_quote])
    return after[:-1]


def _cited_after(raw: np.ndarray, governed: np.ndarray, clause_ends: str) -> np.ndarray:
    """Per position, 1 + the index of the governing word that last stood before it in its clause,
    0 where none did: 推动 cites 高质量发展 across 经济社会 in 推动经济社会高质量发展. A clause ends at
    one of ``clause_ends`` or a line end."""
    clause = np.cumsum(np.isin(raw, [ord(ch) for ch in clause_ends + "\n"]), dtype=np.int32)
    last = np.maximum.accumulate(np.where(governed > 0, np.arange(len(governed), dtype=np.int32), -1))
    seen = np.maximum(last, 0)
    return np.where((last >= 0) & (clause[seen] == clause), governed[seen], 0).astype(governed.dtype)


def count_grams(texts: Sequence[str], doc_of_text: Sequence[int], group_of_doc: Sequence[int],
                **settings: Any) -> tuple[list[Gram], GramCounts]:
    """:func:`grams_by_length`'s strings in one list, and the counts."""
    counts = GramCounts()
    return [g for grams in grams_by_length(texts, doc_of_text, group_of_doc, counts, **settings) for g in grams], counts


def grams_by_length(texts: Sequence[str], doc_of_text: Sequence[int], group_of_doc: Sequence[int], counts: GramCounts,
                    min_docs: int = 2, min_chars: int = 2, max_share: float = 0.9,
                    governors: Sequence[str] = (), principle_words: int = 0,
                    modals: Sequence[str] = (), clause_ends: str = "。",
                    grammar_chars: str = "") -> Iterator[list[Gram]]:
    """Every string of ``min_chars`` or more Han characters found in ``min_docs`` documents or more.

    ``texts`` are paragraphs (or any pieces that a string must not cross), ``doc_of_text`` the
    document index of each, ``group_of_doc`` a group index per document (its place, issuer or
    source; all zeros when unknown). Only strings whose neighbours vary are returned: one that is
    preceded (or followed) by the same character in ``max_share`` of its uses is a piece of a
    longer string, which is counted in its own right. A governing word before a string (one of
    ``governors``: 坚持以人民为中心) is a word of its own, and so is a particle of ``grammar_chars``
    beside it (…综合治理的方针): each counts as a boundary, not as a sign that the string
    is cut off. The share of uses a governing word governs is part of the evidence (the first
    ``principle_words`` of them take principles: 坚持, 贯彻), as is the share after one of ``modals``
    (不得乱堆乱放: the act a rule allows or forbids), and the share in a clause (ended by one of
    ``clause_ends``) that a governing word opened earlier.

    The strings come one length at a time, shortest first; when a length's strings are given,
    ``counts`` holds the uses of every recurring string up to that length (what the cohesion of
    those strings is judged from). A caller that keeps less than every string's evidence need
    not hold them all at once (a large corpus has hundreds of thousands).
    """
    joined = "\n" + "\n".join(texts) + "\n"
    raw = _code_points(joined)
    codes = _encode(raw)
    governed = _positions_after(joined, codes, governors)
    marks = _Marks(codes, governed, cited=_cited_after(raw, governed, clause_ends),
                   after_modal=_positions_after(joined, codes, modals) > 0,
                   grammar=np.isin(codes, [ord(ch) for ch in grammar_chars]), principle_words=principle_words)
    piece_start = np.cumsum([0] + [len(t) + 1 for t in texts])
    doc = np.zeros(len(codes), dtype=np.int64)
    doc[piece_start[:-1]] = np.diff(np.r_[0, np.asarray(doc_of_text, dtype=np.int64)]) if len(texts) else []
    doc = np.cumsum(doc).astype(np.int32)
    groups = np.asarray(group_of_doc, dtype=np.int64)
    n_docs = max(len(group_of_doc), 1)

    is_han = codes > CLOSE_QUOTE
    pos = np.flatnonzero(is_han).astype(np.int32)  # positions, documents and gram indices fit 32 bits
    hashes = codes[pos].astype(np.uint64)
    length = 1
    while len(pos):
        uniq, inv, uses = np.unique(hashes, return_inverse=True, return_counts=True)
        inv = inv.astype(np.int32)
        # Uses per (gram, document) only where evidence is gathered (the single characters are many).
        doc_pairs, pair_uses = _distinct(inv.astype(np.int64) * n_docs + doc[pos], counted=length >= min_chars)
        doc_key = doc_pairs // n_docs
        docs = np.bincount(doc_key, minlength=len(uniq))
        frequent_gram = docs >= min_docs
        frequent = frequent_gram[inv]
        counts.add(length, uniq[frequent_gram], uses[frequent_gram])
        if length >= min_chars and frequent_gram.any():
            yield _evidence(marks, pos, inv, uses, docs, doc_pairs, pair_uses, doc_key, n_docs, groups, length,
                            frequent_gram, max_share)
        # Grow by one character where the string and the one a character later both recur.
        recurring = np.zeros(len(codes), dtype=bool)
        recurring[pos[frequent]] = True
        grow = frequent & recurring[pos + 1] & is_han[pos + length]
        pos = pos[grow]
        hashes = hashes[grow] * _MULT + codes[pos + length].astype(np.uint64)
        length += 1


def _distinct_per_gram(grams: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """For each of ``size`` grams, how many different values stand beside its uses (the governing
    words that precede or cite it)."""
    stride = int(values.max(initial=0)) + 1
    pairs = np.unique(grams.astype(np.int64) * stride + values)
    return np.bincount(pairs // stride, minlength=size)


@dataclass(frozen=True)
class _Marks:
    """What is known of every position of the joined text, before counting."""

    codes: np.ndarray  # :func:`_encode`'s codes
    governed: np.ndarray  # 1 + the governing word right before a string starting here, else 0
    cited: np.ndarray  # 1 + the governing word earlier in this position's clause, else 0
    after_modal: np.ndarray  # a modal of a rule right before
    grammar: np.ndarray  # a particle here (的): no neighbour, a boundary
    principle_words: int  # governing words up to this number take principles


def _evidence(marks: _Marks, pos, inv, uses, docs, doc_pairs, pair_uses, doc_key, n_docs, groups, length,
              frequent_gram, max_share) -> list[Gram]:
    codes, principle_words = marks.codes, marks.principle_words
    size = len(uses)
    governor = marks.governed[pos]
    is_governed = governor > 0
    left = np.where(is_governed | marks.grammar[pos - 1], BREAK, codes[pos - 1])
    right = np.where(marks.grammar[pos + length], BREAK, codes[pos + length])
    left_best, left_char = _neighbour_evidence(inv, left, size)
    right_best, right_char = _neighbour_evidence(inv, right, size)
    beside_number = np.bincount(inv, weights=(left == NUMBER) | (right == NUMBER), minlength=size)
    quoted = np.bincount(inv, weights=(codes[pos - 1] == OPEN_QUOTE) & (right == CLOSE_QUOTE), minlength=size)
    governed_uses = np.bincount(inv, weights=is_governed, minlength=size)
    n_governors = _distinct_per_gram(inv[is_governed], governor[is_governed], size)
    by_principle = np.bincount(inv, weights=is_governed & (governor <= principle_words), minlength=size)
    modal_uses = np.bincount(inv, weights=marks.after_modal[pos], minlength=size)
    citer = marks.cited[pos]
    is_cited = citer > 0
    cited_uses = np.bincount(inv, weights=is_cited, minlength=size)
    n_citing = _distinct_per_gram(inv[is_cited], citer[is_cited], size)
    # Groups: distinct (gram, group) pairs among its documents, and the largest group's count.
    group_pairs, group_counts = np.unique(doc_key * (int(groups.max(initial=0)) + 1) + groups[doc_pairs % n_docs],
                                          return_counts=True)
    group_key = group_pairs // (int(groups.max(initial=0)) + 1)
    n_groups = np.bincount(group_key, minlength=size)
    top_group = _segment_max(group_key, group_counts, size)
    closed = frequent_gram & (left_best < max_share * uses) & (right_best < max_share * uses)
    in_closed = closed[doc_key]
    median_uses = _median_per_gram(doc_key[in_closed], pair_uses[in_closed], size)
    first = np.full(size, -1, dtype=np.int64)
    first[inv[::-1]] = pos[::-1]  # one position of each gram, to read its text back
    chosen = np.flatnonzero(closed)
    # Every chosen gram's characters in one string (Han characters only: one code point each), cut
    # into texts; and each column of evidence as a list, read once instead of element by element.
    spans = first[chosen][:, None] + np.arange(length)[None, :]
    joined = codes[spans].astype(np.uint32).tobytes().decode("utf-32-le")
    texts = [joined[i : i + length] for i in range(0, len(joined), length)]
    columns = [column[chosen].tolist() for column in (
        uses, docs, left_best, right_best, left_char, right_char, n_groups, top_group, beside_number, quoted,
        governed_uses, n_governors, by_principle, modal_uses, cited_uses, n_citing, median_uses)]
    out = []
    for text, (n, in_docs, left_n, right_n, left_c, right_c, n_group, top, number, quote, governed_n, governors,
               principle, modal, cited_n, citing, median) in zip(texts, zip(*columns)):
        out.append(Gram(
            text=text, uses=n, docs=in_docs,
            left_share=float(left_n) / n, right_share=float(right_n) / n,
            left_char=chr(left_c) if left_n else "", right_char=chr(right_c) if right_n else "",
            groups=n_group, top_group_share=float(top) / in_docs,
            number_share=float(number) / n, quoted_share=float(quote) / n,
            governed_share=float(governed_n) / n, governors=governors,
            by_principle=bool(principle), modal_share=float(modal) / n,
            cited_share=float(cited_n) / n, citing_words=citing, median_uses=median,
        ))
    return out
