"""A source file as the pipeline needs it, whatever its format.

Every format gives the same things: the text normalization starts from, the
markup to take out of it (as edits, so the original view can show what went),
its headings with their levels, the metadata the file itself carries (front
matter, a saved page's head, a Word or PDF file's properties), and the file
as it may be published for download.

Formats, by file suffix: ``.txt`` (plain text), ``.md`` (Markdown with YAML
front matter), ``.html``/``.htm`` (saved web pages), ``.docx`` (Word) and
``.pdf`` (with a text layer). A new format is one module with a ``read``
function and one line in :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TifaError
from ..normalize.tracked import Edit
from . import decode_bytes


@dataclass
class Source:
    text: str  # what normalization starts from; the document's "original"
    encoding: str | None = None
    markup: list[Edit] = field(default_factory=list)  # taken out first, each listed as a change
    headings: dict[int, int] = field(default_factory=dict)  # offset in ``text`` of a heading's first character → level
    fields: dict = field(default_factory=dict)  # checked metadata fields the file carries (sidecar names)
    provenance: str = ""  # where ``fields`` came from: "front matter", "html", "docx", "pdf"
    extra: dict[str, str] = field(default_factory=dict)  # metadata keys tifa does not know, kept and shown
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, URL) of the text's links
    problems: list[TifaError] = field(default_factory=list)  # reported; the text is still published
    download: bytes | None = None  # the source file as published beside the original (None: the text is the file)
    download_suffix: str = ""  # ".html", ".docx", ".pdf"


def read_text(data: bytes, path: Path) -> Source:
    decoded = decode_bytes(data, path)
    return Source(decoded.text, decoded.encoding)


def _readers() -> dict[str, Callable[[bytes, Path], Source]]:
    # Imported when asked: a plain-text collection never loads the HTML, Word or PDF libraries.
    from . import docx, html, markdown, pdf

    return {".txt": read_text, ".md": markdown.read, ".markdown": markdown.read, ".html": html.read,
            ".htm": html.read, ".docx": docx.read, ".pdf": pdf.read}


SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


def read_source(data: bytes, path: Path) -> Source:
    """The file's :class:`Source`; a file that cannot be read raises :class:`~tifa.errors.TifaError`."""
    suffix = Path(path).suffix.lower()
    reader = _readers().get(suffix)
    if reader is None:
        raise TifaError(path, f"no reader for {suffix} files", hint=f"use one of {', '.join(SUFFIXES)}")
    return reader(data, Path(path))


def lines_with_headings(blocks: list[tuple[str, int]]) -> tuple[str, dict[int, int]]:
    """Join extracted blocks (text, heading level or 0) into one text, a block a line."""
    parts, headings, pos = [], {}, 0
    for text, level in blocks:
        text = " ".join(text.split())
        if not text:
            continue
        if level:
            headings[pos] = level
        parts.append(text)
        pos += len(text) + 1
    return "\n".join(parts), headings
