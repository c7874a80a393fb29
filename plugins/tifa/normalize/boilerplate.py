"""Web-page boilerplate removal driven by YAML rules (see data/boilerplate.yml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import DataFileError
from ..model import RemovedLine
from ..yamlio import load_yaml
from .backtracking import BACKTRACKING_HINT, backtracking_problem
from .tracked import Edit, TrackedText

ACTIONS = {"drop", "strip", "keep", "footer"}
SCOPES = {"any", "first-lines", "last-line"}
RULE_FIELDS = {"name", "match", "action", "scope"}
FIRST_LINES = 8
FOOTER_SHORT_LINE = 30  # footers are made of short lines; prose is not
FOOTER_WINDOW = 15  # a footer marker must be among the last lines


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    action: str
    scope: str = "any"


@dataclass
class BoilerplateResult:
    removed: list[RemovedLine] = field(default_factory=list)
    captures: list[tuple[str, str, str]] = field(default_factory=list)  # (field, value, rule)


def default_rules_path() -> Path:
    return Path(str(resources.files("tifa") / "data" / "boilerplate.yml"))


def load_rules(path: Path) -> list[Rule]:
    data, lines = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise DataFileError(path, "expected a mapping with a list under `rules:`", line=1)
    rules = []
    for i, raw in enumerate(data["rules"]):
        line = lines.get(("rules", i))
        if not isinstance(raw, dict):
            raise DataFileError(path, "a rule must be a mapping", line=line)
        unknown = set(raw) - RULE_FIELDS
        if unknown:
            raise DataFileError(path, f"unknown field(s) {sorted(unknown)}", line=line, hint=f"allowed: {sorted(RULE_FIELDS)}")
        for required in ("name", "match", "action"):
            if required not in raw:
                raise DataFileError(path, f"rule without `{required}`", line=line)
        if raw["action"] not in ACTIONS:
            raise DataFileError(path, f"unknown action {raw['action']!r}", line=lines.get(("rules", i, "action")), hint=f"use one of {sorted(ACTIONS)}")
        scope = raw.get("scope", "any")
        if scope not in SCOPES:
            raise DataFileError(path, f"unknown scope {scope!r}", line=lines.get(("rules", i, "scope")), hint=f"use one of {sorted(SCOPES)}")
        try:
            pattern = re.compile(str(raw["match"]))
        except re.error as err:
            raise DataFileError(path, f"bad regular expression: {err}", line=lines.get(("rules", i, "match"))) from None
        slow = backtracking_problem(pattern.pattern)
        if slow:
            raise DataFileError(path, f"rule {raw['name']!r}: {slow}", line=lines.get(("rules", i, "match")), hint=BACKTRACKING_HINT)
        rules.append(Rule(str(raw["name"]), pattern, raw["action"], scope))
    return rules


def _captures(match: re.Match, rule: Rule) -> list[tuple[str, str, str]]:
    found = []
    # Trimmed here, so that a rule need not end a group with a lazy repeat before `\s*`
    # (which backtracks over a run of spaces).
    groups = {k: v.strip() for k, v in match.groupdict().items() if v and v.strip()}
    if "role" in groups and "who" in groups:
        found.append(("credit:" + re.sub(r"\s+", "", groups.pop("role")), groups.pop("who"), rule.name))
    if "reporter" in groups:
        found.append(("credit:记者", groups.pop("reporter"), rule.name))
    found.extend((name, value, rule.name) for name, value in groups.items())
    return found


def remove_boilerplate(tt: TrackedText, rules: list[Rule]) -> BoilerplateResult:
    result = BoilerplateResult()
    text = tt.text
    lines = text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    last = nonblank[-1] if nonblank else -1
    dropped: dict[int, str] = {}  # line index → rule name
    strips: list[tuple[int, int, int, str]] = []  # (line, start, end, rule)
    footer_from: tuple[int, str] | None = None

    first_lines = set(nonblank[:FIRST_LINES])
    for rule in rules:
        for i, line in enumerate(lines):
            if i in dropped or not line:
                continue
            if rule.scope == "first-lines" and i not in first_lines:
                continue
            if rule.scope == "last-line" and i != last:
                continue
            match = rule.pattern.search(line)
            if not match:
                continue
            if rule.action == "footer":
                if nonblank and i < nonblank[max(0, len(nonblank) - FOOTER_WINDOW)]:
                    continue
                if footer_from is None or i < footer_from[0]:
                    footer_from = (i, rule.name)
                continue
            result.captures.extend(_captures(match, rule))
            if rule.action == "drop":
                dropped[i] = rule.name
            elif rule.action == "strip":
                strips.append((i, starts[i] + match.start(), starts[i] + match.end(), rule.name))

    if footer_from is not None:
        first, name = footer_from
        # Take in the short lines just above the marker (a site name, "scan me").
        k = first - 1
        while k >= 0 and (not lines[k].strip() or (len(lines[k]) <= FOOTER_SHORT_LINE and not re.search(r"[。；]", lines[k]))):
            if lines[k].strip():
                first = k
            k -= 1
        for i in range(first, len(lines)):
            if lines[i].strip():
                dropped.setdefault(i, name)

    edits = []
    for i, name in sorted(dropped.items()):
        start, end = starts[i], starts[i] + len(lines[i])
        result.removed.append(RemovedLine(name, tt.origin[start], tt.origin[end - 1] + 1, lines[i]))
        edits.append(Edit(start, end, "", f"boilerplate: {name}"))
    for i, start, end, name in strips:
        if i in dropped:
            continue
        result.removed.append(RemovedLine(name, tt.origin[start], tt.origin[end - 1] + 1, text[start:end]))
        edits.append(Edit(start, end, "", f"boilerplate: {name}"))
    tt.apply("boilerplate", edits)
    return result
