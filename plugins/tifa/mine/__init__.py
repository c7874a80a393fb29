"""Mine: recurring phrases and directives across documents.

Three sources, glossary first:

1. the curated glossary (terms and variants) — always kept;
2. patterns these texts use: enumerations of parallel short items joined by 、
   (早发现、早报告、早隔离、早治疗) and numbered formulas (四个意识, 五包一, 三零);
3. maximal repeated runs of jieba segments.

Mined phrases are kept when they occur in at least ``min_docs`` documents and
are ranked by that spread, not by raw frequency, so boilerplate words that
recur in one long text do not rise. An enumeration that shares two or more
items with a glossary entry belongs to that entry's family.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache, partial

from ..glossary import Entry, Glossary, reading, slug_for
from ..memory import ServeMemory, reuse
from ..model import Document, pickled_by_fields
from . import kinds
from .grams import GramCounts, grams_by_length
from .kinds import (
    BY_WORDS_KINDS,
    KINDS,
    ByWords,
    KindConfig,
    Reason,
    classify_enumeration,
    first_verdict,
    plain_strings,
    word_lists,
)

HAN = "\u4e00-\u9fff"
_ENUMERATION = re.compile(f"(?:[{HAN}]{{2,5}}、){{1,7}}[{HAN}]{{2,5}}")
# Numbered formulas that a repeated string cannot show (五包一; “三零” in quotes); the others
# (四个意识, 六稳) are found among the repeated strings.
_NUMBERED = re.compile("[一二三四五六七八九十]包[一二三四五六七八九十]|“[一二三四五六七八九十]零”")


@dataclass(frozen=True)
class MineConfig:
    """How mining decides; every figure is evidence to weigh, none a cap on what is linked.

    ``link_kinds`` names the kinds of mined phrase that are linked in the text (formulations by
    default; see :mod:`tifa.mine.kinds`); the others are listed in the phrase index apart.
    """

    min_docs: int = 2  # a mined phrase recurs in at least this many documents
    min_chars: int = 2  # shortest string considered (六稳, 六保)
    fragment_share: float = 0.9  # a string with the same neighbour in this share of uses is a piece of a longer one
    kinds: KindConfig = field(default_factory=KindConfig)
    link_kinds: tuple[str, ...] = ("formulation",)
    listed_per_kind: int = 200  # unlinked phrases of each kind listed for curation (see _listing_order)
    copy_share: float = 0.5  # documents sharing this share of their paragraphs are copies of one text, counted once

    @classmethod
    def default(cls, **overrides) -> MineConfig:
        return cls(**overrides)

    @classmethod
    def from_settings(cls, settings: Mapping[str, object], min_docs: int = 2) -> MineConfig:
        """The ``mining:`` settings of mkdocs.yml: this class's fields and :class:`KindConfig`'s, by name.
        An unknown name or a value of the wrong type raises ValueError naming it."""
        own = {f.name: f for f in fields(cls) if f.name != "kinds"}
        kind_fields = {f.name: f for f in fields(KindConfig)}
        mine_values: dict[str, object] = {"min_docs": min_docs}
        kind_values: dict[str, object] = {}
        for name, value in settings.items():
            if name == "link_kinds":
                if not isinstance(value, list) or not all(v in KINDS for v in value):
                    raise ValueError(f"mining.link_kinds: a list of {', '.join(KINDS)}")
                mine_values[name] = tuple(value)
                continue
            target = mine_values if name in own else kind_values if name in kind_fields else None
            if target is None:
                known = ", ".join(sorted([*own, *kind_fields]))
                raise ValueError(f"mining.{name}: no such setting (known: {known})")
            default = getattr(cls(), name) if name in own else getattr(KindConfig(), name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(default, int)
                                                                                and not isinstance(value, int)):
                raise ValueError(f"mining.{name}: a number like {default!r}")  # noqa: TRY004 — one error type for every bad setting
            target[name] = value
        return cls(kinds=KindConfig(**kind_values), **mine_values)  # type: ignore[arg-type]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Occurrence:
    doc_id: str
    paragraph_id: str
    start: int
    end: int
    surface: str
    via: str | None = None  # inside a longer phrase's occurrence (联防联控 in 联防联控机制)


@dataclass
class Phrase:
    slug: str
    term: str
    category: str
    curated: bool
    variants: list[str] = field(default_factory=list)
    family: str | None = None
    pinyin: str = ""
    english: str = ""
    definition: str = ""
    see_also: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)  # assigned whole, never changed in place
    # A listed phrase (not linked: no occurrences are found for it) is known by its documents alone.
    documents: tuple[str, ...] = ()
    kind: str = "formulation"  # for mined phrases: formulation | term | name | stock | reporting | piece
    evidence: str = ""  # why mining gave it that kind, in words a curator can check (a kinds.Reason when mined here)
    expansion: str = ""  # a numbered formula spelled out where a text does so (四个意识 → 政治意识、…)

    @property
    def forms(self) -> list[str]:
        return [self.term, *self.variants]

    def __setattr__(self, name: str, value: object) -> None:
        if name in ("occurrences", "documents"):
            self.__dict__.pop("doc_ids", None)  # worked out again from the new occurrences or documents
        object.__setattr__(self, name, value)

    @cached_property
    def doc_ids(self) -> list[str]:
        """The documents the phrase occurs in, sorted (asked for on every linked mark of every page)."""
        return sorted({o.doc_id for o in self.occurrences}.union(self.documents))


@dataclass
class PhraseTable:
    phrases: dict[str, Phrase]
    unlinked: list[Phrase] = field(default_factory=list)  # mined but below the bar

    @property
    def families(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for p in self.phrases.values():
            if p.family:
                groups[p.family].append(p.slug)
        return dict(groups)

    def candidates(self) -> list[Phrase]:
        """Mined phrases not in the glossary, for curation: the linked ones, most widely spread first,
        then the listed ones in the phrase index's order (the corpus's own wording before ordinary words
        and counts)."""
        linked = sorted((p for p in self.phrases.values() if not p.curated and p.doc_ids),
                        key=lambda p: (-len(p.doc_ids), -len(p.occurrences), p.term))
        return linked + [p for p in self.unlinked if not p.curated and p.doc_ids]

    def forms(self) -> dict[str, str]:
        return {form: p.slug for p in self.phrases.values() for form in p.forms}


def _from_entry(e: Entry) -> Phrase:
    return Phrase(e.slug, e.term, e.category, True, list(e.variants), e.family, e.pinyin, e.english,
                  e.definition, list(e.see_also), list(e.part_of))


def _items(enumeration: str) -> list[str]:
    return enumeration.split("、")


def is_parallel(items: list[str]) -> bool:
    """Items of one length sharing a character in one position (早…/早…, 外防/内防/严防)."""
    if not is_enumeration(items):
        return False
    if len(items[0]) == 2 and len(items) < 3:
        return False  # two two-character words are too often a plain list
    return any(len({i[k] for i in items}) == 1 for k in range(len(items[0])))


def is_enumeration(items: list[str]) -> bool:
    """Two or more items of one length: the shape of an enumeration cited as a whole."""
    return len(items) >= 2 and len({len(i) for i in items}) == 1


def find_enumerations(text: str, parallel_only: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, surface) of each 、-enumeration of parallel items in ``text`` — or, with
    ``parallel_only`` False, of items of one length (生态优先、绿色发展)."""
    accept = is_parallel if parallel_only else is_enumeration
    governed_ending = kinds.governed_ending()
    found = []
    for m in _ENUMERATION.finditer(text):
        items = _items(m.group())
        start, end = m.start(), m.end()
        # A governing word the first item swallowed (坚持预防为主、防治结合的原则 → 预防为主…) is cut
        # off, and the last item cut to the first one's length.
        for cut in range(1, len(items[0]) - 1):
            if governed_ending.search(text, 0, start + cut):
                start += cut
                items[0] = items[0][cut:]
                if len(items[-1]) > len(items[0]):
                    end -= len(items[-1]) - len(items[0])
                    items[-1] = items[-1][: len(items[0])]
                break
        # The regex takes as much as it can at both ends (做到早发现、… 早治疗和集):
        # cut the first and last items to the length of their neighbours.
        if len(items) >= 3 or len(items[1]) >= 3:
            if len(items[0]) > len(items[1]):
                start += len(items[0]) - len(items[1])
                items[0] = items[0][-len(items[1]) :]
            if len(items[-1]) > len(items[-2]):
                end -= len(items[-1]) - len(items[-2])
                items[-1] = items[-1][: len(items[-2])]
        # Drop leading items that break the pattern (要紧盯、早发现、早报告 …).
        while len(items) > 2 and not accept(items) and accept(items[1:]):
            start += len(items[0]) + 1
            items = items[1:]
        if accept(items):
            found.append((start, end, "、".join(items)))
    return found


