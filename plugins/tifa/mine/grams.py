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

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ..memory import ServeMemory, update

# What may stand inside a string: Han characters. Everything else either ends a string and is
# no neighbour (punctuation, spaces) or ends it and is remembered as a neighbour of its own kind.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
BREAK = 0  # punctuation, line ends: a boundary, counted as a different neighbour every time
NUMBER = 1  # an Arabic digit or a Latin letter beside the string (新增确诊病例 12 例)
OPEN_QUOTE = 2  # “ or 「 before it
CLOSE_QUOTE = 3  # ” or 」 after it
_SPECIAL = {"“": OPEN_QUOTE, "「": OPEN_QUOTE, "『": OPEN_QUOTE, "”": CLOSE_QUOTE, "」": CLOSE_QUOTE, "』": CLOSE_QUOTE}
_MULT = np.uint64(0x100000001B3)  # FNV prime: odd, so the hash of a string is a bijection of its last step


class Gram(NamedTuple):
    """A repeated string and the evidence about it, as counted over the whole corpus. (A named
    tuple: a large corpus has hundreds of thousands of repeated strings, and a tuple is made about
    four times faster than a frozen dataclass — a second of the 829 regulations' mining.)"""

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


def _dense(values: np.ndarray) -> bool:
    """Whether ``values`` (non-negative integers) span a range small enough to count in an array
    instead of sorting them: the corpus's single characters, the longest sort of a count (every
    character of the corpus), are code points, and their array has some ten thousand entries."""
    return len(values) > 0 and int(values.max()) < 4 * len(values)


def _run_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values begins in ``ordered`` (sorted)."""
    return np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else np.zeros(0, np.int64)


def _distinct(values: np.ndarray, counted: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """The distinct values, sorted, and (when ``counted``) how often each occurs (a sort and a
    comparison: steadier than NumPy's hash-based unique). ``values`` is sorted in place."""
    values.sort()
    ordered = values
    starts = _run_starts(ordered)
    counts = np.diff(np.r_[starts, len(ordered)]).astype(np.int32) if counted else None
    return ordered[starts], counts


def _grams_of(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(hashes, return_inverse=True, return_counts=True)``, the inverse in 32 bits: the
    distinct hashes, each position's index among them, the uses of each. Done by hand, it holds
    about half the memory NumPy's does (the count's peak is here, at the shortest lengths)."""
    if _dense(hashes):  # single characters: their code points, counted without a sort
        as_index = hashes.astype(np.intp, copy=False)
        counts = np.bincount(as_index)
        present = np.flatnonzero(counts)
        rank = np.zeros(len(counts), dtype=np.int32)
        rank[present] = np.arange(len(present), dtype=np.int32)
        return present.astype(hashes.dtype), rank[as_index], counts[present]
    order = np.argsort(hashes)
    ordered = hashes[order]
    starts = _run_starts(ordered)
    uniq = ordered[starts]
    del ordered
    uses = np.diff(np.r_[starts, len(hashes)])
    rank = np.zeros(len(hashes), dtype=np.int32)
    rank[starts[1:]] = 1
    np.cumsum(rank, out=rank)
    inv = np.empty(len(hashes), dtype=np.int32)
    inv[order] = rank
    return uniq, inv, uses


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


def _uses_where(inv: np.ndarray, where: np.ndarray, size: int) -> np.ndarray:
    """For each of ``size`` grams, how many of its uses (``inv``: the gram of each) are ``where``."""
    return np.bincount(inv[where], minlength=size)


def _neighbour_evidence(inv: np.ndarray, neighbour: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """For each gram: the count of its most common real neighbour (Han character) and that character."""
    real = neighbour > CLOSE_QUOTE
    pairs = inv[real].astype(np.int64)
    pairs <<= 21
    pairs |= neighbour[real]
    uniq, counts = _distinct(pairs, counted=True)
    assert counts is not None
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
                    grammar_chars: str = "", memory: ServeMemory | None = None) -> Iterator[list[Gram]]:
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

    With ``memory`` (`mkdocs serve`), every length's strings are kept, and the next build counts
    again only the strings of the pieces that changed (:meth:`GramTable.patched`).
    """
    corpus = _Corpus(texts, doc_of_text, group_of_doc, _Settings(
        min_docs, min_chars, max_share, tuple(governors), principle_words, tuple(modals), clause_ends, grammar_chars))
    if memory is None:
        levels: Iterable[_Level] = _levels(corpus)
    else:
        levels = update(memory, "mine", "grams", corpus, lambda: GramTable(list(_levels(corpus))),
                        lambda last_corpus, last: last.patched(last_corpus, corpus)).levels
    for level in levels:
        counts.add(level.length, level.hashes, level.uses)
        if level.length >= min_chars and len(level.hashes):
            yield level.grams


@dataclass(frozen=True)
class _Settings:
    """:func:`grams_by_length`'s settings."""

    min_docs: int
    min_chars: int
    max_share: float
    governors: tuple[str, ...]
    principle_words: int
    modals: tuple[str, ...]
    clause_ends: str
    grammar_chars: str


class _Corpus:
    """The pieces to count in, each with its document and the document's group; equal to another
    (the key :class:`~tifa.memory.ServeMemory` compares) when the pieces, documents, groups and
    settings are."""

    def __init__(self, texts: Sequence[str], doc_of_text: Sequence[int], group_of_doc: Sequence[int],
                 settings: _Settings) -> None:
        self.texts, self.settings = list(texts), settings
        self.doc_of_text, self.group_of_doc = list(doc_of_text), list(group_of_doc)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Corpus) and (self.settings, self.texts, self.doc_of_text, self.group_of_doc) == (
            other.settings, other.texts, other.doc_of_text, other.group_of_doc)

    __hash__ = None  # type: ignore[assignment]

    def pieces(self) -> Counter[tuple[str, int, int]]:
        """Each piece as (text, document, the document's group), with how often it is given: what a
        string's evidence is counted from (documents are told apart by index, groups likewise)."""
        return Counter(zip(self.texts, self.doc_of_text, (self.group_of_doc[d] for d in self.doc_of_text)))


