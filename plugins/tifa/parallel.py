"""Per-document work spread over the machine's cores, for cold builds of large collections.

Used where the work is pure (normalizing a file's bytes, segmenting a document):
results come back in order, so a build is the same on one core or many. Small
batches stay in process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence

MIN_ITEMS = 200  # fewer documents than this are done in process


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_documents(func: Callable, items: Sequence, min_items: int = MIN_ITEMS) -> list:
    """``[func(x) for x in items]``, on every core when it is worth it.

    Workers are forked, so they start with what this process has loaded (jieba's
    dictionary, OpenCC): only the items and results travel. Not used from a
    process with other threads running (forking those is unsafe), nor where
    fork is unavailable.
    """
    n = min(cores(), 8)
    if (n < 2 or len(items) < min_items or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods() or os.environ.get("TIFA_PROCESSES") == "1"):
        return [func(x) for x in items]
    with multiprocessing.get_context("fork").Pool(n) as pool:
        return pool.map(func, items, chunksize=max(1, len(items) // (n * 8)))
