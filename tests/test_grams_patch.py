"""Under `mkdocs serve` the repeated strings are counted again only where an edit changed a piece:
the patched count must equal a fresh one, whatever the edit."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from tifa.memory import ServeMemory
from tifa.mine.grams import GramCounts, grams_by_length
from tifa.mine.kinds import CLAUSE_ENDS, word_lists

LAWS = Path(__file__).parent / "data" / "laws"


def _settings() -> dict:
    words = word_lists()
    return dict(min_docs=2, min_chars=2, max_share=0.9, governors=words.governing_words,
                principle_words=len(words.principle_words), modals=words.modal_words, clause_ends=CLAUSE_ENDS,
                grammar_chars=words.particles)


def _count(docs: list[list[str]], groups: list[int], memory: ServeMemory | None):
    texts = [t for paragraphs in docs for t in paragraphs]
    owners = [i for i, paragraphs in enumerate(docs) for _ in paragraphs]
    counts = GramCounts()
    found = list(grams_by_length(texts, owners, groups, counts, memory=memory, **_settings()))
    kept = {length: (h.tolist(), counts._uses[length].tolist()) for length, h in counts._hashes.items() if len(h)}
    return found, kept


def _edits(docs: list[list[str]], groups: list[int], rng: random.Random):
    """One edit of each kind in turn: a paragraph appended, changed inside, removed; a document
    added; a document moved to another group; two paragraphs swapped."""
    for step in range(12):
        d = rng.randrange(len(docs))
        paragraphs = list(docs[d])
        kind = step % 6
        if kind == 0:
            paragraphs.append(f"再补充{step}条：要做好联防联控工作。")
        elif kind == 1:
            j = rng.randrange(len(paragraphs))
            cut = len(paragraphs[j]) // 2
            paragraphs[j] = paragraphs[j][:cut] + "坚持高质量发展" + paragraphs[j][cut:]
        elif kind == 2 and len(paragraphs) > 1:
            del paragraphs[rng.randrange(len(paragraphs))]
        elif kind == 3:
            docs.append(list(docs[d]))
            groups.append(rng.randrange(4))
        elif kind == 4:
            groups[d] = (groups[d] + 1) % 4
        elif kind == 5 and len(paragraphs) > 1:
            paragraphs[0], paragraphs[-1] = paragraphs[-1], paragraphs[0]
        docs[d] = paragraphs
        yield step


def _assert_patched_counts_equal_fresh(docs, groups, seed: int) -> None:
    """After each edit of :func:`_edits`, the count patched in the serve memory equals a fresh one."""
    memory = ServeMemory()
    with memory.build():
        _count(docs, groups, memory)
    for _ in _edits(docs, groups, random.Random(seed)):
        with memory.build():
            patched = _count(docs, groups, memory)
        assert patched == _count(docs, groups, None)


@pytest.mark.skipif(not LAWS.is_dir(), reason="the vendored regulations are missing")
def test_a_patched_count_equals_a_fresh_one():
    files = sorted(LAWS.rglob("*.md"))[:40]
    assert len(files) == 40
    docs = [[line for line in f.read_text(encoding="utf-8").splitlines() if len(line) > 4] for f in files]
    _assert_patched_counts_equal_fresh(docs, [i % 4 for i in range(len(docs))], seed=3)


def test_a_patched_count_of_small_texts_equals_a_fresh_one():
    docs = [["坚持高质量发展，推动联防联控", "甲乙丙丁"], ["高质量发展是主题", "联防联控机制"], ["推动高质量发展"],
            ["群防群控、联防联控"]]
    _assert_patched_counts_equal_fresh(docs, [0, 1, 2, 0], seed=5)


@pytest.mark.parametrize("high", [50, 1 << 40])  # a range _grams_of counts in an array, and one it sorts
def test_distinct_values_and_their_counts_are_numpys_unique_either_way(high):
    from tifa.mine.grams import _distinct, _grams_of

    rng = np.random.default_rng(3)
    values = (rng.integers(0, high, size=400) * 3 + 1).astype(np.uint64)  # values missing between them
    uniq, inv, uses = _grams_of(values.copy())
    expected, expected_inv, expected_uses = np.unique(values, return_inverse=True, return_counts=True)
    assert uniq.tolist() == expected.tolist() and inv.tolist() == expected_inv.tolist()
    assert uses.tolist() == expected_uses.tolist()
    distinct, counts = _distinct(values.astype(np.int64), counted=True)
    assert distinct.tolist() == expected.tolist() and counts is not None and counts.tolist() == expected_uses.tolist()
