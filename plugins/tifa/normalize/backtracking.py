"""A static check of boilerplate rules for patterns that backtrack without bound.

Python's ``re`` backtracks: a rule such as ``(【[^】]*】?\\s*)+$`` takes time
exponential in the length of a line that almost matches, and ``\\s*:?\\s*``
takes time quadratic in a run of spaces. One such rule in a project's own rule
file would stall every build on one bad line.

Why a static check and not a time limit per line: ``re`` cannot be interrupted,
so a limit means another regex engine (a new compiled dependency) — and a build
whose output depends on how busy the machine was is not a pure function of its
inputs. A check at load time is deterministic, names the file and line, and
costs nothing while building. It is a heuristic over the parsed pattern (the
standard library's own parser), tuned to flag the shapes that blow up:

- a repeated group that contains another unbounded repeat (``(a+)+``, ``(\\s*x)*``);
- a repeated alternation whose branches can start with the same character (``(a|ab)*``);
- two unbounded repeats in a row, with only optional items between them, that can
  take the same character (``\\s*:?\\s*``, ``.*?\\s*$``);
- an unanchored pattern that starts with an unbounded repeat (``\\s*\\|``): it is
  retried from every character of a run.

Possessive quantifiers (``*+``, ``++``) never give back what they took, so they
are the usual fix, and the default rules are written with them. The check does
not prove a pattern linear (``a.*b`` on ``aaaa…`` is still quadratic); it catches
the shapes people write by accident.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The standard library's own parser and opcodes: private modules, which typeshed does not describe.
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

UNBOUNDED = C.MAXREPEAT
_BACKTRACKING = (C.MAX_REPEAT, C.MIN_REPEAT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
# The characters a set is judged on: ASCII, Latin, general and CJK punctuation,
# some Han, full-width forms — plus every literal of the pattern (added per pattern).
_SAMPLE = "".join(map(chr, [*range(0x250), *range(0x2000, 0x2070), *range(0x3000, 0x3040),
                            *range(0x4E00, 0x4E40), *range(0xFF00, 0xFF66)]))

_HINT = "make the repeat possessive (`*+`, `++`) or the alternatives disjoint, so a failed match gives nothing back"


@lru_cache(maxsize=1024)
def backtracking_problem(pattern: str) -> str | None:
    """Why ``pattern`` may take more than linear time on a line, or None (a function of the pattern
    alone: kept for a pattern seen before, as each `mkdocs serve` rebuild reads the rules again)."""
    try:
        tree = _parser.parse(pattern)
    except re.error:
        return None  # compiling reports it
    sample = set(_SAMPLE) | _literals(tree)
    checker = _Checker(sample)
    found = checker.sequence(list(tree))
    if found:
        return found
    for branch in _branches(list(tree)):
        start = _skip_anchors(branch)
        if start is not None and checker.leading_unbounded(branch[start:]):
            return "starts with an unbounded repeat and is not anchored: every character of a long run starts the scan again"
    return None


BACKTRACKING_HINT = _HINT


def _branches(items: list) -> list[list]:
    if len(items) == 1 and items[0][0] is C.BRANCH:
        return [list(b) for b in items[0][1][1]]
    return [items]


def _skip_anchors(items: list) -> int | None:
    """Index of the first item after leading zero-width items; None when the pattern is anchored."""
    for i, (op, av) in enumerate(items):
        if op is C.AT and av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
            return None
        if op in (C.ASSERT, C.ASSERT_NOT) and av[0] < 0:  # a lookbehind pins where a match may start
            return None
        if op not in (C.AT, C.ASSERT, C.ASSERT_NOT):
            return i
    return len(items)


def _literals(tree) -> set[str]:
    found: set[str] = set()

    def walk(items):
        for op, av in items:
            if op in (C.LITERAL, C.NOT_LITERAL):
                found.add(chr(av))
            elif op is C.IN:
                found.update(chr(v) for o, v in av if o is C.LITERAL)
                found.update(chr(v) for o, (lo, hi) in ((o, v) for o, v in av if o is C.RANGE) for v in (lo, hi))
            else:
                for sub in _children(op, av):
                    walk(sub)

    walk(tree)
    return found


def _children(op, av) -> list:
    """The sub-sequences of a compound item."""
    if op in _REPEATS:
        return [av[2]]
    if op is C.SUBPATTERN:
        return [av[3]]
    if op is C.ATOMIC_GROUP:
        return [av]
    if op is C.BRANCH:
        return list(av[1])
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [av[1]]
    if op is C.GROUPREF_EXISTS:
        return [s for s in av[1:] if s is not None]
    return []


def _min_len(items) -> int:
    total = 0
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
            total += 1
        elif op in _REPEATS:
            total += av[0] * _min_len(av[2])
        elif op in (C.SUBPATTERN, C.ATOMIC_GROUP):
            total += _min_len(_children(op, av)[0])
        elif op is C.BRANCH:
            total += min(_min_len(b) for b in av[1])
    return total


class _Checker:
    def __init__(self, sample: set[str]) -> None:
        self.sample = sample

    # -- character sets, judged on the sample --------------------------------

    def chars(self, items) -> frozenset[str]:
        """Every character some item of ``items`` can consume."""
        found: set[str] = set()
        for op, av in items:
            if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
                found |= {ch for ch in self.sample if _matches_char(op, av, ch)}
            else:
                for sub in _children(op, av):
                    if op not in (C.ASSERT, C.ASSERT_NOT):
                        found |= self.chars(sub)
        return frozenset(found)

    def first(self, items) -> frozenset[str]:
        """Characters a match of the sequence ``items`` can start with."""
        found: set[str] = set()
        for op, av in items:
            if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
                return frozenset(found | self.chars([(op, av)]))
            for sub in _children(op, av):
                if op not in (C.ASSERT, C.ASSERT_NOT):
                    found |= self.first(sub)
            if _min_len([(op, av)]):
                break
        return frozenset(found)

    def leading_unbounded(self, items) -> frozenset[str]:
        """Characters of the unbounded repeats a match of ``items`` can begin with."""
        found: set[str] = set()
        for op, av in items:
            if op in _REPEATS and av[1] == UNBOUNDED:
                found |= self.chars(av[2])
            elif op in (C.SUBPATTERN, C.ATOMIC_GROUP, C.BRANCH) or op in _REPEATS:
                for sub in _children(op, av):
                    found |= self.leading_unbounded(sub)
            if _min_len([(op, av)]):
                break
        return frozenset(found)

    def trailing_backtracking(self, items) -> frozenset[str]:
        """Characters of the backtracking unbounded repeats a match of ``items`` can end with."""
        found: set[str] = set()
        for op, av in reversed(items):
            if op in _BACKTRACKING and av[1] == UNBOUNDED:
                found |= self.chars(av[2])
            elif op in (C.SUBPATTERN, C.BRANCH) or op in _REPEATS and av[1] != UNBOUNDED:
                for sub in _children(op, av):
                    found |= self.trailing_backtracking(sub)
            if _min_len([(op, av)]):
                break
        return frozenset(found)

    # -- the checks ----------------------------------------------------------

    def sequence(self, items: list) -> str | None:
        for i, (op, av) in enumerate(items):
            if op in _BACKTRACKING and av[1] == UNBOUNDED:
                body = list(av[2])
                if self.contains_unbounded(body):
                    return "a repeated group contains another unbounded repeat (nested quantifiers): exponential on a near match"
                branches = _branches(_unwrap(body))
                if len(branches) > 1:
                    firsts = [self.first(b) for b in branches]
                    if any(firsts[a] & firsts[b] for a in range(len(firsts)) for b in range(a + 1, len(firsts))):
                        return "a repeated alternation has branches that can start alike: exponential on a near match"
            tail = self.trailing_backtracking([(op, av)])
            if tail:
                for later in items[i + 1:]:
                    if tail & self.leading_unbounded([later]):
                        return "two unbounded repeats in a row can take the same characters: quadratic in a long run"
                    if _min_len([later]):
                        break
            for sub in _children(op, av):
                found = self.sequence(list(sub))
                if found:
                    return found
        return None

    def contains_unbounded(self, items) -> bool:
        for op, av in items:
            if op in _BACKTRACKING and av[1] == UNBOUNDED:
                return True
            if any(self.contains_unbounded(sub) for sub in _children(op, av)):
                return True
        return False


def _unwrap(items: list) -> list:
    while len(items) == 1 and items[0][0] is C.SUBPATTERN:
        items = list(items[0][1][3])
    return items


def _matches_char(op, av, ch: str) -> bool:
    code = ord(ch)
    if op is C.LITERAL:
        return code == av
    if op is C.NOT_LITERAL:
        return code != av
    if op is C.ANY:
        return ch != "\n"
    negate, hit = False, False
    for o, v in av:  # op is IN
        if o is C.NEGATE:
            negate = True
        elif o is C.LITERAL:
            hit = hit or code == v
        elif o is C.RANGE:
            hit = hit or v[0] <= code <= v[1]
        elif o is C.CATEGORY:
            hit = hit or _category(v, ch)
        else:
            hit = True  # anything else: assume it may match (errs towards reporting)
    return hit != negate


def _category(code, ch: str) -> bool:
    tests = {
        C.CATEGORY_DIGIT: ch.isdecimal(), C.CATEGORY_NOT_DIGIT: not ch.isdecimal(),
        C.CATEGORY_SPACE: ch.isspace(), C.CATEGORY_NOT_SPACE: not ch.isspace(),
        C.CATEGORY_WORD: ch.isalnum() or ch == "_", C.CATEGORY_NOT_WORD: not (ch.isalnum() or ch == "_"),
    }
    return tests.get(code, True)
