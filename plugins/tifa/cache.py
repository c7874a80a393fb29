"""Per-document results of a stage, reused while the document's text and the stage's inputs stay the same.

A rebuild after editing one text (``mkdocs serve``) then segments, mines and links
only that text. Each stage names what its result depends on besides the text (the
phrase forms, the miner's settings, the jieba and tifa versions) as a fingerprint;
a change of any of them starts the stage's cache afresh. Results live in memory
for the life of the process and in one pickle per stage in the cache folder.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path

from .model import Document

_MEMORY: dict[tuple[str, str], dict[str, object]] = {}
_KEEP = False


def keep_in_memory(keep: bool = True) -> None:
    """Keep documents, stage results and pages in memory between builds of this process.

    On for `mkdocs serve` (the plugin sets it), where each rebuild then redoes only
    what an edit touched; off for a single build, which would only pay for it in memory.
    """
    global _KEEP
    _KEEP = keep


def keeping() -> bool:
    return _KEEP


def fingerprint(*parts: object) -> str:
    import jieba

    from . import __version__

    return hashlib.sha256(pickle.dumps((__version__, jieba.__version__, parts))).hexdigest()[:16]


def doc_key(doc: Document) -> str:
    """A document as the stages see it: its text, paragraphs (a sidecar title changes them) and damage."""
    shape = repr(([(p.start, p.end, p.kind) for p in doc.paragraphs], [(d.start, d.end) for d in doc.damage]))
    return f"{doc.id}:{hashlib.sha1(doc.text.encode() + shape.encode()).hexdigest()}"


class StageCache:
    def __init__(self, folder: Path | None, stage: str, print_: str) -> None:
        self.path = Path(folder) / f"{stage}.pickle" if folder else None
        self.print = print_
        where = str(self.path or stage)
        for key in [k for k in _MEMORY if k[0] == where and k[1] != print_]:
            del _MEMORY[key]  # the stage's inputs changed: its old results are of no more use
        self.entries = _MEMORY.setdefault((where, print_), {}) if _KEEP else {}
        if not self.entries and self.path is not None:
            self.entries.update(self._read())
        self.changed = False

    def _read(self) -> dict[str, object]:
        try:
            stored_print, entries = pickle.loads(self.path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return {}  # missing, damaged or from another version: compute again
        return entries if stored_print == self.print else {}

    def map(self, func: Callable, docs: Sequence[Document], map_docs: Callable | None = None) -> list:
        """``[func(doc) for doc in docs]``, computing only the documents not cached (through ``map_docs``)."""
        keys = [doc_key(d) for d in docs]
        missing = [d for d, k in zip(docs, keys) if k not in self.entries]
        if missing:
            results = map_docs(func, missing) if map_docs else [func(d) for d in missing]
            for doc, result in zip(missing, results):
                self.entries[doc_key(doc)] = result
            self.changed = True
        # Forget documents that are gone, so the cache does not grow without end.
        if len(self.entries) > len(keys):
            wanted = set(keys)
            for k in [k for k in self.entries if k not in wanted]:
                del self.entries[k]
            self.changed = True
        return [self.entries[k] for k in keys]

    def save(self) -> None:
        if not self.changed or self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_suffix(".tmp")
        scratch.write_bytes(pickle.dumps((self.print, self.entries), protocol=pickle.HIGHEST_PROTOCOL))
        scratch.replace(self.path)  # never leave a half-written cache
        self.changed = False
