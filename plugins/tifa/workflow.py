"""The whole build as one function of a project: used by the MkDocs plugin,
the CLI and the benchmark alike, so they cannot drift apart."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import TifaError
from .model import Document
from .normalize import NormalizeConfig
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

    @classmethod
    def at(cls, root: Path, **overrides) -> "Project":
        """A project laid out as tifa's own repository is."""
        root = Path(root).resolve()
        values = dict(
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
            corrections = [p for p in [values["source_dir"] / "corrections.yml"] if p.exists()]
            values["normalize"] = NormalizeConfig.from_files(correction_files=corrections)
        return cls(**values)


def load_documents(project: Project, report: Report) -> list[Document]:
    docs = load_corpus(project.source_dir, project.normalize, on_error=report)
    for doc in docs:
        if not doc.paragraphs:
            report(TifaError(doc.path, "no text left after normalization (empty file or only boilerplate)",
                             hint="check the file, or remove it from source_texts/"))
    return docs


def mine_phrases(project: Project, docs: list[Document]):
    """Glossary + mining + linking; returns (table, marks by document id)."""
    from .glossary import load_glossary
    from .link import link_corpus
    from .mine import MineConfig, mine

    table = mine(docs, load_glossary(project.glossary_dir), MineConfig.default(min_docs=project.min_docs))
    marks = link_corpus(docs, table, project.min_docs)
    return table, marks


def build_site(project: Project, report: Report) -> SiteOutput:
    from .segment import register_with_global_jieba, write_user_dict
    from .site.phrases import render_phrase_index, render_phrase_page

    docs = load_documents(project, report)
    log.info("tifa: %d documents normalized", len(docs))
    table, marks = mine_phrases(project, docs)
    forms = list(table.forms())
    # Material's search segments with the global jieba: teach it every phrase, and
    # leave the same words as a user dictionary for anyone configuring search by hand.
    register_with_global_jieba(forms)
    write_user_dict(project.cache_dir / "jieba_user_dict.txt", forms)
    by_id = {d.id: d for d in docs}
    pages = {f"phrases/{slug}.md": render_phrase_page(p, table, by_id) for slug, p in table.phrases.items()}
    pages["phrases/index.md"] = render_phrase_index(table, by_id)
    log.info("tifa: %d phrases linked (%d curated)", len(table.phrases), sum(p.curated for p in table.phrases.values()))
    site = SiteInput(docs=docs, phrase_marks=marks, phrases=table.phrases, extra_pages=pages)
    return build_pages(site)


Checker = Callable[[Project, dict[str, Document]], list[TifaError]]


def _check_glossary(project: Project, docs: dict[str, Document]) -> list[TifaError]:
    from .glossary import check_glossary

    return list(check_glossary(project.glossary_dir)[1])


def data_checkers() -> list[Checker]:
    """Checks of the data people edit, run by ``tifa check`` and by every build."""
    return [_check_glossary]
