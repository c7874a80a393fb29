"""Normalize: from decoded source text to the text readers see, step by step.

Order matters and is fixed: Unicode → whitespace → boilerplate → glosses →
script → punctuation → damage (→ corrections). Glosses go before script
conversion because pypinyin knows the traditional characters the glosses
annotate; damage is found last so ``??`` survives to be flagged. Every step
can be switched off in the configuration and records what it changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Damage
from .boilerplate import BoilerplateResult, Rule, default_rules_path, load_rules, remove_boilerplate
from .damage import Correction, apply_corrections, find_damage
from .steps import (
    TARGETS,
    convert_script,
    detect_script,
    fullwidth_alnum,
    punctuation,
    strip_glosses,
    unicode_nfc,
    whitespace,
)
from .tracked import Edit, TrackedText

STEPS = ("unicode", "whitespace", "boilerplate", "glosses", "script", "punctuation", "damage")


@dataclass
class NormalizeConfig:
    target_script: str = "simplified"  # simplified | traditional | taiwan | hongkong | none
    steps: tuple[str, ...] = STEPS
    rules: list[Rule] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)

    @classmethod
    def from_files(
        cls,
        *,
        target_script: str = "simplified",
        steps: tuple[str, ...] | list[str] = STEPS,
        rule_files: Sequence[Path] = (),
        correction_files: Sequence[Path] = (),
        use_default_rules: bool = True,
    ) -> NormalizeConfig:
        from .damage import load_corrections

        if target_script not in TARGETS and target_script != "none":
            raise ValueError(f"unknown target script {target_script!r}; use one of {sorted(TARGETS)} or 'none'")
        unknown = set(steps) - set(STEPS)
        if unknown:
            raise ValueError(f"unknown normalization step(s) {sorted(unknown)}; known: {list(STEPS)}")
        rules = load_rules(default_rules_path()) if use_default_rules else []
        for path in rule_files:
            rules.extend(load_rules(Path(path)))
        corrections = [c for path in correction_files for c in load_corrections(Path(path))]
        return cls(target_script, tuple(steps), rules, corrections)


@dataclass
class Normalized:
    tracked: TrackedText
    boilerplate: BoilerplateResult
    damage: list[Damage]
    script: str


def normalize_text(raw: str, config: NormalizeConfig, doc_id: str = "", markup: Sequence[Edit] = ()) -> Normalized:
    """``markup``: what the source's format wrapped the text in (Markdown marks, front matter,
    comments), taken out before any step, each edit listed as a change."""
    tt = TrackedText(raw)
    if markup:
        tt.apply("markup", markup)
    steps = set(config.steps)
    if "unicode" in steps:
        unicode_nfc(tt)
        fullwidth_alnum(tt)
    if "whitespace" in steps:
        whitespace(tt)
    boiler = remove_boilerplate(tt, config.rules) if "boilerplate" in steps else BoilerplateResult()
    if "glosses" in steps:
        strip_glosses(tt)
    # Script is detected after glosses go, so pinyin letters don't count.
    script = detect_script(tt.text)
    if "script" in steps:
        convert_script(tt, config.target_script)
    if "punctuation" in steps:
        punctuation(tt)
    damage: list[Damage] = []
    if "damage" in steps:
        damage = find_damage(tt.text)
        mine = [c for c in config.corrections if c.document == doc_id]
        if mine:
            damage = apply_corrections(tt, damage, mine)
    return Normalized(tt, boiler, damage, script)


__all__ = ["NormalizeConfig", "Normalized", "normalize_text", "STEPS", "TrackedText"]
