"""Hostile inputs that used to take exponential or quadratic time, or crash: each completes with
the right output (sizes kept small; the times are in the bench: `python -m bench growth`)."""

import re

import pytest
from conftest import copy_project, run_build, seed
from tifa.annotate import load_annotations
from tifa.brief import load_briefings
from tifa.errors import DataFileError
from tifa.glossary import check_glossary
from tifa.model import Mark
from tifa.normalize import NormalizeConfig, normalize_text
from tifa.normalize.backtracking import backtracking_problem
from tifa.normalize.boilerplate import load_rules
from tifa.normalize.damage import find_damage
from tifa.site.inline import render_inline, render_spans

N = 20_000
DEEP = "".join("  " * i + "- x\n" for i in range(1000))


@pytest.fixture(scope="module")
def config():
    return NormalizeConfig.from_files()


# --- normalization -------------------------------------------------------------------------


def test_the_widget_line_is_judged_without_backtracking(config):
    # 40 unclosed widgets and a stray letter: the old rule took time exponential in the count
    # to find that this is not a line of widgets (text follows the closing bracket).
    out = normalize_text("正文。\n" + "【字号" * 40 + "】a\n", config)
    assert out.tracked.text == "正文。\n" + "【字号" * 40 + "】a\n" and not out.boilerplate.removed
    out = normalize_text("正文。\n" + "【字号：大 中 小】 【关闭" * 40 + "\n", config)
    assert out.tracked.text.strip() == "正文。" and [r.rule for r in out.boilerplate.removed] == ["page-widgets"]


def test_a_long_run_of_half_width_marks(config):
    assert normalize_text("中" + "(" * N + "\n", config).tracked.text == "中" + "（" * N + "\n"
    assert normalize_text("1" + ",:" * N + "2\n", config).tracked.text == "1" + ",:" * N + "2\n"


def test_a_long_run_of_spaces(config):
    text = "各单位" + " " * N + "要坚持。\n" + "今天是" + " " * N + "x\n" + "责任编辑：李" + " " * N + "四  \n"
    out = normalize_text(text, config)
    lines = out.tracked.text.split("\n")
    assert lines[0] == "各单位" + " " * N + "要坚持。"  # inner spaces kept, edges trimmed
    assert lines[1] == "今天是" + " " * N + "x"  # not a banner: no date follows
    assert ("credit:责任编辑", "李" + " " * N + "四", "credit") in out.boilerplate.captures


def test_many_damage_marks(config):
    found = find_damage("□中" * N)
    assert len(found) == N and all(d.kind == "missing" for d in found)


def test_captured_values_are_trimmed(config):
    out = normalize_text("正文。\n【发布日期： 2020-02-04  】\n", config)
    assert ("date", "2020-02-04", "publish-widget") in out.boilerplate.captures


# --- the rule-file check ----------------------------------------------------------------------


@pytest.mark.parametrize("pattern, why", [
    (r"^(【[^】]*】?\s*)+$", "nested"),
    (r"^(a[bc]|[ab]c)*$", "alternation"),  # "ac" either way: 2^n ways to fail on "acac…!"
    (r"^x\s*:?\s*$", "in a row"),
    (r"^作者：(\S.*?)\s*$", "in a row"),
    (r"\s*\|", "not anchored"),
])
def test_backtracking_patterns_are_found(pattern, why):
    assert why in backtracking_problem(pattern)


@pytest.mark.parametrize("pattern", [r"^\s*+(您的位置)\s*+[:：]", r"(?<!\s)\s*+\|\s*+$", r"^(?:\d{1,2}\.)+$", r"a\s*b\s*c", "^分享到微博$"])
def test_linear_patterns_pass(pattern):
    assert backtracking_problem(pattern) is None


def test_the_default_rules_pass_their_own_check():
    from tifa.normalize.boilerplate import default_rules_path

    assert load_rules(default_rules_path())