def _paragraphs(docs: list[Document]):
    for doc in docs:
        for p in doc.paragraphs:
            if p.kind not in ("title", "heading"):
                yield doc, p


@dataclass(frozen=True, slots=True)
class Citation:
    """One use of an enumeration or a numbered formula in a document."""

    surface: str
    kind: str  # "enumeration" (parallel items), "list" (items of one length) or "numbered-formula"
    owner: str | None  # the curated family it belongs to, if it shares two items with one
    governor: str | None  # the governing word right before it (坚持…, 遵循…), if any
    cited: bool = False  # a governing word stands earlier in its clause (推动…的“三个一”): cited, if less closely
    left: str = ""  # the two Han characters right before it, unless a governing word ends there
    right: str = ""  # the two Han characters right after it


def _han_beside(text: str, edge: int, step: int) -> str:
    """Up to two Han characters of ``text`` on one side of ``edge`` (``step`` -1: before it), in text
    order: enough for jieba to tell an edge that cuts a word (人工智|能) from one between words (早治疗|和集中)."""
    run = ""
    index = edge if step > 0 else edge - 1
    while len(run) < 2 and 0 <= index < len(text) and "\u4e00" <= text[index] <= "\u9fff":
        run = run + text[index] if step > 0 else text[index] + run
        index += step
    return run


