"""Briefings: reference resolution, file:line errors, and the rendered page."""

import json
import re
import shutil
from html import escape, unescape

import pytest
from conftest import ROOT, seed
from tifa.brief import PassageRef, load_briefings, parse_briefing, resolve
from tifa.brief.render import render_briefing
from tifa.cli import main
from tifa.glossary import load_glossary

HEAD = "---\ntitle: T\nauthor: A\ndate: 2026-11-25\n---\n"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "glossary")


def brief_problems(tmp_path, docs, body, head=HEAD, phrases=frozenset({"wai-fang-shu-ru-nei-fang-kuo-san"})):
    path = tmp_path / "b.md"
    path.write_text(head + body, encoding="utf-8")
    brief, problems = parse_briefing(path)
    if brief is None:
        return path, problems
    return path, resolve(brief, docs, set(phrases))[1]


def test_example_briefing_resolves_passages_from_003_and_004(seed_docs, glossary):
    briefs, problems = load_briefings(ROOT / "briefings", seed_docs, set(glossary.entries))
    assert problems == []
    [(brief, resolved)] = [(b, r) for b, r in briefs if b.slug == "wai-fang-shu-ru-nei-fang-kuo-san"]
    assert [r.doc.id for r in resolved] == [seed("003"), seed("004")]
    for r in resolved:
        assert r.doc.text[r.start:r.end] == r.ref.quote
        assert all(p.start <= r.start < p.end or r.start <= p.start for p in r.paragraphs)


def test_reference_by_paragraph_id_and_by_quote_agree(tmp_path, seed_docs):
    doc = seed_docs[seed("004")]
    quote = "外防输入、内防扩散、严防外溢"
    para = next(p for p in doc.paragraphs if quote in p.text)
    path = tmp_path / "b.md"
    path.write_text(HEAD + f'\n::: passage {doc.id}#{para.id}\n\n::: passage {doc.id} "{quote}"\n', encoding="utf-8")
    brief, problems = parse_briefing(path)
    resolved, problems = resolve(brief, seed_docs, set())
    assert problems == []
    by_id, by_quote = resolved
    assert [p.id for p in by_id.paragraphs] == [p.id for p in by_quote.paragraphs] == [para.id]
    assert (by_id.start, by_id.end) == (para.start, para.end)


@pytest.mark.parametrize(
    "body, line, column, fragment",
    [
        ("\nintro\n\n::: passage 999_nope#p-000000\n", 9, 5, "unknown document '999_nope'"),
        ("\n::: passage {d003}#p-zzzzzz\n", 7, 5, "no paragraph 'p-zzzzzz'"),
        ('\n\n\n::: passage {d003} "并不存在的一句话"\n', 9, 5, "not found exactly once"),
        ('\n::: passage {d003} "联防联控"\n', 7, 5, "not found exactly once"),
        ("\n::: phrase no-such-phrase\n", 7, 5, "unknown phrase 'no-such-phrase'"),
        ('\n::: passage {d003} "unclosed\n', 7, 5, "cannot read passage reference"),
        ("\n::: passage {d003}\n", 7, 5, "a passage is"),
    ],
)
def test_broken_references_name_file_and_line(tmp_path, seed_docs, body, line, column, fragment):
    path, problems = brief_problems(tmp_path, seed_docs, body.format(d003=seed("003")))
    [problem] = problems
    assert fragment in problem.message
    assert problem.format().startswith(f"{path}:{line}:{column}: ")
    assert problem.hint


def test_ambiguous_quote_hint_counts_matches(tmp_path, seed_docs):
    _, [problem] = brief_problems(tmp_path, seed_docs, f'\n::: passage {seed("003")} "联防联控"\n')
    assert "times" in problem.hint


@pytest.mark.parametrize(
    "head, line, fragment",
    [
        ("---\ntitle: T\nauthor: A\ndate: 2026-02-30\n---\n", 4, "not a real date"),
        ("---\ntitle: T\ndate: 2026-01-01\n---\n", 2, "missing field 'author'"),
        ("---\ntitle: T\nauthor: A\ndate: 2026-01-01\ncolour: red\n---\n", 5, "unknown field 'colour'"),
        ("---\ntitle: T\nauthor: A\ndate: 2026-01-01\nkey_terms: x\n---\n", 5, "key_terms must be a list"),
        ("no front matter\n", 1, "no YAML front matter"),
    ],
)
def test_front_matter_errors(tmp_path, seed_docs, head, line, fragment):
    _, problems = brief_problems(tmp_path, seed_docs, "", head=head)
    assert any(fragment in p.message and p.line == line for p in problems), [p.format() for p in problems]


