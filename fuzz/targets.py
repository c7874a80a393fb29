"""Fuzz targets: functions of raw bytes that must never raise anything but a reported TifaError.

``fuzz/run.py`` drives them with atheris (libFuzzer); ``tests/test_fuzz.py`` replays the
committed corpus and every past finding in ``fuzz/regressions/``.
"""

from __future__ import annotations

import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from tifa.annotate import anchor, parse_annotation
from tifa.annotate.render import render_note
from tifa.decode import decode_bytes
from tifa.errors import TifaError
from tifa.pipeline import build_document

_ACTIVE_TAGS = {"script", "iframe", "object", "embed", "style", "base", "meta", "link", "form"}
_ACTIVE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


class _ActiveContent(HTMLParser):
    """Finds what could run in a browser: active tags, event handlers, script URLs.
    Text that merely reads "javascript:" (escaped prose) is not active."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (name in ("href", "src", "action", "formaction", "data") and _ACTIVE_URL.match(value or "")):
                self.found.append(f"<{tag} {name}={value!r}>")


def active_content(html: str) -> list[str]:
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.found
_DOC = None
_NOTE_ROOT = None


def check_normalize(data: bytes) -> None:
    """bytes → decode → normalize → paragraphs, with the offset map intact."""
    try:
        text = decode_bytes(data, "fuzz.txt").text
    except TifaError:
        return  # a clear, named error is the right answer to bad bytes
    doc = build_document(text, "fuzz")
    assert len(doc.origin) == len(doc.text) + 1
    assert all(0 <= o <= len(text) for o in doc.origin)
    for p in doc.paragraphs:
        assert doc.text[p.start:p.end] == p.text


def check_annotation(data: bytes) -> None:
    """bytes as an annotation file → parse → anchor → render; the HTML carries no script."""
    global _DOC, _NOTE_ROOT
    if _DOC is None:
        _DOC = build_document("秦州区召开会议。\n要切实做到外防输入、内防扩散。紧盯重点场所。\n发动群众联防联控。\n", "doc")
        _NOTE_ROOT = Path(tempfile.mkdtemp(prefix="tifa-fuzz-"))
        (_NOTE_ROOT / "doc").mkdir()
    path = _NOTE_ROOT / "doc" / "note.md"
    path.write_bytes(data)
    note, problems = parse_annotation(path, _NOTE_ROOT)
    for problem in problems:
        assert problem.path and problem.message
    if note is None:
        return
    anchor(note, _DOC)
    html = render_note(note)
    assert active_content(html) == [], html


TARGETS = {"normalize": check_normalize, "annotation": check_annotation}
