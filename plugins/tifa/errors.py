"""Errors that name the file (and line) and say what to do about it."""

from __future__ import annotations

from pathlib import Path


class TifaError(Exception):
    """Bad input: always carries the file, optionally a line/column, and a hint.

    ``str(err)`` is the one-line ``path:line:col: message (hint)`` form that the
    CLI prints and the build log shows.
    """

    def __init__(
        self,
        path: str | Path | None,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(self.format())

    def location(self) -> str:
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


class DecodeError(TifaError):
    """The bytes of a source text could not be read as text."""


class DataFileError(TifaError):
    """A YAML data file (sidecar, glossary, rules, corrections …) is malformed."""
