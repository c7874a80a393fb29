"""From the fingerprints two paragraphs share to the passages they share, and what differs in them.

Seeds (a shared fingerprint at key offsets ``i`` in one paragraph and ``j`` in the other) that
lie near one diagonal ``j - i`` and close together make a chain; each chain's region, widened by
the stretch winnowing may have missed at either end, is aligned with rapidfuzz's Levenshtein
opcodes. Runs of equal characters separated by small edits form a passage; a passage is kept
when it has enough equal characters, is similar enough, and enough of its equal characters lie
outside the masked spans (formulations and stock wording).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq, Levenshtein


@dataclass(frozen=True)
class AlignConfig:
    min_chars: int = 20  # equal characters (after folding, punctuation left out) a passage needs
    min_similarity: float = 0.8  # equal characters over the longer side of the passage
    max_edit: int = 8  # characters of one edit (a replaced, added or dropped stretch) inside a passage
    max_shift: int = 10  # how far a chain's diagonal may drift (characters added or dropped on one side)
    max_gap: int = 60  # key characters between two seeds of one chain


@dataclass(frozen=True)
class KeySpan:
    """A passage in key offsets of both paragraphs, with its equal characters."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    equal: int  # equal characters
    free: int  # equal characters outside the masks of both sides


def chains(seeds: Sequence[tuple[int, int]], config: AlignConfig) -> list[list[tuple[int, int]]]:
    """Seeds grouped by nearby diagonals, then split where two seeds are far apart."""
    by_diagonal = sorted(seeds, key=lambda s: (s[1] - s[0], s[0]))
    bands: list[list[tuple[int, int]]] = []
    for seed in by_diagonal:
        if bands and (seed[1] - seed[0]) - (bands[-1][-1][1] - bands[-1][-1][0]) <= config.max_shift:
            bands[-1].append(seed)
        else:
            bands.append([seed])
    found = []
    for band in bands:
        band.sort()
        chain = [band[0]]
        for seed in band[1:]:
            if seed[0] - chain[-1][0] > config.max_gap:
                found.append(chain)
                chain = []
            chain.append(seed)
        found.append(chain)
    return found


def _passages_in(a: str, b: str, a0: int, b0: int, a_masked: Sequence[int], b_masked: Sequence[int],
                 config: AlignConfig) -> list[KeySpan]:
    # A passage's equal characters are a common subsequence of the two regions: where the longest one
    # (bit-parallel, cheap) is shorter than a passage needs, there is none — most candidate regions.
    if LCSseq.similarity(a, b, score_cutoff=config.min_chars) < config.min_chars:
        return []
    blocks = [op for op in Levenshtein.opcodes(a, b) if op.tag == "equal"]
    found = []
    group: list = []

    def close() -> None:
        # Short coincidences at the ends of a group (one or two characters) are not part of it.
        while group and group[0].src_end - group[0].src_start < 3:
            group.pop(0)
        while group and group[-1].src_end - group[-1].src_start < 3:
            group.pop()
        if not group:
            return
        equal = sum(g.src_end - g.src_start for g in group)
        sa, ea, sb, eb = group[0].src_start, group[-1].src_end, group[0].dest_start, group[-1].dest_end
        # Levenshtein's path may pair an equal character at either end with another one: take it back.
        while sa > 0 and sb > 0 and a[sa - 1] == b[sb - 1]:
            sa, sb, equal = sa - 1, sb - 1, equal + 1
        while ea < len(a) and eb < len(b) and a[ea] == b[eb]:
            ea, eb, equal = ea + 1, eb + 1, equal + 1
        if equal < config.min_chars or equal < config.min_similarity * max(ea - sa, eb - sb):
            return
        pairs = [(g.src_start + x, g.dest_start + x) for g in group for x in range(g.src_end - g.src_start)]
        pairs += [(sa + x, sb + x) for x in range(group[0].src_start - sa)]
        pairs += [(group[-1].src_end + x, group[-1].dest_end + x) for x in range(ea - group[-1].src_end)]
        free = sum(1 for i, j in pairs if not a_masked[a0 + i] and not b_masked[b0 + j])
        found.append(KeySpan(a0 + sa, a0 + ea, b0 + sb, b0 + eb, equal, free))

    for op in blocks:
        if group and (op.src_start - group[-1].src_end > config.max_edit
                      or op.dest_start - group[-1].dest_end > config.max_edit):
            close()
            group = []
        group.append(op)
    close()
    return found


def align(a: str, b: str, seeds: Sequence[tuple[int, int]], a_masked: Sequence[int], b_masked: Sequence[int],
          k: int, w: int, config: AlignConfig) -> list[KeySpan]:
    """The passages keys ``a`` and ``b`` share, found from their shared fingerprints ``seeds``
    (without overlaps: of two that overlap, the one with more equal characters is kept)."""
    reach = w + k  # what winnowing can miss beyond the first and last seed
    found: list[KeySpan] = []
    for chain in chains(seeds, config):
        a_lo, a_hi = max(0, chain[0][0] - reach), min(len(a), chain[-1][0] + k + reach)
        b_lo = max(0, min(s[1] for s in chain) - reach)
        b_hi = min(len(b), max(s[1] for s in chain) + k + reach)
        for _ in range(8):  # a passage reaching the region's edge may go on beyond it (its fingerprints
            # there were stock wording or masked): widen that side and align again. Every round's passages
            # are kept: a wider region may hold a near-repeat that the global alignment pairs instead.
            spans = _passages_in(a[a_lo:a_hi], b[b_lo:b_hi], a_lo, b_lo, a_masked, b_masked, config)
            found += spans
            left = any((s.a_start - a_lo < reach and a_lo > 0) or (s.b_start - b_lo < reach and b_lo > 0) for s in spans)
            right = any((a_hi - s.a_end < reach and a_hi < len(a)) or (b_hi - s.b_end < reach and b_hi < len(b))
                        for s in spans)
            if not (left or right):
                break
            if left:
                a_lo, b_lo = max(0, a_lo - 4 * reach), max(0, b_lo - 4 * reach)
            if right:
                a_hi, b_hi = min(len(a), a_hi + 4 * reach), min(len(b), b_hi + 4 * reach)
    kept: list[KeySpan] = []
    for span in sorted(found, key=lambda s: (-s.equal, s.a_start, s.b_start)):
        if not any(span.a_start < o.a_end and o.a_start < span.a_end and span.b_start < o.b_end and o.b_start < span.b_end
                   for o in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: (s.a_start, s.b_start))


def differences(earlier: str, later: str) -> list[tuple[str, str, str]]:
    """``earlier`` against ``later`` as (tag, earlier's part, later's part): tag ``equal``, ``changed``,
    ``added`` (only in the later text) or ``dropped`` (only in the earlier). A difference of
    punctuation or spaces alone counts as equal: detection did not see it either."""
    out: list[tuple[str, str, str]] = []
    for op in Levenshtein.opcodes(earlier, later):
        old, new = earlier[op.src_start:op.src_end], later[op.dest_start:op.dest_end]
        tag = {"equal": "equal", "replace": "changed", "insert": "added", "delete": "dropped"}[op.tag]
        if tag != "equal" and not any(c.isalnum() for c in old + new):
            tag = "equal"
        if out and out[-1][0] == tag:
            out[-1] = (tag, out[-1][1] + old, out[-1][2] + new)
        else:
            out.append((tag, old, new))
    return out
