"""PDF files with a text layer, by pypdf. A PDF without one (a scan) is an
error asking for OCR: published, it would be an empty page.

Lines a PDF's layout wrapped are joined back into paragraphs: a line ends a
paragraph when it ends a sentence or is much shorter than the page's lines.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..errors import DecodeError
from ..yamlio import check_date
from .source import Source

_SENTENCE_END = re.compile(r"[。！？；：:”」』）)]$")
_JUNK_TITLE = re.compile(r"^(Microsoft Word - |untitled)|\.(docx?|wps|pdf|txt)$", re.IGNORECASE)


def read(data: bytes, path: Path) -> Source:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info: dict = reader.metadata or {}  # a DocumentInformation is a dict
    except (PdfReadError, ValueError, KeyError, TypeError) as err:
        raise DecodeError(path, f"not a readable PDF: {err}", hint="open it and export or print it to PDF again") from None
    lines = [" ".join(line.split()) for page in pages for line in page.split("\n")]
    if not any(lines):
        raise DecodeError(path, f"PDF without a text layer ({len(pages)} page(s) of images): needs OCR",
                          hint="run OCR on it (e.g. ocrmypdf) and replace the file, or add the text as a .txt")
    text = _paragraphs([line for line in lines if line])
    fields = {}
    title = str(info.get("/Title") or "").strip()
    if title and not _JUNK_TITLE.search(title):
        fields["title"] = title
    if info.get("/Author"):
        fields["author"] = str(info["/Author"]).strip()
    created = str(info.get("/CreationDate") or "")
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", created)
    if m and check_date(f"{m[1]}-{m[2]}-{m[3]}"):
        fields["captured"] = f"{m[1]}-{m[2]}-{m[3]}"  # when the file was made, not when the text was issued
    return Source(text, None, fields=fields, provenance="pdf", download=data, download_suffix=".pdf")


def _paragraphs(lines: list[str]) -> str:
    full = sorted(len(line) for line in lines)[len(lines) * 3 // 4]  # the length of a full line
    out: list[str] = []
    joined = ""
    for line in lines:
        joined += line
        if _SENTENCE_END.search(line) or len(line) < full * 0.8:
            out.append(joined)
            joined = ""
    if joined:
        out.append(joined)
    return "\n".join(out)
