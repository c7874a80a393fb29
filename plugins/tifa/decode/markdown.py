"""Markdown sources: YAML front matter as metadata, ``#`` headings as headings,
emphasis and links as text (a link's URL kept), HTML comments dropped.

The markup is not converted away but listed as edits on the untouched file, so
the original view shows the Markdown as written and marks what was taken out.
A Markdown renderer cannot do this: none reports where in the source each piece
of inline text came from. What is recognised is the markup such files carry
(ATX and setext headings, emphasis, code spans, links and images, block quotes,
rules, comments); anything else stays in the text as written.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DataFileError, TifaError
from ..normalize.tracked import Edit
from ..yamlio import parse_yaml
from . import decode_bytes
from .source import Source

_FENCE = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_ATX = re.compile(r"^( {0,3})(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Inline markup, innermost alternatives first. Groups: image/link text and URL, emphasis text.
_INLINE = re.compile(
    r"!?\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"\n]*\")?\)"
    r"|(?P<mark>\*\*|__|\*|_|~~|`)(?P<inner>(?!\s)[^\n]*?(?<!\s))(?P=mark)"
)


def read(data: bytes, path: Path) -> Source:
    decoded = decode_bytes(data, path)
    text = decoded.text
    source = Source(text, decoded.encoding, provenance="front matter")
    body_start = _front_matter(text, path, source)
    _comments(text, body_start, source)
    _blocks(text, body_start, source)
    source.markup = _without_overlaps(source.markup)
    return source


def _without_overlaps(edits: list[Edit]) -> list[Edit]:
    # Markup inside a comment (or a comment inside a line's emphasis) is taken out once, by the outer edit.
    kept: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    return kept


def _front_matter(text: str, path: Path, source: Source) -> int:
    """Read the front matter into ``source``; returns where the body starts."""
    start = 1 if text.startswith("\ufeff") else 0
    fence = _FENCE.match(text, start)
    if not fence:
        return 0
    close = _CLOSE.search(text, fence.end())
    if not close:
        source.problems.append(TifaError(path, "front matter opened with --- is never closed", line=1,
                                         hint="end the front matter with a line of ---"))
        source.markup.append(Edit(0, fence.end(), "", "front matter fence"))
        return fence.end()
    end = close.end() + (1 if text.startswith("\n", close.end()) else 0)
    source.markup.append(Edit(0, end, "", "front matter (read as metadata)"))
    from ..metadata import check_fields

    try:
        data, lines = parse_yaml(text[fence.end():close.start()], path, line_offset=1)
    except TifaError as err:
        source.problems.append(err)
        return end
    if data is None:
        return end
    if not isinstance(data, dict):
        source.problems.append(DataFileError(path, "front matter must be a mapping of field: value", line=2,
                                             hint="write one `field: value` a line"))
        return end
    source.fields, source.extra, problems = check_fields(data, lines, path, unknown="keep")
    source.problems.extend(problems)
    return end


def _comments(text: str, body_start: int, source: Source) -> None:
    for m in _COMMENT.finditer(text, body_start):
        # A comment alone on its line goes with its line break, leaving no empty paragraph behind.
        end = m.end() + 1 if text.startswith("\n", m.end()) and (m.start() == 0 or text[m.start() - 1] == "\n") else m.end()
        source.markup.append(Edit(m.start(), end, "", f"HTML comment {m.group()[:40]}"))


def _blocks(text: str, body_start: int, source: Source) -> None:
    comments = [(e.start, e.end) for e in source.markup if e.start >= body_start]
    lines = text[body_start:].split("\n")
    starts, pos = [], body_start
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    in_code, underline = False, -1
    for i, raw in enumerate(lines):
        start, line = starts[i], raw.rstrip("\r")
        if any(a <= start < b for a, b in comments):
            continue
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            source.markup.append(Edit(start, start + len(line), "", "code fence"))
            continue
        if in_code:
            continue
        if i == underline:
            source.markup.append(Edit(start, start + len(line), "", "heading underline"))
            continue
        m = _ATX.match(line)
        if m:
            content_start = start + m.start(3)
            if not m.group(3):
                source.markup.append(Edit(start, start + len(line), "", "empty heading"))
                continue
            source.markup.append(Edit(start, content_start, "", f"heading mark {m.group(2)}"))
            source.headings[content_start] = len(m.group(2))
            if m.end(3) < len(line):
                source.markup.append(Edit(start + m.end(3), start + len(line), "", "closing heading mark"))
            _inline(text, content_start, start + m.end(3), source)
            continue
        after = lines[i + 1].rstrip("\r") if i + 1 < len(lines) else ""
        if line.strip() and not _QUOTE.match(line) and _SETEXT.match(after):
            indent = len(line) - len(line.lstrip())
            source.headings[start + indent] = 1 if after.strip().startswith("=") else 2
            underline = i + 1
            _inline(text, start + indent, start + len(line), source)
            continue
        if _RULE.match(line):
            source.markup.append(Edit(start, start + len(line), "", "rule"))
            continue
        quote = _QUOTE.match(line)
        if quote:
            source.markup.append(Edit(start, start + quote.end(), "", "block quote mark"))
            _inline(text, start + quote.end(), start + len(line), source)
            continue
        _inline(text, start, start + len(line), source)


def _inline(text: str, start: int, end: int, source: Source) -> None:
    for m in _INLINE.finditer(text, start, end):
        if m.group("url") is not None:
            label_start, label_end = m.start("text"), m.end("text")
            source.markup.append(Edit(m.start(), label_start, "", "link" if text[m.start()] == "[" else "image"))
            source.markup.append(Edit(label_end, m.end(), "", f"link to {m.group('url')}"))
            if m.group("url"):
                source.links.append((m.group("text"), m.group("url")))
        else:
            inner_start, inner_end = m.start("inner"), m.end("inner")
            mark = m.group("mark")
            if mark in ("_", "__") and _word_char(text, m.start() - 1):
                continue  # snake_case, not emphasis
            source.markup.append(Edit(m.start(), inner_start, "", f"emphasis {mark}"))
            source.markup.append(Edit(inner_end, m.end(), "", f"emphasis {mark}"))


def _word_char(text: str, i: int) -> bool:
    return i >= 0 and (text[i].isalnum() or text[i] == "_")
