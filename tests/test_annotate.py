"""Annotations: format errors with path:line:col, anchoring in both scripts, re-anchoring, sanitizing."""

import pytest
from conftest import seed
from tifa.annotate import anchor, load_annotations, new_annotation_template, parse_annotation
from tifa.escape import markdown as sanitize
from tifa.normalize import NormalizeConfig
from tifa.pipeline import build_document


def write(root, doc_id, name, text):
    path = root / doc_id / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD = "---\nquote: {quote}\nauthor: A\ndate: 2026-11-25\n{extra}---\n\nBody.\n"


@pytest.fixture
def docs(seed_docs):
    return seed_docs


def problems_for(tmp_path, docs, doc_id, text, phrases=frozenset({"wu-bao-yi"})):
    write(tmp_path, doc_id, "n", text)
    return load_annotations(tmp_path, docs, set(phrases)).problems


@pytest.mark.parametrize(
    "extra, line, fragment",
    [
        ("colour: red\n", 5, "unknown field 'colour'"),
        ("tags: 5\n", 5, "tags must be a list"),
        ("phrases: [no-such-phrase]\n", 5, "unknown phrase 'no-such-phrase'"),
    ],
)
def test_field_errors_have_path_line_col(tmp_path, docs, extra, line, fragment):
    [problem] = problems_for(tmp_path, docs, seed("003"), GOOD.format(quote="外防输入、内防扩散", extra=extra))
    assert problem.format().startswith(f"{tmp_path / seed('003') / 'n.md'}:{line}:1: ")
    assert fragment in problem.message


def test_bad_date_and_missing_field(tmp_path, docs):
    [bad_date] = problems_for(tmp_path, docs, seed("003"), "---\nquote: 外防输入\nauthor: A\ndate: 2026-02-30\n---\n")
    assert (bad_date.line, "not a real date" in bad_date.message) == (4, True)
    [missing] = problems_for(tmp_path, docs, seed("003"), "---\nquote: 外防输入\ndate: 2026-01-01\n---\n")
    assert "missing field 'author'" in missing.message and missing.line == 2


def test_unknown_document(tmp_path, docs):
    [problem] = problems_for(tmp_path, docs, "999_nope", GOOD.format(quote="联防联控", extra=""))
    assert "unknown document '999_nope'" in problem.message and problem.line == 1


def test_ambiguous_quote_asks_for_context(tmp_path, docs):
    [problem] = problems_for(tmp_path, docs, seed("003"), GOOD.format(quote="联防联控", extra=""))
    assert "ambiguous" in problem.message and "prefix" in problem.hint and problem.line == 2
    assert problems_for(tmp_path, docs, seed("003"), GOOD.format(quote="联防联控", extra="suffix: 措施，构筑\n")) == []


def test_orphan_suggests_the_nearest_passage(tmp_path, docs):
    [problem] = problems_for(tmp_path, docs, seed("003"), GOOD.format(quote="众志成城打赢疫情保卫战", extra=""))
    assert problem.message.startswith("orphan") and "nearest passage" in problem.hint


def test_overlapping_notes_by_one_author(tmp_path, docs):
    write(tmp_path, seed("003"), "a", GOOD.format(quote="外防输入、内防扩散", extra=""))
    write(tmp_path, seed("003"), "b", GOOD.format(quote="切实做到外防输入", extra=""))
    problems = load_annotations(tmp_path, docs, set()).problems
    assert len(problems) == 1 and "by the same author" in problems[0].message
    assert {problems[0].path.rsplit("/", 1)[-1], problems[0].message.split()[1]} == {"a.md", "b.md"}


def test_traditional_original_anchors_on_the_simplified_text(tmp_path, docs):
    doc = docs[seed("001")]
    for quote in ("嚴格落實“五包一”工作制度", "嚴(yán)格落實(shí)“五包一”工作制度"):
        path = write(tmp_path, doc.id, "x", GOOD.format(quote=quote, extra=""))
        note, problems = parse_annotation(path, tmp_path)
        where, _ = anchor(note, doc)
        assert problems == [] and doc.text[where.start : where.end] == "严格落实“五包一”工作制度"


def test_an_edited_text_re_anchors_or_orphans(tmp_path):
    config = NormalizeConfig.from_files()
    before = "一要提高政治站位。二要扎实排查摸底，要切实做到外防输入、内防扩散。三要及时监测救治。"
    path = write(tmp_path, "d", "x", GOOD.format(quote="要切实做到外防输入、内防扩散", extra=""))
    note, _ = parse_annotation(path, tmp_path)
    edited = build_document(before.replace("要切实做到", "要切实地做到"), "d", config)
    where, _ = anchor(note, edited)
    assert where.method == "fuzzy" and "外防输入、内防扩散" in edited.text[where.start : where.end]
    gone = build_document("一要提高政治站位。三要及时监测救治。", "d", config)
    assert anchor(note, gone) == (None, [])


def test_fuzzy_re_anchoring_is_reported_as_a_warning(tmp_path, docs):
    write(tmp_path, seed("003"), "n", GOOD.format(quote="要切实地做到外防输入、内防扩散", extra=""))
    result = load_annotations(tmp_path, docs, set())
    assert result.problems == [] and "re-anchored" in result.warnings[0].message


@pytest.mark.parametrize(
    "payload, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<iframe src="https://example.org"></iframe>', "<iframe"),
        ('<a href="https://example.org" onclick="alert(1)">x</a>', "onclick"),
        ("<style>body{display:none}</style>", "<style"),
        ('<svg onload="alert(1)"></svg>', "onload"),
    ],
)
def test_sanitizer_removes_active_content(payload, forbidden):
    assert forbidden not in sanitize(payload).lower()


def test_links_get_nofollow_noopener():
    html = sanitize("[source](https://example.org)")
    assert 'href="https://example.org"' in html and "nofollow" in html and "noopener" in html


def test_template_fills_context_when_ambiguous(docs):
    text = new_annotation_template(docs[seed("003")], "联防联控")
    assert "prefix:" in text and "suffix:" in text and text.startswith("---\nquote: '联防联控'")


def test_the_shipped_examples_anchor(project, docs):
    from tifa.glossary import load_glossary

    result = load_annotations(project.annotations_dir, docs, set(load_glossary(project.glossary_dir).entries))
    assert result.problems == [] and len(result.notes) >= 4
    methods = {n.slug.split("-", 1)[1]: result.anchors[n.slug].method for n in result.notes}
    assert methods["wu-bao-yi"] == "script"
