"""Metadata: what the text itself states, then the optional YAML sidecar.

The text supplies what it says (a title line, 发布日期 from the page chrome,
a 文号, a dateline source, credits); a sidecar ``<stem>.yml`` beside the text
adds and overrides, so editors can record what the text does not say.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DataFileError
from ..escape import url_problem
from ..model import Metadata
from ..yamlio import check_date, load_yaml

SIDECAR_FIELDS = {
    "title": str,
    "date": (str,),
    "issuer": str,
    "place": str,
    "source": str,
    "source_url": str,
    "licence": str,
    "doc_number": str,
    "captured": (str,),
    "credits": dict,
    "notes": str,
}

_CN_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_DATE_LINE = re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")
_ORG_LINE = re.compile(r"^[\u4e00-\u9fff]{4,30}(委员会|办公室|办公厅|人民政府|政府|委|局|厅|部|院|中心|指挥部|领导小组)$")
TITLE_MAX = 120


def iso_date(text: str) -> str | None:
    m = _CN_DATE.search(text)
    if not m:
        return None
    return check_date(f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")


def extract_metadata(text: str, captures: list[tuple[str, str, str]]) -> Metadata:
    meta = Metadata()
    for name, value, rule in captures:
        if name.startswith("credit:"):
            meta.set("credits", {name.split(":", 1)[1]: value.strip()}, rule)
        elif name in ("date", "captured"):
            meta.set(name, iso_date(value), rule)
        elif name in ("source", "issuer"):
            meta.set(name, value.strip(), rule)
    lines = [line for line in text.split("\n") if line.strip()]
    if lines:
        first = lines[0]
        # A title is a line of its own that does not read as a sentence.
        if len(first) <= TITLE_MAX and not re.search(r"[。；！？]$|[。；]", first):
            meta.set("title", first, "text")
    for i, line in enumerate(lines):
        m = _DATE_LINE.match(line)
        if m:
            meta.set("date", iso_date(line), "text")
            if i and _ORG_LINE.match(lines[i - 1]):
                meta.set("issuer", lines[i - 1], "text")
            break
    number = _DOC_NUMBER.search(text)
    if number:
        meta.set("doc_number", number.group(), "text")
    return meta


def load_sidecar(path: Path) -> tuple[dict, dict]:
    """Read and check a sidecar; returns (fields, line numbers)."""
    data, lines = load_yaml(path)
    if data is None:
        return {}, lines
    if not isinstance(data, dict):
        raise DataFileError(path, "a sidecar must be a mapping of field: value", line=1)
    fields = {}
    for key, value in data.items():
        line = lines.get((key,))
        if key not in SIDECAR_FIELDS:
            raise DataFileError(path, f"unknown field {key!r}", line=line, hint=f"allowed: {', '.join(sorted(SIDECAR_FIELDS))}")
        if key in ("date", "captured"):
            iso = check_date(value)
            if iso is None:
                raise DataFileError(path, f"{key} {value!r} is not a real date", line=line, hint="write YYYY-MM-DD (or YYYY-MM, YYYY)")
            value = iso
        elif key == "credits":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise DataFileError(path, "credits must map a role to a name", line=line, hint="e.g. 责任编辑: 李欣桐")
        elif not isinstance(value, str):
            raise DataFileError(path, f"{key} must be text, not {type(value).__name__}", line=line, hint="quote the value")
        elif key == "source_url" and url_problem(value):
            raise DataFileError(path, f"source_url: {url_problem(value)}", line=line,
                                hint="give the page's address, starting http:// or https://")
        fields[key] = value
    return fields, lines


def apply_sidecar(meta: Metadata, fields: dict) -> None:
    for key, value in fields.items():
        meta.set(key, value, "sidecar", override=True)