def enumeration_evidence(doc: Document, item_owner: Mapping[str, str]) -> list[Citation]:
    """Each enumeration and numbered formula of ``doc``, in text order."""
    governed_ending = kinds.governed_ending()
    found = []
    for _, para in _paragraphs([doc]):
        for start, end, surface in find_enumerations(para.text, parallel_only=False):
            items = _items(surface)
            owners = Counter(item_owner.get(i) for i in items if item_owner.get(i))
            owner, shared = (owners.most_common(1)[0] if owners else (None, 0))
            governed = governed_ending.search(para.text, max(0, start - 6), start)
            clause_start = max(para.text.rfind(end, 0, start) for end in kinds.CLAUSE_ENDS) + 1
            found.append(Citation(surface, "enumeration" if is_parallel(items) else "list",
                                  owner if shared >= 2 else None, governed.group().rstrip("“「") if governed else None,
                                  kinds.governing_word().search(para.text, clause_start, start) is not None,
                                  "" if governed else _han_beside(para.text, start, -1), _han_beside(para.text, end, 1)))
        for m in _NUMBERED.finditer(para.text):
            found.append(Citation(m.group().strip("“”"), "numbered-formula", None, None))
    return found


def paragraphs_only(doc: Document) -> Document:
    """What the per-document mining needs: sending whole documents (original, offset map,
    changes) to other processes cost more than the work itself."""
    return Document(id=doc.id, path=None, original="", text="", origin=[], paragraphs=doc.paragraphs)


def _map_in_process(func, docs):
    # Measured: on two cores, worker processes gave no gain here (results travel back as
    # sets of strings); a large collection mines on Dask instead (tifa.mine.distributed).
    return [func(doc) for doc in docs]


def _cached(map_docs, cache_dir, memory: ServeMemory | None, stage: str, *inputs):
    """``map_docs`` that reuses each document's earlier result while the text and ``inputs`` are unchanged."""
    if cache_dir is None:
        return map_docs
    from ..cache import StageCache, fingerprint

    cache = StageCache(cache_dir, stage, fingerprint(*inputs), memory)

    def run(func, docs):
        results = cache.map(func, docs, map_docs)
        cache.save()
        return results

    return run


def _group_field(docs: list[Document]) -> str | None:
    """The metadata field that best tells sources apart (place, issuer or source): the one with
    the most distinct values, when at least two documents differ in it."""
    best, best_count = None, 1
    for name in ("source", "issuer", "place"):
        count = len({getattr(d.meta, name) for d in docs if getattr(d.meta, name, None)})
        if count > best_count:
            best, best_count = name, count
    return best


def _groups(docs: list[Document]) -> tuple[dict[str, int], bool]:
    """Each document's group (an index), and whether there are enough groups (3) to judge spread by.

    A document whose metadata does not name its group is a group of its own, as every document is
    when none does: documents of unknown source are not one source between them (lumped together,
    they made every phrase of a collection with patchy metadata look like one source's wording)."""
    field_name = _group_field(docs)
    group_ids: dict[object, int] = {}
    group_of = {d.id: group_ids.setdefault((getattr(d.meta, field_name) or ("unknown", d.id)) if field_name else None,
                                           len(group_ids))
                for d in docs}
    return group_of, len(group_ids) >= 3


