"""What a repeated string is, from the evidence of :mod:`tifa.mine.grams` and its own shape.

The kinds, tried in this order (the first that fits wins):

- ``reporting``: a reporting term, standing next to a number in many of its uses (新增确诊病例 12 例);
- ``stock``: a source's stock wording — almost all its documents come from one group (one place,
  issuer or source: a dateline, a column header, a footer), or it is built on function words
  (本条例…, 应当…, …之日起), which is how legal and administrative set phrases are made;
- ``name``: the name of a body or office, ending in a generic head (…委员会, …政府, …部门);
- ``formulation``: a 提法 — a numbered formula (四个意识, 六稳), a parallel form that repeats a slot
  (联防联控, 共建共治共享), a string quoted as a set expression (“放管服”), or a longer fixed phrase
  whose neighbours vary on both sides and that travels across groups;
- ``term``: any other whole unit (确诊病例, 行政处罚) — recurring, but the vocabulary of a field.

Only the small word lists of ``data/mining.yml`` (function words, heads of names, units after a
numeral) are Chinese-specific; none lists a corpus's own phrases. Every threshold is a setting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .grams import Gram

KINDS = ("formulation", "term", "name", "stock", "reporting")
NUMERALS = "一二三四五六七八九十两百千"


@dataclass(frozen=True)
class KindConfig:
    closure: float = 0.6  # a formulation's most common neighbour, either side, in under this share of uses
    min_groups: int = 3  # a longer fixed phrase travels across this many groups (places, issuers, sources)
    stock_share: float = 0.8  # one group with this share of a string's documents makes it that group's wording
    number_share: float = 0.3  # uses beside a number that make a reporting term
    quoted_share: float = 0.3  # uses inside “…” that make a set expression
    long_chars: int = 5  # from this length a closed, travelling string is a fixed phrase
    cohesion: float = 0.5  # …if at every cut one part lives inside the whole in this share of its uses
    min_evidence: int = 8  # …and has this many uses: closure and cohesion counted on fewer say little


@dataclass(frozen=True)
class WordLists:
    function_words: tuple[str, ...]
    name_heads: tuple[str, ...]
    units: str
    localizers: tuple[str, ...]


@lru_cache(maxsize=1)  # a file inside the package: read once per process
def word_lists() -> WordLists:
    data = yaml.safe_load((resources.files("tifa") / "data" / "mining.yml").read_text(encoding="utf-8"))
    return WordLists(tuple(data["function_words"]), tuple(data["name_heads"]), "".join(data["units"]),
                     tuple(data["localizers"]))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    words = word_lists()
    function = re.compile("|".join(sorted(map(re.escape, words.function_words), key=len, reverse=True)))
    # 四个意识, 两个一百年, 五位一体: a numeral (not 一, which mostly forms ordinary words: 一定, 一般)
    # and a head of two characters or more, not a unit (三十日, 五万元).
    numbered = re.compile(f"[{NUMERALS[1:]}]{{1,2}}+个?(?![{re.escape(words.units)}])[\u4e00-\u9fff]{{2,5}}")
    names = re.compile(f"(?:{'|'.join(map(re.escape, words.name_heads))})$")
    # 第十一条, 三十日, 十五次: a numeral that counts or orders, not one that names a formula.
    counting = re.compile(f"第[{NUMERALS}]|[{NUMERALS}零]+(?:个)?[{re.escape(words.units)}]|[{NUMERALS}零]{{2,}}")
    return function, numbered, names, counting


@lru_cache(maxsize=1)
def _localizer() -> re.Pattern:
    return re.compile(f"[{''.join(word_lists().localizers)}]$")


def is_parallel_form(text: str) -> bool:
    """A slot repeated at a stride of two: 联防联控, 应收尽收, 共建共治共享."""
    if len(text) not in (4, 6, 8):
        return False
    for offset in (0, 1):
        slot = text[offset::2]
        if len(set(slot)) == 1:
            return True
    return False


def form_of(text: str) -> str | None:
    """The shape of a 提法 that the string has, if any."""
    _, numbered, _, _ = _patterns()
    if numbered.fullmatch(text):
        return "numbered"
    if is_parallel_form(text):
        return "parallel"
    return None


def unit_problem(text: str) -> tuple[str, str] | None:
    """(kind, reason) when the words of ``text`` alone show it is no formulation."""
    function, numbered, names, counting = _patterns()
    if counting.search(text) and not numbered.fullmatch(text):  # 两个一百年 holds a number, and is a formula
        return "stock", "a count, an amount or a numbering"
    found = function.search(text)
    if found:
        return "stock", f"built on the function word {found.group()}"
    if _localizer().search(text):
        return "stock", "a phrase of time or place (…内, …前)"
    if names.search(text):
        return "name", "ends in the head of a name"
    return None


@lru_cache(maxsize=1 << 16)
def proper_name_in(text: str) -> str | None:
    """The name that jieba's part-of-speech tags find in ``text``: a person anywhere (习近平总书记), a body
    that opens it (国务院联防联控机制), or a place that is all of it. A place inside a phrase is not enough
    (中国特色社会主义 names no place)."""
    import jieba.posseg

    words = jieba.posseg.lcut(text, HMM=False)
    for index, (word, flag) in enumerate(words):
        if len(word) < 2:
            continue
        if flag.startswith("nr") or (flag == "nt" and index == 0) or (flag in ("ns", "nt") and word == text):
            return word
    return None


def _unless_named(kind: tuple[str, str], text: str) -> tuple[str, str]:
    # Asked last: tagging is the slowest check, and only a would-be formulation needs it.
    name = proper_name_in(text)
    return ("name", f"names {name}") if name else kind


def classify_enumeration(items: list[str]) -> tuple[str, str]:
    """The kind of a recurring 、-enumeration of parallel items (its form is checked by the finder)."""
    for item in items:
        problem = unit_problem(item)
        if problem:
            return problem[0], f"an item {item}: {problem[1]}"
    return "formulation", "parallel items joined by 、"


def classify(gram: Gram, config: KindConfig, has_groups: bool, cohesion: Callable[[], float]) -> tuple[str, str]:
    """The kind of a repeated string and the reason, in words a curator can check (``cohesion`` is
    asked only when it decides: it is the one costly signal)."""
    if gram.number_share >= config.number_share:
        return "reporting", f"beside a number in {gram.number_share:.0%} of uses"
    if has_groups and gram.docs >= 3 and gram.top_group_share >= config.stock_share:
        return "stock", f"{gram.top_group_share:.0%} of its documents from one source"
    problem = unit_problem(gram.text)
    if problem:
        return problem
    closed = gram.left_share < config.closure and gram.right_share < config.closure
    form = form_of(gram.text)
    if form and closed:
        return _unless_named(("formulation", f"{form} form, whole in its uses"), gram.text)
    if gram.quoted_share >= config.quoted_share and len(gram.text) >= 2:
        return _unless_named(("formulation", f"quoted as a set expression in {gram.quoted_share:.0%} of uses"),
                             gram.text)
    travels = gram.groups >= config.min_groups if has_groups else gram.docs >= config.min_groups
    if (closed and travels and len(gram.text) >= config.long_chars and gram.uses >= config.min_evidence
            and cohesion() >= config.cohesion):
        return _unless_named(("formulation", "a fixed phrase, whole in its uses, across sources"), gram.text)
    return "term", "a recurring unit without the forms of a formulation"
