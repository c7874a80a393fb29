"""Inline rendering: text + overlapping marks → well-nested, escaped HTML.

Marks from different stages (annotations, phrase links, damage) may overlap.
The text is cut at every mark boundary; each piece is wrapped in the marks
active over it, outermost kind first, and tags are closed and reopened where
needed so the HTML always nests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from ..model import Mark

# Outer to inner: a note may span a link; a link never contains a note boundary split badly.
KIND_ORDER = {"annotation": 0, "phrase": 1, "damage": 2}

OpenTag = Callable[[Mark], tuple[str, str]]


def render_inline(text: str, marks: Sequence[Mark], tags: dict[str, OpenTag], offset: int = 0) -> str:
    """Render ``text`` (which starts at ``offset`` in the document) with ``marks``.

    ``tags[kind](mark)`` returns the (open, close) HTML for a mark.
    """
    local = [m for m in marks if m.end > offset and m.start < offset + len(text) and m.kind in tags]
    if not local:
        return escape(text, quote=False)
    cuts = {0, len(text)}
    for m in local:
        cuts.add(max(0, m.start - offset))
        cuts.add(min(len(text), m.end - offset))
    points = sorted(cuts)
    out: list[str] = []
    stack: list[Mark] = []
    rank = lambda m: (KIND_ORDER.get(m.kind, 9), m.start, -m.end)  # noqa: E731
    for a, b in zip(points, points[1:]):
        active = sorted((m for m in local if m.start - offset <= a and m.end - offset >= b), key=rank)
        # Keep the common prefix of the open stack; close the rest, open the new ones.
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        for m in reversed(stack[keep:]):
            out.append(tags[m.kind](m)[1])
        for m in active[keep:]:
            out.append(tags[m.kind](m)[0])
        stack = active
        out.append(escape(text[a:b], quote=False))
    for m in reversed(stack):
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
