"""Damage and redaction: flagged, never guessed; corrections come from data.

Detected: mojibake (``??``, U+FFFD), missing characters (``□``), and
redaction placeholders (``XX``, ``xx例``, ``x月xx日``). A corrections file
(YAML list) may supply an editorial reading for a damaged span; the reading
goes into the normalized text and the damage mark keeps what the source had.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataFileError
from ..model import Damage
from ..yamlio import load_yaml
from .steps import HAN
from .tracked import Edit, TrackedText

_PATTERNS = [
    ("mojibake", re.compile(r"\?{2,}|\ufffd+"), "characters lost in an encoding error in the source"),
    ("missing", re.compile(r"[□■]+"), "characters missing in the source (shown as boxes)"),
    (
        "placeholder",
        re.compile(r"(?<![A-Za-z])[Xx×]{1,2}月[Xx×]{1,2}日(?:[Xx×]{1,2}时)?(?![A-Za-z])"),
        "date withheld in the source (placeholder)",
    ),
    (
        "placeholder",
        re.compile(f"(?<![A-Za-z])[Xx×]{{1,4}}(?![A-Za-z])(?=[{HAN}])|(?<=[{HAN}])[Xx×]{{1,4}}(?![A-Za-z])"),
        "name or number withheld in the source (placeholder)",
    ),
]


def find_damage(text: str) -> list[Damage]:
    """Damage spans; an earlier pattern's span wins over a later one it overlaps."""
    found: list[Damage] = []
    taken_starts: list[int] = []  # spans taken by earlier patterns: sorted, never overlapping,
    taken_ends: list[int] = []  # so the ends are sorted too and one bisect finds an overlap
    for kind, pattern, reason in _PATTERNS:
        mine = []
        for m in pattern.finditer(text):
            k = bisect_left(taken_starts, m.end()) - 1  # the last taken span starting before this ends
            if k >= 0 and taken_ends[k] > m.start():
                continue
            mine.append(Damage(m.start(), m.end(), kind, m.group(), reason))
        found = sorted(found + mine, key=lambda d: d.start)
        taken_starts = [d.start for d in found]
        taken_ends = [d.end for d in found]
    return found


@dataclass(frozen=True)
class Correction:
    document: str
    damaged: str
    reading: str
    context: str | None
    note: str | None
    path: Path | None
    line: int | None


CORRECTION_FIELDS = {"document", "damaged", "reading", "context", "note"}


def load_corrections(path: Path) -> list[Correction]:
    data, lines = load_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataFileError(path, "expected a list of corrections", line=1)
    result = []
    for i, raw in enumerate(data):
        line = lines.get((i,))
        if not isinstance(raw, dict):
            raise DataFileError(path, "a correction must be a mapping", line=line)
        unknown = set(raw) - CORRECTION_FIELDS
        if unknown:
            raise DataFileError(path, f"unknown field(s) {sorted(unknown)}", line=line, hint=f"allowed: {sorted(CORRECTION_FIELDS)}")
        for required in ("document", "damaged", "reading"):
            if not isinstance(raw.get(required), str) or not raw[required]:
                raise DataFileError(path, f"correction needs `{required}` (text)", line=line)
        result.append(
            Correction(raw["document"], raw["damaged"], raw["reading"], raw.get("context"), raw.get("note"), path, line)
        )
    return result


def apply_corrections(tt: TrackedText, damage: list[Damage], corrections: list[Correction]) -> list[Damage]:
    """Put editorial readings in the text; returns the damage list, updated.

    A correction must cover at least one detected damage span (corrections
    repair damage, they do not edit the text) and its ``damaged`` text must
    occur exactly once, or once inside ``context``.
    """
    edits: list[tuple[Edit, Correction]] = []
    for c in corrections:
        text = tt.text
        if c.context:
            at = [m.start() for m in re.finditer(re.escape(c.context), text)]
            inner = c.context.find(c.damaged)
            if inner < 0:
                raise DataFileError(c.path, f"`context` does not contain the damaged text {c.damaged!r}", line=c.line)
            at = [a + inner for a in at]
        else:
            at = [m.start() for m in re.finditer(re.escape(c.damaged), text)]
        if len(at) != 1:
            raise DataFileError(
                c.path,
                f"damaged text {c.damaged!r} found {len(at)} times in {c.document}",
                line=c.line,
                hint="add or fix `context` so that it is found exactly once",
            )
        start, end = at[0], at[0] + len(c.damaged)
        if not any(d.start < end and start < d.end for d in damage):
            raise DataFileError(
                c.path,
                f"{c.damaged!r} in {c.document} is not a damaged span",
                line=c.line,
                hint="corrections repair flagged damage only; annotate other passages instead",
            )
        edits.append((Edit(start, end, c.reading, f"editorial correction of {c.damaged!r}"), c))

    tt.apply("correction", [e for e, _ in edits])
    # Positions after the edits: each earlier edit shifts later ones by its length change.
    result = find_damage(tt.text)
    shift = 0
    for edit, c in sorted(edits, key=lambda ec: ec[0].start):
        start = edit.start + shift
        end = start + len(c.reading)
        shift += len(c.reading) - (edit.end - edit.start)
        result = [d for d in result if not (d.start < end and start < d.end)]
        result.append(Damage(start, end, "corrected", c.damaged, "damaged in the source; editorial reading", c.reading, c.note))
    return sorted(result, key=lambda d: d.start)