@dataclass(frozen=True)
class _Level:
    """What one length's count found: every recurring string's hash and uses (ascending by hash),
    and the whole strings (those :func:`grams_by_length` gives) with their hashes, in that order."""

    length: int
    hashes: np.ndarray
    uses: np.ndarray
    gram_hashes: np.ndarray
    grams: list[Gram]


@dataclass(frozen=True)
class GramTable:
    """Every length's :class:`_Level`, shortest first: what `mkdocs serve` keeps of a count."""

    levels: list[_Level]

    def patched(self, last: _Corpus, now: _Corpus) -> GramTable:
        """The count of ``now`` from this count of ``last``: equal to counting ``now`` afresh.

        A string's evidence is a function of its uses alone (where each stands, in which document of
        which group, beside what): a string that occurs in no piece given a different number of times
        (one added, removed or changed, or moved to another document) has the same evidence as last
        time. Only the strings of those pieces are counted again, over the whole corpus — at every
        length the positions of the others are dropped before counting — and replace what was kept
        for them. When much changed (other settings, many pieces), counting afresh is quicker."""
        if last.settings != now.settings:
            return GramTable(list(_levels(now)))
        before, after = last.pieces(), now.pieces()
        changed = [text for text in set(before) | set(after) if before[text] != after[text]]
        if sum(len(text) for text, _, _ in changed) * 4 > sum(len(text) for text in now.texts):
            return GramTable(list(_levels(now)))
        kept = {level.length: level for level in self.levels}
        levels = []
        for level, affected in _count(now, _Changed([text for text, _, _ in changed], kept)):
            old = kept.get(level.length)
            if old is None:
                levels.append(level)
                continue
            stay = ~_member(old.hashes, affected)
            hashes, uses = _merge_sorted((old.hashes[stay], old.uses[stay]), (level.hashes, level.uses))
            stay = ~_member(old.gram_hashes, affected)
            gram_hashes, order = _merge_order(old.gram_hashes[stay], level.gram_hashes)
            grams = [g for g, s in zip(old.grams, stay.tolist()) if s] + level.grams
            levels.append(_Level(level.length, hashes, uses, gram_hashes, [grams[i] for i in order.tolist()]))
        # Longer strings than the changed pieces' recurring ones are as they were.
        levels += [level for level in self.levels if level.length > len(levels)]
        # A length where nothing recurs gives nothing: not kept (a fresh count stops at the first).
        return GramTable([level for level in levels if len(level.hashes)])


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """For each of ``values``, whether it is in ``sorted_set`` (sorted ascending)."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[at] == values


def _merge_order(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``a`` and ``b`` (each sorted, no value in both) as one sorted array, and where each of its
    values came from (an index into ``a`` followed by ``b``)."""
    both = np.concatenate([a, b])
    order = np.argsort(both, kind="stable")
    return both[order], order


