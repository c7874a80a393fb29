"""``tifa`` — the contributors' command line, over the same core as the site.

    tifa normalize FILE [--diff] [--script simplified]   what the site will show
    tifa check [--format text|json] [--strict]            validate texts, glossary, annotations, briefings
    tifa phrases [--limit N] [--kind linked|all|KIND] [--dask [--workers N] | --scheduler ADDR]
                 [--save FILE] [--stubs DIR]              mined phrases to consider for the glossary (the
                                                          linked ones by default); --save writes the table
                                                          for `phrase_table:`, --stubs glossary stubs
    tifa phrases --judge TERM=KIND …                      a curator's word: TERM is no formulation but a
                                                          term, name, stock or reporting; never linked
    tifa reuse [--limit N] [--dask …] [--save FILE]         documents repeating each other's passages;
                                                          --save writes the table for `reuse_table:`
    tifa new-annotation DOCUMENT "QUOTE"                  a ready annotation file to fill in
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import TifaError
from .model import Document


def _project(args):
    """The project at ``--root``: as its mkdocs.yml configures the tifa plugin (source folder, script,
    boilerplate rules, corrections, mining settings, interface language), so that the CLI checks and
    mines what the build would; tifa's own layout when there is no mkdocs.yml."""
    from .workflow import Project

    root = Path(args.root).resolve()
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return Project.at(root)
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from .mkdocs_plugin.plugin import interface_language
    from .workflow import project_from_options

    try:
        config = load_config(str(config_file))
    except ConfigurationError as err:
        raise TifaError(config_file, f"mkdocs.yml does not load: {err}", hint="fix it as `mkdocs build` would ask") from None
    plugin = config.plugins.get("tifa")
    if plugin is None:
        return Project.at(root)
    problems: list[TifaError] = []
    project = project_from_options(root, plugin.config, interface_language(config), problems.append)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    return project


# --- normalize ----------------------------------------------------------------


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def format_changes(doc: Document) -> str:
    """A readable list of what normalization changed, by original line:column."""
    out = []
    meta = doc.meta
    out.append(f"# {doc.path or doc.id}: script {meta.script}, encoding {meta.encoding}")
    for name in ("title", "date", "issuer", "place", "source", "doc_number", "captured"):
        value = getattr(meta, name)
        if value:
            out.append(f"# {name}: {value}  [{meta.provenance.get(name, '')}]")
    for role, who in meta.credits.items():
        out.append(f"# credit {role}: {who}")
    for r in doc.removed:
        line, col = _line_col(doc.original, r.orig_start)
        out.append(f"{line}:{col}: boilerplate ({r.rule}) removed: {r.text!r}")
    for c in doc.changes:
        if c.step == "boilerplate":
            continue
        line, col = _line_col(doc.original, c.orig_start)
        out.append(f"{line}:{col}: {c.step}: {c.before!r} → {c.after!r}")
    for d in doc.damage:
        line, col = _line_col(doc.text, d.start)
        extra = f" → reading {d.correction!r}" if d.correction else ""
        out.append(f"normalized {line}:{col}: damage ({d.kind}) {d.original!r}{extra}: {d.reason}")
    return "\n".join(out)


def cmd_normalize(args) -> int:
    from .normalize import NormalizeConfig
    from .pipeline import load_document

    path = Path(args.file)
    corrections = [Path(p) for p in args.corrections]
    default_corrections = path.parent / "corrections.yml"
    if not corrections and default_corrections.exists():
        corrections = [default_corrections]
    config = NormalizeConfig.from_files(
        target_script=args.script, rule_files=[Path(p) for p in args.rules], correction_files=corrections
    )
    doc = load_document(path, config)
    if args.diff:
        print(format_changes(doc))
    else:
        print(doc.text)
    return 0


# --- check ----------------------------------------------------------------------


def collect_problems(project) -> tuple[list[TifaError], dict[str, Document]]:
    """Every problem the build would report, without building the site."""
    from .pipeline import load_corpus

    problems: list[TifaError] = []
    docs = {d.id: d for d in load_corpus(project.source_dir, project.normalize, on_error=problems.append)}
    for doc in docs.values():
        if not doc.paragraphs:
            problems.append(TifaError(doc.path, "no text left after normalization", hint="check the file"))
        sidecar = Path(doc.path).with_suffix(".yml").name if doc.path else "the sidecar"
        for name, label in (("title", "title"), ("date", "date")):
            if not getattr(doc.meta, name):
                problems.append(TifaError(doc.path, f"document without a {label}",
                                          hint=f"add `{name}:` to {sidecar} (or to the file's front matter)"))
    for checker in _checkers():
        problems.extend(checker(project, docs))
    return problems, docs


