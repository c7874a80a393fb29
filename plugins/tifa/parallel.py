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
from typing import Generic, TypeVar

T = TypeVar("T")

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
    if len(items) < min_items or not _may_fork(n):
        return [func(x) for x in items]
    with multiprocessing.get_context("fork").Pool(n) as pool:
        return pool.map(func, items, chunksize=max(1, len(items) // (n * 8)))


def _may_fork(n_cores: int) -> bool:
    return (n_cores >= 2 and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
            and os.environ.get("TIFA_PROCESSES") != "1")


def in_background(func: Callable[..., T], *args: object, worth_it: bool = True) -> Background[T]:
    """``func(*args)`` (a pure stage) computed in a forked process while this one goes on to other
    stages; calling the :class:`Background` returned waits for the value. Where forking is unsafe,
    unavailable or not ``worth_it``, the value is computed in process when first asked for."""
    return Background(func, args, fork=worth_it and _may_fork(cores()))


class Background(Generic[T]):
    """A value being computed by a forked worker. An error in the worker is raised here; a worker that
    dies (killed, out of memory) has its work done here instead; :meth:`cancel` ends a worker whose
    value is no longer wanted (a later stage failed), which would otherwise wait on its pipe.

    A bare process and pipe (no pool): a pool's helper threads would keep :func:`map_documents`
    from forking its workers while this one runs."""

    def __init__(self, func: Callable[..., T], args: tuple, fork: bool) -> None:
        self._func, self._args = func, args
        self._value: list[T] = []
        self._worker = None
        if fork:
            context = multiprocessing.get_context("fork")
            self._receiving, sending = context.Pipe(duplex=False)
            self._worker = context.Process(target=_send_result, args=(sending, func, args), daemon=True)
            self._worker.start()
            sending.close()

    def __call__(self) -> T:
        if not self._value:
            self._value.append(self._received() if self._worker is not None else self._func(*self._args))
        return self._value[0]

    def _received(self) -> T:
        try:
            ok, value = self._receiving.recv()
        except EOFError:
            ok, value = True, self._func(*self._args)
        finally:
            self._end_worker()
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.terminate()
            self._end_worker()

    def _end_worker(self) -> None:
        assert self._worker is not None
        self._receiving.close()
        self._worker.join()
        self._worker = None


def _send_result(sending, func: Callable, args: tuple) -> None:
    try:
        try:
            sending.send((True, func(*args)))
        except BaseException as error:  # noqa: BLE001 — every error goes back to the build
            sending.send((False, error))
        sending.close()
    finally:
        os._exit(0)  # not the parent's exit handlers, nor its buffered output a second time
