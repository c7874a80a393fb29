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
- ``term``: any other whole unit (确诊病例, 行政处罚) — recurring, but the vocabulary of a field;
- ``piece``: no whole unit — nearly always extended by the same character on one side (国家卫生健康
  before 委, 时代中国特色社会主义 after 新), or cut inside a word: listed apart, so the terms listed are units.

Only the small word lists of ``data/mining.yml`` (function words, heads of names, units after a
numeral) are Chinese-specific; none lists a corpus's own phrases. Every threshold is a setting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

import yaml

from .grams import Gram

KINDS = ("formulation", "term", "name", "stock", "reporting", "piece")


class Reason(str):
    """Why mining gave a string its kind. As a string it reads in English, for curators (``tifa
    phrases``, saved tables); its ``code`` and ``values`` let the site say it in the interface's
    language (the ``reason.*`` messages of each catalogue)."""

    code: str
    values: dict[str, object]

    def __new__(cls, code: str, **values: object) -> Reason:
        # Hundreds of thousands of strings get one of far fewer reasons: each made (and its words
        # rendered) once.
        return _reason(cls, code, tuple(values.items()))

    @classmethod
    def _made(cls, code: str, values: dict[str, object]) -> Reason:
        from ..messages import messages

        self = super().__new__(cls, _render(messages("en"), code, values))
        self.code, self.values = code, values
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, object]]:  # pickled as its code and values
        return (self.code,), self.values

    def render(self, msg) -> str:
        return _render(msg, self.code, self.values)

    def as_data(self) -> dict[str, object]:
        """For a saved phrase table (JSON): the code and the values, a nested reason as data too."""
        return {"code": self.code,
                "values": {k: v.as_data() if isinstance(v, Reason) else v for k, v in self.values.items()}}

    @classmethod
    def from_data(cls, data: dict) -> Reason:
        values = {k: cls.from_data(v) if isinstance(v, dict) else v for k, v in data["values"].items()}
        return cls(data["code"], **values)


@lru_cache(maxsize=1 << 14)
def _reason(cls: type[Reason], code: str, values: tuple[tuple[str, object], ...]) -> Reason:
    return cls._made(code, dict(values))  # a Reason is never changed once made: one can serve every string


def _render(msg, code: str, values: dict[str, object]) -> str:
    return msg(f"reason.{code}", **{k: v.render(msg) if isinstance(v, Reason) else v for k, v in values.items()})
NUMERALS = "一二三四五六七八九十两百千"
FORMULA_NUMERALS = "三四五六七八九十两"  # not 一 or 二, which mostly form ordinary words (一定, 二氧化硫), nor 百, 千


@dataclass(frozen=True)
class KindConfig:
    closure: float = 0.6  # a formulation's most common neighbour, either side, in under this share of uses
    form_closure: float = 0.9  # …a parallel form's, whose shape shows where it ends (联防联控 in 联防联控机制)
    piece_share: float = 0.5  # a neighbour in this share of uses that jieba joins to it in one word: a piece (农|业产业园)
    min_groups: int = 3  # a formulation travels across this many groups (places, issuers, sources)
    stock_share: float = 0.8  # one group with this share of a string's documents makes it that group's wording
    number_share: float = 0.3  # uses beside a number that make a reporting term
    quoted_share: float = 0.3  # uses inside “…” that make a set expression
    governed_share: float = 0.1  # uses after a governing word (坚持…, 贯彻…) that make a cited principle or task
    governors: int = 2  # …after a principle word, or this many task words (实施 and its usual object is a collocation)
    task_share: float = 0.25  # …and, after task words alone, in this share of uses
    modal_share: float = 0.3  # uses after 应当, 不得… that make a rule's act (不得乱堆乱放), legal wording
    parallel_cohesion: float = 0.5  # a parallel form (联防联控) whose halves live inside it in this share of their uses
    common_word: int = 1000  # a parallel form whose every slot is a word this common in jieba's dictionary pairs words (体制机制)
    reversed_share: float = 0.2  # …as does one whose two slots stand the other way round in this share of its uses (分类分级)
    long_chars: int = 3  # a governed string this long or longer can be a formulation (shorter ones need a form)
    cohesion: float = 0.15  # …if at every cut one part lives inside the whole in this share of its uses
    uses_per_document: float = 3.0  # more uses than this in most of its documents: their subject, a term
    min_evidence: int = 4  # …and has this many uses: shares counted on fewer say little
    cited_share: float = 0.3  # uses in a clause led by a governing word (推动经济社会高质量发展) that make a form cited
    cited_plain_share: float = 0.5  # …for a string without a form, in this share of uses
    cited_words: int = 4  # …by this many different governing words
    cited_cohesion: float = 0.4  # …and at every cut one part living inside the whole in this share of its uses


