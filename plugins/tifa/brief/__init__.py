"""Brief: trainers' passage sheets from Markdown files in ``briefings/``.

A briefing is YAML front matter (title, author, audience, date, summary,
questions, key_terms) and a Markdown body in which a line of its own refers to
a passage or a phrase::

    ::: passage 003_50370538e6630bbc#p-ed75d5            a paragraph, by permalink id
    ::: passage 004_801534141de1b9ab "外防输入、内防扩散"   a document + quote (anchored like annotations)
    ::: phrase wai-fang-shu-ru-nei-fang-kuo-san          a glossary entry's definition

A passage line may end in ``original`` to print the source's own text (its
script, glosses and damage) beside the normalized one.

Every reference is checked; a broken one is an error with file and line.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from .. import escape as esc
from ..annotate import anchor_quote
from ..errors import TifaError
from ..model import Document, Paragraph
from ..paths import contributor_files
from ..yamlio import read_front_matter

FIELDS = {"title", "author", "audience", "date", "summary", "questions", "key_terms"}
REQUIRED = ("title", "author", "date")
_DIRECTIVE = re.compile(r"^:::\s*(passage|phrase)\s+(.*?)\s*$")


@dataclass
class PassageRef:
    line: int
    doc_id: str
    paragraph_id: str | None = None
    quote: str | None = None
    with_original: bool = False  # show the source's own script and glosses beside the passage


@dataclass
class PhraseRef:
    line: int
    slug: str


@dataclass
class Resolved:
    """A passage found in a document: the paragraphs it spans and the exact span."""

    ref: PassageRef
    doc: Document
    paragraphs: list[Paragraph]
    start: int
    end: int


@dataclass
class Briefing:
    path: Path
    slug: str
    title: str
    author: str
    date: str
    audience: str = ""
    summary: str = ""
    questions: list[str] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)
    body: list[str | PassageRef | PhraseRef] = field(default_factory=list)  # prose chunks and references
    lines: dict = field(default_factory=dict)


def _err(path, message, line=None, column=1, hint=None) -> TifaError:
    return TifaError(path, message, line=line, column=column, hint=hint)


def parse_briefing(path: Path) -> tuple[Briefing | None, list[TifaError]]:
    front, problems = read_front_matter(path, FIELDS, REQUIRED)
    if front is None:
        return None, problems
    data, lines = front.data, front.lines
    for key in ("questions", "key_terms"):
        if not isinstance(data.get(key, []), list):
            problems.append(_err(path, f"{key} must be a list", lines.get((key,))))
    if problems:
        return None, problems
    shown: list[TifaError] = []  # problems with what is still published, as text
    slug = esc.safe_slug(path.stem, "briefing")
    if slug != path.stem:
        shown.append(_err(path, f"file name {path.name!r} is not a plain slug; the briefing is published as {slug!r}",
                             1, 1, f"rename the file to {slug}.md"))
    for key in ("title", "author", "audience", "summary", "questions"):
        values = data.get(key) or []
        for value in values if isinstance(values, list) else [values]:
            what = esc.suspicious(str(value))
            if what and not (key == "summary" and "link" not in what and what != "raw HTML"):
                shown.append(_err(path, f"{key} holds {what}; it is shown as text", lines.get((key,)), 1,
                                     "write plain text (Markdown only in the summary and the body)"))
                break
    brief = Briefing(path, slug, str(data["title"]), str(data["author"]), front.date or "", str(data.get("audience", "")),
                     str(data.get("summary", "")), [str(q) for q in data.get("questions", [])],
                     [str(k) for k in data.get("key_terms", [])], lines=lines)
    prose: list[str] = []
    for offset, line in enumerate(front.body.split("\n")):
        number = front.body_line + offset
        d = _DIRECTIVE.match(line)
        if not d:
            what = esc.suspicious(line)
            if what and (line.lstrip().startswith("#") or "link" in what or what == "raw HTML"):
                shown.append(_err(path, f"this line holds {what}; it is shown as text or left out", number, 1,
                                  "write headings as plain text, and links as http(s) addresses"))
            prose.append(line)
            continue
        if prose:
            brief.body.append("\n".join(prose))
            prose = []
        kind, arg = d.groups()
        if kind == "phrase":
            brief.body.append(PhraseRef(number, arg))
            continue
        try:
            parts = shlex.split(arg)
        except ValueError as err:
            problems.append(_err(path, f"cannot read passage reference: {err}", number, 5,
                                 'put the quote in straight double quotes: ::: passage DOCUMENT "quote"'))
            continue
        with_original = len(parts) > 1 and parts[-1] == "original"
        if with_original:
            parts = parts[:-1]
        if len(parts) == 1 and "#" in parts[0]:
            doc_id, pid = parts[0].split("#", 1)
            brief.body.append(PassageRef(number, doc_id, paragraph_id=pid, with_original=with_original))
        elif len(parts) == 2:
            brief.body.append(PassageRef(number, parts[0], quote=parts[1], with_original=with_original))
        else:
            problems.append(_err(path, "a passage is `DOCUMENT#PARAGRAPH` or `DOCUMENT \"quote\"`", number, 5,
                                 "copy the paragraph link (¶) from the document page, or quote the passage"))
    if prose:
        brief.body.append("\n".join(prose))
    return (None if problems else brief), problems + shown


def resolve(brief: Briefing, docs: dict[str, Document], phrases: set[str]) -> tuple[list[Resolved], list[TifaError]]:
    found, problems = [], []
    for item in brief.body:
        if isinstance(item, PhraseRef) and item.slug not in phrases:
            problems.append(_err(brief.path, f"unknown phrase {item.slug!r}", item.line, 5, "use a glossary file name without .yml"))
        if not isinstance(item, PassageRef):
            continue
        doc = docs.get(item.doc_id)
        if doc is None:
            problems.append(_err(brief.path, f"unknown document {item.doc_id!r}", item.line, 5, "use a file name from source_texts/ without .txt"))
            continue
        if item.paragraph_id is not None:
            para = doc.paragraph_by_id(item.paragraph_id)
            if para is None:
                problems.append(_err(brief.path, f"no paragraph {item.paragraph_id!r} in {item.doc_id}", item.line, 5,
                                     "copy the link of the paragraph (¶) from its page"))
                continue
            found.append(Resolved(item, doc, [para], para.start, para.end))
            continue
        where, candidates = anchor_quote(doc, item.quote or "")
        if where is None or where.method == "fuzzy":
            hint = f"found {len(candidates)} times; quote more of the passage" if candidates else "check the quote against the text"
            problems.append(_err(brief.path, f"quote {item.quote!r} not found exactly once in {item.doc_id}", item.line, 5, hint))
            continue
        paras = [p for p in doc.paragraphs if p.start < where.end and where.start < p.end]
        found.append(Resolved(item, doc, paras, where.start, where.end))
    for slug in brief.key_terms:
        if slug not in phrases:
            problems.append(_err(brief.path, f"unknown key term {slug!r}", brief.lines.get(("key_terms",)), 1, "use a glossary file name"))
    return found, problems


def load_briefings(root: Path, docs: dict[str, Document], phrases: set[str]):
    """Every briefing with its resolved passages, and every problem."""
    briefs: list[tuple[Briefing, list[Resolved]]] = []
    problems: list[TifaError] = []
    seen: dict[str, Path] = {}
    for path in contributor_files(Path(root), "*.md", problems.append):
        if path.name.lower() == "readme.md":
            continue
        brief, found = parse_briefing(path)
        problems += found
        if brief is None:
            continue
        if brief.slug.casefold() in seen:
            problems.append(_err(path, f"its page briefings/{brief.slug}/ is already {seen[brief.slug.casefold()].name}'s",
                                 1, 1, "rename one of the two files"))
            continue
        seen[brief.slug.casefold()] = path
        resolved, found = resolve(brief, docs, phrases)
        problems += found
        from ..annotate.render import DEEP_HINT, too_deep

        if any(too_deep(text) for text in (brief.summary, *brief.body) if isinstance(text, str)):
            problems.append(_err(path, "Markdown nested too deeply to render; that part is shown as plain text", 1, 1, DEEP_HINT))
        briefs.append((brief, resolved))
    return briefs, problems