def _merge_sorted(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Two (keys, values) pairs of sorted keys as one (no key in both)."""
    keys, order = _merge_order(a[0], b[0])
    return keys, np.concatenate([a[1], b[1]])[order]


class _Changed:
    """The strings of the changed pieces, one length at a time: the strings whose evidence may
    differ from the last count's. Only those that recurred then or recur now are grown (a string
    that recurs in neither count has no recurring extension either)."""

    def __init__(self, texts: list[str], last: dict[int, _Level]) -> None:
        self.codes = _encode(_code_points("\n" + "\n".join(texts) + "\n"))
        self.pos = np.flatnonzero(self.codes > CLOSE_QUOTE)
        self.hashes = self.codes[self.pos].astype(np.uint64)
        self.last = last
        self.length = 1

    def __bool__(self) -> bool:
        return bool(len(self.pos))

    def strings(self) -> np.ndarray:
        """The hashes of this length's strings, sorted."""
        return np.unique(self.hashes)

    def grow(self, recurring_now: np.ndarray) -> None:
        """On to the next length, keeping the strings that recurred in the last count or in this one."""
        last = self.last.get(self.length)
        keep = _member(self.hashes, recurring_now)
        if last is not None:
            keep |= _member(self.hashes, last.hashes)
        keep &= self.codes[self.pos + self.length] > CLOSE_QUOTE
        self.pos = self.pos[keep]
        self.hashes = self.hashes[keep] * _MULT + self.codes[self.pos + self.length].astype(np.uint64)
        self.length += 1


def _levels(corpus: _Corpus) -> Iterator[_Level]:
    """Every length's count of the corpus, shortest first, until no string recurs."""
    return (level for level, _ in _count(corpus, None))


_NO_HASHES = np.zeros(0, dtype=np.uint64)


