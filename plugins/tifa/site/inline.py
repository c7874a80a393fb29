"""Inline rendering: text + overlapping marks → well-nested, escaped HTML.

Marks from different stages (annotations, phrase links, damage) may overlap.
The text is cut at every mark boundary; each piece is wrapped in the marks
active over it, outermost kind first, and tags are closed and reopened where
needed so the HTML always nests.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from html import escape
from itertools import pairwise
from operator import itemgetter

from ..model import Mark

# Outer to inner: a note may span a link; a link never contains a note boundary split badly.
KIND_ORDER = {"annotation": 0, "phrase": 1, "damage": 2}

OpenTag = Callable[[Mark], tuple[str, str]]


def render_inline(text: str, marks: Sequence[Mark], tags: dict[str, OpenTag], offset: int = 0) -> str:
    """Render ``text`` (which starts at ``offset`` in the document) with ``marks``.

    ``tags[kind](mark)`` returns the (open, close) HTML for a mark. For many
    pieces of one document, :func:`render_spans` sorts the marks once.
    """
    return render_spans([(text, offset)], marks, tags)[0]


def render_spans(spans: Sequence[tuple[str, int]], marks: Sequence[Mark], tags: dict[str, OpenTag]) -> list[str]:
    """:func:`render_inline` for each ``(text, offset)`` of one document, in one sweep.

    The marks are sorted once and handed to the spans in offset order (a mark
    spanning several spans is carried over), so the cost is the size of the text
    plus the marks, not spans × marks.
    """
    # A mark's index in ``marks`` breaks ties, as the stable sort of the one-span version did.
    usable = sorted(((m.start, i, m) for i, m in enumerate(marks) if m.kind in tags and m.end > m.start),
                    key=lambda x: x[0])
    out: list[str] = [""] * len(spans)
    carried: list[tuple[int, int, Mark]] = []  # marks started before the current span's end
    taken = 0
    for k in sorted(range(len(spans)), key=lambda k: spans[k][1]):
        text, offset = spans[k]
        end = offset + len(text)
        while taken < len(usable) and usable[taken][0] < end:
            carried.append(usable[taken])
            taken += 1
        local = sorted((i, m) for s, i, m in carried if m.end > offset and s < end)
        out[k] = _render_one(text, offset, [m for _, m in local], [i for i, _ in local], tags)
        carried = [c for c in carried if c[2].end > end]
    return out


def _render_one(text: str, offset: int, local: list[Mark], order: list[int], tags: dict[str, OpenTag]) -> str:
    """Cut ``text`` at every boundary of ``local`` (marks overlapping it); wrap each piece in
    the marks active over it, outermost kind first. The active marks are kept sorted as
    they start and end, so each cut costs only the tags it closes and opens."""
    if not local:
        return escape(text, quote=False)
    if len(local) == 1 and text:  # the usual paragraph: one phrase or none; the same HTML, sooner
        m = local[0]
        a, e = max(0, m.start - offset), min(len(text), m.end - offset)
        opening, closing = tags[m.kind](m)
        return escape(text[:a], quote=False) + opening + escape(text[a:e], quote=False) + closing + escape(text[e:], quote=False)
    starting: dict[int, list] = {}
    ending: dict[int, list] = {}
    for m, i in zip(local, order):
        key = (KIND_ORDER.get(m.kind, 9), m.start, -m.end, i)
        starting.setdefault(max(0, m.start - offset), []).append((key, m))
        ending.setdefault(min(len(text), m.end - offset), []).append((key, m))
    points = sorted({0, len(text), *starting, *ending})
    out: list[str] = []
    active: list[tuple] = []  # (key, mark), sorted: the tags open over the current piece
    first = itemgetter(0)  # an entry's key
    for a, b in pairwise(points):
        gone, new = ending.get(a, ()), starting.get(a, ())
        # The open tags below the first change stay open; the rest close and reopen, so the
        # HTML nests. Positions in the current list suffice to find the first change.
        keep = min([len(active), *(bisect_left(active, e[0], key=first) for e in (*gone, *new))])
        for _, m in reversed(active[keep:]):
            out.append(tags[m.kind](m)[1])
        for e in gone:
            del active[bisect_left(active, e[0], key=first)]
        for e in new:
            insort(active, e, key=first)
        for _, m in active[keep:]:
            out.append(tags[m.kind](m)[0])
        out.append(escape(text[a:b], quote=False))
    for _, m in reversed(active):
        out.append(tags[m.kind](m)[1])
    return "".join(out)


def relative_url(from_url: str, to_url: str) -> str:
    """Relative link between two directory-style site URLs (``a/b/`` → ``c/``), or to a file (``c/d.txt``)."""
    src = [p for p in from_url.split("/") if p]
    fragment = ""
    if "#" in to_url:
        to_url, fragment = to_url.split("#", 1)
        fragment = "#" + fragment
    dst = [p for p in to_url.split("/") if p]
    common = 0
    while common < len(src) and common < len(dst) and src[common] == dst[common]:
        common += 1
    parts = [".."] * (len(src) - common) + dst[common:]
    is_file = bool(dst) and not to_url.endswith("/")
    path = "/".join(parts) + ("" if is_file else "/") if parts else "./"
    return path + fragment


def attr(value: object) -> str:
    return escape(str(value), quote=True)
