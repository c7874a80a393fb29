"""Word files (.docx) by python-docx: paragraphs and tables in document order,
headings from their styles, title and author from the file's properties.

A Word file's creation date is when the file was made (often a template's),
not when the text was issued, so it is not taken as the document's date.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..errors import DecodeError
from .source import Source, lines_with_headings

_HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*(\d)$", re.IGNORECASE)


def read(data: bytes, path: Path) -> Source:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise DecodeError(path, f"not a readable Word (.docx) file: {err}",
                          hint="open it in Word or LibreOffice and save it again as .docx") from None
    blocks: list[tuple[str, int]] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            blocks.append((paragraph.text, _level(paragraph.style.name if paragraph.style is not None else "")))
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:  # a merged cell is listed once per column it spans
                    if not cells or cell.text != cells[-1]:
                        cells.append(cell.text)
                blocks.append((" | ".join(" ".join(c.split()) for c in cells), 0))
    text, headings = lines_with_headings(blocks)
    props = document.core_properties
    fields = {}
    if props.title and props.title.strip():
        fields["title"] = props.title.strip()
    if props.author and props.author.strip():
        fields["author"] = props.author.strip()
    if props.keywords and props.keywords.strip():
        fields["tags"] = [k for k in re.split(r"[,，;；\s]+", props.keywords) if k]
    return Source(text, None, headings=headings, fields=fields, provenance="docx", download=data, download_suffix=".docx")


def _level(style: str) -> int:
    if style.lower() == "title" or style == "标题":
        return 1
    m = _HEADING_STYLE.match(style)
    return min(int(m.group(1)) + 1, 6) if m else 0  # Heading 1 sits under the document's title
