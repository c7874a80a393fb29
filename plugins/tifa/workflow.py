"""The whole build as one function of a project: used by the MkDocs plugin,
the CLI and the benchmark alike, so they cannot drift apart."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from .annotate import Annotation
from .errors import TifaError
from .memory import ServeMemory
from .messages import messages
from .model import Document, Mark
from .normalize import NormalizeConfig
from .paths import within
from .pipeline import load_corpus
from .site.build import SiteInput, SiteOutput, build_pages

log = logging.getLogger("mkdocs.plugins.tifa")

Report = Callable[[TifaError], None]


@dataclass
class Project:
    root: Path
    source_dir: Path
    glossary_dir: Path
    annotations_dir: Path
    briefings_dir: Path
    cache_dir: Path
    normalize: NormalizeConfig
    min_docs: int = 2
    phrase_table: Path | None = None  # a table saved by `tifa phrases --save`, read instead of mining
    mining: dict = field(default_factory=dict)  # the `mining:` settings of mkdocs.yml (tifa.mine.MineConfig)
    reuse_table: Path | None = None  # parallel passages saved by `tifa reuse --save`, read instead of detecting
    language: str = "zh"  # the interface's (theme.language; tifa.messages), never the texts'

    @classmethod
    def at(cls, root: Path, **overrides) -> Project:
        """A project laid out as tifa's own repository is."""
        root = Path(root).resolve()
        values: dict[str, Any] = dict(
            root=root,
            source_dir=root / "source_texts",
            glossary_dir=root / "glossary",
            annotations_dir=root / "annotations",
            briefings_dir=root / "briefings",
            cache_dir=root / ".cache" / "tifa",
            normalize=None,
        )
        values.update(overrides)
        if values["normalize"] is None:
            corrections = within([p for p in [values["source_dir"] / "corrections.yml"] if p.exists()], root,
                                 lambda problem: None)  # reported by `tifa check` (_check_documents)
            values["normalize"] = NormalizeConfig.from_files(correction_files=corrections)
        return cls(**values)


def project_from_options(root: Path, opts: Any, language: str, report: Report) -> Project:
    """The project that the ``tifa`` plugin options of mkdocs.yml describe (paths relative to
    ``root``): what the plugin builds and what ``tifa check`` checks. A rule or correction file
    linked out of the project is reported and not read; a bad one raises :class:`TifaError`."""
    normalize = NormalizeConfig.from_files(
        target_script=opts["target_script"],
        steps=opts["steps"],
        # A pull request can replace these files too: a link out of the project is not read.
        rule_files=within([root / p for p in opts["boilerplate_rules"]], root, report),
        correction_files=within([root / p for p in opts["corrections"]], root, report),
        use_default_rules=opts["default_rules"],
    )
    return Project(
        root=root,
        source_dir=root / opts["source_dir"],
        glossary_dir=root / opts["glossary_dir"],
        annotations_dir=root / opts["annotations_dir"],
        briefings_dir=root / opts["briefings_dir"],
        cache_dir=root / opts["cache_dir"],
        normalize=normalize,
        min_docs=opts["min_docs"],
        phrase_table=root / opts["phrase_table"] if opts["phrase_table"] else None,
        reuse_table=root / opts["reuse_table"] if opts["reuse_table"] else None,
        mining=dict(opts["mining"]),
        language=language,
    )


def load_documents(project: Project, report: Report, memory: ServeMemory | None = None) -> list[Document]:
    docs = load_corpus(project.source_dir, project.normalize, on_error=report, cache_dir=project.cache_dir,
                       memory=memory)
    kept = []
    for doc in docs:
        if not doc.paragraphs:
            report(TifaError(doc.path, "no text left after normalization (empty file or only boilerplate)",
                             hint="check the file, or remove it from source_texts/"))
        problems = document_problems(doc)
        for problem in problems:
            report(problem)
        if not any(p.message.startswith(RESERVED_MESSAGE) for p in problems):
            kept.append(doc)
    return kept


RESERVED_IDS = {"index"}  # documents/index.md is the list of documents
RESERVED_MESSAGE = "its page would be"
META_SHOWN = ("title", "issuer", "place", "source", "licence", "doc_number", "notes")


