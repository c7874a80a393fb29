"""What a reader types, folded the way the texts were normalized — in Python and in fulltext.js.

The index holds normalized text (one script, half-width letters and digits, NFC).
A query must reach the same form before its bigrams are looked up, in the reader's
browser, without OpenCC's dictionaries there. So the build writes ``fulltext/fold.json``:
only the single-character conversions OpenCC makes *to or from a character of the
index* (a few KB, where the whole dictionary is megabytes), and the phrase
conversions where OpenCC's phrase tables disagree with converting character by
character for such characters.

:func:`fold_query` is the browser's algorithm, run here on the same JSON (tests compare
the two, and both against :func:`normalize_query`, which calls OpenCC itself).

Punctuation: the separators ``、，,;；`` (and spaces around them) fold to one mark in
queries *and* paragraph texts, so ``外防输入,内防扩散`` finds ``外防输入、内防扩散``.
Bigrams never cross punctuation, so the index is the same either way.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ..normalize.steps import TARGETS, converter

SEPARATORS = "、，,;；"
SEPARATOR = "、"  # what every separator run folds to
_SEPARATOR_RUN = re.compile(f"\\s*[{SEPARATORS}][{SEPARATORS}\\s]*")
_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# Characters OpenCC may convert: CJK ideographs (basic, extension A, compatibility) and CJK punctuation.
_CANDIDATE_RANGES = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


@lru_cache(maxsize=8)  # keyed by configuration name: the same table for every build of a process
def _char_conversions(config: str) -> tuple[tuple[str, str], ...]:
    """(character, converted) for every candidate character OpenCC's ``config`` changes."""
    chars = [chr(c) for lo, hi in _CANDIDATE_RANGES for c in range(lo, hi + 1)]
    converted = converter(config).convert("\n".join(chars)).split("\n")
    return tuple((c, t) for c, t in zip(chars, converted) if t != c)


# The other direction of each target: what a reader of the other script types.
_READER_FORMS = {"simplified": "s2t", "traditional": "t2s", "taiwan": "tw2s", "hongkong": "hk2s"}


def build_fold_table(bigrams: frozenset[str], target_script: str | None,
                     phrase_parts: Iterable[dict[str, str]] | None = None) -> dict:
    """The conversion data fulltext.js needs for an index of ``bigrams`` (its keys).

    ``chars``: pairs ``source, target`` as one string (every second character a target);
    ``phrases``: ``{phrase: converted}`` where OpenCC's phrase tables give something else
    than converting character by character (著作 stays 著作 while 著 alone becomes 着).
    ``phrase_parts``: :func:`phrase_candidates` of the bigrams, in parts (serve reuses
    the parts of unchanged bigrams); worked out here when not given.
    """
    if target_script in (None, "none", "keep"):
        return {"version": 1, "target": "none", "chars": "", "phrases": {}}
    seen = {ch for key in bigrams for ch in key}
    # A character converting to or from one of the index: either could be typed for it.
    pairs = [(c, t) for c, t in _char_conversions(TARGETS[target_script]) if len(t) == 1 and (c in seen or t in seen)]
    chars = dict(pairs)
    if phrase_parts is None:
        phrase_parts = [phrase_candidates(bigrams, target_script)]
    # Only the phrases the shipped character table would get wrong.
    phrases = {t: c for part in phrase_parts for t, c in part.items() if c != _by_char(t, chars)}
    return {"version": 1, "target": target_script, "chars": "".join(c + t for c, t in pairs),
            "phrases": dict(sorted(phrases.items()))}


def phrase_candidates(bigrams: Iterable[str], target_script: str) -> dict[str, str]:
    """Two-character strings a reader may type for index bigrams — each bigram itself and its
    form in the other script — whose OpenCC conversion is not their characters' one by one."""
    keys = sorted(bigrams)
    if not keys:
        return {}
    typed = set(keys)
    typed.update(converter(_READER_FORMS[target_script]).convert("\n".join(keys)).split("\n"))
    typed_list = sorted(t for t in typed if len(t) == 2)
    singles = dict(_char_conversions(TARGETS[target_script]))
    converted = converter(TARGETS[target_script]).convert("\n".join(typed_list)).split("\n")
    return {t: c for t, c in zip(typed_list, converted) if c != _by_char(t, singles)}


def _by_char(text: str, chars: dict[str, str]) -> str:
    return "".join(chars.get(c, c) for c in text)


def fold_text(text: str) -> str:
    """A paragraph's text as queries are matched against it: lower case, separators folded."""
    return _SEPARATOR_RUN.sub(SEPARATOR, text.lower())


def _width_and_nfc(query: str) -> str:
    query = unicodedata.normalize("NFC", query)
    return _FULLWIDTH_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group()), query).replace("\u3000", " ")


def fold_query(query: str, table: dict) -> str:
    """The query in the index's form, from the table alone (what fulltext.js does)."""
    chars = dict(zip(table["chars"][0::2], table["chars"][1::2]))
    phrases = table["phrases"]
    longest = max(map(len, phrases), default=0)
    text, out, i = _width_and_nfc(query), [], 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 1, -1):  # longest phrase first, as OpenCC
            if text[i : i + n] in phrases:
                out.append(phrases[text[i : i + n]])
                i += n
                break
        else:
            out.append(chars.get(text[i], text[i]))
            i += 1
    return fold_text("".join(out)).strip()


def normalize_query(query: str, target_script: str | None) -> str:
    """The reference: the query through OpenCC itself, then the same folding."""
    text = _width_and_nfc(query)
    if target_script not in (None, "none", "keep"):
        text = converter(TARGETS[target_script]).convert(text)
    return fold_text(text).strip()


def dump_table(table: dict) -> str:
    return json.dumps(table, ensure_ascii=False, separators=(",", ":"))
