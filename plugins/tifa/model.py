"""The small typed document model every stage reads and writes.

Offsets are character offsets into Python ``str``. ``Document.text`` is the
normalized text; ``Document.original`` is the decoded source, untouched.
``Document.origin[i]`` is the offset in ``original`` that normalized character
``i`` came from (one extra entry for the end), so every span maps both ways.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


def pickled_by_fields(cls):
    """Pickle a slotted dataclass as its constructor call: dataclasses' own state
    functions look the fields up on every object, and caches pickle millions of them."""
    values = operator.attrgetter(*cls.__slots__)
    cls.__reduce__ = lambda self: (cls, values(self))
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Change:
    """One edit made by one normalization step.

    ``before`` is the text as that step saw it (after earlier steps), ``after``
    what it wrote; ``orig_start``/``orig_end`` locate it in the original text.
    """

    step: str
    orig_start: int
    orig_end: int
    before: str
    after: str
    reason: str = ""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Damage:
    """A damaged or redacted span in the normalized text: flagged, never guessed.

    ``correction`` is an editorial reading supplied by a corrections file; when
    set, the normalized text already carries it and ``original`` is what the
    source had.
    """

    start: int
    end: int
    kind: str  # "mojibake" | "placeholder" | "missing"
    original: str
    reason: str
    correction: str | None = None
    note: str | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the normalized text with an id derived from its content."""

    id: str
    number: int  # 1-based position, for citations ("¶ 3")
    start: int
    end: int
    text: str
    kind: str = "text"  # "title" | "text" | "heading" | "item"
    level: int = 0  # a heading's level (2 = under the page title); 0 for other paragraphs


@dataclass
class Metadata:
    """What is known about a document, and where each field came from."""

    title: str | None = None
    date: str | None = None  # ISO 8601, as precise as known: 2020, 2020-01, 2020-01-23
    issuer: str | None = None
    place: str | None = None
    source: str | None = None
    source_url: str | None = None
    licence: str | None = None
    doc_number: str | None = None  # 文号 such as 永办发电〔2020〕7号
    captured: str | None = None  # the day a web page was saved, not its publication
    credits: dict[str, str] = field(default_factory=dict)  # 文字/图片/责任编辑/记者 …
    script: str | None = None  # detected script of the original
    encoding: str | None = None
    notes: str | None = None
    author: str | None = None
    tags: list[str] = field(default_factory=list)
    adopted: str | None = None  # a regulation's adoption date (its document date is the latest revision)
    revised: str | None = None  # the latest revision, when there was one
    history: list[tuple[str, str, str]] = field(default_factory=list)  # (date, 通过/修正/修订/批准…, by whom)
    extra: dict[str, str] = field(default_factory=dict)  # front-matter keys tifa does not know, shown as they are
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, URL) of the source's links
    provenance: dict[str, str] = field(default_factory=dict)  # field → "text" | "sidecar" | "front matter" | rule name

    def set(self, name: str, value, provenance: str, *, override: bool = False) -> None:
        """Set a field unless already set (``override`` for sidecars)."""
        if value is None or value == "" or value == {} or value == []:
            return
        if name == "credits":
            for role, who in value.items():
                if override or role not in self.credits:
                    self.credits[role] = who
            self.provenance[name] = provenance
            return
        current = getattr(self, name)
        if override or current is None or current == "" or current == []:
            setattr(self, name, value)
            self.provenance[name] = provenance


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line taken out as web boilerplate, kept so nothing is silently lost."""

    rule: str
    orig_start: int
    orig_end: int
    text: str


@dataclass
class Document:
    id: str
    path: Path | None
    original: str
    text: str
    origin: Sequence[int]  # array('I') once built: 4 bytes a character instead of a list of int objects
    meta: Metadata = field(default_factory=Metadata)
    changes: list[Change] = field(default_factory=list)
    damage: list[Damage] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)  # assigned whole, never changed in place
    # What the normalization was made from (file bytes, configuration, versions), when loaded
    # through the cache: two documents with one key have one normalized text and one change list.
    source_key: str = ""
    headings: dict[int, int] = field(default_factory=dict)  # offset of a heading line in ``text`` → level
    download: bytes | None = None  # the source file as published beside the original (a saved page, .docx, .pdf)
    download_suffix: str = ""
    problems: list[dict] = field(default_factory=list)  # the reader's problems (TifaError.as_dict), reported on loading

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span to the span of the original it came from."""
        if start >= end:
            o = self.origin[start]
            return o, o
        return self.origin[start], self.origin[end - 1] + 1

    def to_normalized(self, orig_offset: int) -> int:
        """Map an original offset to the first normalized character at or after it."""
        return bisect.bisect_left(self.origin, orig_offset, 0, len(self.text))

    def __setattr__(self, name: str, value: object) -> None:
        if name == "paragraphs":
            self.__dict__.pop("_starts", None)  # worked out again for the new paragraphs
        object.__setattr__(self, name, value)

    @cached_property
    def _starts(self) -> list[int]:
        # Asked for every mark of every page: worked out once per paragraph list (assigned whole).
        return [p.start for p in self.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.paragraphs[i].start <= offset < self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    def paragraph_by_id(self, pid: str) -> Paragraph | None:
        for p in self.paragraphs:
            if p.id == pid:
                return p
        return None


def by_date(doc: Document) -> tuple[str, str]:
    """The order of documents wherever they are listed: by date, undated last, then by id."""
    return (doc.meta.date or "9999", doc.id)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mark:
    """An inline span on the normalized text that the site renders as markup.

    Stages produce marks independently (linker: ``kind="phrase"``; damage:
    ``"damage"``; annotations: ``"annotation"``); the site renderer nests
    them. ``attrs`` holds what the renderer needs (phrase slug, note id …).
    """

    start: int
    end: int
    kind: str
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return default