def document_problems(doc: Document) -> list[TifaError]:
    """A document whose page would replace another page (left out), and markup in its metadata or
    text: all of it is shown as text, but a contributor should hear what would have been code."""
    from .escape import find_markup

    problems = []
    if doc.id.casefold() in RESERVED_IDS:
        problems.append(TifaError(doc.path, f"{RESERVED_MESSAGE} documents/{doc.id}/, the list of documents",
                                  hint="rename the file"))
    # What the text itself gave is found in the text below; a sidecar's fields are said here.
    sidecar = doc.path.with_suffix(".yml") if doc.path else None
    fields = [(name, getattr(doc.meta, name)) for name in META_SHOWN if doc.meta.provenance.get(name) == "sidecar"]
    # Front matter is in the text's own file (a Markdown source): said with that file.
    fields_in_file = [(name, getattr(doc.meta, name)) for name in META_SHOWN
                      if doc.meta.provenance.get(name) == "front matter"]
    fields_in_file += [(key, value) for key, value in doc.meta.extra.items()]
    if doc.meta.provenance.get("credits") == "sidecar":
        fields += [("credits", v) for v in doc.meta.credits.values()]
    for name, value in fields:
        found = find_markup(value) if value else None
        if found:
            problems.append(TifaError(sidecar, f"{name} holds {found[0]}; it is shown as text", hint="write plain text"))
    for name, value in fields_in_file:
        found = find_markup(value) if value else None
        if found and doc.path:
            problems.append(TifaError(doc.path, f"front matter {name} holds {found[0]}; it is shown as text",
                                      hint="write plain text"))
    # What the page shows: a Markdown source's own markup (headings, comments, links) was taken out.
    found = find_markup(doc.text)
    if found and doc.path:
        line = doc.original.count("\n", 0, doc.to_original(found[1], found[1] + 1)[0]) + 1
        problems.append(TifaError(doc.path, f"the text holds {found[0]}; it is shown as text", line=line,
                                  hint="remove what is not part of the text"))
    return problems


def mine_phrases(project: Project, docs: list[Document], miner=None, report: Report | None = None,
                 memory: ServeMemory | None = None):
    """Glossary + mining (or the saved phrase table) + linking; returns (table, marks by document id).

    ``miner`` replaces :func:`tifa.mine.mine` (same arguments), e.g. the Dask job."""
    from .glossary import check_glossary
    from .link import link_corpus
    from .mine import MineConfig, PhraseTable, mine, spell_out

    config = MineConfig.from_settings(project.mining, min_docs=project.min_docs)  # mining's and linking's settings
    glossary, problems = check_glossary(project.glossary_dir)
    for problem in problems:  # a bad entry is left out (or shown as text), the others are used
        (report or _raise)(problem)
    if project.phrase_table is not None and miner is None:
        from .mine.table import load_table

        table, stale = load_table(project.phrase_table, glossary, docs)
        for warning in stale:
            (report or _raise)(warning)
        log.info("tifa: phrase table read from %s", project.phrase_table)
    elif memory is not None and memory.dirty and miner is None:
        # `mkdocs serve --dirty`: the phrases mined at the last full build (README: a --dirty rebuild),
        # linked as usual. A copy: linking fills and drops the table's phrases.
        kept = memory.stale("mined phrases", (glossary, config), lambda: mine(docs, glossary, config,
                                                                              cache_dir=project.cache_dir))
        table = PhraseTable({slug: replace(p) for slug, p in kept.phrases.items()}, [replace(p) for p in kept.unlinked])
    else:
        table = miner(docs, glossary, config) if miner else mine(docs, glossary, config, cache_dir=project.cache_dir,
                                                                         memory=memory)
    marks = link_corpus(docs, table, project.min_docs, cache_dir=project.cache_dir, memory=memory,
                        fragment_share=config.fragment_share)
    spell_out(docs, table, memory)
    return table, marks


def detect_reuse(project: Project, docs: list[Document], table, marks, finder=None, report: Report | None = None,
                 memory: ServeMemory | None = None):
    """Parallel passages (or the saved reuse table). ``finder`` replaces :func:`tifa.reuse.find_reuse`
    (same arguments), e.g. the Dask job."""
    from .parallel import map_documents
    from .reuse import corpus_masks, find_reuse, map_texts_on_every_core

    if project.reuse_table is not None and finder is None:
        from .reuse.table import load_table

        reuse, stale = load_table(project.reuse_table, docs)
        for warning in stale:
            (report or _raise)(warning)
        log.info("tifa: reuse table read from %s", project.reuse_table)
        return reuse
    if memory is not None and memory.dirty and finder is None:
        return _stale_reuse(project, docs, table, marks, memory)
    masks = corpus_masks(docs, table, marks, memory)
    if finder is not None:
        return finder(docs, masks)
    # Keys and alignments are pure functions of their inputs: on every core for a large collection.
    return find_reuse(docs, masks, map_docs=map_texts_on_every_core, map_jobs=map_documents,
                      cache_dir=project.cache_dir, memory=memory)


