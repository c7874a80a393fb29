"""Per-document results of a stage, reused while the document's text and the stage's inputs stay the same.

A rebuild after editing one text then segments, mines and links only that text.
Each stage names what its result depends on besides the text (the phrase forms,
the miner's settings, the jieba and tifa versions) as a fingerprint; a change of
any of them starts the stage's cache afresh. Results live on disk in a folder per
stage, split into shards so that a rebuild rewrites only the shards holding what
changed (and, under `mkdocs serve`, in the :class:`~tifa.memory.ServeMemory`).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from .memory import ServeMemory, reuse
from .model import Document


def fingerprint(*parts: object) -> str:
    import jieba

    from . import __version__

    return hashlib.sha256(pickle.dumps((__version__, jieba.__version__, parts))).hexdigest()[:16]


def doc_key(doc: Document) -> str:
    """A document as the stages see it: its text, paragraphs and damage."""
    if doc.source_key:
        # The source key digests the bytes and the normalization (text, damage, paragraphs);
        # a sidecar can change only the title paragraph.
        return f"{doc.id}:{doc.source_key}:{doc.meta.title or ''}"
    shape = repr(([(p.start, p.end, p.kind) for p in doc.paragraphs], [(d.start, d.end) for d in doc.damage]))
    return f"{doc.id}:{hashlib.sha1(doc.text.encode() + shape.encode()).hexdigest()}"


SHARDS = 64


@lru_cache(maxsize=1 << 16)  # asked for every entry whenever a stage's cache is saved
def _shard(key: str) -> int:
    return int(hashlib.sha1(key.encode()).hexdigest()[:4], 16) % SHARDS


class StageCache:
    def __init__(self, folder: Path | None, stage: str, print_: str, memory: ServeMemory | None = None) -> None:
        self.folder = Path(folder) / stage if folder else None
        self.print = print_
        # Under `mkdocs serve` the entries of the last build, while the stage's inputs are the same
        # (entries are added, never changed: each is keyed by its document's content).
        self.entries: dict[str, object] = reuse(memory, "stage-cache", str(self.folder or stage), print_, self._read)
        self.dirty: set[int] = set()

    def _read(self) -> dict[str, object]:
        entries: dict[str, object] = {}
        if self.folder is None:
            return entries
        for path in sorted(self.folder.glob("*.pickle")):
            try:
                stored_print, part = pickle.loads(path.read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
                continue  # missing, damaged or from another version: those documents are computed again
            if stored_print == self.print:
                entries.update(part)
        return entries

    def map(self, func: Callable, docs: Sequence[Document], map_docs: Callable | None = None) -> list:
        """``[func(doc) for doc in docs]``, computing only the documents not cached (through ``map_docs``)."""
        keys = [doc_key(d) for d in docs]
        missing = [d for d, k in zip(docs, keys) if k not in self.entries]
        if missing:
            results = map_docs(func, missing) if map_docs else [func(d) for d in missing]
            for doc, result in zip(missing, results):
                key = doc_key(doc)
                self.entries[key] = result
                self.dirty.add(_shard(key))
        # Forget documents that are gone, so the cache does not grow without end.
        if len(self.entries) > len(keys):
            wanted = set(keys)
            for key in [k for k in self.entries if k not in wanted]:
                del self.entries[key]
                self.dirty.add(_shard(key))
        return [self.entries[k] for k in keys]

    def save(self) -> None:
        if not self.dirty or self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        parts: dict[int, dict[str, object]] = {n: {} for n in self.dirty}
        for key, value in self.entries.items():
            n = _shard(key)
            if n in parts:
                parts[n][key] = value
        for n, part in parts.items():
            target = self.folder / f"{n:02d}.pickle"
            scratch = target.with_suffix(".tmp")
            scratch.write_bytes(pickle.dumps((self.print, part), protocol=pickle.HIGHEST_PROTOCOL))
            scratch.replace(target)  # never leave a half-written shard
        self.dirty.clear()
