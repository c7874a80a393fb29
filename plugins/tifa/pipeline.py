"""From a source file to a :class:`~tifa.model.Document`: decode → normalize → metadata.

``load_corpus`` reads every source file (``*.txt``, ``*.md``, ``*.html``, ``*.docx``, ``*.pdf``) of a folder in name order; a bad file is
reported through ``on_error`` (the build decides whether that is fatal) and the
other documents go on.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import pickle
import re
from array import array
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .cache import keeping
from .decode.source import SUFFIXES, Source, read_source
from .errors import TifaError
from .metadata import apply_sidecar, document_metadata, load_sidecar
from .model import Document, Metadata
from .normalize import NormalizeConfig, normalize_text
from .normalize.paragraphs import heading_starts, split_paragraphs
from .parallel import MIN_ITEMS, cores, map_documents

log = logging.getLogger("mkdocs.plugins.tifa")

_DEFAULT_CONFIG: NormalizeConfig | None = None


def default_config() -> NormalizeConfig:
    global _DEFAULT_CONFIG
    if _DEFAULT_CONFIG is None:
        _DEFAULT_CONFIG = NormalizeConfig.from_files()
    return _DEFAULT_CONFIG


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

    readable = "-".join(lazy_pinyin(stem, errors=lambda chars: [c if c.isascii() else "-" for c in chars]))
    slug = re.sub(r"[^a-z0-9]+", "-", readable.lower()).strip("-")[:60] or "doc"
    return f"{slug}-{hashlib.sha1(stem.encode('utf-8')).hexdigest()[:8]}"


class DocumentCache:
    """Normalized documents on disk, keyed by the file's bytes and the normalization config,
    so a rebuild (``mkdocs serve``) only normalizes the files that changed. Any change of
    rules, corrections, steps, script or tifa/OpenCC version changes every key."""

    def __init__(self, folder: Path, config: NormalizeConfig) -> None:
        import opencc

        from . import __version__

        self.folder = Path(folder) / "documents"
        self.folder_name = str(self.folder)
        fingerprint = pickle.dumps((config, __version__, getattr(opencc, "__version__", "")))
        self.config_key = hashlib.sha256(fingerprint).hexdigest()[:16]
        self._keys: dict[int, tuple[bytes, str]] = {}

    def key(self, data: bytes) -> str:
        # Asked three times for each file's bytes in a build: hashed once (the bytes are held
        # with their key, so an id is never taken for another object's).
        known = self._keys.get(id(data))
        if known is None or known[0] is not data:
            known = self._keys[id(data)] = (data, f"{_digest(data)}-{self.config_key}")
        return known[1]

    def _path(self, data: bytes) -> Path:
        return self.folder / f"{self.key(data)}.pickle"

    def _memory_key(self, data: bytes) -> tuple[str, str]:
        return self.folder_name, self.key(data)

    # Documents already read in this process (a `mkdocs serve` session), by cache folder and key.
    _memory: dict[tuple[str, str], Document] = {}

    def get(self, data: bytes) -> Document | None:
        doc = self._memory.get(self._memory_key(data))
        if doc is None:
            try:
                doc = pickle.loads(self._path(data).read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                return None  # missing or from an incompatible version: normalize again
            if keeping():
                self._memory[self._memory_key(data)] = doc
        # The caller sets id, path and sidecar metadata on what it gets: hand out a copy.
        return _copy_document(doc)

    def has(self, data: bytes) -> bool:
        return self._memory_key(data) in self._memory or self._path(data).exists()

    def put(self, data: bytes, doc: Document, pickled: bytes | None = None) -> None:
        """Store ``doc`` (``pickled``: the same document already pickled, by a worker)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._path(data)
        scratch = target.with_suffix(".tmp")
        scratch.write_bytes(pickled or pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
        scratch.replace(target)  # never leave a half-written entry
        if keeping():
            self._memory[self._memory_key(data)] = _copy_document(doc)


# Under `mkdocs serve`: digests of the texts' bytes kept in _SOURCES (same object, same digest).
_DIGESTS: dict[int, tuple[bytes, str]] = {}


def _digest(data: bytes) -> str:
    known = _DIGESTS.get(id(data)) if keeping() else None
    if known is not None and known[0] is data:
        return known[1]
    digest = hashlib.sha256(data).hexdigest()[:32]
    if keeping():
        _DIGESTS[id(data)] = (data, digest)
    return digest


def _copy_document(doc: Document) -> Document:
    """A copy whose id, path and metadata can be set without touching ``doc``; the rest (text,
    offset map, changes, paragraphs) is shared, never changed in place. Shallow copies: a
    thousand of them in each `mkdocs serve` rebuild, where dataclasses.replace cost 20 ms."""
    copied = copy.copy(doc)
    copied.meta = _copy_meta(doc.meta)
    return copied


def _copy_meta(meta: Metadata) -> Metadata:
    # Its fields are strings but for two flat dicts of strings: no deep copy needed.
    copied = copy.copy(meta)
    copied.credits, copied.provenance = dict(meta.credits), dict(meta.provenance)
    return copied


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
    doc = cache.get(data) if cache and prepared is None else None
    if doc is None:
        doc = pickle.loads(prepared) if prepared is not None else normalize_bytes(data, path, config)
        if cache:
            cache.put(data, doc, prepared)
    doc.id, doc.path = document_id(path), path  # the same bytes may live under another name
    for problem in doc.problems:  # e.g. malformed front matter: reported, the text still published
        _reporter(on_error)(TifaError(path, problem["message"], line=problem["line"], column=problem["column"],
                                      hint=problem["hint"]))
    if cache:
        doc.source_key = cache.key(data)
    sidecar = path.with_suffix(".yml")
    if sidecar.exists() if has_sidecar is None else has_sidecar:
        try:
            fields = _sidecar_fields(sidecar)
        except TifaError as err:
            _reporter(on_error)(err)
            return doc
        apply_sidecar(doc.meta, fields)
        if "title" in fields:
            # A sidecar title also names the title paragraph, if the text has it.
            doc.paragraphs = _paragraphs_titled(doc, doc.meta.title)
    return doc


# Under `mkdocs serve`: sidecars parsed and texts split by their sidecar title in earlier
# builds, reused while the sidecar's bytes (and the text) are the same.
_SIDECARS: dict[Path, tuple[bytes, dict]] = {}
_TITLED: dict[str, tuple[tuple[str, str], list]] = {}  # document id → (source key, title), paragraphs


def _sidecar_fields(sidecar: Path) -> dict:
    if not keeping():
        return load_sidecar(sidecar)[0]
    data = sidecar.read_bytes()
    last = _SIDECARS.get(sidecar)
    if last is None or last[0] != data:
        last = _SIDECARS[sidecar] = (data, load_sidecar(sidecar)[0])
    return dict(last[1])


def _paragraphs_titled(doc: Document, title: str | None) -> list:
    if not keeping() or not doc.source_key:
        return split_paragraphs(doc.text, title, doc.headings)
    key = (doc.source_key, title or "")
    last = _TITLED.get(doc.id)
    if last is None or last[0] != key:
        last = _TITLED[doc.id] = (key, split_paragraphs(doc.text, title, doc.headings))
    return last[1]


def source_files(source_dir: Path, on_error: Callable[[TifaError], None] | None = None) -> list[Path]:
    """The source files of ``source_dir`` (every suffix a reader is known for) in name order.

    A symlink that leads outside the folder is refused (reported, not read):
    a pull request must not be able to publish a file from the builder's disk.
    """
    return _scan(source_dir, _reporter(on_error))[0]


def _scan(source_dir: Path, report: Callable[[TifaError], None]) -> tuple[list[Path], set[str]]:
    """The texts (see :func:`source_files`) and the names of every file beside them.

    One directory listing: asked on every `mkdocs serve` rebuild, where per-file checks
    (glob, then a stat or two for each file and its sidecar) cost more than the reading."""
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


def _stat_signature(path: Path) -> tuple:
    """What changes when a file is written or replaced: size, times and inode."""
    st = path.stat()
    return st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino


# Under `mkdocs serve`: each text's bytes as last read, with the file's stat signature.
_SOURCES: dict[Path, tuple[tuple, bytes]] = {}


def _read_sources(files: list[Path]) -> dict[Path, bytes]:
    if not keeping():
        return {path: path.read_bytes() for path in files}
    # A file whose size, times and inode are unchanged is not read again: the same bytes
    # object comes back, so its cache key is not worked out again either.
    contents = {}
    for path in files:
        signature = _stat_signature(path)
        last = _SOURCES.get(path)
        if last is None or last[0] != signature:
            last = _SOURCES[path] = (signature, path.read_bytes())
        contents[path] = last[1]
    for gone in _SOURCES.keys() - contents.keys():
        del _SOURCES[gone]
    live = {id(data) for data in contents.values()}
    for stale in _DIGESTS.keys() - live:
        del _DIGESTS[stale]
    return contents


# Under `mkdocs serve`: each text's document of the last build, handed out again while the text's
# bytes (the very object _read_sources kept), its sidecar and the configuration are the same and
# loading it reported nothing. Nothing after loading changes a document.
_LOADED: dict[Path, tuple[bytes, tuple, Document]] = {}


def _load_or_keep(path: Path, config: NormalizeConfig, report: Callable[[TifaError], None], cache: DocumentCache | None,
                  data: bytes, prepared: bytes | dict | None, has_sidecar: bool) -> Document:
    if not keeping() or cache is None:
        return load_document(path, config, report, cache, data, prepared, has_sidecar=has_sidecar)
    inputs = (cache.config_key, _stat_signature(path.with_suffix(".yml")) if has_sidecar else None)
    last = _LOADED.get(path)
    if last is not None and last[0] is data and last[1] == inputs:
        return last[2]
    problems: list[TifaError] = []

    def note(err: TifaError) -> None:
        problems.append(err)
        report(err)

    doc = load_document(path, config, note, cache, data, prepared, has_sidecar=has_sidecar)
    if problems:
        _LOADED.pop(path, None)  # reported again on the next build, as long as it lasts
    else:
        _LOADED[path] = (data, inputs, doc)
    return doc


def load_corpus(
    source_dir: Path,
    config: NormalizeConfig | None = None,
    on_error: Callable[[TifaError], None] | None = None,
    cache_dir: Path | None = None,
) -> list[Document]:
    """Every readable document; each bad file goes to ``on_error`` (raised without one).

    With ``cache_dir``, normalized documents are reused from disk when neither the file
    nor the configuration changed.
    """
    config = config or default_config()
    cache = DocumentCache(cache_dir, config) if cache_dir else None
    report = _reporter(on_error)

    docs, seen = [], {}
    files, names = _scan(source_dir, report)
    contents = _read_sources(files)
    # Files not in the cache are normalized on every core first (a cold build of a large collection).
    todo = [path for path in files if cache is None or not cache.has(contents[path])]
    if len(todo) >= MIN_ITEMS:
        log.info("tifa: normalizing %d documents on %d cores", len(todo), min(cores(), 8))
    prepared = dict(zip(todo, map_documents(_normalize_or_error, [(contents[p], p, config) for p in todo]))) \
        if len(todo) >= MIN_ITEMS else {}
    for number, path in enumerate(files, 1):
        if number % 1000 == 0:
            log.info("tifa: normalized %d of %d documents", number, len(files))
        try:
            doc = _load_or_keep(path, config, report, cache, contents.pop(path), prepared.pop(path, None),
                                path.stem + ".yml" in names)
        except TifaError as err:
            _LOADED.pop(path, None)
            report(err)
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
    for gone in _LOADED.keys() - set(files):
        del _LOADED[gone]
    return docs