@dataclass(frozen=True)
class WordLists:  # not slotted: cached_property keeps its value in __dict__
    function_words: tuple[str, ...]
    name_heads: tuple[str, ...]
    not_name_words: tuple[str, ...]
    units: tuple[str, ...]
    localizers: tuple[str, ...]
    principle_words: tuple[str, ...]
    task_words: tuple[str, ...]
    pointing_words: frozenset[str]
    modal_words: tuple[str, ...]
    continuing_heads: tuple[str, ...]
    naming_heads: tuple[str, ...]
    particles: str

    @property
    def governing_words(self) -> tuple[str, ...]:
        """Principle words first: :func:`tifa.mine.grams.count_grams` tells them apart by position."""
        return self.principle_words + self.task_words

    @cached_property
    def one_char_function_words(self) -> frozenset[str]:
        return frozenset(w for w in self.function_words if len(w) == 1)



@lru_cache(maxsize=1)  # a file inside the package: read once per process
def word_lists() -> WordLists:
    data = yaml.safe_load((resources.files("tifa") / "data" / "mining.yml").read_text(encoding="utf-8"))
    return WordLists(tuple(data["function_words"]), tuple(data["name_heads"]),
                     tuple(data["not_name_words"]), tuple(data["units"]),
                     tuple(data["localizers"]), tuple(data["principle_words"]), tuple(data["task_words"]),
                     frozenset(data["pointing_words"]), tuple(data["modal_words"]),
                     tuple(data["continuing_heads"]), tuple(data["naming_heads"]),
                     "".join(data["particles"]))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    words = word_lists()
    long_words = [w for w in words.function_words if len(w) > 1]
    function = re.compile("|".join(sorted(map(re.escape, long_words), key=len, reverse=True)))
    # 四个意识, 两个一百年, 五位一体, 六稳: a numeral and a head that is not a unit (三十日, 五万元);
    # formulas count two as 两 (两个维护).
    # After 个 the head may hold a number (两个一百年); without it, a numeral next is a longer count
    # (四十五名) and a unit an amount (八百毫升).
    unit = "|".join(sorted(map(re.escape, words.units), key=len, reverse=True))
    head = f"(?!{unit})[\u4e00-\u9fff]"
    numbered = re.compile(f"[{FORMULA_NUMERALS}]{{1,2}}+(?:个{head}{{2,5}}|(?![{NUMERALS}至个]){head}{{1,5}})")
    names = re.compile(f"(?:{'|'.join(map(re.escape, words.name_heads))})$")
    # 第十一条, 三十日, 十五次: a numeral that counts or orders, not one that names a formula. An
    # ordinal with nothing after it ranks, as a principle does (安全第一, 生命第一).
    # An ordinal cut from its unit (第十 of 第十条) counts too.
    counting = re.compile(f"第[{NUMERALS}]+[\u4e00-\u9fff]|^第[{NUMERALS}]+$|[{NUMERALS}零]+个?(?:{unit})|[{NUMERALS}零]{{2,}}")
    return function, numbered, names, counting


def word_ends(text: str) -> set[int]:
    """The offsets in ``text`` where jieba ends a word."""
    ends, at = set(), 0
    for word in _words(text):
        at += len(word)
        ends.add(at)
    return ends


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    from ..segment import dictionary_jieba

    return tuple(dictionary_jieba().lcut(text, HMM=False))


