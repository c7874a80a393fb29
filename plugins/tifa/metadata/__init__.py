"""Metadata: what the text itself states, what the file carries, then the optional YAML sidecar.

Precedence, highest first: the sidecar ``<stem>.yml`` (what an editor wrote),
then the metadata the file itself carries (Markdown front matter, a saved
page's head, a Word or PDF file's properties), then the document's own
first heading, then what the text says (a title line, 发布日期 from the page
chrome, adoption and revision lines, a date line, a 文号, credits) and last
the date in the file's name. A field is taken from the first of these that
has it; :attr:`Metadata.provenance` records which one.
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
    "author": str,
    "tags": list,
}
FIELD_ALIASES = {"url": "source_url", "link": "source_url", "keywords": "tags"}  # as scrapers name them

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_ORG_LINE = re.compile(r"^[\u4e00-\u9fff]{4,30}(委员会|办公室|办公厅|人民政府|政府|委|局|厅|部|院|中心|指挥部|领导小组)$")
TITLE_MAX = 120


_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_NUMERIC = re.compile(r"(?<!\d)(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))")
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
_HAN = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年|[-/.]\d|\d{4}(?!\d))")


def _han_number(text: str) -> int:
    """十 → 10, 二十三 → 23, 三十 → 30, 九 → 9."""
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, units = text.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)


def _iso(year: int, month: int, day: int) -> str | None:
    return check_date(f"{year:04d}-{month:02d}-{day:02d}")


def parse_date(text: str, year: int | None = None) -> str | None:
    """The first date written in ``text``, as ISO: 2020-02-23, 2020/2/23, 2020年2月23日, 20200223,
    二〇二〇年二月二十三日 — or, given the ``year`` from context, 2月23日."""
    found = []
    for m in _NUMERIC.finditer(text):
        month, day = (m[2], m[3]) if m[2] else (m[4], m[5])
        if iso := _iso(int(m[1]), int(month), int(day)):
            found.append((m.start(), iso))
            break
    for m in _HAN.finditer(text):
        if iso := _iso(int("".join(str(_CN_DIGITS[c]) for c in m[1])), _han_number(m[2]), _han_number(m[3])):
            found.append((m.start(), iso))
            break
    for m in _COMPACT.finditer(text):
        if iso := _iso(int(m[1]), int(m[2]), int(m[3])):
            found.append((m.start(), iso))
            break
    if found:
        return min(found)[1]
    if year:
        for m in _MONTH_DAY.finditer(text):
            if iso := _iso(year, int(m[1]), int(m[2])):
                return iso
    return None


def iso_date(text: str) -> str | None:
    return parse_date(text)


def year_in(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m[1]) if m else None


_NOT_WORDS = re.compile(r"[\W_]+")


def is_real_title(text: str | None) -> bool:
    """A title has words: never a fence (---), a heading mark (#) or empty."""
    return bool(text and _NOT_WORDS.sub("", text))


# Adoption and revision lines of regulations, e.g. `2024年3月27日 上海市第十六届人民代表大会常务委员会
# 第十二次会议通过`; several may run together in one line (…通过根据2011年…第一次修正根据…).
_EVENT_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ACTIONS = ("修订", "修正", "通过", "批准", "公布", "施行")
_ORGAN = re.compile(r"^[\s　]*((?:[\u4e00-\u9fff（）()]{2,20}?)(?:第?[一二三四五六七八九十百]+届)?"
                    r"(?:人民代表大会常务委员会|人民代表大会|人大常委会|人民政府|常务委员会))")
_TERM = re.compile(r"第?[一二三四五六七八九十百]+届")
_PLACE = re.compile(r"^(.{2,12}?(?:特别行政区|自治区|自治州|自治县|省|市|县|区|州|盟))(?=人民|常务|第|$)")
HISTORY_START = 3  # adoption and revision lines come right after the title (a subtitle or two at most)


def legislative_history(lines: list[str]) -> list[tuple[str, str, str]]:
    """(date, action, organ) for each adoption, approval, revision … the first lines state."""
    events: list[tuple[str, str, str]] = []
    for i, line in enumerate(lines):
        dates = list(_EVENT_DATE.finditer(line))
        if not dates or dates[0].start() > 2:  # history lines start with their date, one after another
            if events or i >= HISTORY_START:
                break
            continue
        for m, nxt in zip(dates, dates[1:] + [None]):
            segment = line[m.end(): nxt.start() if nxt else len(line)]
            at = [(segment.rfind(a), a) for a in _ACTIONS if a in segment]
            iso = _iso(int(m[1]), int(m[2]), int(m[3]))
            if not at or not iso:
                continue
            organ = _ORGAN.match(segment)
            events.append((iso, max(at)[1], _TERM.sub("", organ.group(1)).replace("人大常委会", "人民代表大会常务委员会")
                           if organ else ""))
    return events


def place_of(issuer: str | None) -> str | None:
    """The region an issuer belongs to: 上海市人民代表大会常务委员会 → 上海市."""
    m = _PLACE.match(issuer or "")
    return m.group(1) if m else None


_LEGISLATING = ("通过", "修正", "修订")


def extract_metadata(text: str, captures: list[tuple[str, str, str]], name: str = "") -> Metadata:
    """What the text says. ``name``: the file's name, whose date is the last resort."""
    meta = Metadata()
    for field_name, value, rule in captures:
        if field_name.startswith("credit:"):
            meta.set("credits", {field_name.split(":", 1)[1]: value.strip()}, rule)
        elif field_name in ("date", "captured"):
            meta.set(field_name, parse_date(value), rule)
        elif field_name in ("source", "issuer"):
            meta.set(field_name, value.strip(), rule)
    lines = [line for line in text.split("\n") if is_real_title(line)]
    if lines:
        first = lines[0]
        # A title is a line of its own that does not read as a sentence.
        if len(first) <= TITLE_MAX and not re.search(r"[。；！？]$|[。；]", first):
            meta.set("title", first, "text")
    history = legislative_history(lines[1:])
    if history:
        meta.history = history
        made = [e for e in history if e[1] in _LEGISLATING]
        meta.adopted = min((e[0] for e in made if e[1] == "通过"), default=None)
        latest = max((e[0] for e in history if e[1] in _LEGISLATING + ("批准",)), default=None)
        meta.set("date", latest, "adoption and revision lines")
        # Revised: the last amendment, or the approval that followed it (a new regulation's approval is not one).
        amended = max((e[0] for e in history if e[1] in ("修正", "修订")), default=None)
        if amended:
            meta.revised = max(e[0] for e in history if e[1] in _LEGISLATING + ("批准",) and e[0] >= amended)
        # The issuer is the body that adopted the regulation (later lines may name the province approving it).
        organs = [e[2] for e in sorted(made, key=lambda e: (e[1] != "通过", e[0])) if e[2]]
        if organs:
            meta.set("issuer", organs[0], "adoption and revision lines")
    year = year_in(meta.title or "") or year_in(text[:2000]) or year_in(name)
    for i, line in enumerate(lines):
        if len(line) <= 20 and (iso := parse_date(line, year)) and _date_alone(line):
            meta.set("date", iso, "date line")
            if i and _ORG_LINE.match(lines[i - 1]):
                meta.set("issuer", lines[i - 1], "text")
            break
    if meta.title:
        meta.set("date", parse_date(meta.title, year), "title")
    meta.set("date", parse_date(name), "file name")
    meta.set("place", place_of(meta.issuer), "issuer")
    number = _DOC_NUMBER.search(text)
    if number:
        meta.set("doc_number", number.group(), "text")
    return meta


def _date_alone(line: str) -> bool:
    # A date line is the date and nothing else (a signature's date, a transcript's day).
    rest = _HAN.sub("", _COMPACT.sub("", _NUMERIC.sub("", _MONTH_DAY.sub("", line))))
    return not re.sub(r"[\s（）()星期周一二三四五六日天]", "", rest)


def check_fields(data: dict, lines: dict, path: Path, *, unknown: str = "error") -> tuple[dict, dict, list[DataFileError]]:
    """Check metadata fields (a sidecar's or front matter's): (fields, unknown keys, problems).

    ``unknown="keep"`` (front matter) keeps keys tifa does not know as extra metadata;
    ``"error"`` (sidecars, which exist only for tifa) reports them. A bad value is a
    problem naming its line; the other fields are still taken."""
    fields, extra, problems = {}, {}, []
    for key, value in data.items():
        line = lines.get((key,))
        name = FIELD_ALIASES.get(key, key) if unknown == "keep" else key
        if name not in SIDECAR_FIELDS:
            if unknown == "keep":
                if value not in (None, ""):
                    extra[str(key)] = _as_text(value)
                continue
            problems.append(DataFileError(path, f"unknown field {key!r}", line=line,
                                          hint=f"allowed: {', '.join(sorted(SIDECAR_FIELDS))}"))
            continue
        if value in (None, ""):
            continue
        if name in ("date", "captured"):
            iso = check_date(value) or (parse_date(value) if isinstance(value, str) else None)
            if iso is None:
                problems.append(DataFileError(path, f"{key} {value!r} is not a real date", line=line,
                                              hint="write YYYY-MM-DD (or YYYY-MM, YYYY)"))
                continue
            value = iso
        elif name == "credits":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                problems.append(DataFileError(path, "credits must map a role to a name", line=line, hint="e.g. 责任编辑: 李欣桐"))
                continue
        elif name == "tags":
            if isinstance(value, str):
                value = [t for t in re.split(r"[,，;；]\s*|\s+", value) if t]
            if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
                problems.append(DataFileError(path, "tags must be a list of words", line=line, hint="e.g. tags: [疫情, 防控]"))
                continue
            value = [str(v) for v in value]
        elif not isinstance(value, str):
            problems.append(DataFileError(path, f"{key} must be text, not {type(value).__name__}", line=line,
                                          hint="quote the value"))
            continue
        if name == "source_url" and url_problem(value):
            problems.append(DataFileError(path, f"{key}: {url_problem(value)}", line=line,
                                          hint="give the page's address, starting http:// or https://"))
            continue
        if name == "title" and not is_real_title(value):
            problems.append(DataFileError(path, f"title {value!r} has no words", line=line, hint="write the document's title"))
            continue
        fields[name] = value
    return fields, extra, problems


def _as_text(value) -> str:
    if isinstance(value, list):
        return "、".join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}: {_as_text(v)}" for k, v in value.items())
    return str(value)