def _stale_reuse(project: Project, docs: list[Document], table, marks, memory: ServeMemory):
    """`mkdocs serve --dirty`: the parallel passages found at the last full build with the same
    phrases, less those of a document changed (or gone) since, whose offsets may no longer hold."""
    from dataclasses import replace as copy_with

    from .cache import doc_key
    from .reuse import MASKED_KINDS

    phrases = (sorted(table.forms().items()), sorted(p.term for p in table.unlinked if p.kind in MASKED_KINDS))

    def found_now():
        found = detect_reuse(project, docs, table, marks, memory=None)
        return found, {doc.id: doc_key(doc) for doc in docs}

    found, keys = memory.stale("parallels", phrases, found_now)
    unchanged = {doc.id for doc in docs if keys.get(doc.id) == doc_key(doc)}
    return copy_with(found, parallels=tuple(p for p in found.parallels
                                             if p.source.doc_id in unchanged and p.copy.doc_id in unchanged),
                     compared={i: n for i, n in found.compared.items() if i in unchanged})


def _raise(err: TifaError) -> None:
    raise err


def build_site(project: Project, report: Report, memory: ServeMemory | None = None) -> SiteOutput:
    """Every page and file of the site from the project's sources.

    ``memory``: what `mkdocs serve` keeps between its builds (:mod:`tifa.memory`); a plain build passes none."""
    with collector_paused():
        if memory is None:
            return _build_site(project, report, None)
        with memory.build():
            return _build_site(project, report, memory)