def _checkers():
    """Checks contributed by the later stages (glossary, annotations, briefings)."""
    from . import workflow

    return workflow.data_checkers()


def cmd_check(args) -> int:
    project = _project(args)
    problems, docs = collect_problems(project)
    if args.format == "json":
        print(json.dumps({"documents": len(docs), "problems": [p.as_dict() for p in problems]}, ensure_ascii=False, indent=2))
    else:
        for p in problems:
            print(p.format())
        print(f"{len(docs)} documents checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


# --- phrases / annotations ---------------------------------------------------------


def cmd_phrases(args) -> int:
    from .pipeline import load_corpus
    from .workflow import mine_phrases

    project = _project(args)
    if args.judge:
        return _judge(project.glossary_dir, args.judge)
    docs = load_corpus(project.source_dir, project.normalize)
    miner = None
    if args.dask or args.scheduler:
        from functools import partial

        from .mine.distributed import mine_with_dask

        miner = partial(mine_with_dask, scheduler=args.scheduler, workers=args.workers)
    table, _ = mine_phrases(project, docs, miner)
    if args.save:
        from .glossary import load_glossary
        from .mine.table import save_table

        save_table(table, docs, load_glossary(project.glossary_dir), Path(args.save))
        print(f"phrase table written to {args.save} ({len(table.phrases)} phrases, {len(docs)} documents)", file=sys.stderr)
    linked = set(table.phrases)
    # The most widespread strings of a real collection are its terms (人民, 委员会): a curator asks for
    # what gets linked first, and for the other kinds by name.
    rows = [p for p in table.candidates() if args.kind == "all" or p.kind == args.kind
            or (args.kind == "linked" and p.slug in linked)][: args.limit]
    if not rows:
        print("no candidates: every recurring phrase is in the glossary" if args.kind in ("linked", "all")
              else f"no mined phrase of the kind {args.kind}")
        return 0
    print("docs  uses  kind         linked  phrase — evidence (mined, not in the glossary: candidates for curation)")
    for phrase in rows:
        uses = len(phrase.occurrences) if phrase.occurrences else "—"  # a listed phrase is counted by documents only
        print(f"{len(phrase.doc_ids):4d}  {uses:>4}  {phrase.kind:<11}  "
              f"{'yes' if phrase.slug in linked else 'no':<6}  {phrase.term} — {phrase.evidence}")
    if args.stubs:
        written = _write_stubs(Path(args.stubs), [p for p in rows if p.slug in linked])
        print(f"{written} glossary stub(s) written to {args.stubs}: review each, then move it into the glossary",
              file=sys.stderr)
    return 0


def _judge(folder: Path, judgements: list[str]) -> int:
    """A glossary file per ``TERM=KIND``: a curator's word that a mined phrase is no formulation."""
    import yaml

    from .glossary import JUDGED_KINDS, slug_for

    status = 0
    for judgement in judgements:
        term, _, kind = judgement.partition("=")
        term, kind = term.strip(), kind.strip()
        if not term or kind not in JUDGED_KINDS:
            print(f"tifa: --judge {judgement!r}: write TERM=KIND, KIND one of {', '.join(JUDGED_KINDS)}", file=sys.stderr)
            status = 2
            continue
        path = folder / f"{slug_for(term)}.yml"
        if path.exists():
            print(f"tifa: {path} exists already: edit it (set kind: {kind}) instead", file=sys.stderr)
            status = 1
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump({"term": term, "kind": kind}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        print(f"{term}: judged a {kind}, never linked ({path})")
    return status


def _write_stubs(folder: Path, phrases) -> int:
    """A glossary file per mined formulation, to be reviewed by a curator (never overwriting one)."""
    import yaml

    from .glossary import CATEGORIES

    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for phrase in phrases:
        path = folder / f"{phrase.slug}.yml"
        if path.exists():
            continue
        entry = {"term": phrase.term, "pinyin": phrase.pinyin, "english": "", "category": phrase.category if phrase.category in CATEGORIES else "slogan",
                 "definition": f"TODO: review. Mined: {phrase.evidence}; in {len(phrase.doc_ids)} documents."}
        path.write_text(yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
                        + "# No formulation? Keep only term, and add kind: term (or name, stock, reporting).\n",
                        encoding="utf-8")
        written += 1
    return written


def cmd_reuse(args) -> int:
    from .pipeline import load_corpus
    from .workflow import detect_reuse, mine_phrases

    project = _project(args)
    docs = load_corpus(project.source_dir, project.normalize)
    table, marks = mine_phrases(project, docs)
    finder = None
    if args.dask or args.scheduler:
        from functools import partial

        from .reuse.distributed import find_reuse_with_dask

        finder = partial(find_reuse_with_dask, scheduler=args.scheduler, workers=args.workers)
    from dataclasses import replace

    reuse = detect_reuse(replace(project, reuse_table=None), docs, table, marks, finder)
    if args.save:
        from .reuse.table import save_table

        save_table(reuse, docs, Path(args.save))
        print(f"reuse table written to {args.save} ({len(reuse.parallels)} passages, {len(docs)} documents)",
              file=sys.stderr)
    titles = {d.id: d.meta.title or d.id for d in docs}
    print("chars  passages  share  source → copy (→: earlier to later; —: undated or same day)")
    for pair in reuse.document_pairs()[: args.limit]:
        arrow = "→" if pair.directed else "—"
        print(f"{pair.chars:5d}  {pair.passages:8d}  {pair.copy_share:5.0%}  {titles[pair.source]} {arrow} {titles[pair.copy]}")
    return 0


def cmd_new_annotation(args) -> int:
    from .annotate import new_annotation_template
    from .pipeline import load_corpus

    project = _project(args)
    docs = {d.id: d for d in load_corpus(project.source_dir, project.normalize)}
    matches = [d for i, d in docs.items() if i == args.document or i.startswith(args.document)]
    if len(matches) != 1:
        print(f"tifa: document {args.document!r} matches {len(matches)} documents; give more of its id", file=sys.stderr)
        return 2
    text = new_annotation_template(matches[0], args.quote)
    if args.write:
        slug = args.write
        target = project.annotations_dir / matches[0].id / f"{slug}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            print(f"tifa: {target} exists; choose another name", file=sys.stderr)
            return 2
        target.write_text(text, encoding="utf-8")
        print(target)
    else:
        print(text)
    return 0


def _add_corpus_job_options(p: argparse.ArgumentParser, verb: str) -> None:
    """The options of a job over the whole corpus (``tifa phrases``, ``tifa reuse``): how much to list, and where to run."""
    p.add_argument("--limit", type=int, default=40)
    p.add_argument("--dask", action="store_true", help=f"{verb} on a local Dask cluster (needs the dask extra)")
    p.add_argument("--workers", type=int, default=None, help="local Dask workers (default: one per core)")
    p.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://host:8786")


def main(argv: list[str] | None = None) -> int:
    from .mine.kinds import KINDS

    parser = argparse.ArgumentParser(prog="tifa", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="project folder (default: current folder)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("normalize", help="print a source text as the site will show it")
    p.add_argument("file")
    p.add_argument("--diff", action="store_true", help="list what normalization changed instead")
    p.add_argument("--script", default="simplified", choices=["simplified", "traditional", "taiwan", "hongkong", "none"])
    p.add_argument("--rules", action="append", default=[], help="extra boilerplate rule file (YAML)")
    p.add_argument("--corrections", action="append", default=[], help="corrections file (YAML)")
    p.set_defaults(func=cmd_normalize)

    p = sub.add_parser("check", help="validate source texts, sidecars, glossary, annotations and briefings")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("phrases", help="list mined phrases that are not in the glossary yet")
    _add_corpus_job_options(p, "mine")
    p.add_argument("--save", metavar="FILE", help="write the phrase table, for the site's `phrase_table:` option")
    p.add_argument("--stubs", metavar="DIR", help="write a glossary stub for each listed formulation into DIR, for review")
    p.add_argument("--kind", choices=("linked", "all", *KINDS), default="linked",
                   help="which mined phrases to list: those linked in the text (default), all, or one kind")
    p.add_argument("--judge", metavar="TERM=KIND", action="append", default=[],
                   help="record in the glossary that the mined phrase TERM is no formulation but a KIND "
                        "(term, name, stock, reporting): never linked, listed apart; may be repeated")
    p.set_defaults(func=cmd_phrases)

    p = sub.add_parser("reuse", help="list the documents that repeat each other's passages")
    _add_corpus_job_options(p, "detect")
    p.add_argument("--save", metavar="FILE", help="write the parallel passages, for the site's `reuse_table:` option")
    p.set_defaults(func=cmd_reuse)

    p = sub.add_parser("new-annotation", help="print (or write) a new annotation for a quote")
    p.add_argument("document", help="document id (or a unique prefix such as 001)")
    p.add_argument("quote")
    p.add_argument("--write", metavar="SLUG", help="write annotations/<document>/<SLUG>.md instead of printing")
    p.set_defaults(func=cmd_new_annotation)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except TifaError as err:
        print(f"tifa: {err.format()}", file=sys.stderr)
        return 1
    except FileNotFoundError as err:
        print(f"tifa: {err.filename}: no such file", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
