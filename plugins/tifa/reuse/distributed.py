"""Reuse detection as a Dask job, for collections too large for one process.

The per-document work of :func:`tifa.reuse.find_reuse` (keys and fingerprints) and the alignment of
candidate pairs run as ``dask.bag`` maps; the index of fingerprints and the assembly stay in the
caller and run in a fixed order, so the table is the one an in-process run makes. Locally a
``LocalCluster`` is started; pass ``scheduler="tcp://host:8786"`` for a real cluster.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..mine.distributed import _client
from ..model import Document
from . import ReuseConfig, ReuseTable, find_reuse


def _text_only(doc: Document) -> Document:
    return Document(id=doc.id, path=None, original="", text=doc.text, origin=[], paragraphs=doc.paragraphs)


def find_reuse_with_dask(docs: list[Document], masks: Mapping[str, Sequence[tuple[int, int]]] | None = None,
                         config: ReuseConfig | None = None, *, scheduler: str | None = None, workers: int | None = None,
                         synchronous: bool = False) -> ReuseTable:
    import dask
    import dask.bag as db

    def dask_map(func, items):
        if not items:
            return []
        # Documents travel as their text and paragraphs only; alignment jobs are small already.
        items = [_text_only(d) if isinstance(d, Document) else d for d in items]
        bag = db.from_sequence(items, npartitions=max(1, min(len(items), 4 * (workers or 2))))
        return bag.map(func).compute()

    if synchronous:
        with dask.config.set(scheduler="synchronous"):
            return find_reuse(docs, masks, config, map_docs=dask_map, map_jobs=dask_map)
    with _client(scheduler, workers):
        return find_reuse(docs, masks, config, map_docs=dask_map, map_jobs=dask_map)