def function_word_in(text: str) -> str | None:
    """The function word that makes ``text`` set wording built on grammar, if any: a word of two
    characters or more anywhere (应当, 之日起); a one-character word only where jieba keeps it a word
    of its own — anywhere for the pointing words (本, 其, 该: 违反本条例规定), at either end for
    the others (…的, 对…) — so 人民至上, 自我管理 and 人与自然和谐共生 are not taken for grammar."""
    function, _, _, _ = _patterns()
    found = function.search(text)
    if found:
        return found.group()
    words = word_lists()
    if text[0] in words.pointing_words:  # 本条例, 各项工作, 该单位
        return text[0]
    if (text[0] not in words.one_char_function_words and text[-1] not in words.one_char_function_words
            and words.pointing_words.isdisjoint(text)):
        return None  # asking jieba is the slow part: only where a one-character function word could be a word
    split = _words(text)
    for index, word in enumerate(split):
        if word in words.pointing_words or (word in words.one_char_function_words
                                            and index in (0, len(split) - 1)):
            return word
    return None


@lru_cache(maxsize=1)
def _localizer() -> re.Pattern:
    return re.compile(f"[{''.join(word_lists().localizers)}]$")


def ends_in_localizer(text: str) -> bool:
    """行政区域内, 三个月前: the last word is a one-character localizer (人民至上 ends in the word 至上)."""
    return bool(_localizer().search(text)) and len(_words(text)[-1]) == 1


EDGE_WINDOW = 6  # characters read on each side of an edge: a word across it is shorter than this


def word_across(before: str, after: str) -> bool:
    """Whether jieba reads a word across the edge between ``before`` and ``after`` (农|业产业园,
    人工智|能), not a word ending there (和|高质量发展, 早治疗|和集中). Only the edge's neighbourhood
    is segmented: an enumeration runs to dozens of characters, and segmenting it whole was 1.5 s
    of the 829 regulations' mining."""
    before, after = before[-EDGE_WINDOW:], after[:EDGE_WINDOW]
    return len(before) not in word_ends(before + after)


def cut_inside_a_word(gram: Gram, share: float) -> bool:
    """Whether the commonest neighbour of ``gram``, on either side, stands there in ``share`` of its
    uses and jieba reads it as one word with the string's edge: a piece of a longer word (农|业产业园,
    优惠价|格), however much its neighbours vary otherwise."""
    if gram.left_char and gram.left_share >= share and word_across(gram.left_char, gram.text):
        return True
    return bool(gram.right_char and gram.right_share >= share and word_across(gram.text, gram.right_char))


def is_parallel_form(text: str) -> bool:
    """A slot repeated at a stride of two: 联防联控, 应收尽收, 共建共治共享 (the classifier tells
    them from two words that merely share a character: 电线电缆, 专业企业)."""
    # (Asked of every repeated string: written out rather than as any() over a generator.)
    return len(text) in (4, 6, 8) and (len(set(text[::2])) == 1 or len(set(text[1::2])) == 1)


def common_words_paired(text: str, common: int) -> bool:
    """A parallel form whose every two-character slot is a common word by itself (jieba's dictionary
    frequency ≥ ``common``): ordinary words put side by side (体制机制, 公平公正, 合法合理). A coined
    formula abbreviates, so some slot is rare alone (联防联控 for 联合防控, 复工复产, 共建共享)."""
    from ..segment import word_frequency

    return all(word_frequency(text[i : i + 2]) >= common for i in range(0, len(text), 2))


def either_order(gram: Gram, share: float, uses_of: Callable[[str], int]) -> bool:
    """A two-slot parallel form whose slots also stand the other way round in ``share`` of its uses
    (分级分类 beside 分类分级): two words put side by side in either order. A formula's order is fixed
    (联防联控, never 联控联防)."""
    text = gram.text
    return len(text) == 4 and uses_of(text[2:] + text[:2]) >= share * gram.uses


def form_of(text: str) -> str | None:
    """The shape of a 提法 that the string has, if any."""
    _, numbered, _, _ = _patterns()
    if numbered.fullmatch(text):
        return "numbered"
    if is_parallel_form(text):
        return "parallel"
    return None


def is_count(text: str) -> bool:
    """A count, an amount or a numbering (三十日, 第十一条, 第十), not a numbered formula (两个一百年
    holds a number, and is a formula)."""
    _, numbered, _, counting = _patterns()
    return bool(counting.search(text)) and not numbered.fullmatch(text)


