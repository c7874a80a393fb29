"""YAML data files that people edit: safe loading with line numbers for errors.

``load_yaml`` returns plain Python data plus a map from key paths to 1-based
line numbers, so a validator can say ``glossary/x.yml:7: unknown field``.
Aliases are refused: hand-edited data never needs them, and refusing them
closes the "billion laughs" expansion attack.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .decode import line_and_column
from .errors import DataFileError, TifaError

KeyPath = tuple[Any, ...]


class _NoAliasLoader(yaml.SafeLoader):
    """Safe loading without aliases, and with dates left as text for our own checks."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in tifa data files", event.start_mark
            )
        return super().compose_node(parent, index)


# Dates stay strings: YAML's own timestamp parsing crashes on 2020-02-30
# instead of letting the validator say which line holds an impossible date.
_NoAliasLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], loader: yaml.SafeLoader) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                raise DataFileError(
                    None, f"duplicate key {key!r}", line=key_node.start_mark.line + 1, hint="keep one of them"
                )
            result[key] = _walk(value_node, path + (key,), lines, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(child, path + (i,), lines, loader) for i, child in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, path: str | Path | None, *, line_offset: int = 0) -> tuple[Any, dict[KeyPath, int]]:
    """Parse YAML text; errors name ``path`` and the line (shifted by ``line_offset``)."""
    try:
        loader = _NoAliasLoader(text)
    except yaml.reader.ReaderError as err:
        line: int | None = text.count("\n", 0, err.position) + 1 + line_offset
        raise DataFileError(path, f"character U+{err.character:04X} is not allowed in YAML", line=line,
                            hint="remove the control character (or save the file as UTF-8 text)") from None
    lines: dict[KeyPath, int] = {}
    try:
        node = loader.get_single_node()
        data = None if node is None else _walk(node, (), lines, loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        message = f"malformed YAML: {err.problem or err.context}"
        if err.context and err.context_mark and mark is not err.context_mark:
            message += f" ({err.context} that starts on line {err.context_mark.line + 1 + line_offset})"
        raise DataFileError(
            path, message, line=line, column=column,
            hint="check indentation, colons and quotes on that line",
        ) from None
    except DataFileError as err:
        raise DataFileError(path, err.message, line=(err.line or 0) + line_offset, hint=err.hint) from None
    except (yaml.YAMLError, TypeError, ValueError, RecursionError) as err:
        # Found by fuzzing: unhashable keys, impossible timestamps, absurd nesting.
        raise DataFileError(path, f"unreadable YAML: {err}", hint="simplify the front matter to plain fields") from None
    finally:
        loader.dispose()
    if line_offset:
        lines = {k: v + line_offset for k, v in lines.items()}
    return data, lines


def read_utf8(path: Path) -> str:
    """A data file's text; anything but UTF-8 is an error naming the line and column."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = line_and_column(data, err.start)
        raise DataFileError(path, f"not UTF-8 ({err.reason} at byte {err.start})", line=line, column=column,
                            hint="save the file as UTF-8") from None


_FRONT_MATTER = re.compile(r"^---\n(.*?\n)---\n?", re.S)


@dataclass
class FrontMatter:
    data: dict
    lines: dict[KeyPath, int]
    date: str | None  # the checked `date` field
    body: str
    body_line: int  # line number of the body's first line


def read_front_matter(path: Path, fields: set[str], required: tuple[str, ...]) -> tuple[FrontMatter | None, list[TifaError]]:
    """A Markdown file with YAML front matter (annotations, briefings), checked for unknown and
    missing fields and a real date. ``None`` with the problem when the front matter is unusable;
    otherwise the front matter and any problems found, for the caller to add its own checks to."""
    try:
        text = read_utf8(path)
    except TifaError as err:
        return None, [err]
    m = _FRONT_MATTER.match(text)
    if not m:
        return None, [TifaError(path, "no YAML front matter", line=1, column=1,
                                hint=f"start the file with ---, the fields ({', '.join(required)}), then ---")]
    try:
        data, lines = parse_yaml(m.group(1), path, line_offset=1)
    except TifaError as err:
        return None, [err]
    if not isinstance(data, dict):
        return None, [TifaError(path, "front matter must be a mapping of field: value", line=2, column=1)]
    problems = [TifaError(path, f"unknown field {key!r}", line=lines.get((key,)), column=1,
                          hint=f"allowed: {', '.join(sorted(fields))}") for key in data if key not in fields]
    problems += [TifaError(path, f"missing field {key!r}", line=2, column=1, hint=f"add `{key}:` to the front matter")
                 for key in required if data.get(key) in (None, "")]
    date = check_date(data.get("date"))
    if data.get("date") not in (None, "") and date is None:
        problems.append(TifaError(path, f"date {data['date']!r} is not a real date", line=lines.get(("date",)), column=1,
                                  hint="write YYYY-MM-DD"))
    return FrontMatter(data, lines, date, text[m.end():], m.group(0).count("\n") + 1), problems


def load_yaml(path: Path) -> tuple[Any, dict[KeyPath, int]]:
    return parse_yaml(read_utf8(path), path)


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(value: Any) -> str | None:
    """Return an ISO date string (YYYY, YYYY-MM or YYYY-MM-DD) or None if invalid."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return value
