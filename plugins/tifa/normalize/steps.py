"""The character-level normalization steps.

Each step is a function ``(TrackedText, ...) -> None`` that proposes edits and
applies them through :meth:`TrackedText.apply`, so every change is recorded
with its position in the original.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from functools import cache, lru_cache

import opencc
from pypinyin import Style, pinyin

from .tracked import Edit, TrackedText

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN}]")
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕…—·「」『』"


def is_han(ch: str) -> bool:
    return bool(ch) and _HAN_RE.match(ch) is not None


# --- Unicode ---------------------------------------------------------------


# Control characters other than line ends and tabs are no text. Removed first, so that no later
# step (OpenCC drops them) changes what the boilerplate rules saw: normalizing twice changes nothing.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")


def unicode_nfc(tt: TrackedText) -> None:
    """Control characters out; NFC, cluster by cluster (base + combining marks) so offsets stay exact."""
    tt.apply("unicode", [Edit(m.start(), m.end(), "", "control character") for m in _CONTROL.finditer(tt.text)])
    text = tt.text
    if unicodedata.is_normalized("NFC", text):
        return
    edits = []
    for m in re.finditer(r".[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f]*|\n", text, re.S):
        cluster = m.group()
        fixed = unicodedata.normalize("NFC", cluster)
        if fixed != cluster:
            edits.append(Edit(m.start(), m.end(), fixed, "Unicode NFC"))
    tt.apply("unicode", edits)


_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


def fullwidth_alnum(tt: TrackedText) -> None:
    """Full-width letters and digits (１２３ＡＢ) become ASCII, as NFKC would."""
    edits = [
        Edit(m.start(), m.end(), unicodedata.normalize("NFKC", m.group()), "full-width letters/digits")
        for m in _FULLWIDTH_ALNUM.finditer(tt.text)
    ]
    tt.apply("unicode", edits)


# --- whitespace and line structure ------------------------------------------

# Trimmed at line edges. Done with str.lstrip/rstrip per line: a regex ``[…]+$`` is
# retried from every space of a long inner run (quadratic in the run).
_EDGE_SPACE = " \t\u3000\u00a0\u200b\ufeff"
_TITLE_END = re.compile(r"(通知|意见|决定|办法|方案|规定|报告|讲话|批复|函|纪要|公告|通报|指示|细则|要点)$")


def whitespace(tt: TrackedText) -> None:
    """Unify line endings; trim indentation and trailing space on each line."""
    tt.apply("whitespace", [Edit(m.start(), m.end(), "\n", "line ending") for m in re.finditer(r"\r\n?", tt.text)])
    tt.apply("whitespace", _line_edge_edits(tt.text))
    _rejoin_wrapped_titles(tt)


def _line_edge_edits(text: str) -> list[Edit]:
    edits, pos = [], 0
    for line in text.split("\n"):
        body = line.strip(_EDGE_SPACE)
        if not body:
            if line:
                edits.append(Edit(pos, pos + len(line), "", "space at line edge"))
        else:
            lead = len(line) - len(line.lstrip(_EDGE_SPACE))
            trail = len(line) - len(line.rstrip(_EDGE_SPACE))
            if lead:
                edits.append(Edit(pos, pos + lead, "", "space at line edge"))
            if trail:
                edits.append(Edit(pos + len(line) - trail, pos + len(line), "", "space at line edge"))
        pos += len(line) + 1
    return edits


def _rejoin_wrapped_titles(tt: TrackedText) -> None:
    """Join a document title broken over lines (``关于…`` / ``…的通知``).

    Print layouts wrap long titles; copied to text they become several short
    lines with no punctuation. Joined only when the run starts with 关于, has
    no sentence punctuation and ends, within four lines, in a document type.
    """
    lines = tt.text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    edits, i = [], 0
    while i < len(lines):
        if lines[i].startswith("关于") and not re.search(r"[。；：:，,]", lines[i]) and not _TITLE_END.search(lines[i]):
            j, seen = i + 1, 0
            while j < len(lines) and seen < 4:
                if lines[j]:
                    seen += 1
                    if re.search(r"[。；：:]", lines[j]):
                        break
                    if _TITLE_END.search(lines[j]):
                        # Remove the line breaks (and blank lines) between i and j.
                        for k in range(i, j):
                            gap_start = starts[k] + len(lines[k])
                            gap_end = starts[k + 1]
                            edits.append(Edit(gap_start, gap_end, "", "title wrapped over lines"))
                        i = j
                        break
                j += 1
        i += 1
    # Adjacent gaps merge into one edit each.
    merged: list[Edit] = []
    for e in edits:
        if merged and merged[-1].end == e.start:
            merged[-1] = Edit(merged[-1].start, e.end, "", e.reason)
        else:
            merged.append(e)
    tt.apply("whitespace", merged)


# --- inline reading glosses --------------------------------------------------

_TONE_MARKED = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
_GLOSS = re.compile(f"([{HAN}])[(（]([{_TONE_MARKED}]{{1,7}}[1-5]?)[)）]")


@lru_cache(maxsize=8192)
def readings(ch: str) -> frozenset[str]:
    """All readings pypinyin knows for a character: tone marks, tone numbers and toneless."""
    found: set[str] = set()
    for style in (Style.TONE, Style.TONE3, Style.NORMAL):
        result = pinyin(ch, style=style, heteronym=True, errors="ignore")
        if result:
            found.update(r.replace("ü", "v") for r in result[0])
    return frozenset(found)


def is_reading_of(ch: str, gloss: str) -> bool:
    gloss = unicodedata.normalize("NFC", gloss).replace("ü", "v")
    return gloss in readings(ch)


def strip_glosses(tt: TrackedText) -> None:
    """Remove ``書(shū)``-style readings, only where they are a reading of the character."""
    edits = [
        Edit(m.start(2) - 1, m.end(), "", f"reading of {m.group(1)}")
        for m in _GLOSS.finditer(tt.text)
        if is_reading_of(m.group(1), m.group(2))
    ]
    tt.apply("gloss", edits)


# --- script ------------------------------------------------------------------

# OpenCC configuration per target. For simplified, tw2s rather than t2s: plain
# t2s keeps 著 in 接著/随著, which tw2s (Taiwan variants first) turns into 着;
# both agree elsewhere on the seeds.
TARGETS = {
    "simplified": "tw2s",
    "traditional": "s2t",
    "taiwan": "s2tw",
    "hongkong": "s2hk",
}


@cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


_CHAR_SCRIPT: dict[str, tuple[bool, bool]] = {}  # Han character → (traditional only, simplified only)


def _char_scripts(chars: set[str]) -> None:
    new = sorted(chars - _CHAR_SCRIPT.keys())
    if new:
        # One character per line: OpenCC's phrase tables cannot join neighbours.
        joined = "\n".join(new)
        to_simp = converter("t2s").convert(joined).split("\n")
        to_trad = converter("s2t").convert(joined).split("\n")
        for ch, simp, trad in zip(new, to_simp, to_trad):
            _CHAR_SCRIPT[ch] = (simp != ch, trad != ch)


def detect_script(text: str) -> str:
    """simplified | traditional | mixed | none — by characters only one script uses.

    Judged character by character (each distinct character converted once per
    process), not by converting the whole text: the same answer for far less work.
    """
    counts = Counter(_HAN_RE.findall(text))
    if not counts:
        return "none"
    _char_scripts(set(counts))
    traditional_only = sum(n for ch, n in counts.items() if _CHAR_SCRIPT[ch][0])
    simplified_only = sum(n for ch, n in counts.items() if _CHAR_SCRIPT[ch][1])
    if traditional_only == simplified_only == 0:
        return "simplified"  # every character is shared by both scripts
    if traditional_only > 4 * simplified_only:
        return "traditional"
    if simplified_only > 4 * traditional_only:
        return "simplified"
    return "mixed"


def convert_script(tt: TrackedText, target: str) -> None:
    """OpenCC conversion to ``target``, line by line so offsets stay exact."""
    if target in (None, "none", "keep"):
        return
    conv = converter(TARGETS[target])
    edits: list[Edit] = []
    pos = 0
    for line in tt.text.split("\n"):
        converted = conv.convert(line) if line else line
        if converted != line:
            if len(converted) == len(line):
                # Changed runs, character for character.
                k = 0
                while k < len(line):
                    if line[k] != converted[k]:
                        j = k
                        while j < len(line) and line[j] != converted[j]:
                            j += 1
                        edits.append(Edit(pos + k, pos + j, converted[k:j], f"script → {target}"))
                        k = j
                    else:
                        k += 1
            else:
                # Phrase conversions (s2twp-style) change lengths: align.
                matcher = difflib.SequenceMatcher(None, line, converted, autojunk=False)
                for op, a0, a1, b0, b1 in matcher.get_opcodes():
                    if op != "equal":
                        edits.append(Edit(pos + a0, pos + a1, converted[b0:b1], f"script → {target}"))
        pos += len(line) + 1
    tt.apply("script", edits)


# --- punctuation ---------------------------------------------------------------

_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_MARK_RUN = re.compile("[" + re.escape("".join(_HALF_TO_FULL)) + "]+")


def _chinese_side(ch: str) -> bool:
    return is_han(ch) or (ch != "" and ch in CJK_PUNCT)


_STRAIGHT_QUOTES = re.compile('["\uff02]')  # " and its full-width form ＂


def _straight_quote_edits(text: str) -> list[Edit]:
    """Straight double quotes around Chinese words (做好"六稳"工作), as reposted web text often has,
    become “…”: paired in order within a line, and only when the line holds an even number of them
    and each stands beside a Han character or Chinese punctuation (English quotations keep theirs).
    Quoted, a set expression reads as one (“放管服”), to readers and to mining alike."""
    edits: list[Edit] = []
    start = 0
    for line in text.split("\n"):
        marks = [m.start() for m in _STRAIGHT_QUOTES.finditer(line)]
        chinese = all(_chinese_side(line[i - 1] if i else "") or _chinese_side(line[i + 1:i + 2]) for i in marks)
        if marks and len(marks) % 2 == 0 and chinese:
            edits += [Edit(start + i, start + i + 1, "“" if n % 2 == 0 else "”", "straight quotes in Chinese text")
                      for n, i in enumerate(marks)]
        start += len(line) + 1
    return edits


def punctuation(tt: TrackedText) -> None:
    """Half-width punctuation in Chinese context becomes full-width, straight double quotes
    Chinese ones (:func:`_straight_quote_edits`).

    A mark is Chinese when a neighbour is a Han character or Chinese
    punctuation; ``1,000``, ``12:30``, ``1.`` and Latin text keep theirs. Runs
    of ``??`` are left for the damage step: they are usually mojibake.
    """
    text = tt.text
    edits: list[Edit] = []
    # A run of marks such as "):" is judged by what stands around the whole run, so that
    # converting one mark never changes the context of the next (normalizing twice gives
    # what normalizing once gave). Each run is found once: linear however long it is.
    for run in _MARK_RUN.finditer(text):
        b, a = run.span()
        prev = text[b - 1] if b else ""
        nxt = text[a] if a < len(text) else ""
        convertible, chinese_any = [], False
        for i in range(b, a):
            ch = text[i]
            if ch in "?!" and ((i > b and text[i - 1] == ch) or (i + 1 < a and text[i + 1] == ch)):
                continue
            convertible.append(i)
            if ch == "(":
                chinese = _chinese_side(prev) or is_han(nxt)
            elif ch == ")":
                chinese = is_han(prev) or _chinese_side(nxt)
            else:
                chinese = is_han(prev) or _chinese_side(nxt) and not prev.isdigit()
                if prev.isdigit() and nxt.isdigit():
                    chinese = False
            chinese_any = chinese_any or chinese
        # A run is Chinese or not as a whole: converting only some of its marks would make the
        # rest Chinese-side next time ("，?(" → "，?（" → "，？（"), and normalizing twice must not differ.
        if chinese_any:
            edits.extend(Edit(i, i + 1, _HALF_TO_FULL[text[i]], "half-width punctuation in Chinese text")
                         for i in convertible)
    tt.apply("punctuation", edits + _straight_quote_edits(text))