def plain_strings(common: int) -> Callable[[str], bool]:
    """Whether a string is what the phrase index lists after the corpus's own wording: an ordinary word
    of the language (one word of jieba's dictionary at least ``common`` frequent: 会议, 规定, 工作), a
    count, or a string opening with a unit that stands alone, no word of the dictionary beginning
    there (次|会议, 届|人民代表大会): most often a number stood before it (第三十二次会议), where a word
    opens the others (人与自然, 条块结合). Sorted by spread alone, they filled every list of a
    collection of regulations. (A function with its tables bound: asked of every repeated string.)"""
    from ..segment import main_dictionary_frequencies

    frequency = main_dictionary_frequencies()
    units = frozenset(u for u in word_lists().units if len(u) == 1)
    _, numbered, _, counting = _patterns()

    def plain(text: str) -> bool:
        if frequency.get(text, 0) >= common:
            return True
        if counting.search(text) and not numbered.fullmatch(text):
            return True
        # (Opening with a unit alone only orders a list: an item of a directive can, 节地 of 节能、节水、节地.)
        return (len(text) > 1 and text[0] in units
                and not any(frequency.get(text[:end]) for end in range(2, min(len(text), 8) + 1)))

    return plain


def unit_problem(text: str) -> tuple[str, Reason] | None:
    """(kind, reason) when the words of ``text`` alone show it is no formulation."""
    _, _, names, _ = _patterns()
    if is_count(text):
        return "stock", Reason("count")
    found = function_word_in(text)
    if found:
        return "stock", Reason("function_word", word=found)
    head = next((h for h in word_lists().continuing_heads if text.startswith(h) and len(text) > len(h)), None)
    if head:
        return "term", Reason("continues", head=head)
    named = next((h for h in word_lists().naming_heads if text.endswith("的" + h) and len(text) > len(h) + 2), None)
    if named:  # 损害担责的原则: the principle is what stands before 的原则
        return "term", Reason("names_the_kind", head=named)
    if ends_in_localizer(text):
        return "stock", Reason("localizer")
    if names.search(text) and not text.endswith(word_lists().not_name_words) and not has_preposition(text):
        # (以人民为中心 names no centre)
        return "name", Reason("name_head")
    return None


@lru_cache(maxsize=1 << 16)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words of ``text`` with their part-of-speech tags (asked of one string by several checks)."""
    from ..segment import dictionary_tagger

    return tuple((pair.word, pair.flag) for pair in dictionary_tagger().lcut(text, HMM=False))


def unfinished_frame(text: str) -> bool:
    """A string that opens with a preposition and leaves its frame open, with no verb after it: ending
    in a second preposition (以家庭为…) or without one (以马克思列宁主义…为指导, 在党中央…). 以人民为中心
    closes its frame; 于法有据 and 为人民服务 hold a verb."""
    tags = [flag for _, flag in _tagged(text)]
    if len(tags) < 2 or tags[0] != "p" or any(flag.startswith("v") for flag in tags[1:]):
        return False
    return tags[-1] == "p" or "p" not in tags[1:]


def joins_two(text: str) -> bool:
    """A conjunction or preposition after the first word, by jieba's tags: ``text`` joins two words
    (利用与管理, 交易和缴税), as an item of a parallel directive never does (以水定城 opens with one)."""
    return any(flag[0] in "cp" for _, flag in _tagged(text)[1:])


def has_preposition(text: str) -> bool:
    return any(flag == "p" for _, flag in _tagged(text))


def proper_name_in(text: str) -> str | None:
    """The name that jieba's part-of-speech tags find in ``text``: a person with a title at most
    (习近平总书记, not 习近平新时代中国特色社会主义思想), a body that opens it (国务院联防联控机制), or a
    place that is all of it. A place inside a phrase is not enough (中国特色社会主义 names no place)."""
    for index, (word, flag) in enumerate(_tagged(text)):
        if len(word) < 2:
            continue
        person = flag.startswith("nr") and len(word) >= 3 and len(text) - len(word) <= 3  # 习近平总书记
        if person or (flag == "nt" and index == 0) or (flag in ("ns", "nt") and word == text):
            return word
    return None


def nouns_only(text: str) -> bool:
    """Every word of ``text`` a noun by jieba's tags (家畜家禽, 农业农村): a compound of things."""
    return all(flag.startswith("n") or flag == "vn" for _, flag in _tagged(text))