_COPIED_PARAGRAPH = 20  # characters: a paragraph this long found word for word in two documents was copied
_TEMPLATE_DOCUMENTS = 50  # …unless this many documents hold it: a source's template (a footer), not a copy


def independent_texts(docs: list[Document], copy_share: float = 0.5) -> list[int]:
    """For each document, the index of the first document of its text: documents that share, word for
    word, ``copy_share`` of the longer paragraphs of the shorter (and two at least) are copies of one
    text — a repost under another source's name, an amended version. Evidence of spread counts each text
    once: a repost is no sign that a phrase travels. Every document is still linked and listed."""
    paragraph_docs: dict[str, list[int]] = defaultdict(list)
    sizes = []
    for index, doc in enumerate(docs):
        own = {p.text for p in doc.paragraphs if p.kind not in ("title", "heading") and len(p.text) >= _COPIED_PARAGRAPH}
        sizes.append(len(own))
        for text in own:
            paragraph_docs[text].append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for holders in paragraph_docs.values():
        if 1 < len(holders) < _TEMPLATE_DOCUMENTS:
            for i, a in enumerate(holders):
                for b in holders[i + 1:]:
                    shared[a, b] += 1
    first = list(range(len(docs)))

    def root(i: int) -> int:
        while first[i] != i:
            first[i] = first[first[i]]
            i = first[i]
        return i

    for (a, b), count in sorted(shared.items()):
        if count >= max(2, copy_share * min(sizes[a], sizes[b])):
            ra, rb = root(a), root(b)
            first[max(ra, rb)] = min(ra, rb)
    return [root(i) for i in range(len(docs))]


def _repeated_strings(docs: list[Document], config: MineConfig, group_of: Mapping[str, int],
                      has_groups: bool, text_of: list[int], memory: ServeMemory | None = None
                      ) -> list[tuple[str, int, tuple[str, Reason] | ByWords]]:
    """Every whole repeated string of the corpus as (text, independent texts, its kind and the reason for
    it — or the :class:`~tifa.mine.kinds.ByWords` that gives them when asked)
    (``group_of``, ``has_groups``: :func:`_groups` of the documents; ``text_of``: :func:`independent_texts`)."""
    # Counted by independent text, each in the group of its first document; of a copy, only the
    # paragraphs its first document does not hold (what an amended version adds).
    texts_in_order = sorted(set(text_of))
    number_of = {text: number for number, text in enumerate(texts_in_order)}
    groups = [group_of[docs[text].id] for text in texts_in_order]
    held: dict[int, set[str]] = defaultdict(set)
    texts, owners = [], []
    for index, doc in enumerate(docs):
        seen = held[text_of[index]]
        for para in doc.paragraphs:
            if para.kind not in ("title", "heading") and para.text not in seen:
                texts.append(para.text)
                owners.append(number_of[text_of[index]])
                seen.add(para.text)
    counts = GramCounts()
    by_length = grams_by_length(texts, owners, groups, counts, min_docs=config.min_docs, min_chars=config.min_chars,
                                max_share=config.fragment_share, governors=word_lists().governing_words,
                                principle_words=len(word_lists().principle_words), modals=word_lists().modal_words,
                                clause_ends=kinds.CLAUSE_ENDS,
                                grammar_chars=word_lists().particles, memory=memory)
    recurring: set[str] = set()
    governing = kinds.governing_word()

    def verb_and_formulation(text: str) -> bool:
        # 坚持以人民为中心 is the verb and the formulation: the formulation, found on its own, speaks for it.
        verb = governing.match(text)
        return verb is not None and text[verb.end():] in recurring

    # One length at a time, shortest first: what a string is judged by (the shorter strings and the
    # counts up to its length) is known by then, and only the verdicts are kept, not every string's
    # evidence (the 829 regulations have 430,000 repeated strings; their evidence was ~250 MB).
    found: list[tuple[str, int, tuple[str, Reason] | ByWords]] = []
    for grams in by_length:
        recurring.update(g.text for g in grams)
        found += [(g.text, g.docs, first_verdict(g, config.kinds, has_groups, partial(counts.cohesion, g.text),
                                                 counts.uses))
                  for g in grams if not verb_and_formulation(g.text)]
    return found