def test_unknown_key_term(tmp_path, seed_docs):
    head = "---\ntitle: T\nauthor: A\ndate: 2026-01-01\nkey_terms: [nope]\n---\n"
    _, [problem] = brief_problems(tmp_path, seed_docs, "", head=head)
    assert "unknown key term 'nope'" in problem.message and problem.line == 5


def test_rendered_briefing_cites_each_passage_and_lists_its_directives(seed_docs, glossary):
    from tifa.site.document import citation
    from tifa.workflow import Project, build_site

    briefs, _ = load_briefings(ROOT / "briefings", seed_docs, set(glossary.entries))
    brief, resolved = briefs[0]
    from tifa.mine import mine

    page = render_briefing(brief, resolved, mine(list(seed_docs.values()), glossary).phrases, {})
    for r in resolved:
        assert escape(citation(r.doc)) in page
        assert f"documents/{r.doc.id}/#{r.paragraphs[0].id}" in page
        assert f'<mark class="tifa-quoted">{r.ref.quote}</mark>' in page
    assert "讨论题" in page and brief.questions[0] in page
    assert glossary.entries["wai-fang-shu-ru-nei-fang-kuo-san"].definition.split()[0] in page

    # In the full build the passages carry the site's phrase links, and the
    # generated glossary lists the directives found in them.
    site = build_site(Project.at(ROOT), lambda problem: pytest.fail(problem.format()))
    built = site.pages[f"briefings/{brief.slug}.md"]
    assert 'class="tifa-phrase"' in built
    glossary_part = built.split("{#glossary}")[1]
    assert "外防输入、内防扩散" in glossary_part and "联防联控" in glossary_part


def test_tifa_check_reports_broken_briefing(tmp_path, capsys):
    for folder in ("source_texts", "glossary"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "briefings").mkdir()
    (tmp_path / "briefings" / "bad.md").write_text(HEAD + f"\n::: passage {seed('003')}#p-zzzzzz\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "check", "--format", "json"]) == 1
    [problem] = json.loads(capsys.readouterr().out)["problems"]
    assert problem["path"].endswith("briefings/bad.md") and problem["line"] == 7


def test_passage_refs_keep_their_source_lines(tmp_path):
    path = tmp_path / "b.md"
    path.write_text(HEAD + "\nprose\n\n::: passage X#p-1\n\nmore\n\n::: passage Y \"q\"\n", encoding="utf-8")
    brief, problems = parse_briefing(path)
    refs = [item for item in brief.body if isinstance(item, PassageRef)]
    assert [(r.line, r.doc_id, r.paragraph_id, r.quote) for r in refs] == [(9, "X", "p-1", None), (13, "Y", None, "q")]


def test_passage_with_original_prints_the_source_script(tmp_path, seed_docs):
    doc = seed_docs[seed("001")]
    para = next(p for p in doc.paragraphs if p.kind == "text" and len(p.text) > 40)
    path = tmp_path / "b.md"
    path.write_text(HEAD + f"\n::: passage {doc.id}#{para.id} original\n\n::: passage {doc.id}#{para.id}\n", encoding="utf-8")
    brief, _ = parse_briefing(path)
    resolved, problems = resolve(brief, seed_docs, set())
    assert problems == [] and [r.ref.with_original for r in resolved] == [True, False]
    page = render_briefing(brief, resolved, {}, {})
    with_orig, plain = page.split('<figure class="tifa-passage')[1:3]
    o_start, o_end = doc.to_original(para.start, para.end)
    source = doc.original[o_start:o_end]
    assert "tifa-passage-orig" in with_orig and "tifa-passage-orig" not in plain
    # The traditional source (with its pinyin glosses) is in the original column, tags aside.
    original_text = re.sub(r"<[^>]+>", "", with_orig.split('class="tifa-passage-orig"')[1])
    assert source[:20] in unescape(original_text)
    assert source[:20] != para.text[:20]
