"""The curated glossary: one YAML file per phrase in ``glossary/``, schema-checked.

Every problem is a :class:`~tifa.errors.DataFileError` with file and line, so
``tifa check`` can list them all and the build can refuse a bad entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin, pinyin

from .. import escape as esc
from ..errors import DataFileError, TifaError
from ..paths import contributor_files
from ..yamlio import load_yaml

CATEGORIES = ("slogan", "numbered-formula", "enumeration", "institution", "principle")
FIELDS = {"term", "variants", "pinyin", "english", "definition", "category", "family", "relations", "sources", "notes",
          "kind"}
REQUIRED = ("term", "definition", "category")
# A curator's judgement of a mined phrase that is no formulation (mine.kinds.KINDS but the first):
# an entry of one of these kinds is never mined nor linked, and the phrase index lists it under its kind.
JUDGED_KINDS = ("term", "name", "stock", "reporting")
RELATIONS = {"part_of", "see_also"}


@dataclass
class Entry:
    slug: str
    term: str
    category: str
    definition: str
    variants: list[str] = field(default_factory=list)
    pinyin: str = ""
    english: str = ""
    family: str | None = None
    part_of: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: str = ""
    path: Path | None = None
    kind: str = "formulation"  # or one of JUDGED_KINDS: a curator's judgement that it is no formulation

    @property
    def forms(self) -> list[str]:
        return [self.term, *self.variants]

    @property
    def judged(self) -> bool:
        return self.kind != "formulation"


@lru_cache(maxsize=65536)  # mining asks again for every candidate on every rebuild
def reading(term: str) -> str:
    """Tone-marked pinyin, syllables spaced, punctuation kept."""
    # pypinyin takes a list from ``errors`` (one item per character), though its stubs say str.
    return " ".join(s[0] for s in pinyin(term, style=Style.TONE, errors=lambda chars: list(chars)))  # type: ignore[arg-type,return-value]


@lru_cache(maxsize=65536)
def slug_for(term: str) -> str:
    syllables = [s for s in lazy_pinyin(term, errors="ignore") if s.isalnum()]
    return "-".join(syllables) or "phrase"


def _entry(path: Path, data: dict, lines: dict) -> tuple[Entry | None, list[DataFileError]]:
    problems = []

    def bad(message, key=None, hint=None):
        problems.append(DataFileError(path, message, line=lines.get((key,) if key else (), 1), hint=hint))

    if not isinstance(data, dict):
        bad("a glossary entry must be a mapping of field: value")
        return None, problems
    for key in data:
        if key not in FIELDS:
            bad(f"unknown field {key!r}", key, hint=f"allowed: {', '.join(sorted(FIELDS))}")
    kind = data.get("kind", "formulation")
    if kind != "formulation" and kind not in JUDGED_KINDS:
        bad(f"unknown kind {kind!r}", "kind", hint=f"formulation (the default), or what it is instead: {', '.join(JUDGED_KINDS)}")
        kind = "formulation"
    # A judgement needs only the term: what a formulation's page shows has no page to go on.
    for key in REQUIRED if kind == "formulation" else ("term",):
        if not isinstance(data.get(key), str) or not data.get(key, "").strip():
            bad(f"missing or empty field {key!r} (text)", key if key in data else None)
    if "category" in data and data.get("category") not in CATEGORIES and isinstance(data.get("category"), str):
        bad(f"unknown category {data['category']!r}", "category", hint=f"use one of {', '.join(CATEGORIES)}")
    for key in ("variants", "sources"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            bad(f"{key} must be a list of texts", key)
    for key in ("pinyin", "english", "family", "notes"):
        if key in data and not isinstance(data[key], str):
            bad(f"{key} must be text", key, hint="quote the value")
    relations = data.get("relations", {})
    if not isinstance(relations, dict):
        bad("relations must be a mapping (part_of, see_also)", "relations")
        relations = {}
    for key, value in relations.items():
        if key not in RELATIONS:
            problems.append(DataFileError(path, f"unknown relation {key!r}", line=lines.get(("relations", key)), hint="use part_of or see_also"))
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(DataFileError(path, f"relations.{key} must be a list of glossary slugs", line=lines.get(("relations", key))))
    from ..annotate.render import DEEP_HINT, too_deep

    if problems:
        return None, problems
    if isinstance(data.get("definition"), str) and too_deep(data["definition"].strip()):
        # Reported, and the entry kept: its page shows the definition as plain text.
        bad("the definition's Markdown is nested too deeply to render; it is shown as plain text", "definition",
            hint=DEEP_HINT)
    for key in ("term", "pinyin", "english", "family", "notes", "definition"):
        what = esc.suspicious(data.get(key) or "")
        if what:
            bad(f"{key} holds {what}: it is shown as text, never run", key, hint="write plain text (Markdown in definition only)")
    for key in ("variants", "sources"):
        for i, value in enumerate(data.get(key, [])):
            what = esc.suspicious(value) or (esc.url_problem(value) if key == "sources" and esc.url_scheme(value) else None)
            if what:
                problems.append(DataFileError(path, f"{key}[{i}]: {what}", line=lines.get((key, i), lines.get((key,), 1)),
                                              hint="write plain text, or an http(s) address"))
    slug = esc.safe_slug(path.stem)
    if slug != path.stem:
        bad(f"file name {path.name!r} is not a plain slug; the entry is published as {slug!r}",
            hint=f"rename the file to {slug}.yml (lower-case letters, digits and hyphens)")
    if slug == "index":
        bad("a glossary entry cannot be named index.yml: that is the phrase index page", hint="rename the file")
        return None, problems
    term = data["term"].strip()
    return Entry(
        slug=slug,
        term=term,
        category=data.get("category") or "judged",
        definition=(data.get("definition") or "").strip(),
        variants=list(data.get("variants", [])),
        pinyin=data.get("pinyin") or reading(term),
        english=data.get("english", ""),
        family=data.get("family"),
        part_of=list(relations.get("part_of", [])),
        see_also=list(relations.get("see_also", [])),
        sources=list(data.get("sources", [])),
        notes=data.get("notes", ""),
        path=path,
        kind=kind,
    ), problems


@dataclass
class Glossary:
    entries: dict[str, Entry]

    def forms(self) -> dict[str, str]:
        """Every term and variant → slug."""
        return {form: e.slug for e in self.entries.values() for form in e.forms}


def check_glossary(folder: Path) -> tuple[Glossary, list[TifaError]]:
    """Load what is valid and return every problem found."""
    folder = Path(folder)
    if not folder.is_dir():
        return Glossary({}), []
    refused: list[TifaError] = []
    paths = contributor_files(folder, "*.yml", refused.append)
    glossary, problems = _check_glossary(paths)
    return glossary, refused + problems


def _check_glossary(paths: list[Path]) -> tuple[Glossary, list[TifaError]]:
    entries: dict[str, Entry] = {}
    problems: list[TifaError] = []
    lines_of: dict[str, dict] = {}
    folded: dict[str, Entry] = {}
    for path in paths:
        try:
            data, lines = load_yaml(path)
        except DataFileError as err:
            problems.append(err)
            continue
        entry, found = _entry(path, data, lines)
        problems.extend(found)
        if entry:
            # Page paths: two names giving one slug (or equal but for case) would share a page.
            same = folded.get(entry.slug.casefold())
            if same is not None:
                problems.append(DataFileError(path, f"its page phrases/{entry.slug}/ is already {same.path.name if same.path else same.slug}'s",
                                              hint="rename one of the two files"))
                continue
            folded[entry.slug.casefold()] = entry
            entries[entry.slug] = entry
            lines_of[entry.slug] = lines
    seen: dict[str, str] = {}
    for entry in entries.values():
        lines = lines_of[entry.slug]
        for form in entry.forms:
            if form in seen and seen[form] != entry.slug:
                problems.append(DataFileError(entry.path, f"{form!r} is already listed in {seen[form]}.yml",
                                              line=lines.get(("term",)), hint="a term or variant belongs to one entry"))
            seen[form] = entry.slug
        for kind, targets in (("part_of", entry.part_of), ("see_also", entry.see_also)):
            for target in targets:
                if target not in entries:
                    problems.append(DataFileError(entry.path, f"relations.{kind} names unknown entry {target!r}",
                                                  line=lines.get(("relations", kind)), hint="use the file name of another glossary entry, without .yml"))
                elif entries[target].judged:
                    problems.append(DataFileError(entry.path, f"relations.{kind} names {target!r}, judged a {entries[target].kind}: it has no page",
                                                  line=lines.get(("relations", kind)), hint="name formulations only"))
    return Glossary(entries), problems


def load_glossary(folder: Path) -> Glossary:
    glossary, problems = check_glossary(folder)
    if problems:
        raise problems[0]
    return glossary
