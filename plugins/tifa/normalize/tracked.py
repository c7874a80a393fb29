"""Text that remembers where every character came from.

Each normalization step proposes edits (start, end, replacement) against the
current text; :meth:`TrackedText.apply` performs them in one pass, keeps the
per-character origin map and records a :class:`~tifa.model.Change` per edit.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Change


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    reason: str = ""


class TrackedText:
    def __init__(self, original: str) -> None:
        self.original = original
        self.text = original
        # origin[i] = offset in original of current char i; one extra entry for the end.
        self.origin: list[int] = list(range(len(original) + 1))
        self.changes: list[Change] = []

    def apply(self, step: str, edits: Iterable[Edit]) -> int:
        """Apply non-overlapping edits; returns how many were applied."""
        ordered = sorted(edits, key=lambda e: (e.start, e.end))
        if not ordered:
            return 0
        pieces: list[str] = []
        origin: list[int] = []
        cursor = 0
        for edit in ordered:
            if edit.start < cursor:
                raise ValueError(f"{step}: overlapping edits at {edit.start}")
            if self.text[edit.start : edit.end] == edit.replacement:
                continue
            pieces.append(self.text[cursor : edit.start])
            origin.extend(self.origin[cursor : edit.start])
            span = edit.end - edit.start
            # A replacement char maps to the source char in the same position,
            # or to the last one when the replacement is longer.
            for k in range(len(edit.replacement)):
                origin.append(self.origin[edit.start + min(k, span - 1)] if span else self.origin[edit.start])
            pieces.append(edit.replacement)
            self._record(step, edit)
            cursor = edit.end
        pieces.append(self.text[cursor:])
        origin.extend(self.origin[cursor:])
        self.text = "".join(pieces)
        self.origin = origin
        return len(ordered)

    def _record(self, step: str, edit: Edit) -> None:
        """Record a change; a same-length edit is cut where its source is not contiguous
        (e.g. 國務 after 國(guó)務 lost its gloss), so no change claims text it did not touch."""
        span = edit.end - edit.start
        before = self.text[edit.start : edit.end]
        if span and len(edit.replacement) == span:
            k = 0
            while k < span:
                j = k + 1
                while j < span and self.origin[edit.start + j] == self.origin[edit.start + j - 1] + 1:
                    j += 1
                o_start = self.origin[edit.start + k]
                o_end = self.origin[edit.start + j - 1] + 1
                self.changes.append(Change(step, o_start, o_end, _shared(before[k:j]), _shared(edit.replacement[k:j]), edit.reason))
                k = j
            return
        o_start = self.origin[edit.start]
        o_end = self.origin[edit.end - 1] + 1 if span else o_start
        self.changes.append(Change(step, o_start, o_end, _shared(before), _shared(edit.replacement), edit.reason))


def _shared(text: str) -> str:
    # A traditional text changes every few characters, mostly one character for one:
    # one string object per distinct short text instead of one per change.
    return sys.intern(text) if len(text) <= 4 else text