def give_back_freed_memory() -> None:
    """Return to the system the memory a stage freed. Mining and reuse detection free hundreds of MB
    of NumPy temporaries, which glibc's allocator keeps for the process (~200 MB of the 829
    regulations' build, on top of which the later stages would grow); ``malloc_trim`` gives the
    free pages back, as Dask's workers do. Elsewhere than glibc: nothing to do."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the process runs on
    except (OSError, AttributeError, TypeError):
        return
    trim(0)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while it runs. A build makes millions of small objects
    (paragraphs, occurrences, marks, mined strings) and no garbage in cycles: the collector walked
    them again and again for nothing (~6 s of a cold build of the 829 regulations; reference
    counting still frees whatever is dropped)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build_site(project: Project, report: Report, memory: ServeMemory | None) -> SiteOutput:
    from .segment import use_cache_dir

    use_cache_dir(project.cache_dir)
    docs = load_documents(project, report, memory)
    log.info("tifa: %d documents normalized", len(docs))
    if memory is not None:
        stale_search = partial(_stale_search, project, docs, memory) if memory.dirty else None
        return _site_of(project, report, memory, docs, stale_search)
    # The full-text search data is a function of the texts alone: in a plain build of a large
    # collection, made on another core while mining (one core's work) runs.
    from .parallel import MIN_ITEMS, in_background
    from .search import build_search_files

    search_files = in_background(build_search_files, docs, None, project.normalize.target_script,
                                 worth_it=len(docs) >= MIN_ITEMS)
    try:
        return _site_of(project, report, memory, docs, search_files)
    finally:
        search_files.cancel()  # a stage that failed leaves no worker waiting (after the value: nothing to do)


def _site_of(project: Project, report: Report, memory: ServeMemory | None, docs: list[Document],
             search_files: Callable[[], dict[str, str]] | None) -> SiteOutput:
    """The stages after loading (``search_files``: gives the search data made elsewhere — in a worker, or
    kept from the last build — or None to make it with the pages)."""
    from .segment import register_with_global_jieba, write_user_dict
    from .site.phrases import render_phrase_index, render_phrase_pages
    from .site.reuse import render_reuse_page

    table, marks = mine_phrases(project, docs, report=report, memory=memory)
    give_back_freed_memory()
    reuse = detect_reuse(project, docs, table, marks, report=report, memory=memory)
    give_back_freed_memory()
    log.info("tifa: %d parallel passages", len(reuse.parallels))
    forms = list(table.forms())
    # Material's search segments with the global jieba: teach it every phrase, and
    # leave the same words as a user dictionary for anyone configuring search by hand.
    register_with_global_jieba(forms)
    write_user_dict(project.cache_dir / "jieba_user_dict.txt", forms)
    by_id = {d.id: d for d in docs}
    pages: dict[str, str] = {}
    log.info("tifa: %d phrases linked (%d curated)", len(table.phrases), sum(p.curated for p in table.phrases.values()))
    msg = messages(project.language)
    notes = _annotations(project, by_id, table, pages, report)
    pages.update(render_phrase_pages(table, by_id, notes.touching, memory, msg))
    pages["phrases/index.md"] = render_phrase_index(table, by_id, msg)
    pages["reuse/index.md"] = render_reuse_page(reuse, by_id, msg)
    _briefings(project, by_id, table, marks, pages, report)
    site = SiteInput(docs=docs, phrase_marks=marks, phrases=table.phrases, extra_pages=pages, note_marks=notes.marks,
                     notes_by_paragraph=notes.by_paragraph, annotations_html=notes.html,
                     target_script=project.normalize.target_script, language=project.language, reuse=reuse,
                     search_files=search_files() if search_files is not None else None)
    return build_pages(site, memory)


def _stale_search(project: Project, docs: list[Document], memory: ServeMemory) -> dict[str, str]:
    """`mkdocs serve --dirty`: the search data of the last full build."""
    from .search import build_search_files

    script = project.normalize.target_script
    return memory.stale("search data", script, lambda: build_search_files(docs, target_script=script))


def _briefings(project: Project, by_id: dict[str, Document], table, marks, pages: dict, report: Report) -> None:
    from .brief import load_briefings
    from .brief.render import (
        render_basket_page,
        render_briefing,
        render_briefings_index,
    )

    msg = messages(project.language)
    briefs, problems = load_briefings(project.briefings_dir, by_id, set(table.phrases))
    for problem in problems:
        report(problem)
    kept = []
    for brief, resolved in briefs:
        if brief.slug in ("index", "basket"):
            report(TifaError(brief.path, f"a briefing cannot be named {brief.slug}.md", hint="rename the file"))
            continue
        pages[f"briefings/{brief.slug}.md"] = render_briefing(brief, resolved, table.phrases, marks, msg)
        kept.append((brief, resolved))
    pages["briefings/index.md"] = render_briefings_index(kept, msg)
    pages["briefings/basket.md"] = render_basket_page(msg)


@dataclass
class _Notes:
    """The anchored annotations as the pages use them."""

    marks: dict[str, list[Mark]]  # document id → annotation marks
    by_paragraph: dict[str, dict[str, list[str]]]  # document id → paragraph id → rendered notes
    html: dict[str, str]  # document id → the list of its notes
    touching: dict[str, list[Annotation]]  # phrase slug → the notes touching it


def _annotations(project: Project, by_id: dict[str, Document], table, pages: dict, report: Report) -> _Notes:
    """Anchor every annotation; problems (orphans included) are reported, never dropped."""
    from collections import defaultdict

    from .annotate import load_annotations
    from .annotate.render import (
        render_annotation_index,
        render_annotation_list,
        render_note,
    )

    msg = messages(project.language)
    found = load_annotations(project.annotations_dir, by_id, set(table.phrases))
    # A note touches a phrase it names, or one whose occurrence its passage overlaps.
    touching: dict[str, list] = defaultdict(list)
    for note in found.notes:
        a = found.anchors[note.slug]
        slugs = set(note.phrases) | {
            slug for slug, p in table.phrases.items()
            for o in p.occurrences if o.doc_id == note.doc_id and o.start < a.end and a.start < o.end
        }
        for slug in slugs:
            touching[slug].append(note)
    for problem in found.problems:
        report(problem)
    for warning in found.warnings:
        log.info("tifa: %s", warning.format())
    notes_by_paragraph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    per_doc: dict[str, list] = defaultdict(list)
    for note in found.notes:
        doc = by_id[note.doc_id]
        para = doc.paragraph_at(found.anchors[note.slug].start)
        notes_by_paragraph[doc.id][para.id if para else ""].append(render_note(note, f"documents/{doc.id}/", msg))
        per_doc[doc.id].append(note)
    pages["annotations/index.md"] = render_annotation_index(found.notes, {i: d.meta.title or i for i, d in by_id.items()}, msg)
    marks = {doc_id: found.marks(doc_id) for doc_id in by_id}
    html = {doc_id: render_annotation_list(notes, f"documents/{doc_id}/", msg) for doc_id, notes in per_doc.items()}
    log.info("tifa: %d annotations anchored, %d problem(s)", len(found.notes), len(found.problems))
    return _Notes(marks, notes_by_paragraph, html, touching)


Checker = Callable[[Project, dict[str, Document]], list[TifaError]]


def _check_glossary(project: Project, docs: dict[str, Document]) -> list[TifaError]:
    from .glossary import check_glossary

    return list(check_glossary(project.glossary_dir)[1])


def _check_annotations(project: Project, docs: dict[str, Document]) -> list[TifaError]:
    from .annotate import load_annotations
    from .glossary import check_glossary

    phrases = set(check_glossary(project.glossary_dir)[0].entries)
    return load_annotations(project.annotations_dir, docs, phrases).problems


def _check_briefings(project: Project, docs: dict[str, Document]) -> list[TifaError]:
    from .brief import load_briefings
    from .glossary import check_glossary

    phrases = set(check_glossary(project.glossary_dir)[0].entries)
    return load_briefings(project.briefings_dir, docs, phrases)[1]


def _check_documents(project: Project, docs: dict[str, Document]) -> list[TifaError]:
    linked: list[TifaError] = []
    within([project.source_dir / "corrections.yml"], project.root, linked.append)
    return linked + [problem for doc in docs.values() for problem in document_problems(doc)]


def data_checkers() -> list[Checker]:
    """Checks of the data people edit, run by ``tifa check`` and by every build."""
    return [_check_documents, _check_glossary, _check_annotations, _check_briefings]
