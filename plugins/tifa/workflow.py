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


def build_site(project: Project, report: Report) -> SiteOutput:
    docs = load_documents(project, report)
    log.info("tifa: %d documents normalized", len(docs))
    site = SiteInput(docs=docs)
    return build_pages(site)


Checker = Callable[[Project, dict[str, Document]], list[TifaError]]


def data_checkers() -> list[Checker]:
    """Checks of the data people edit, run by ``tifa check`` and by every build."""
    return []