def test_a_project_rule_that_backtracks_is_refused_with_file_and_line(tmp_path):
    rules = tmp_path / "rules.yml"
    rules.write_text("rules:\n  - name: ok\n    match: '^分享$'\n    action: drop\n"
                     "  - name: slow\n    match: '^(x+)+$'\n    action: drop\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_rules(rules)
    assert str(err.value.path) == str(rules) and err.value.line == 6
    assert "slow" in err.value.message and "nested" in err.value.message and "possessive" in err.value.hint


# --- inline rendering ---------------------------------------------------------------------------


def test_one_long_line_with_many_marks():
    text = "联防联控" * N
    marks = [Mark(4 * i, 4 * i + 4, "phrase", (("slug", "l"),)) for i in range(N)]
    html = render_inline(text, marks, {"phrase": lambda m: ("<a>", "</a>")})
    assert html == "<a>联防联控</a>" * N


def test_many_paragraphs_one_sweep():
    spans = [(f"第{i % 10}段", 4 * i) for i in range(N)]  # 3 characters and a line break each
    marks = [Mark(4 * i + 1, 4 * i + 2, "damage") for i in range(N)] + [Mark(0, 4 * N, "annotation")]
    tags = {"damage": lambda m: ("<d>", "</d>"), "annotation": lambda m: ("<n>", "</n>")}
    out = render_spans(spans, marks, tags)
    assert out[0] == "<n>第<d>0</d>段</n>" and out[-1] == f"<n>第<d>{(N - 1) % 10}</d>段</n>"
    assert out == [render_inline(t, marks, tags, o) for t, o in spans[:3]] + out[3:]


# --- anchoring and deep Markdown -----------------------------------------------------------------


def note(root, doc_id, name, text):
    path = root / doc_id / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_quote_found_many_times_anchors_by_its_prefix(tmp_path, seed_docs):
    doc = seed_docs[seed("003")]
    doc_text = doc.text
    quote = "疫情"
    hits = [i for i in range(len(doc_text)) if doc_text.startswith(quote, i)]
    assert len(hits) > 1
    # The last hit, told apart by the four characters before it.
    first = hits[-1]
    prefix = doc_text[first - 4:first]
    assert "\n" not in prefix and doc_text.count(prefix + quote) == 1
    note(tmp_path, doc.id, "n", f"---\nquote: {quote}\nprefix: '{prefix}'\nauthor: A\ndate: 2026-11-25\n---\n\nB\n")
    found = load_annotations(tmp_path, seed_docs, set())
    assert not found.problems and found.anchors[f"{doc.id}-n"].start == first


def test_a_prefix_that_matches_nowhere_is_a_problem(tmp_path, seed_docs):
    doc = seed_docs[seed("003")]
    path = note(tmp_path, doc.id, "n", "---\nquote: 要切实做到外防输入、内防扩散\nprefix: 完全不在文中\nauthor: A\ndate: 2026-11-25\n---\n\nB\n")
    found = load_annotations(tmp_path, seed_docs, set())
    [problem] = found.problems
    assert str(problem.path) == str(path) and problem.line == 3 and "prefix matches nowhere" in problem.message
    assert "fix `prefix:`" in problem.hint
    assert [n.slug for n in found.notes] == [f"{doc.id}-n"]  # still anchored by its quote


def test_deep_markdown_is_reported_per_file(tmp_path, seed_docs):
    doc = seed_docs[seed("003")]
    deep = note(tmp_path / "annotations", doc.id, "deep", "---\nquote: 要切实做到外防输入、内防扩散\nauthor: A\ndate: 2026-11-25\n---\n\n" + DEEP)
    note(tmp_path / "annotations", doc.id, "fine", "---\nquote: 内防扩散\nauthor: B\ndate: 2026-11-25\n---\n\nB\n")
    found = load_annotations(tmp_path / "annotations", seed_docs, set())
    assert [str(p.path) for p in found.problems] == [str(deep)] and "nested too deeply" in found.problems[0].message
    assert [n.slug for n in found.notes] == [f"{doc.id}-fine"]
    (tmp_path / "briefings").mkdir()
    brief = tmp_path / "briefings" / "deep.md"
    brief.write_text("---\ntitle: 深\nauthor: A\ndate: 2026-11-25\n---\n\n" + DEEP, encoding="utf-8")
    briefs, problems = load_briefings(tmp_path / "briefings", seed_docs, set())
    assert len(briefs) == 1 and [str(p.path) for p in problems] == [str(brief)]
    (tmp_path / "glossary").mkdir()
    entry = tmp_path / "glossary" / "deep.yml"
    entry.write_text("term: 深层\ncategory: principle\ndefinition: |\n" + "".join("  " + line + "\n" for line in DEEP.splitlines()), encoding="utf-8")
    glossary, problems = check_glossary(tmp_path / "glossary")
    assert [(str(p.path), p.line) for p in problems] == [(str(entry), 3)]
    assert "deep" in glossary.entries  # kept: its page shows the definition as plain text
    from tifa import escape

    assert escape.markdown(glossary.entries["deep"].definition).startswith("<p>")


def test_build_goes_on_past_a_deep_note_and_strict_fails_on_a_stray_prefix(tmp_path):
    """Both notes in one project: each is reported as a warning (so --strict fails), and without
    --strict the site is built past both."""
    root = copy_project(tmp_path / "project")
    doc_id = seed("003")
    note(root / "annotations", doc_id, "deep", "---\nquote: 要切实做到外防输入、内防扩散\nauthor: Z\ndate: 2026-11-25\n---\n\n" + DEEP)
    note(root / "annotations", doc_id, "stray", "---\nquote: 要切实做到外防输入、内防扩散\nprefix: 完全不在文中\nauthor: Z\ndate: 2026-11-25\n---\n\nB\n")
    result = run_build(root / "mkdocs.yml", tmp_path / "site", quiet=False)
    assert result.returncode != 0 and "RecursionError" not in result.stderr
    for report in (f"annotations/{doc_id}/deep.md:1:1: the note's Markdown is nested too deeply",
                   f"annotations/{doc_id}/stray.md:3:1: prefix matches nowhere"):
        assert re.search(r"^WARNING\b.*" + re.escape(report), result.stderr, re.MULTILINE), report  # --strict: a warning
    result = run_build(root / "mkdocs.yml", tmp_path / "site2", "--no-strict")
    assert result.returncode == 0 and (tmp_path / "site2" / "documents" / doc_id / "index.html").exists()
