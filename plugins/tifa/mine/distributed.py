"""Phrase mining as a Dask job, for collections too large for one process.

The per-document work of :func:`tifa.mine.mine` (finding enumerations, segmenting and
collecting n-grams) runs as ``dask.bag`` maps; the reductions stay in the caller and run in
document order, so the table is the one an in-process build makes. Locally a
``LocalCluster`` is started; pass ``scheduler="tcp://host:8786"`` to use a real cluster.
Needs the ``dask`` extra (``pip install 'tifa[dask]'``).
"""

from __future__ import annotations

from contextlib import contextmanager

from ..glossary import Glossary
from ..model import Document
from . import MineConfig, PhraseTable, mine, paragraphs_only


@contextmanager
def _client(scheduler: str | None, workers: int | None):
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
    else:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client


def mine_with_dask(docs: list[Document], glossary: Glossary, config: MineConfig | None = None, *,
                   scheduler: str | None = None, workers: int | None = None, partitions: int | None = None,
                   synchronous: bool = False) -> PhraseTable:
    """:func:`tifa.mine.mine`, with the per-document maps on Dask.

    ``synchronous=True`` runs the bag in this process (no cluster): for tests and debugging.
    """
    import dask
    import dask.bag as db

    # Workers need only the paragraphs: shipping whole documents made the job eight times slower.
    by_id = {d.id: paragraphs_only(d) for d in docs}

    def dask_map(func, items):
        bag = db.from_sequence([by_id[d.id] for d in items],
                               npartitions=partitions or max(1, min(len(items), 4 * (workers or 2))))
        return bag.map(func).compute()

    if synchronous:
        with dask.config.set(scheduler="synchronous"):
            return mine(docs, glossary, config, map_docs=dask_map)
    with _client(scheduler, workers):
        return mine(docs, glossary, config, map_docs=dask_map)