def _listing_order(common: int) -> Callable[[tuple[str, int]], tuple[bool, int, int, str]]:
    """The order in which unlinked strings are listed: the corpus's own wording before ordinary words
    and counts (:func:`~tifa.mine.kinds.plain_strings`), then most widespread first, then longest."""
    plain = plain_strings(common)

    def rank(string: tuple[str, int]) -> tuple[bool, int, int, str]:
        surface, spread = string
        return plain(surface), -spread, -len(surface), surface

    return rank


def _strings_taken(kept: dict[str, list[tuple[str, int]]], by_words: list[tuple[str, int, ByWords]],
                   config: MineConfig, evidence_of: dict) -> dict[str, list[tuple[str, int]]]:
    """Of the repeated strings by kind, every one of a linked kind and, of the others, as many as the
    phrase index lists, the most widespread (hundreds of thousands of strings recur in a large corpus,
    nearly all of them ordinary; see :func:`_listing_order`). The strings whose words decide their kind are asked in that order,
    and only while one of the kinds they can be may still take them: asking jieba of every string
    was most of mining's time. (Their verdicts go into ``evidence_of``.)"""
    limit = config.listed_per_kind
    _rank = _listing_order(config.kinds.common_word)
    taken = {kind: strings if kind in config.link_kinds else heapq.nsmallest(limit, strings, key=_rank)
             for kind, strings in kept.items()}
    open_kinds = [kind for kind in BY_WORDS_KINDS if kind not in config.link_kinds]
    every_one = len(open_kinds) < len(BY_WORDS_KINDS)  # a linked kind wants every string of it
    waiting = [(_rank((surface, spread)), surface, spread, verdict) for surface, spread, verdict in by_words]
    heapq.heapify(waiting)
    while waiting:
        rank, surface, spread, verdict = heapq.heappop(waiting)
        if not every_one and all(len(taken.get(kind, ())) >= limit and _rank(taken[kind][-1]) < rank
                                 for kind in open_kinds):
            break  # every kind it could be has its fill of more widespread strings
        kind, why = verdict.resolve(config.kinds)
        evidence_of[surface] = (kind, why, spread)
        strings = taken.setdefault(kind, [])
        if kind in config.link_kinds:
            strings.append((surface, spread))
        else:
            bisect.insort(strings, (surface, spread), key=_rank)
            del strings[limit:]
    return taken


def _cut_off(surface: str, sides: tuple[Counter[str], Counter[str]], uses: int, share: float) -> bool:
    """Whether the same Han character stands on one side of an enumeration in ``share`` of its uses
    and jieba reads it as part of a word across the edge: items cut to one length inside a word
    (大数据、人工智|能, 垃|圾源头减量、资源化利用), not a word beside it (按照|减环节, 文明就医|宣传).
    (Where the cut falls between words, 同时投入|使用 and 国际化|营商环境 look alike; both are kept.)"""
    for on_left, side in ((True, sides[0]), (False, sides[1])):
        by_char: Counter[str] = Counter()
        for context, count in side.items():
            if context:
                by_char[context[-1] if on_left else context[0]] += count
        for ch, count in by_char.items():
            if count >= share * uses:
                context = max((c for c in side if c and (c[-1] if on_left else c[0]) == ch), key=side.__getitem__)
                if kinds.word_across(context, surface) if on_left else kinds.word_across(surface, context):
                    return True
    return False


def _variants(items: list[str], head_items: list[str]) -> bool:
    """Two enumerations are variants of one formulation when they share at least half the items of
    the longer (外防输入、内防扩散 and 外防输入、内防反弹; 预防为主、防治结合 and 预防为主、防治结合、综合治理):
    a pair shares one item with many a longer list of principles that is no variant of it."""
    shared = len(set(items) & set(head_items))
    return shared >= 1 and 2 * shared >= max(len(items), len(head_items))


