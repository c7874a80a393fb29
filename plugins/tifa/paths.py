"""Contributor folders: the files a pull request can add, and never a file outside the folder.

A symlink in ``glossary/``, ``annotations/`` (file or folder), ``briefings/`` or beside a text
could otherwise publish any file of the builder's disk. Such a link is reported, with its path,
and left out; the build goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import TifaError


def escapes(path: Path, folder: Path) -> TifaError | None:
    """The problem with ``path`` if it (or a folder on the way) links outside ``folder``, or is a broken link."""
    target = Path(path).resolve()
    if not target.is_relative_to(Path(folder).resolve()):
        return TifaError(path, f"symlink leads outside {Path(folder).name}/ (to {target})",
                         hint="copy the file into the folder instead of linking to it")
    if not target.exists():
        return TifaError(path, "broken symlink: the file it points to does not exist", hint="remove the link")
    return None


def within(paths: list[Path], folder: Path, report: Callable[[TifaError], None]) -> list[Path]:
    """``paths`` (data files named in the configuration: corrections, rules) without those that
    link outside ``folder``, each of which is reported."""
    kept = []
    for path in paths:
        problem = escapes(path, folder) if Path(path).is_symlink() or not Path(path).exists() else None
        if problem is not None and Path(path).is_symlink():
            report(problem)
        else:
            kept.append(path)
    return kept


def contributor_files(folder: Path, pattern: str, report: Callable[[TifaError], None]) -> list[Path]:
    """The files of ``folder`` matching ``pattern``, in name order, without links that leave it."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob(pattern)):
        problem = escapes(path, folder)
        if problem is not None:
            report(problem)
        elif path.is_file():
            found.append(path)
    return found
