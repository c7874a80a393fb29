"""From a source file to a :class:`~tifa.model.Document`: decode → normalize → metadata.

``load_corpus`` reads every source file (``*.txt``, ``*.md``, ``*.html``, ``*.docx``, ``*.pdf``) of a folder in name order; a bad file is
reported through ``on_error`` (the build decides whether that is fatal) and the
other documents go on.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from .decode.source import SUFFIXES, Source, read_source
from .errors import TifaError
from .memory import ServeMemory, reuse
from .metadata import apply_sidecar, document_metadata, load_sidecar
from .model import Document
from .normalize import NormalizeConfig, normalize_text
from .normalize.paragraphs import heading_starts, split_paragraphs
from .parallel import MIN_ITEMS, cores, map_documents
from .paths import escapes

log = logging.getLogger("mkdocs.plugins.tifa")

@lru_cache(maxsize=1)  # the shipped rules, read once per process
def default_config() -> NormalizeConfig:
    return NormalizeConfig.from_files()


def build_document(raw: str, doc_id: str, config: NormalizeConfig | None = None, path: Path | None = None,
                   encoding: str | None = None, source: Source | None = None) -> Document:
    """``source``: what the file's format reader found (markup, headings, the file's own metadata);
    without one, ``raw`` is plain text."""
    config = config or default_config()
    source = source or Source(raw, encoding)
    result = normalize_text(raw, config, doc_id, source.markup)
    tt = result.tracked
    headings = heading_starts(source.headings, tt.origin, len(tt.text))
    meta = document_metadata(source, tt.text, headings, result.boilerplate.captures, path.stem if path else "")
    meta.script = result.script
    meta.encoding = source.encoding
    for line in result.boilerplate.removed:
        log.debug("%s: boilerplate %s removed: %s", path or doc_id, line.rule, line.text)
    doc = Document(
        id=doc_id,
        path=path,
        original=raw,
        text=tt.text,
        origin=array("I", tt.origin),
        meta=meta,
        changes=tt.changes,
        damage=result.damage,
        removed=result.boilerplate.removed,
    )
    doc.headings, doc.download, doc.download_suffix = headings, source.download, source.download_suffix
    doc.problems = [err.as_dict() for err in source.problems]
    doc.paragraphs = split_paragraphs(doc.text, meta.title, headings)
    return doc


def _reporter(on_error: Callable[[TifaError], None] | None) -> Callable[[TifaError], None]:
    """``on_error`` itself, or — without one — a function that raises the problem."""
    def raise_it(err: TifaError) -> None:
        raise err

    return on_error or raise_it


_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@lru_cache(maxsize=1 << 16)  # asked for every file on every rebuild
def document_id(path: Path) -> str:
    """The id (and URL segment) of a source file.

    A plain ASCII name is its own id. Any other name (spaces, CJK, shell
    characters) becomes a readable ASCII slug — pinyin for Chinese — plus a
    short hash of the real name, so two different names never share an id.
    """
    stem = Path(path).stem
    if _SAFE_ID.match(stem):
        return stem
    from pypinyin import lazy_pinyin

    # pypinyin takes a list from ``errors`` (one item per character here), though its stubs say str.
    readable = "-".join(lazy_pinyin(stem, errors=lambda chars: [c if c.isascii() else "-" for c in chars]))  # type: ignore[arg-type,return-value]
    slug = re.sub(r"[^a-z0-9]+", "-", readable.lower()).strip("-")[:60] or "doc"
    return f"{slug}-{hashlib.sha1(stem.encode('utf-8')).hexdigest()[:8]}"


class DocumentCache:
    """Normalized documents on disk, keyed by the file's bytes and the normalization config,
    so a rebuild only normalizes the files that changed. Any change of rules, corrections,
    steps, script or tifa/OpenCC version changes every key."""

    def __init__(self, folder: Path, config: NormalizeConfig) -> None:
        import opencc

        from . import __version__

        self.folder = Path(folder) / "documents"
        fingerprint = pickle.dumps((config, __version__, getattr(opencc, "__version__", "")))
        self.config_key = hashlib.sha256(fingerprint).hexdigest()[:16]

    def key(self, data: bytes) -> str:
        return f"{hashlib.sha256(data).hexdigest()[:32]}-{self.config_key}"

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str) -> Document | None:
        try:
            return pickle.loads(self._path(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # missing or from an incompatible version: normalize again

    def has(self, key: str) -> bool:
        return self._path(key).exists()

    def put(self, key: str, doc: Document, pickled: bytes | None = None) -> None:
        """Store ``doc`` (``pickled``: the same document already pickled, by a worker)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._path(key)
        scratch = target.with_suffix(".tmp")
        scratch.write_bytes(pickled or pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
        scratch.replace(target)  # never leave a half-written entry


def normalize_bytes(data: bytes, path: Path, config: NormalizeConfig | None = None) -> Document:
    """Decode and normalize a file's bytes (no sidecar, no cache): the pure, costly part.
    The reader is chosen by the file's suffix (see :mod:`tifa.decode.source`)."""
    source = read_source(data, path)
    return build_document(source.text, document_id(path), config, path, source.encoding, source)


def _normalize_or_error(job: tuple[bytes, Path, NormalizeConfig | None]) -> bytes | dict:
    # Run in worker processes. The document comes back pickled: the main process writes those
    # very bytes to the cache instead of pickling it again. An error comes back as its fields
    # (TifaError does not pickle).
    try:
        return pickle.dumps(normalize_bytes(*job), protocol=pickle.HIGHEST_PROTOCOL)
    except TifaError as err:
        return {"type": type(err).__name__, **err.as_dict()}


def _raise_from_fields(fields: dict) -> None:
    from . import errors

    cls = getattr(errors, fields.pop("type"), TifaError)
    raise cls(fields.pop("path"), fields.pop("message"), **fields)


def load_document(path: Path, config: NormalizeConfig | None = None,
                  on_error: Callable[[TifaError], None] | None = None, cache: DocumentCache | None = None,
                  data: bytes | None = None, prepared: bytes | dict | None = None,
                  has_sidecar: bool | None = None) -> Document:
    """One source file as a document. A bad sidecar is raised, or — given ``on_error`` —
    reported while the text is still published with the metadata found in it.

    ``prepared``: the file already normalized and pickled (or the error it gave), by
    :func:`load_corpus`'s workers; ``has_sidecar``: whether ``<name>.yml`` exists, when the caller
    listed the folder."""
    path = Path(path)
    data = path.read_bytes() if data is None else data
    if isinstance(prepared, dict):
        _raise_from_fields(dict(prepared))
    key = cache.key(data) if cache else ""
    doc = cache.get(key) if cache and prepared is None else None
    if doc is None:
        doc = pickle.loads(prepared) if isinstance(prepared, bytes) else normalize_bytes(data, path, config)
        if cache:
            cache.put(key, doc, prepared if isinstance(prepared, bytes) else None)
    doc.id, doc.path = document_id(path), path  # the same bytes may live under another name
    doc.source_key = key
    for problem in doc.problems:  # e.g. malformed front matter: reported, the text still published
        _reporter(on_error)(TifaError(path, problem["message"], line=problem["line"], column=problem["column"],
                                      hint=problem["hint"]))
    sidecar = path.with_suffix(".yml")
    if sidecar.exists() if has_sidecar is None else has_sidecar:
        try:
            outside = escapes(sidecar, path.parent)  # a linked sidecar could publish any file's fields
            if outside is not None:
                raise outside
            fields = load_sidecar(sidecar)[0]
        except TifaError as err:
            _reporter(on_error)(err)
            return doc
        apply_sidecar(doc.meta, fields)
        if "title" in fields:
            # A sidecar title also names the title paragraph, if the text has it.
            doc.paragraphs = split_paragraphs(doc.text, doc.meta.title, doc.headings)
    return doc


def _scan(source_dir: Path, report: Callable[[TifaError], None]) -> tuple[list[Path], set[str]]:
    """The source files of ``source_dir`` (every suffix a reader is known for) in name order, and the names of every file beside them.

    A symlink that leads outside the folder is refused (reported, not read):
    a pull request must not be able to publish a file from the builder's disk."""
    root = Path(source_dir).resolve()
    with os.scandir(source_dir) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    found = []
    for entry in entries:
        if not entry.name.lower().endswith(SUFFIXES):
            continue
        path = Path(source_dir) / entry.name
        if entry.is_symlink() and not path.resolve().is_relative_to(root):
            report(TifaError(path, f"symlink to {path.resolve()} leads outside {source_dir}",
                             hint="copy the text into source_texts/ instead of linking to it"))
            continue
        if entry.is_file():
            found.append(path)
    return found, {e.name for e in entries}


@dataclass(frozen=True)
class _Loaded:
    """A text as loaded, with what loading it reported (reported again whenever it is reused)."""

    doc: Document | None
    problems: tuple[TifaError, ...]


def _load_reporting(path: Path, config: NormalizeConfig, cache: DocumentCache | None, data: bytes,
                    prepared: bytes | dict | None, has_sidecar: bool) -> _Loaded:
    problems: list[TifaError] = []
    try:
        doc = load_document(path, config, problems.append, cache, data, prepared, has_sidecar=has_sidecar)
    except TifaError as err:
        return _Loaded(None, (*problems, err))
    return _Loaded(doc, tuple(problems))


def load_corpus(
    source_dir: Path,
    config: NormalizeConfig | None = None,
    on_error: Callable[[TifaError], None] | None = None,
    cache_dir: Path | None = None,
    memory: ServeMemory | None = None,
) -> list[Document]:
    """Every readable document; each bad file goes to ``on_error`` (raised without one).

    With ``cache_dir``, normalized documents are reused from disk when neither the file
    nor the configuration changed; with ``memory`` (`mkdocs serve`), a text whose bytes,
    sidecar and configuration equal the last build's is that build's very document.
    """
    config = config or default_config()
    cache = DocumentCache(cache_dir, config) if cache_dir else None
    report = _reporter(on_error)

    docs: list[Document] = []
    seen: dict[str, Path] = {}
    files, names = _scan(source_dir, report)
    contents = {path: path.read_bytes() for path in files}
    sidecars = {path: _read_or_none(path.with_suffix(".yml")) if path.stem + ".yml" in names else None
                for path in files}
    # Files not in the cache are normalized on every core first (a cold build of a large collection).
    todo = [path for path in files if cache is None or not cache.has(cache.key(contents[path]))]
    if len(todo) >= MIN_ITEMS:
        log.info("tifa: normalizing %d documents on %d cores", len(todo), min(cores(), 8))
    prepared = dict(zip(todo, map_documents(_normalize_or_error, [(contents[p], p, config) for p in todo]))) \
        if len(todo) >= MIN_ITEMS else {}
    for number, path in enumerate(files, 1):
        if number % 1000 == 0:
            log.info("tifa: normalized %d of %d documents", number, len(files))
        data, sidecar = contents.pop(path), sidecars[path]
        loaded = reuse(memory, "document", str(path), (data, sidecar, config),
                       partial(_load_reporting, path, config, cache, data, prepared.pop(path, None), sidecar is not None))
        for problem in loaded.problems:
            report(problem)
        doc = loaded.doc
        if doc is None:
            continue
        # Ids are URL segments: names equal but for case would overwrite each
        # other on case-insensitive disks, so they count as duplicates too.
        key = doc.id.casefold()
        if key in seen:
            report(TifaError(path, f"document id {doc.id!r} is already used by {seen[key].name}",
                             hint="rename one of the two files; ids are file names and ignore case"))
            continue
        seen[key] = path
        docs.append(doc)
    return docs


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # gone since the folder was listed: as if it had never been there