def _join_families(mined: list[Phrase]) -> None:
    """Mined enumerations that are variants of one another, and a phrase that is one of their items,
    form one family (外防输入 / 外防输入、内防扩散 / 外防输入、内防反弹), named after its most widespread
    member. Each enumeration is compared with the families' heads only, so one shared item cannot
    chain unrelated principles into one family (节水优先、空间均衡、系统治理、两手发力 shares 系统治理
    with 系统治理、依法治理、综合治理、源头治理, and neither is a variant of the other)."""
    heads: list[tuple[str, list[str]]] = []  # (family, the head's items), most widespread first
    for phrase in mined:  # most widespread first
        items = _items(phrase.term)
        if len(items) > 1:
            phrase.family = next((family for family, head_items in heads if _variants(items, head_items)), None)
            if phrase.family is None:
                phrase.family = phrase.slug
                heads.append((phrase.slug, items))
    for phrase in mined:
        if phrase.family is None:
            phrase.family = next((family for family, head_items in heads if phrase.term in head_items), None)


_NUMBER_VALUE = {ch: i for i, ch in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}


def expansion_shape(formula: str) -> tuple[int, str] | None:
    """(number of items, character each item holds) of a numbered formula: 四个意识 → (4, 识),
    六稳 → (6, 稳); None for anything else (十几, 二十四 are no single numeral)."""
    if kinds.form_of(formula) != "numbered" or formula[0] not in _NUMBER_VALUE or formula[1] in _NUMBER_VALUE:
        return None
    head = formula[2:] if formula[1] == "个" else formula[1:]
    return _NUMBER_VALUE[formula[0]], head[-1]


def spell_out(docs: list[Document], table: PhraseTable, memory: ServeMemory | None = None) -> None:
    """Each linked numbered formula's expansion: the enumeration of as many items, each holding the
    formula's last character, that most often stands in a paragraph beside it (四个意识 … 政治意识、
    大局意识、核心意识、看齐意识). The formula and the expansion, when that is a phrase too, link each
    other. Run on the linked table, mined or read from a file, so both give the same site."""
    phrases = table.phrases
    shapes = tuple(sorted((p.term, shape) for p in phrases.values() if (shape := expansion_shape(p.term))))
    if not shapes:
        return
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for (term, surface), n in reuse(memory, "expansions", doc.id, (doc.paragraphs, shapes),
                                        partial(_expansions_in, doc, shapes)).items():
            seen[term][surface] += n
    slug_of = table.forms()
    for phrase in phrases.values():
        if seen.get(phrase.term):
            phrase.expansion = seen[phrase.term].most_common(1)[0][0]
            other = slug_of.get(phrase.expansion)
            if other and other != phrase.slug:
                phrase.see_also = list(dict.fromkeys([*phrase.see_also, other]))
                phrases[other].see_also = list(dict.fromkeys([*phrases[other].see_also, phrase.slug]))


@lru_cache(maxsize=4)
def _automaton_of(terms: tuple[str, ...]):
    """One Aho-Corasick automaton finding ``terms`` (made once for all the documents of a build)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for term in terms:
        automaton.add_word(term, term)
    automaton.make_automaton()
    return automaton


def _expansions_in(doc: Document, shapes: tuple[tuple[str, tuple[int, str]], ...]) -> Counter[tuple[str, str]]:
    """(formula, enumeration) → paragraphs of ``doc`` where the enumeration of the formula's shape
    stands beside it."""
    automaton = _automaton_of(tuple(term for term, _ in shapes))
    shape_of = dict(shapes)
    found: Counter[tuple[str, str]] = Counter()
    for _, para in _paragraphs([doc]):
        terms = {term for _, term in automaton.iter(para.text)}
        if not terms:
            continue
        enumerations = [surface for _, _, surface in find_enumerations(para.text, parallel_only=False)]
        for term in terms:
            count, held = shape_of[term]
            for surface in enumerations:
                items = _items(surface)
                if len(items) == count and all(held in item for item in items):
                    found[term, surface] += 1
    return found


def _curated_overlap(forms: list[str]):
    """A test of whether a string lies inside a curated form or holds one (one automaton and one
    set of the forms' pieces, instead of comparing every string with every form)."""
    import ahocorasick

    pieces = {f[i:j] for f in forms for i in range(len(f)) for j in range(i + 1, len(f) + 1)}
    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, form)
    if forms:
        automaton.make_automaton()

    def overlaps(surface: str) -> bool:
        return surface in pieces or (bool(forms) and next(automaton.iter(surface), None) is not None)

    return overlaps