def reads_as_an_act(text: str) -> bool:
    """One phrase whose head is something done, by jieba's tags: the last word a verb or an idiom
    (高质量发展, 限时办结, 优势互补) and no conjunction, particle or preposition inside (not
    成果转化和产业化, 人才的培养); a noun at the end is a thing (责任追究制度, 全生命周期)."""
    tags = [flag for _, flag in _tagged(text)]
    inside = any(flag[0] in "cup" for flag in tags)
    return not inside and bool(tags) and (tags[-1].startswith("v") or tags[-1] in ("i", "l"))


def _unless_tags_say_otherwise(kind: tuple[str, Reason], text: str, shortest: int = 0) -> tuple[str, Reason]:
    """``kind``, unless jieba's tags show ``text`` is a piece (an open frame), one short word of the
    dictionary (when no longer than ``shortest``) or a name. Asked last: tagging is the slowest check,
    and only a would-be formulation needs it."""
    if unfinished_frame(text):
        return "term", Reason("open_frame")
    if len(text) <= shortest and len(_tagged(text)) == 1:
        # One word of the dictionary this short (差异化, 全过程), however often cited, is a word of the
        # language; a formulation so short has a form (六稳) or quotes (“放管服”).
        return "term", Reason("one_word")
    name = proper_name_in(text)
    return ("name", Reason("named", name=name)) if name else kind


CLAUSE_ENDS = "，。；：！？,;:!?\n"  # what ends a clause; 、 does not (坚持A、B、C cites all three)


@lru_cache(maxsize=1)
def governing_word() -> re.Pattern:
    """Any governing word (坚持, 推动 …)."""
    return re.compile("|".join(sorted(map(re.escape, word_lists().governing_words), key=len, reverse=True)))


@lru_cache(maxsize=1)
def governed_ending() -> re.Pattern:
    """Text that ends in a governing word, or in one and an opening quote (贯彻“)."""
    return re.compile(f"(?:{governing_word().pattern})[“「]?$")