def _count(corpus: _Corpus, changed: _Changed | None) -> Iterator[tuple[_Level, np.ndarray]]:
    """Each length's count, and (with ``changed``) the hashes it was limited to: only the strings of
    the changed pieces are counted, at each of their positions in the corpus."""
    texts, settings = corpus.texts, corpus.settings
    joined = "\n" + "\n".join(texts) + "\n"
    raw = _code_points(joined)
    codes = _encode(raw)
    governed = _positions_after(joined, codes, settings.governors)
    marks = _Marks(codes, governed, cited=_cited_after(raw, governed, settings.clause_ends),
                   after_modal=_positions_after(joined, codes, settings.modals) > 0,
                   grammar=np.isin(codes, [ord(ch) for ch in settings.grammar_chars]),
                   principle_words=settings.principle_words)
    del joined, raw  # ~6 bytes a character, not needed while counting (the peak is in the first lengths)
    piece_start = np.cumsum([0] + [len(t) + 1 for t in texts])
    doc = np.zeros(len(codes), dtype=np.int64)
    doc[piece_start[:-1]] = np.diff(np.r_[0, np.asarray(corpus.doc_of_text, dtype=np.int64)]) if len(texts) else []
    doc = np.cumsum(doc).astype(np.int32)
    groups = np.asarray(corpus.group_of_doc, dtype=np.int64)
    n_docs = max(len(corpus.group_of_doc), 1)
    min_docs, min_chars = settings.min_docs, settings.min_chars

    is_han = codes > CLOSE_QUOTE
    pos = np.flatnonzero(is_han).astype(np.int32)  # positions, documents and gram indices fit 32 bits
    hashes = codes[pos].astype(np.uint64)
    length = 1
    while len(pos) or changed:
        affected = _NO_HASHES
        if changed is not None:
            affected = changed.strings()
            inside = _member(hashes, affected)
            pos, hashes = pos[inside], hashes[inside]
        if not len(pos):
            level = _Level(length, _NO_HASHES, np.zeros(0, dtype=np.int64), _NO_HASHES, [])
        else:
            uniq, inv, uses = _grams_of(hashes)
            # Uses per (gram, document) only where evidence is gathered (the single characters are many).
            pairs = inv.astype(np.int64)
            pairs *= n_docs
            pairs += doc[pos]
            doc_pairs, pair_uses = _distinct(pairs, counted=length >= min_chars)
            del pairs
            doc_key = doc_pairs // n_docs
            docs = np.bincount(doc_key, minlength=len(uniq))
            frequent_gram = docs >= min_docs
            frequent = frequent_gram[inv]
            chosen, grams = np.zeros(0, dtype=np.int64), list[Gram]()
            if length >= min_chars and frequent_gram.any():
                chosen, grams = _evidence(marks, pos, inv, uses, docs, doc_pairs, pair_uses, doc_key, n_docs, groups,
                                          length, frequent_gram, settings.max_share)
            level = _Level(length, uniq[frequent_gram], uses[frequent_gram], uniq[chosen], grams)
            # Grow by one character where the string and the one a character later both recur.
            recurring = np.zeros(len(codes), dtype=bool)
            recurring[pos[frequent]] = True
            grow = frequent & recurring[pos + 1] & is_han[pos + length]
            pos = pos[grow]
            hashes = hashes[grow] * _MULT + codes[pos + length].astype(np.uint64)
        yield level, affected
        if changed is not None:
            changed.grow(level.hashes)
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
              frequent_gram, max_share) -> tuple[np.ndarray, list[Gram]]:
    """The whole strings of one length (their indices among the length's strings, ascending) and
    the evidence about each."""
    codes, principle_words = marks.codes, marks.principle_words
    size = len(uses)
    governor = marks.governed[pos]
    is_governed = governor > 0
    left = np.where(is_governed | marks.grammar[pos - 1], BREAK, codes[pos - 1])
    right = np.where(marks.grammar[pos + length], BREAK, codes[pos + length])
    left_best, left_char = _neighbour_evidence(inv, left, size)
    right_best, right_char = _neighbour_evidence(inv, right, size)
    beside_number = _uses_where(inv, (left == NUMBER) | (right == NUMBER), size)
    quoted = _uses_where(inv, (codes[pos - 1] == OPEN_QUOTE) & (right == CLOSE_QUOTE), size)
    del left, right  # a number a use each: let go before the groups are counted
    governed_uses = _uses_where(inv, is_governed, size)
    n_governors = _distinct_per_gram(inv[is_governed], governor[is_governed], size)
    by_principle = _uses_where(inv, is_governed & (governor <= principle_words), size)
    modal_uses = _uses_where(inv, marks.after_modal[pos], size)
    citer = marks.cited[pos]
    is_cited = citer > 0
    cited_uses = _uses_where(inv, is_cited, size)
    n_citing = _distinct_per_gram(inv[is_cited], citer[is_cited], size)
    # Groups: distinct (gram, group) pairs among its documents, and the largest group's count.
    # (One array at a time, in place: there is a pair for each document a gram occurs in, millions.)
    stride = int(groups.max(initial=0)) + 1
    group_pairs = groups[doc_pairs % n_docs]
    group_pairs += doc_key * stride
    group_pairs, group_counts = _distinct(group_pairs, counted=True)
    assert group_counts is not None
    group_key = group_pairs // stride
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
    return chosen, out
