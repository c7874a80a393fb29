"""The interface in the reader's language: one catalogue per language (tifa/messages/*.yml),
chosen by theme.language; the seed site built in English shows none of the Chinese catalogue's
strings, and the Chinese site none of the English ones."""

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from tifa.messages import LANGUAGES, language_of, messages

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{[^}]*\}|<[^>]+>|`[^`]*`|\[[^\]]*\]\([^)]*\)")


def catalogue_file(language: str) -> dict:
    return yaml.safe_load((ROOT / "plugins" / "tifa" / "messages" / f"{language}.yml").read_text(encoding="utf-8"))


def templates(language: str) -> list[str]:
    out = []
    for value in catalogue_file(language).values():
        forms = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
        out.extend(str(f) for f in forms)
    return out


def fragments(language: str) -> set[str]:
    """The literal pieces of every message (placeholders, markup and code cut out) that are
    distinctive enough to look for: two CJK characters in Chinese, two words in English."""
    pieces = set()
    for template in templates(language):
        for piece in PLACEHOLDER.split(template):
            piece = piece.strip(" ：:;；，,。.·—()（）「」“”\n")
            if language == "zh" and len(CJK.findall(piece)) >= 2:
                pieces.add(piece)
            elif language == "en" and not CJK.search(piece) and len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2:
                pieces.add(piece)
    return pieces


def content_of(root: Path) -> str:
    """Everything the site's people wrote: texts, sidecars, glossary, notes, briefings, pages, config."""
    files = [p for folder in ("source_texts", "glossary", "annotations", "briefings", "docs")
             for p in (root / folder).rglob("*") if p.is_file()]
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files + [root / "mkdocs.yml"])


def generated(site: Path) -> dict[str, str]:
    """Every page and every tifa script of a built site."""
    files = [*site.rglob("*.html"), *(site / "assets" / "tifa").glob("*.js")]
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in files}


def test_catalogues_have_the_same_keys_and_placeholders():
    zh, en = catalogue_file("zh"), catalogue_file("en")
    assert set(zh) == set(en)
    for key in zh:
        names = [set(re.findall(r"\{(\w+)", str(v))) for v in (zh[key], en[key])]
        assert names[0] == names[1] or key.startswith("date."), key


def test_language_codes_choose_a_catalogue():
    assert language_of("zh") == language_of("zh-TW") == language_of("zh_CN") == "zh"
    assert language_of("en") == language_of("en-GB") == "en"
    assert language_of("fr") is None
    assert set(LANGUAGES) == {"zh", "en"}


def test_dates_and_counts_follow_the_language():
    zh, en = messages("zh"), messages("en")
    assert zh.date("2020-03-05") == "2020-03-05" and en.date("2020-03-05") == "5 Mar 2020"
    assert en.date("2020-03") == "Mar 2020" and en.date("2020") == "2020" and en.date("") == "—"
    assert en.date("not a date") == "not a date"
    assert en.count("phrase.docs", 1) == "1 document" and en.count("phrase.docs", 2) == "2 documents"
    assert zh.count("phrase.docs", 1) == "1 份文件"
    assert en.count("home.characters", 12345) == "<strong>12,345</strong> characters"


def _leaks(site: Path, root: Path, language: str) -> tuple[dict[str, list[str]], int]:
    written = content_of(root)
    checked = {f for f in fragments(language) if f not in written}  # a piece people also wrote is not telling
    leaks: dict[str, list[str]] = {}
    for path, text in generated(site).items():
        found = [f for f in checked if f in text]
        if found:
            leaks[path] = sorted(found)
    return leaks, len(checked)


def test_english_site_shows_no_chinese_interface_string(built_site_en, tmp_path_factory):
    root = built_site_en.parent
    leaks, checked = _leaks(built_site_en, root, "zh")
    assert checked >= 0.6 * len(fragments("zh")), "too few catalogue strings are distinctive enough to look for"
    assert not leaks, leaks
    # The pieces that also occur in the texts are checked where only the interface writes:
    # table heads, buttons, labels, legends, options and accessible names.
    html = "\n".join(t for p, t in generated(built_site_en).items() if p.endswith(".html"))
    for tag, inner in re.findall(r"<(th|button|label|legend|summary|option)\b[^>]*>(.*?)</\1>", html, re.S):
        assert not CJK.search(re.sub(r"<[^>]+>", "", inner)), (tag, inner)
    for tag, label in re.findall(r'(<[^>]*aria-label="([^"]*)"[^>]*>)', html):
        if "tifa-damage" in tag:
            continue  # a damage mark's name quotes the original and the editors' note: content
        assert not CJK.search(label), label
    assert '<html lang="en"' in (built_site_en / "index.html").read_text(encoding="utf-8")


def test_chinese_site_shows_no_english_interface_string(built_site):
    leaks, checked = _leaks(built_site, ROOT, "en")
    assert checked >= 0.6 * len(fragments("en"))
    assert not leaks, leaks


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_formats(language):
    msg = messages(language)
    values = {"evidence": "e", "more": "", "step": "s", "original": "o", "correction": "c", "note": "n", "before": "b", "after": "a",
              "number": 1, "kind": "k", "title": "t", "source": "s", "docs": "d", "uses": "u", "places": "p",
              "named": "", "span": "s", "first": "f", "last": "l", "rest": 1, "max": 1, "term": "t", "quote": "q",
              "total": 1, "curated": 1, "filters": "", "facet": "f", "value": "v", "i": 1, "query": "q",
              "folded": "", "paragraphs": "p", "error": "e", "author": "a", "text": "t", "url": "u", "citation": "c",
              "word": "w", "head": "h", "name": "n", "item": "i", "reason": "r", "share": 0.5, "rate": 1.5,
              "chars": 1, "similarity": 0.9, "passages": 1, "min_chars": 20, "max_docs": 50, "shared_docs": 10, "copied": 0.2, "unit": "u", "peak": "p",
              "peak_n": 1, "top": "t", "top_n": 1, "terms": "t", "words": 4}
    for key, value in msg.strings.items():
        if key.startswith("date.") or key in ("number.group",):
            continue
        if isinstance(value, dict):
            msg.count(key, 1, **values)
        elif isinstance(value, str):
            msg(key, n=2, **values)


def test_a_language_without_a_catalogue_is_reported(tmp_path):
    """French has no catalogue: the build says so (and uses English), and --strict fails on it."""
    from conftest import copy_project, run_build

    root = copy_project(tmp_path / "project")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  language: zh\n", "  language: fr\n", 1), encoding="utf-8")
    result = run_build(root / "mkdocs.yml", tmp_path / "site", quiet=False)  # -q would hide the warning
    assert result.returncode != 0
    assert "theme.language 'fr'" in result.stderr and "using en" in result.stderr
