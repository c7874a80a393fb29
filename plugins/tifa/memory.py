"""What `mkdocs serve` keeps between two builds of one process — all of it, in one object.

The plugin makes a :class:`ServeMemory` for `mkdocs serve` (as Material's search keeps its
last index) and hands it to :func:`tifa.workflow.build_site`; a plain build passes none and
keeps nothing. Stages stay pure functions of their inputs: the memory only hands back a
result computed earlier from inputs *equal by value* to today's, or one patched from it that
equals a fresh computation by construction (:meth:`ServeMemory.update`), so a kept result can
never differ from a fresh one. What is kept is what saves a served rebuild real time:

- each text's loaded document (no unpickling, no sidecar, no paragraph split);
- each per-document stage cache's entries (no reading of its shards from disk);
- each document page as rendered (the page is a function of the frozen input it was made from);
- the corpus's repeated strings and their evidence, counted again after an edit only for the
  strings of the pieces it changed (:meth:`tifa.mine.grams.GramTable.patched`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


class ServeMemory:
    def __init__(self, dirty: bool = False) -> None:
        # `mkdocs serve --dirty`: some results are kept from the last full build (:meth:`stale`).
        self.dirty = dirty
        # (stage, name) → (key, result): what the last build computed, and what this one did so far.
        self._last: dict[tuple[str, str], tuple[object, object]] = {}
        self._now: dict[tuple[str, str], tuple[object, object]] = {}

    def reuse(self, stage: str, name: str, key: object, compute: Callable[[], T]) -> T:
        """``compute()``, or the result the last build got for ``name`` from a ``key`` equal to this one.

        ``key`` must hold everything ``compute`` reads (best: the very input object it is given),
        compared with ``==``: an unchanged input is usually the same object as last time, which
        makes the comparison cheap, but equality, never identity, decides. What a build does not
        ask for again is let go when it ends."""
        last = self._now.get((stage, name)) or self._last.get((stage, name))
        if last is not None and last[0] == key:
            result = last[1]
        else:
            result = compute()
        self._now[(stage, name)] = (key, result)
        return result  # type: ignore[return-value]

    def update(self, stage: str, name: str, key: object, compute: Callable[[], T], patch: Callable[[Any, T], T]) -> T:
        """As :meth:`reuse`, but when the last build's key differs from ``key``, ``patch(last_key,
        last_result)`` makes this build's result from the last one's: it must return what ``compute()``
        would (and may call it, when patching would cost more)."""
        last = self._now.get((stage, name)) or self._last.get((stage, name))
        result: object
        if last is None:
            result = compute()
        elif last[0] == key:
            result = last[1]
        else:
            result = patch(last[0], last[1])  # type: ignore[arg-type]
        self._now[(stage, name)] = (key, result)
        return result  # type: ignore[return-value]

    def stale(self, name: str, key: object, compute: Callable[[], T]) -> T:
        """Under `mkdocs serve --dirty` only: what ``compute()`` gave at the last build whose ``key``
        equalled this one, *although the documents may have changed since* — ``key`` holds every
        input but the documents. What a --dirty rebuild keeps so, and what a reader then sees as
        stale, is said in the README (`mkdocs serve`); a plain serve or build never asks."""
        assert self.dirty, "only a --dirty rebuild keeps results of documents that changed"
        return self.reuse("stale", name, key, compute)

    @contextmanager
    def build(self) -> Iterator[None]:
        """One build: afterwards only what it used is kept (the cyclic collector is paused by
        :func:`tifa.workflow.build_site` for every build)."""
        try:
            yield
            self._last, self._now = self._now, {}
        finally:
            self._now = {}


def reuse(memory: ServeMemory | None, stage: str, name: str, key: object, compute: Callable[[], T]) -> T:
    """:meth:`ServeMemory.reuse`, or simply ``compute()`` in a plain build (no memory)."""
    return compute() if memory is None else memory.reuse(stage, name, key, compute)


def update(memory: ServeMemory | None, stage: str, name: str, key: object, compute: Callable[[], T],
           patch: Callable[[Any, T], T]) -> T:
    """:meth:`ServeMemory.update`, or simply ``compute()`` in a plain build (no memory)."""
    return compute() if memory is None else memory.update(stage, name, key, compute, patch)
