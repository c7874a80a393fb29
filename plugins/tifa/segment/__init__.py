"""Segment: jieba with the project's own user dictionary.

A private ``jieba.Tokenizer`` (not the global one) learns the glossary terms
and mined phrases so that 外防输入 or 联防联控 stay one word; the same words are
given to the global tokenizer that Material's search uses, and written as a
jieba user-dictionary file. Segmentations are cached by text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)

USER_FREQ = 50_000
# Punctuation and anything else that is not a letter, digit or Han character splits chunks.
CHUNK_SPLIT = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")  # high enough that jieba prefers the whole phrase over its parts


def _words(words: Iterable[str]) -> list[str]:
    # jieba's dictionary cannot hold spaces; enumerations are added item by item.
    out = set()
    for w in words:
        for part in w.replace("“", "、").replace("”", "、").split("、"):
            if len(part) >= 2 and " " not in part:
                out.add(part)
    return sorted(out)


_CACHE_DIR: str | None = None


def use_cache_dir(path: Path) -> None:
    """Keep jieba's dictionary cache in the project's cache folder instead of the system
    temp folder, for our tokenizers and for the global one Material's search uses: a build
    writes nothing outside the site and the cache."""
    global _CACHE_DIR
    Path(path).mkdir(parents=True, exist_ok=True)
    _CACHE_DIR = str(path)
    jieba.dt.tmp_dir = _CACHE_DIR


_MAIN_DICT: tuple[dict, int] | None = None  # jieba's main dictionary as first loaded: (FREQ, total)


def _main_dictionary() -> tuple[dict, int]:
    """jieba's main dictionary, loaded once per process (~0.5 s from jieba's cache file, ~1 s
    without): every tokenizer, the global one included, starts from a copy of it."""
    global _MAIN_DICT
    if _MAIN_DICT is None:
        loader = jieba.Tokenizer()
        loader.tmp_dir = _CACHE_DIR
        loader.initialize()
        _MAIN_DICT = (loader.FREQ, loader.total)
    return _MAIN_DICT


def main_dictionary_frequencies() -> Mapping[str, int]:
    """Every word of jieba's main dictionary and how common it is (0 for the prefixes jieba keeps)."""
    return _main_dictionary()[0]


def word_frequency(word: str) -> int:
    """How common ``word`` is in jieba's main dictionary (0 when it is not a word there); the words a
    build adds (its phrases) never count."""
    return _main_dictionary()[0].get(word, 0)


def _tokenizer_over(freq: dict, total: int) -> jieba.Tokenizer:
    """A jieba tokenizer reading ``freq`` (a dictionary already loaded: no file is read)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = _CACHE_DIR
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return tokenizer


def _new_tokenizer() -> jieba.Tokenizer:
    """A tokenizer with a copy of jieba's main dictionary (words are added to it, never to the original)."""
    freq, total = _main_dictionary()
    return _tokenizer_over(dict(freq), total)


@lru_cache(maxsize=1)
def dictionary_jieba() -> jieba.Tokenizer:
    """A tokenizer of jieba's main dictionary and nothing else, never added to: mining's word checks
    read a string's words from it, so they do not depend on what a build taught the global tokenizer
    (its phrases, for search) before — a served rebuild, or a second project in one process, reads
    a string as a fresh build does. It shares the loaded dictionary (no copy)."""
    return _tokenizer_over(*_main_dictionary())


@lru_cache(maxsize=1)
def dictionary_tagger():
    """jieba's part-of-speech tagger over :func:`dictionary_jieba`: the words of the main dictionary
    with the tags of jieba's own table (``jieba.posseg`` loads it once, on import; made without
    reading that table a second time)."""
    import jieba.posseg

    tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer = dictionary_jieba()
    tagger.word_tag_tab = jieba.posseg.dt.word_tag_tab  # only read: words we add carry no tag
    return tagger


def global_jieba() -> jieba.Tokenizer:
    """jieba's global tokenizer (what ``jieba.lcut`` and Material's search use), given a copy of the
    main dictionary if nothing has loaded it yet: it and the linker's segmenters then share one load
    instead of reading the dictionary twice."""
    if not jieba.dt.initialized and jieba.dt.dictionary == jieba.DEFAULT_DICT:
        loaded = _new_tokenizer()
        jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = loaded.FREQ, loaded.total, True
    return jieba.dt


class Segmenter:
    def __init__(self, words: Iterable[str] = ()) -> None:
        self.tokenizer = _new_tokenizer()
        self.words = _words(words)
        for w in self.words:
            self.tokenizer.add_word(w, USER_FREQ)
        self._cut = lru_cache(maxsize=65536)(self._cut_uncached)

    @classmethod
    def shared(cls, words: Iterable[str] = ()) -> Segmenter:
        """One segmenter per word list: building jieba's prefix dictionary costs ~0.5 s."""
        return _shared(frozenset(_words(words)))

    def _cut_uncached(self, text: str) -> tuple[str, ...]:
        return tuple(self.tokenizer.cut(text, HMM=False))

    def cut(self, text: str) -> tuple[str, ...]:
        return self._cut(text)

    def boundaries(self, text: str) -> set[int]:
        """Offsets where a word starts or ends.

        Cut chunk by chunk between punctuation, as the miner does, so both
        share one cache and one segmentation.
        """
        cuts, pos = {0}, 0
        for chunk in CHUNK_SPLIT.split(text):
            if chunk:  # the tokens cover the chunk: each ends where the next starts
                cuts.update(accumulate(map(len, self.cut(chunk)), initial=pos))
            pos += len(chunk) + 1  # the punctuation mark that ended the chunk
            cuts.add(min(pos, len(text)))
        return cuts


def write_user_dict(path: Path, words: Iterable[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{w} {USER_FREQ}\n" for w in _words(words)), encoding="utf-8")
    return path


def register_with_global_jieba(words: Iterable[str]) -> None:
    """Material's search segments with the global tokenizer: teach it our phrases."""
    global_jieba()  # not yet loaded, and with the main dictionary (search's `jieba_dict` not set): ours
    for w in _words(words):
        jieba.add_word(w, USER_FREQ)


@lru_cache(maxsize=8)
def _shared(words: frozenset[str]) -> Segmenter:
    return Segmenter(words)
