"""Annotate: contributor notes on passages, anchored the way W3C Web Annotation does.

A note is ``annotations/<document id>/<slug>.md``: YAML front matter (a
TextQuoteSelector — ``quote`` with optional ``prefix``/``suffix`` — plus author,
date, tags, phrases, sources) and a Markdown body. Anchoring tries, in order:
the quote in the normalized text, the quote converted to the reading script,
the quote in the original (mapped through the offset map), and a fuzzy match;
prefix and suffix choose among several hits. What cannot be anchored is an
orphan: reported, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from .. import escape as esc
from ..errors import TifaError
from ..model import Document, Mark
from ..normalize.steps import converter
from ..paths import contributor_files
from ..yamlio import read_front_matter

FIELDS = {"quote", "prefix", "suffix", "author", "date", "tags", "phrases", "sources"}
REQUIRED = ("quote", "author", "date")
FUZZY_MIN = 85.0  # partial-ratio score below which a changed passage counts as gone


@dataclass
class Annotation:
    path: Path
    doc_id: str
    slug: str
    quote: str
    author: str
    date: str
    prefix: str = ""
    suffix: str = ""
    tags: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    body: str = ""
    lines: dict = field(default_factory=dict)

    @property
    def note_id(self) -> str:
        return f"note-{self.slug}"

    def line(self, key: str) -> int:
        return self.lines.get((key,), 1)


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    method: str  # exact | script | original | fuzzy
    score: float = 100.0
    context_ok: bool = True  # False: a prefix/suffix was given and the text beside the anchor disagrees


def _problem(path, message, line=None, column=None, hint=None) -> TifaError:
    return TifaError(path, message, line=line, column=column, hint=hint)


def parse_annotation(path: Path, root: Path) -> tuple[Annotation | None, list[TifaError]]:
    front, problems = read_front_matter(path, FIELDS, REQUIRED)
    if front is None:
        return None, problems
    data, lines = front.data, front.lines
    for key in ("quote", "prefix", "suffix", "author"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            problems.append(_problem(path, f"{key} must be text", lines.get((key,)), 1, "quote the value"))
    for key in ("tags", "phrases", "sources"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(_problem(path, f"{key} must be a list of texts", lines.get((key,)), 1))
    if problems:
        return None, problems
    # Shown as text whatever they hold; said here so that `tifa check` names what would have been code.
    for key in ("author", "tags", "sources"):
        values = data.get(key) or []
        for value in [values] if isinstance(values, str) else values:
            what = esc.suspicious(value)
            if key == "sources" and not what and esc.url_scheme(value):
                what = esc.url_problem(value)
            if what:
                problems.append(_problem(path, f"{key} holds {what}; it is shown as text", lines.get((key,)), 1,
                                         "write plain text, and links as http(s) addresses"))
                break
    slug = esc.safe_slug(path.stem, "note")
    if slug != path.stem:
        problems.append(_problem(path, f"file name {path.name!r} is not a plain slug; the note is published as {slug!r}", 1, 1,
                                 f"rename the file to {slug}.md"))
    doc_id = path.parent.name
    return Annotation(
        path=path, doc_id=doc_id, slug=f"{doc_id}-{slug}", quote=data["quote"], author=data["author"], date=front.date or "",
        prefix=data.get("prefix") or "", suffix=data.get("suffix") or "", tags=list(data.get("tags", [])),
        phrases=list(data.get("phrases", [])), sources=list(data.get("sources", [])), body=front.body.strip(), lines=lines,
    ), problems  # what is shown as text, said


def _hits(text: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), text)] if needle else []


def _agrees(text: str, hit: int, length: int, prefix: str, suffix: str) -> bool:
    """The text just before/after a hit is the prefix/suffix (compared in place: no copy per hit)."""
    return (not prefix or text.endswith(prefix, 0, hit)) and (not suffix or text.startswith(suffix, hit + length))


def _choose(text: str, hits: list[int], length: int, prefix: str, suffix: str) -> tuple[list[int], bool]:
    """The hits whose surroundings agree with prefix/suffix, and whether the context agreed.

    A single hit is kept even when its context disagrees (the quote is what anchors a
    note), but the disagreement is told, so the note's author fixes the quote or context.
    """
    if not hits or not (prefix or suffix):
        return hits, True
    agreeing = [h for h in hits if _agrees(text, h, length, prefix, suffix)]
    if agreeing:
        return agreeing, True
    return (hits if len(hits) == 1 else []), False


def anchor(note: Annotation, doc: Document, target_config: str = "tw2s") -> tuple[Anchor | None, list[int]]:
    """Anchor a note; returns (anchor or None, candidate offsets when ambiguous)."""
    return anchor_quote(doc, note.quote, note.prefix, note.suffix, target_config)


def anchor_quote(doc: Document, quote_text: str, prefix_text: str = "", suffix_text: str = "",
                 target_config: str = "tw2s") -> tuple[Anchor | None, list[int]]:
    """Find a TextQuoteSelector (quote + optional prefix/suffix) in a document."""
    text = doc.text
    convert = converter(target_config).convert
    context_ok = True
    for method, quote, prefix, suffix in (("exact", quote_text, prefix_text, suffix_text),
                                          ("script", convert(quote_text), convert(prefix_text), convert(suffix_text))):
        hits, agreed = _choose(text, _hits(text, quote), len(quote), prefix, suffix)
        context_ok = context_ok and agreed
        if len(hits) == 1:
            return Anchor(hits[0], hits[0] + len(quote), method, context_ok=agreed), []
        if len(hits) > 1:
            return None, hits
    # The original script, glosses and all: map the span through the offset map.
    hits, agreed = _choose(doc.original, _hits(doc.original, quote_text), len(quote_text), prefix_text, suffix_text)
    context_ok = context_ok and agreed
    if len(hits) == 1:
        start = doc.to_normalized(hits[0])
        end = doc.to_normalized(hits[0] + len(quote_text))
        return Anchor(start, end, "original", context_ok=agreed), []
    if len(hits) > 1:
        return None, [doc.to_normalized(h) for h in hits]
    # Small edits: the best fuzzy alignment, if it is close enough.
    quote = convert(quote_text)
    found = fuzz.partial_ratio_alignment(quote, text)
    if found and found.score >= FUZZY_MIN:
        near = _context_near(text, found.dest_start, found.dest_end, convert(prefix_text), convert(suffix_text), len(quote))
        return Anchor(found.dest_start, found.dest_end, "fuzzy", found.score, context_ok=context_ok and near), []
    return None, []


def _context_near(text: str, start: int, end: int, prefix: str, suffix: str, slack: int) -> bool:
    """Whether a given prefix/suffix stands near a fuzzy anchor (whose edges are approximate)."""
    before = text.rfind(prefix, max(0, start - len(prefix) - slack), end) if prefix else 0
    after = text.find(suffix, start, end + len(suffix) + slack) if suffix else 0
    return before >= 0 and after >= 0


def nearest_passage(note: Annotation, doc: Document) -> str | None:
    found = fuzz.partial_ratio_alignment(note.quote, doc.text)
    if found and found.score >= 50:
        return doc.text[found.dest_start : found.dest_end]
    return None


@dataclass
class AnnotationSet:
    notes: list[Annotation]
    anchors: dict[str, Anchor]  # slug → anchor
    problems: list[TifaError]
    warnings: list[TifaError]

    def marks(self, doc_id: str) -> list[Mark]:
        return [
            Mark(a.start, a.end, "annotation", (("note", n.note_id),))
            for n in self.notes
            if n.doc_id == doc_id and (a := self.anchors.get(n.slug))
        ]


def load_annotations(root: Path, docs: dict[str, Document], known_phrases: set[str]) -> AnnotationSet:
    notes: list[Annotation] = []
    anchors: dict[str, Anchor] = {}
    problems: list[TifaError] = []
    warnings: list[TifaError] = []
    root = Path(root)
    seen: dict[str, Path] = {}
    for path in contributor_files(root, "*/*.md", problems.append):
        note, found = parse_annotation(path, root)
        problems.extend(found)
        if note is None:
            continue
        if note.slug in seen:  # "a/b-c.md" and "a-b/c.md": one note id, one anchor
            problems.append(_problem(path, f"note id {note.note_id!r} is already used by {seen[note.slug]}", 1, 1,
                                     "rename the file"))
            continue
        seen[note.slug] = path
        if esc.too_deep(note.body):
            problems.append(_problem(path, "the note's Markdown is nested too deeply to render; the note is left out", 1, 1,
                                     esc.DEEP_HINT))
            continue
        doc = docs.get(note.doc_id)
        if doc is None:
            problems.append(_problem(path, f"unknown document {note.doc_id!r}", 1, 1, "the folder name must be a document id from source_texts/"))
            continue
        for slug in note.phrases:
            if slug not in known_phrases:
                problems.append(_problem(path, f"unknown phrase {slug!r}", note.line("phrases"), 1, "use a glossary file name without .yml"))
        where, candidates = anchor(note, doc)
        if where is None and candidates:
            problems.append(_problem(
                path, f"quote {note.quote!r} is ambiguous: found {len(candidates)} times", note.line("quote"), 1,
                "add `prefix:` or `suffix:` with the text just before or after the passage"))
            continue
        if where is None:
            near = nearest_passage(note, doc)
            problems.append(_problem(
                path, f"orphan: quote {note.quote!r} not found in {note.doc_id}", note.line("quote"), 1,
                f"nearest passage: {near!r}" if near else "check the quote against the text"))
            continue
        if not where.context_ok:
            which = " and ".join(k for k in ("prefix", "suffix") if getattr(note, k))
            problems.append(_problem(
                path, f"{which} matches nowhere beside the quote {note.quote!r}; anchored by the quote alone "
                f"({where.method}) to {doc.text[where.start:where.end]!r}", note.line("prefix" if note.prefix else "suffix"), 1,
                f"fix `{which.split()[0]}:` (or the quote) to the text just before or after the passage in {note.doc_id}"))
        if where.method == "fuzzy":
            warnings.append(_problem(path, f"re-anchored by fuzzy match (score {where.score:.0f}) to {doc.text[where.start:where.end]!r}",
                                     note.line("quote"), 1, "update the quote to the current text"))
        notes.append(note)
        anchors[note.slug] = where
    # Overlapping notes by one author on one document are usually a duplicate.
    by_key: dict[tuple[str, str], list[Annotation]] = {}
    for n in notes:
        by_key.setdefault((n.doc_id, n.author), []).append(n)
    for group in by_key.values():
        spans = sorted(group, key=lambda n: anchors[n.slug].start)
        for a, b in zip(spans, spans[1:]):
            if anchors[b.slug].start < anchors[a.slug].end:
                problems.append(_problem(b.path, f"overlaps {a.path.name} by the same author", b.line("quote"), 1,
                                         "merge the two notes or narrow one quote"))
    return AnnotationSet(notes, anchors, problems, warnings)


def new_annotation_template(doc: Document, quote: str) -> str:
    hits = _hits(doc.text, quote)
    context = ""
    if len(hits) > 1:
        h = hits[0]
        context = f"prefix: {doc.text[max(0, h - 8):h]!r}\nsuffix: {doc.text[h + len(quote):h + len(quote) + 8]!r}\n"
    elif not hits:
        context = "# not found in the reading text: it must match the text or the original script\n"
    import datetime

    return (
        f"---\nquote: {quote!r}\n{context}author: Your Name\ndate: {datetime.date.today().isoformat()}\n"
        "tags: []\nphrases: []\nsources: []\n---\n\nWhat a reader should know about this passage, in Markdown.\n"
    )