def load_sidecar(path: Path) -> tuple[dict, dict]:
    """Read and check a sidecar; returns (fields, line numbers). Its first problem is raised."""
    data, lines = load_yaml(path)
    if data is None:
        return {}, lines
    if not isinstance(data, dict):
        raise DataFileError(path, "a sidecar must be a mapping of field: value", line=1)
    fields, _, problems = check_fields(data, lines, path)
    if problems:
        raise problems[0]
    return fields, lines


def apply_sidecar(meta: Metadata, fields: dict) -> None:
    for key, value in fields.items():
        meta.set(key, value, "sidecar", override=True)


def document_metadata(source, text: str, headings: dict[int, int], captures: list[tuple[str, str, str]],
                      name: str = "") -> Metadata:
    """A document's metadata before its sidecar: the file's own (``source.fields``), then its first
    heading as the title, then what the normalized ``text`` says, then the file ``name``'s date."""
    meta = Metadata()
    for field_name, value in source.fields.items():
        meta.set(field_name, value, source.provenance)
    meta.extra, meta.links = dict(source.extra), list(source.links)
    first = min(headings, default=None)
    if first is not None and headings[first] == 1:
        end = text.find("\n", first)
        line = text[first: end if end >= 0 else len(text)].strip()
        if is_real_title(line):
            meta.set("title", line, "heading")
    said = extract_metadata(text, captures, name)
    for field_name in ("title", "date", "issuer", "source", "doc_number", "captured", "credits", "place"):
        meta.set(field_name, getattr(said, field_name), said.provenance.get(field_name, "text"))
    meta.history, meta.adopted, meta.revised = said.history, said.adopted, said.revised
    meta.set("place", place_of(meta.issuer), "issuer")
    return meta