def _documents_containing(docs: list[Document], surfaces: list[str],
                          memory: ServeMemory | None = None) -> list[list[str]]:
    """For each surface, the ids of the documents whose paragraphs contain it (one pass; under
    `mkdocs serve`, each document's answer is kept while its paragraphs and the surfaces are equal)."""
    import ahocorasick

    if not surfaces:
        return []
    wanted = tuple(surfaces)

    @lru_cache(maxsize=1)  # made only if some document is read afresh
    def automaton() -> ahocorasick.Automaton:
        made = ahocorasick.Automaton()
        for index, surface in enumerate(wanted):
            made.add_word(surface, index)
        made.make_automaton()
        return made

    def held_by(doc: Document) -> list[int]:
        return sorted({i for para in doc.paragraphs if para.kind not in ("title", "heading")
                       for _, i in automaton().iter(para.text)})

    found: list[list[str]] = [[] for _ in surfaces]
    for doc in docs:
        for i in reuse(memory, "listed-phrases", doc.id, (doc.paragraphs, wanted), partial(held_by, doc)):
            found[i].append(doc.id)
    return found


def mine(docs: list[Document], glossary: Glossary, config: MineConfig | None = None, map_docs=None,
         cache_dir=None, memory: ServeMemory | None = None) -> PhraseTable:
    """The phrase table of a corpus: curated entries, their variants, and mined candidates.

    Per-document work goes through ``map_docs(func, docs)`` (in process by default;
    ``tifa.mine.distributed`` passes a Dask map); the reductions here are cheap and
    run in document order, so every map gives the same table. With ``cache_dir``,
    each document's evidence is reused while its text and the inputs are unchanged.
    """
    config = config or MineConfig.default()
    map_docs = map_docs or _map_in_process
    phrases = {slug: _from_entry(e) for slug, e in glossary.entries.items() if not e.judged}
    known_forms = {form for p in phrases.values() for form in p.forms}
    # A curator's judgement (kind: term …) takes its forms out of mining, and nothing else: the
    # longer strings around 社会主义 are still mined.
    judged_forms = {form for e in glossary.entries.values() if e.judged for form in e.forms}
    item_owner: dict[str, str] = {}
    for p in phrases.values():
        if p.category == "enumeration":
            for form in p.forms:
                for item in _items(form):
                    item_owner.setdefault(item, p.slug)

    candidates: dict[str, set[str]] = defaultdict(set)  # surface → doc ids (enumerations and numbered formulas)
    kind: dict[str, str] = {}
    parallel_of: dict[str, bool] = {}
    evidence_of: dict[str, tuple[str, str, int]] = {}  # (kind, why, documents)
    uses: Counter[str] = Counter()
    governed_uses: Counter[str] = Counter()
    cited_uses: Counter[str] = Counter()
    governors: dict[str, set[str]] = defaultdict(set)
    neighbours: dict[str, tuple[Counter[str], Counter[str]]] = defaultdict(lambda: (Counter(), Counter()))
    group_of, has_groups = _groups(docs)
    text_of = independent_texts(docs, config.copy_share)
    text_of_id = {doc.id: docs[text].id for doc, text in zip(docs, text_of)}
    evidence = _cached(map_docs, cache_dir, memory, "enumerations-v4", sorted(item_owner.items()))(
        partial(enumeration_evidence, item_owner=item_owner), docs)
    cited_by_text: dict[str, set[str]] = defaultdict(set)  # the surfaces each independent text cites
    for doc, found in zip(docs, evidence):
        already = cited_by_text[text_of_id[doc.id]]
        fresh = [c for c in found if c.surface not in already]  # a copy counts only what its first text lacks
        already.update(c.surface for c in found)
        for citation in fresh:
            surface = citation.surface
            if surface in known_forms or surface in judged_forms:
                continue
            if citation.owner:
                # A variant of a curated enumeration: join its family.
                phrases[citation.owner].variants.append(surface)
                known_forms.add(surface)
                continue
            candidates[surface].add(doc.id)
            kind[surface] = "numbered-formula" if citation.kind == "numbered-formula" else "enumeration"
            uses[surface] += 1
            cited_uses[surface] += citation.cited
            if citation.governor:
                governed_uses[surface] += 1
                governors[surface].add(citation.governor)
            parallel_of[surface] = citation.kind == "enumeration"
            neighbours[surface][0][citation.left] += 1
            neighbours[surface][1][citation.right] += 1
    for surface, doc_ids in list(candidates.items()):
        independent = {text_of_id[d] for d in doc_ids}
        if kind[surface] == "numbered-formula":
            evidence_of[surface] = ("formulation", kinds.Reason("numbered_pattern"), len(independent))
            continue
        judged = None
        if len(independent) < config.min_docs:
            pass  # found once: nothing to link or list
        elif _cut_off(surface, neighbours[surface], uses[surface], config.fragment_share):
            # Items cut to one length inside a word (大数据、人工智|能, 垃|圾源头减量、资源化利用): a piece.
            judged = ("piece", kinds.Reason("not_whole"))
        else:
            spread = len({group_of[d] for d in independent}) if has_groups else len(independent)
            judged = classify_enumeration(_items(surface), parallel_of[surface], governed_uses[surface] / uses[surface],
                                          governors[surface], spread >= config.kinds.min_groups, config.kinds,
                                          cited_share=cited_uses[surface] / uses[surface])
        if judged is None:
            del candidates[surface]  # a list of things, or found once: nothing to link or list
        else:
            evidence_of[surface] = (*judged, len(independent))

    # Repeated strings, and what each one is.
    found = _repeated_strings(docs, config, group_of, has_groups, text_of, memory)
    overlaps_curated = _curated_overlap([f for f in known_forms if len(f) >= 2])
    kept: dict[str, list[tuple[str, int]]] = defaultdict(list)
    by_words: list[tuple[str, int, ByWords]] = []
    for surface, spread, verdict in found:
        if surface in known_forms or surface in candidates or surface in judged_forms or overlaps_curated(surface):
            continue  # a curated form, its piece or its extension: the curated entry speaks for it
        if isinstance(verdict, ByWords):
            by_words.append((surface, spread, verdict))
            continue
        kept[verdict[0]].append((surface, spread))
        evidence_of[surface] = (*verdict, spread)
    for strings in _strings_taken(kept, by_words, config, evidence_of).values():
        for surface, _ in strings:
            candidates[surface] = set()
            kind[surface] = "mined"

    unlinked: list[Phrase] = []
    listed: Counter[str] = Counter()
    to_list: list[Phrase] = []
    taken = set(phrases)
    listing_rank = _listing_order(config.kinds.common_word)

    def rank(surface: str) -> tuple[bool, int, int, str]:
        spread = evidence_of[surface][2] if surface in evidence_of else len(candidates[surface])
        plain, wider, longer, text = listing_rank((surface, spread))
        # Linked phrases keep the order by spread alone (their slugs are given in this order).
        linked = surface in evidence_of and evidence_of[surface][0] in config.link_kinds
        return plain and not linked, wider, longer, text

    ranked = sorted(candidates, key=rank)
    for surface in ranked:
        gram_kind, why, spread = evidence_of[surface]
        if spread < config.min_docs or (gram_kind not in config.link_kinds and listed[gram_kind] >= config.listed_per_kind):
            continue
        slug = slug_for(surface)
        while slug in taken:
            slug += "-2"
        phrase = Phrase(slug, surface, kind[surface], False, pinyin=reading(surface), kind=gram_kind, evidence=why)
        if gram_kind in config.link_kinds:
            phrases[slug] = phrase
            taken.add(slug)
        elif listed[gram_kind] < config.listed_per_kind:
            listed[gram_kind] += 1
            unlinked.append(phrase)
            if not candidates[surface]:
                to_list.append(phrase)
            phrase.documents = tuple(sorted(candidates[surface]))
    _join_families([p for p in phrases.values() if not p.curated])
    judgements = judged_phrases(glossary)
    list_documents(docs, [*to_list, *judgements], memory)
    return PhraseTable(phrases, judgements + unlinked)


def list_documents(docs: list[Document], listed: list[Phrase], memory: ServeMemory | None = None) -> None:
    """Each listed (unlinked) phrase's documents (one pass)."""
    for phrase, found_in in zip(listed, _documents_containing(docs, [p.term for p in listed], memory)):
        phrase.documents = tuple(found_in)


def judged_phrases(glossary: Glossary) -> list[Phrase]:
    """The glossary's judgements (entries of a kind other than formulation) as phrases listed, never linked."""
    judged = []
    for entry in glossary.entries.values():
        if entry.judged:
            phrase = _from_entry(entry)
            phrase.kind, phrase.evidence = entry.kind, kinds.Reason("judged")
            judged.append(phrase)
    return judged


__all__ = ["MineConfig", "Occurrence", "Phrase", "PhraseTable", "find_enumerations", "is_parallel", "mine",
           "spell_out"]
