"""Split normalized text into paragraphs with ids derived from their text.

An id is a short hash of the paragraph's text, so it survives rebuilds and the
insertion of other paragraphs; identical paragraphs get ``-2``, ``-3`` ….
"""

from __future__ import annotations

import hashlib
import re

from ..model import Paragraph

_NUMBERED_HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[章节部分])")
_ITEM = re.compile(r"^(\d{1,2}[.．、]|（\d{1,2}）|[①-⑳])")
_DOC_TITLE = re.compile(r"(通知|意见|决定|办法|方案|规定|报告|讲话|批复|纪要|公告|通报|细则|要点)$")
HEADING_MAX = 40


def paragraph_id(text: str) -> str:
    return "p-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def classify(text: str, *, first: bool, title: str | None) -> str:
    if first and title and text == title:
        return "title"
    if len(text) <= HEADING_MAX and not re.search(r"[。；]", text) and _NUMBERED_HEADING.match(text):
        return "heading"
    if len(text) <= 120 and not re.search(r"[。；，]", text) and _DOC_TITLE.search(text):
        return "heading"
    if _ITEM.match(text):
        return "item"
    return "text"


def heading_starts(headings: dict[int, int], origin, length: int) -> dict[int, int]:
    """A source's headings (offsets in the original → level) as offsets in the normalized text."""
    import bisect

    found = {}
    for offset, level in headings.items():
        i = bisect.bisect_left(origin, offset, 0, length)
        if i < length:
            found[i] = level
    return found


def split_paragraphs(text: str, title: str | None = None, headings: dict[int, int] | None = None) -> list[Paragraph]:
    """``headings``: where the source marked headings (line start → level, 1 = the title)."""
    headings = headings or {}
    paragraphs: list[Paragraph] = []
    seen: dict[str, int] = {}
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        pid = paragraph_id(line)
        seen[pid] = seen.get(pid, 0) + 1
        if seen[pid] > 1:
            pid = f"{pid}-{seen[pid]}"
        level = _heading_level(headings, start, len(line) - len(line.lstrip()))
        if level == 1 and not paragraphs and title and line.strip() == title:
            kind, level = "title", 0
        elif level:
            kind, level = "heading", max(level, 2)  # a second level-1 heading sits under the page's title
        else:
            kind = classify(line, first=not paragraphs, title=title)
            level = 2 if kind == "heading" else 0
        paragraphs.append(Paragraph(pid, len(paragraphs) + 1, start, end, line, kind, level))
    return paragraphs


def _heading_level(headings: dict[int, int], start: int, indent: int) -> int:
    return headings.get(start) or (headings.get(start + indent, 0) if indent else 0)