def classify_enumeration(items: list[str], parallel: bool, governed_share: float, governors: set[str],
                         travels: bool, config: KindConfig, cited_share: float) -> tuple[str, Reason] | None:
    """The kind of a recurring 、-enumeration, or None when it is only a list of things.

    Its items are of one length (the finder sees to it); ``parallel`` when they share a character
    in one place (早发现、早报告), ``governed_share`` the share of its uses after a governing word and
    ``governors`` those words, ``travels`` whether it is found across ``min_groups`` groups,
    ``cited_share`` the share of its uses with a governing word earlier in the clause.
    """
    words = word_lists()
    governed = governed_share >= config.governed_share and (
        not governors.isdisjoint(words.principle_words) or len(governors) >= config.governors)
    for item in items:
        problem = unit_problem(item)
        if problem:
            return problem[0], Reason("item", item=item, reason=problem[1])
        if joins_two(item):
            # An item that is itself two things joined (海岸带保护、利用与管理, 不动产登记、交易和缴税): the
            # list names the acts a rule covers; a directive's items are single and parallel.
            return "term", Reason("item_joins", item=item)
    # Items that share a character in their first half open alike, as parallel directives do (早发现、
    # 早报告, 外防输入、内防扩散); items that share only an ending name things of one sort (生产者、销售者).
    directive = any(len({i[k] for i in items}) == 1 for k in range(len(items[0]) // 2))
    short = len(items[0]) == 2  # two-character words in a row are most often a plain list (指导、协调)
    if governed and (parallel or not short or len(items) >= 4):  # 创新、协调、绿色、开放、共享
        return "formulation", Reason("governed_parallel_items" if parallel else "governed_items", share=governed_share)
    # A pair of parallel items, uncited, is as often two acts or things a rule lists (治安巡逻、治安检查);
    # a series of three or more is the shape of a directive (早发现、早报告、早隔离).
    cited = cited_share >= config.cited_share or len(items) >= 3
    if parallel and directive and not short and travels and cited and not _list_of_things(items):
        return "formulation", Reason("parallel_items")
    if parallel:
        return "term", Reason("list_of_words")
    return None


@lru_cache(maxsize=1)
def _leading_principle() -> re.Pattern:
    words = sorted(map(re.escape, word_lists().principle_words), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(words)})(?=[\u4e00-\u9fff]{{3}})")


def _list_of_things(items: list[str]) -> bool:
    """Items that name things (新技术、新工艺、新材料: only nouns vary, after a shared word that is no
    verb), not what is to be done (早发现、早报告; 减环节、减材料, where the shared 减 is the verb).
    Items most of which jieba's dictionary holds whole, as nouns, are things whatever their parts
    say (行政许可、行政处罚、行政强制; 高层次、高学历、高技能): the kinds of one thing. (One such item
    says little: the dictionary holds 早隔离 as a noun too.)"""
    whole_nouns = sum(len(tags := _tagged(item)) == 1 and tags[0][1].startswith("n") for item in items)
    if 2 * whole_nouns > len(items):
        return True
    shared = {k for k in range(len(items[0])) if len({i[k] for i in items}) == 1}
    opening = "".join(ch for k, ch in enumerate(items[0]) if k in shared)
    opening_tags = [flag for _, flag in _tagged(opening)]
    if any(flag.startswith("v") and flag != "vn" for flag in opening_tags):
        return False
    # After an adjective (新…), a verbal noun is a thing too (新设备, 新服务); after an adverb or a
    # pronoun it is an act (同步设计, 自我管理).
    things = ("n", "vn") if opening_tags[-1:] == ["a"] else ("n",)
    return all(all(flag.startswith(things) for _, flag in _tagged(varying))
               for varying in ("".join(ch for k, ch in enumerate(item) if k not in shared) for item in items))


def is_governed(gram: Gram, config: KindConfig) -> bool:
    """Cited after governing words often enough: after a principle word (坚持…), or — task words
    take ordinary objects too (推行增值税电子发票) — after more than one of them in most uses. A
    string that opens with a principle word is one always cited with it (坚持以人民为中心)."""
    if _leading_principle().match(gram.text):
        return True
    if gram.by_principle:
        return gram.governed_share >= config.governed_share
    return gram.governed_share >= config.task_share and gram.governors >= config.governors


@dataclass(frozen=True, slots=True)
class ByWords:
    """A string that no evidence marks as a formulation, whose kind (stock, term or name) its words
    decide — asked only where it matters, for the strings the phrase index lists: jieba's reading of
    a string is the slow part of classifying it, and most recurring strings are never shown."""

    text: str
    median_uses: float  # uses in the median document of its documents
    travels: bool  # found across ``min_groups`` groups

    def resolve(self, config: KindConfig) -> tuple[str, Reason]:
        problem = unit_problem(self.text)
        if problem:
            return problem
        if self.median_uses > config.uses_per_document:
            return "term", Reason("bursty", rate=self.median_uses)
        return self.unmarked(config)

    def unmarked(self, config: KindConfig) -> tuple[str, Reason]:
        """The kind of a whole unit that nothing marks (its words passed, not its subject's term): a
        term, unless jieba's tags read a longer one that travels as a name."""
        if self.travels and len(self.text) >= config.long_chars + 1:
            return _unless_tags_say_otherwise(("term", Reason("unmarked")), self.text)
        return "term", Reason("unmarked")


BY_WORDS_KINDS = ("stock", "term", "name")  # what :meth:`ByWords.resolve` can give


def classify(gram: Gram, config: KindConfig, has_groups: bool, cohesion: Callable[[], float],
             uses_of: Callable[[str], int] | None = None) -> tuple[str, Reason]:
    """The kind of a repeated string and the reason, in words a curator can check (``cohesion`` is
    asked only when it decides: it is the one costly signal; ``uses_of``: the uses of another string
    of the corpus, when known)."""
    verdict = first_verdict(gram, config, has_groups, cohesion, uses_of)
    return verdict.resolve(config) if isinstance(verdict, ByWords) else verdict


def first_verdict(gram: Gram, config: KindConfig, has_groups: bool, cohesion: Callable[[], float],
                  uses_of: Callable[[str], int] | None = None) -> tuple[str, Reason] | ByWords:
    """:func:`classify`'s verdict, or — for a string that cannot be a formulation and whose kind only
    its words would tell — a :class:`ByWords` to resolve when that kind is wanted."""
    if gram.number_share >= config.number_share:
        return "reporting", Reason("number", share=gram.number_share)
    if has_groups and gram.docs >= 3 and gram.top_group_share >= config.stock_share:
        return "stock", Reason("one_source", share=gram.top_group_share)
    # A parallel form's shape shows where it ends (联防联控 in 联防联控机制, most of its uses in news):
    # it is a piece only when nearly always inside the longer string.
    form = form_of(gram.text)
    if form == "parallel" and (common_words_paired(gram.text, config.common_word)
                               or (uses_of is not None and either_order(gram, config.reversed_share, uses_of))):
        form = None
    closure = config.form_closure if form == "parallel" else config.closure
    if not (gram.left_share < closure and gram.right_share < closure):
        return "piece", Reason("not_whole")
    quoted = gram.quoted_share >= config.quoted_share and len(gram.text) >= 2
    if gram.modal_share >= config.modal_share and not quoted:
        return "stock", Reason("rule_act", share=gram.modal_share)
    governed = is_governed(gram, config)
    cited = gram.cited_share >= config.cited_share
    widely_cited = gram.cited_share >= config.cited_plain_share and gram.citing_words >= config.cited_words
    travels = gram.groups >= config.min_groups if has_groups else gram.docs >= config.min_groups
    # No path below ends in a formulation without one of these: the words decide the rest.
    if not (quoted or form == "numbered" or (form == "parallel" and (governed or cited or widely_cited))
            or (travels and (governed or widely_cited))):
        return ByWords(gram.text, gram.median_uses, travels)
    if cut_inside_a_word(gram, config.piece_share):
        return "piece", Reason("not_whole")
    problem = unit_problem(gram.text)
    if problem and not (quoted and problem[1].startswith("a count")):  # “最多跑一次” counts nothing
        return problem
    if quoted:
        return _unless_tags_say_otherwise(("formulation", Reason("quoted", share=gram.quoted_share)),
                             gram.text)
    if form == "numbered" and ("个" in gram.text or governed):
        # 四个意识; a bare numeral and word (三地, 两部) is most often a count unless cited as a formula.
        return _unless_tags_say_otherwise(("formulation", Reason("numbered")), gram.text)
    if form == "parallel" and (governed or widely_cited or (cited and cohesion() >= config.parallel_cohesion
                                                             and not nouns_only(gram.text))):
        # Two free words that share a first character (电线电缆, 评估评价), or two nouns (家畜家禽),
        # are no parallel form; nor is one never cited, the acts a rule lists (乱停乱放, 变道抢道).
        return _unless_tags_say_otherwise(("formulation", Reason("parallel")), gram.text)
    # Repeated within most of its documents (Church and Gale's burstiness): the subject they regulate or
    # report (电动自行车). The median document, not the mean: a formulation that a few texts take as
    # their subject is still cited once or twice in the others (a commentary on 新发展理念). Asked after
    # the forms: a formulation can be a text's subject too (复工复产).
    if gram.median_uses > config.uses_per_document:
        return "term", Reason("bursty", rate=gram.median_uses)
    # A string only task words govern (推进…, 实施…) needs the wider citing too: they take the terms
    # of administration as objects as readily (实施动态管理, 推行无纸化办公).
    if (travels and governed and (gram.by_principle or widely_cited) and len(gram.text) >= config.long_chars
            and gram.uses >= config.min_evidence and cohesion() >= config.cohesion):
        reason = (Reason("verb_and_object") if _leading_principle().match(gram.text)
                  else Reason("governed", share=gram.governed_share))
        return _unless_tags_say_otherwise(("formulation", reason), gram.text, shortest=config.long_chars)
    if (travels and widely_cited and len(gram.text) >= config.long_chars and reads_as_an_act(gram.text)
            and gram.uses >= config.min_evidence and cohesion() >= config.cited_cohesion):
        # Cited by many verbs of policy, with words between (推动经济社会高质量发展, 促进…可持续发展),
        # an act rather than a thing, and more than its parts: a fixed unit of the discourse, not a
        # free phrase (经济发展) nor a term of administration they act on (推行无纸化, 实行责任追究制度).
        return _unless_tags_say_otherwise(("formulation", Reason("cited", share=gram.cited_share, words=gram.citing_words)),
                             gram.text, shortest=config.long_chars)
    return ByWords(gram.text, gram.median_uses, travels).unmarked(config)  # its words and burstiness asked above
