"""From a source file to a :class:`~tifa.model.Document`: decode → normalize → metadata.

``load_corpus`` reads every ``*.txt`` of a folder in name order; a bad file is
reported through ``on_error`` (the build decides whether that is fatal) and the
other documents go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from .decode import decode_file
from .errors import DataFileError, TifaError
from .metadata import apply_sidecar, extract_metadata, load_sidecar
from .model import Document
from .normalize import NormalizeConfig, normalize_text
from .normalize.paragraphs import split_paragraphs

log = logging.getLogger("mkdocs.plugins.tifa")

_DEFAULT_CONFIG: NormalizeConfig | None = None


def default_config() -> NormalizeConfig:
    global _DEFAULT_CONFIG
    if _DEFAULT_CONFIG is None:
        _DEFAULT_CONFIG = NormalizeConfig.from_files()
    return _DEFAULT_CONFIG


def build_document(raw: str, doc_id: str, config: NormalizeConfig | None = None, path: Path | None = None,
                   encoding: str | None = None) -> Document:
    config = config or default_config()
    result = normalize_text(raw, config, doc_id)
    tt = result.tracked
    meta = extract_metadata(tt.text, result.boilerplate.captures)
    meta.script = result.script
    meta.encoding = encoding
    for line in result.boilerplate.removed:
        log.debug("%s: boilerplate %s removed: %s", path or doc_id, line.rule, line.text)
    doc = Document(
        id=doc_id,
        path=path,
        original=raw,
        text=tt.text,
        origin=tt.origin,
        meta=meta,
        changes=tt.changes,
        damage=result.damage,
        removed=result.boilerplate.removed,
    )
    doc.paragraphs = split_paragraphs(doc.text, meta.title)
    return doc


def load_document(path: Path, config: NormalizeConfig | None = None) -> Document:
    path = Path(path)
    decoded = decode_file(path)
    doc = build_document(decoded.text, path.stem, config, path, decoded.encoding)
    sidecar = path.with_suffix(".yml")
    if sidecar.exists():
        fields, _ = load_sidecar(sidecar)
        apply_sidecar(doc.meta, fields)
        if "title" in fields:
            # A sidecar title also names the title paragraph, if the text has it.
            doc.paragraphs = split_paragraphs(doc.text, doc.meta.title)
    return doc


def source_files(source_dir: Path) -> list[Path]:
    return sorted(p for p in Path(source_dir).glob("*.txt") if p.is_file())


def load_corpus(
    source_dir: Path,
    config: NormalizeConfig | None = None,
    on_error: Callable[[TifaError], None] | None = None,
) -> list[Document]:
    docs = []
    for path in source_files(source_dir):
        try:
            docs.append(load_document(path, config))
        except (TifaError, DataFileError) as err:
            if on_error is None:
                raise
            on_error(err)
    return docs
