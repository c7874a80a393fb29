"""What `mkdocs serve` keeps between builds (tifa.memory): a served site equals a fresh build after any edit."""

import shutil
from dataclasses import replace

import pytest
from conftest import ROOT
from tifa.link import link_corpus
from tifa.memory import ServeMemory
from tifa.mine import Occurrence, Phrase, PhraseTable
from tifa.normalize import NormalizeConfig
from tifa.pipeline import build_document
from tifa.workflow import Project, build_site

ANNOTATED = "003_50370538e6630bbc"  # a seed with a sidecar title and a note on 外防输入、内防扩散


def test_a_phrases_documents_are_those_of_the_second_linking_pass():
    """Dropping the rare phrases and linking again moves 丁戊 from x to y: the same number of
    occurrences, other documents. Its document list must follow (it once kept ['x', 'z'])."""
    docs = [build_document(f"标题\n\n{text}。\n", doc_id) for doc_id, text in (("x", "甲丁戊"), ("y", "乙丙丁戊"), ("z", "丁戊"))]
    mined = {slug: Phrase(slug, term, "mined", False) for slug, term in (("k", "乙丙丁"), ("k2", "甲丁戊"), ("s", "丁戊"))}
    table = PhraseTable({**mined, "m": Phrase("m", "丙丁戊", "slogan", True)})
    link_corpus(docs, table, min_docs=2)
    assert set(table.phrases) == {"m", "s"}
    assert table.phrases["s"].doc_ids == sorted({o.doc_id for o in table.phrases["s"].occurrences}) == ["y", "z"]


def test_a_phrases_documents_follow_each_assignment_of_its_occurrences():
    phrase = Phrase("s", "丁戊", "mined", False, occurrences=[Occurrence("x", "", 0, 2, "丁戊")])
    assert phrase.doc_ids == ["x"]
    phrase.occurrences = [Occurrence("y", "", 0, 2, "丁戊")]  # as long as before
    assert phrase.doc_ids == ["y"]


def _project(tmp_path) -> Project:
    for name in ("source_texts", "glossary", "annotations", "briefings"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return Project.at(tmp_path, cache_dir=tmp_path / "cache")


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path, old, new):
    before = path.read_text(encoding="utf-8")
    assert old in before
    path.write_text(before.replace(old, new), encoding="utf-8")


def _corrections(project: Project) -> Project:
    _replace(project.source_dir / "corrections.yml", "reading: 县", "reading: 市")
    return replace(project, normalize=NormalizeConfig.from_files(correction_files=[project.source_dir / "corrections.yml"]))


EDITS = {
    "text": lambda p: _append(p.source_dir / f"{ANNOTATED}.txt", "\n要坚持外防输入、内防扩散，做好联防联控。\n") or p,
    # The formula's expansion is counted per text: the served count must see the edited one's.
    "text spelling out a formula": lambda p: _append(p.source_dir / "002_cbe4c6c050baa6b6.txt",
                                                     "\n要增强“四个意识”，即政治意识、大局意识、核心意识、看齐意识。\n") or p,
    "sidecar": lambda p: _replace(p.source_dir / f"{ANNOTATED}.yml", "title: 秦州区委常委会会议", "title: 秦州区委会议") or p,
    "annotation": lambda p: _append(p.annotations_dir / ANNOTATED / "wai-fang-shu-ru.md", "\nA sentence added.\n") or p,
    # Anchored to the same passage (so the same marks and note), but listed under the page as written.
    "annotation quote in the other script": lambda p: _replace(p.annotations_dir / ANNOTATED / "wai-fang-shu-ru.md",
                                                               "quote: 要切实做到外防输入、内防扩散",
                                                               "quote: 要切實做到外防輸入、內防擴散") or p,
    "glossary entry": lambda p: _replace(p.glossary_dir / "wai-fang-shu-ru.yml", "guard against imported cases",
                                         "keep imported cases out") or p,
    "briefing": lambda p: _replace(p.briefings_dir / "wai-fang-shu-ru-nei-fang-kuo-san.md", "eighteen months", "nineteen months") or p,
    "corrections": _corrections,
    "text removed": lambda p: (p.source_dir / "000_1e793f003b422112.txt").unlink() or p,
    "text added": lambda p: shutil.copy(p.source_dir / f"{ANNOTATED}.txt", p.source_dir / "005_copy.txt") and p,
    "config option": lambda p: replace(p, min_docs=3),
    "interface language": lambda p: replace(p, language="en"),  # mkdocs.yml theme.language
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_after_each_kind_of_edit_the_served_site_is_a_fresh_build(tmp_path, edit):
    project = _project(tmp_path)
    memory = ServeMemory()
    before = build_site(project, report=print, memory=memory)
    assert build_site(project, report=print, memory=memory).pages == before.pages  # nothing changed
    project = EDITS[edit](project)
    served = build_site(project, report=print, memory=memory)
    fresh = build_site(replace(project, cache_dir=tmp_path / "fresh"), report=print)
    assert served.pages != before.pages or served.files != before.files
    assert served.pages == fresh.pages and served.files == fresh.files and served.home == fresh.home


def test_after_a_markdown_front_matter_edit_the_served_site_is_a_fresh_build(tmp_path):
    project = _project(tmp_path)
    source = project.source_dir / "006_notice.md"
    source.write_text("---\ntitle: 关于做好联防联控工作的通知\ndate: 2020-02-01\nissuer: 某县人民政府\n---\n\n"
                      "# 关于做好联防联控工作的通知\n\n各乡镇要坚持外防输入、内防扩散，做好联防联控。\n", encoding="utf-8")
    memory = ServeMemory()
    before = build_site(project, report=print, memory=memory)
    _replace(source, "date: 2020-02-01\nissuer: 某县人民政府", "date: 2020-03-05\nissuer: 某市人民政府")
    served = build_site(project, report=print, memory=memory)
    fresh = build_site(replace(project, cache_dir=tmp_path / "fresh"), report=print)
    assert served.pages != before.pages
    assert served.pages == fresh.pages and served.files == fresh.files and served.home == fresh.home


def test_a_formula_linked_only_now_finds_its_expansion_in_a_text_that_did_not_change():
    """The first build links 四个自信 alone; the second links 四个意识 too, spelled out in an unchanged
    text: that text's expansions must be looked for again (they were counted for other formulas)."""
    from tifa.mine import spell_out

    docs = [build_document(f"标题\n\n要增强“四个意识”，即政治意识、大局意识、核心意识、看齐意识。第{i}段。\n", f"d{i}")
            for i in range(2)]
    memory = ServeMemory()

    def table(*terms: str) -> PhraseTable:
        return PhraseTable({f"p{i}": Phrase(f"p{i}", term, "numbered-formula", True) for i, term in enumerate(terms)})

    with memory.build():
        spell_out(docs, table("四个自信"), memory)
    with memory.build():
        spell_out(docs, linked := table("四个自信", "四个意识"), memory)
    assert linked.phrases["p1"].expansion == "政治意识、大局意识、核心意识、看齐意识"


def test_a_phrase_page_shows_a_notes_document_under_its_new_sidecar_title(tmp_path):
    """The note is on a text the phrase does not occur in: the page changes with that text's title all the same."""
    project = _project(tmp_path)
    doc = "000_1e793f003b422112"
    (project.annotations_dir / doc).mkdir()
    (project.annotations_dir / doc / "wu-bao-yi-elsewhere.md").write_text(
        "---\nquote: 要求和区委区政府的部署\nauthor: tifa editors\ndate: 2026-12-01\nphrases: [wu-bao-yi]\n---\n\nCompare 五包一.\n",
        encoding="utf-8")
    (project.source_dir / f"{doc}.yml").write_text("date: 2020-01-23\ntitle: 第一个标题\n", encoding="utf-8")
    memory = ServeMemory()
    page = "phrases/wu-bao-yi.md"
    assert "第一个标题" in build_site(project, report=print, memory=memory).pages[page]
    (project.source_dir / f"{doc}.yml").write_text("date: 2020-01-23\ntitle: 第二个标题\n", encoding="utf-8")
    served = build_site(project, report=print, memory=memory).pages[page]
    assert "第二个标题" in served and "第一个标题" not in served


def test_a_document_page_is_reused_until_a_note_on_it_changes(tmp_path, monkeypatch):
    from tifa.site import build

    project = _project(tmp_path)
    memory = ServeMemory()
    build_site(project, report=print, memory=memory)
    rendered = []
    real = build.render_document
    monkeypatch.setattr(build, "render_document", lambda doc, ctx: rendered.append(doc.id) or real(doc, ctx))
    build_site(project, report=print, memory=memory)
    assert rendered == []  # nothing changed: every page is the last build's
    _replace(project.annotations_dir / ANNOTATED / "wai-fang-shu-ru.md", "house-to-house screening", "door-to-door checks")
    page = build_site(project, report=print, memory=memory).pages[f"documents/{ANNOTATED}.md"]
    assert rendered == [ANNOTATED] and "door-to-door checks" in page


def test_the_fold_table_follows_a_change_of_target_script(seed_docs):
    """The same bigrams fold the other way once the site's script changes: nothing of the last build's is kept."""
    from tifa.search import PREFIX, build_search_files

    memory = ServeMemory()
    docs = list(seed_docs.values())
    tables = []
    for script in ("simplified", "traditional"):
        with memory.build():
            live = build_search_files(docs, memory, target_script=script)[f"{PREFIX}/fold.json"]
        assert live == build_search_files(docs, target_script=script)[f"{PREFIX}/fold.json"]
        tables.append(live)
    assert tables[0] != tables[1]


def test_the_fold_table_follows_a_bigram_added_beside_others_of_its_first_character(seed_docs):
    """答谢 first, then 答复 (which OpenCC converts as a phrase) joins the bigrams starting with 答."""
    from tifa.search import PREFIX, build_search_files

    memory = ServeMemory()
    docs = list(seed_docs.values())
    thanks, reply = build_document("某县致谢函\n\n要及时答谢群众。", "thanks"), build_document("某县答复函\n\n要及时答复群众。", "reply")
    for corpus in (docs + [thanks], docs + [thanks, reply]):
        with memory.build():
            live = build_search_files(corpus, memory)[f"{PREFIX}/fold.json"]
        assert live == build_search_files(corpus)[f"{PREFIX}/fold.json"]
    assert "答覆" in live


def test_a_concordance_follows_its_occurrences_in_an_unchanged_document():
    """Same document, same number of uses: the block changes with where they are and what holds them."""
    from tifa.site.phrases import render_phrase_pages

    doc = build_document("标题\n\n甲乙丙，乙丙丁。\n", "x")
    start = doc.text.index("甲乙丙")
    first, second = Occurrence("x", "", start + 1, start + 3, "乙丙"), Occurrence("x", "", start + 5, start + 7, "乙丙")
    outer = {slug: Phrase(slug, term, "slogan", True) for slug, term in (("a", "甲乙丙"), ("b", "乙丙丁"))}

    def page(occurrence: Occurrence, memory: ServeMemory, outer=outer) -> str:
        table = PhraseTable({"s": Phrase("s", "乙丙", "slogan", True, occurrences=[occurrence]), **outer})
        with memory.build():
            return render_phrase_pages(table, {"x": doc}, memory=memory)["phrases/s.md"]

    memory = ServeMemory()
    for occurrence in (first, second, replace(second, via="b"), replace(second, via="a")):
        assert page(occurrence, memory) == page(occurrence, ServeMemory())
    # The longer phrase's term edited (its slug kept): the line says which phrase holds the use.
    renamed = {**outer, "b": Phrase("b", "乙丙丁戊", "slogan", True)}
    page(replace(second, via="b"), memory)
    assert page(replace(second, via="b"), memory, renamed) == page(replace(second, via="b"), ServeMemory(), renamed)
    fresh = [page(o, ServeMemory()) for o in (first, second, replace(second, via="b"))]
    assert len(set(fresh)) == 3 and "在「乙丙丁」中" in fresh[2]


def test_a_note_moved_to_the_other_of_two_equal_passages_moves_its_mark_on_the_served_page(tmp_path):
    """Only the note's mark changes (its prefix picks the other hit of its quote in the same
    paragraph; quote, body and paragraph stay): the served page must follow the mark alone."""
    project = _project(tmp_path)
    (project.source_dir / "007_twice.txt").write_text("关于做好工作的通知\n\n各单位要落实值班制度，各部门也要落实值班制度。\n",
                                                       encoding="utf-8")
    (project.annotations_dir / "007_twice").mkdir()
    note = project.annotations_dir / "007_twice" / "zhi-ban.md"
    note.write_text("---\nquote: 落实值班制度\nprefix: 各单位要\nauthor: tifa editors\ndate: 2026-12-02\n---\n\nOn duty.\n",
                    encoding="utf-8")
    memory = ServeMemory()
    page = "documents/007_twice.md"
    before = build_site(project, report=print, memory=memory)
    _replace(note, "prefix: 各单位要", "prefix: 各部门也要")
    served = build_site(project, report=print, memory=memory)
    fresh = build_site(replace(project, cache_dir=tmp_path / "fresh"), report=print)
    assert served.pages[page] != before.pages[page]  # the mark moved
    assert served.pages == fresh.pages and served.files == fresh.files


def test_a_parallel_moved_in_the_other_document_moves_its_marker_on_the_served_page(tmp_path):
    """A paragraph added to the planted copy before the passage it shares with seed 003: on 003's
    page only the marker beside that passage changes (the ¶ number and link of the copy's paragraph;
    the list of documents, with 003's own share, stays), and the served page must follow it."""
    from reuse_sources import plant

    project = _project(tmp_path)
    copy = plant(project.source_dir)
    memory = ServeMemory()
    page = f"documents/{ANNOTATED}.md"
    before = build_site(project, report=print, memory=memory)
    assert "tifa-parallels" in before.pages[page]
    _replace(copy, "各乡镇：\n\n", "各乡镇：\n\n请各乡镇高度重视。\n\n")
    served = build_site(project, report=print, memory=memory)
    fresh = build_site(replace(project, cache_dir=tmp_path / "fresh"), report=print)
    assert served.pages[page] != before.pages[page]  # the marker's link to the copy moved
    assert served.pages == fresh.pages and served.files == fresh.files


def test_kept_alignments_follow_a_change_of_the_reuse_settings(tmp_path):
    """The same candidate pairs aligned under a stricter similarity: nothing of the last build's alignments is kept."""
    from tifa.reuse import ReuseConfig, find_reuse
    from tifa.reuse.align import AlignConfig

    provision = ("各级人民政府应当加强对农村饮用水安全工作的领导，将其纳入国民经济和社会发展规划，"
                 "保障所需经费，并组织有关部门定期开展水质检测。")
    copy = provision.replace("保障所需经费", "保证所需经费").replace("定期", "按期")
    docs = [build_document(f"甲县通知\n\n{provision}", "a"), build_document(f"乙县通知\n\n{copy}", "b")]
    memory = ServeMemory()
    tables = []
    for config in (ReuseConfig(), ReuseConfig(align=AlignConfig(min_similarity=0.99))):
        with memory.build():
            served = find_reuse(docs, config=config, cache_dir=tmp_path, memory=memory)
        assert served == find_reuse(docs, config=config)
        tables.append(served)
    assert tables[0].parallels and not tables[1].parallels


def test_after_a_text_takes_up_a_listed_phrase_its_served_documents_are_a_fresh_count():
    """The documents of the phrases listed unlinked (terms, names …) are counted per document and
    kept under serve: a text that takes one up must be counted again."""
    from conftest import LAWS, law_document
    from tifa.glossary import Glossary
    from tifa.mine import MineConfig, mine

    paths = sorted(LAWS.glob("*/*.md"))
    docs = [law_document(path, f"law{i}") for i, path in enumerate(paths)]
    config = MineConfig.default(listed_per_kind=20)
    memory = ServeMemory()
    with memory.build():
        before = mine(docs, Glossary({}), config, memory=memory)
    # A listed phrase that the first text lacks, written into it.
    term = next(p.term for p in before.unlinked if "law0" not in p.doc_ids and len(p.doc_ids) >= 2)
    docs[0] = law_document(paths[0], "law0", f"\n\n{term}。\n")
    with memory.build():
        served = mine(docs, Glossary({}), config, memory=memory)
    fresh = mine(docs, Glossary({}), config)
    listed = lambda table: [(p.term, p.kind, p.doc_ids) for p in table.unlinked]  # noqa: E731
    assert "law0" in dict((t, d) for t, _, d in listed(fresh))[term]
    assert listed(served) == listed(fresh)


def test_a_served_documents_reuse_masks_follow_its_text_and_its_phrase_marks():
    """What reuse detection masks in a text (its linked phrases, stock wording) is kept under serve while
    the text, its phrase spans and the stock forms are equal: a change of either must be seen."""
    from types import SimpleNamespace

    from tifa.reuse import corpus_masks

    table = PhraseTable({}, [Phrase("ben-tai", "本台消息", "mined", False, kind="stock")])
    doc = build_document("标题\n\n本台消息：今日天气晴朗，做好联防联控。\n", "x")
    mark = lambda start, end: SimpleNamespace(start=start, end=end, kind="phrase")  # noqa: E731
    memory = ServeMemory()
    with memory.build():
        first = corpus_masks([doc], table, {}, memory)
    # The same phrase spans (none), the stock wording moved by an edit of the text.
    moved = build_document("标题\n\n据报道，本台消息：今日天气晴朗，做好联防联控。\n", "x")
    with memory.build():
        served = corpus_masks([moved], table, {}, memory)
    assert served == corpus_masks([moved], table, {}) != first
    # The same text, a phrase linked in it now.
    start = moved.text.index("联防联控")
    marks = {"x": [mark(start, start + 4)]}
    with memory.build():
        served = corpus_masks([moved], table, marks, memory)
    assert served == corpus_masks([moved], table, marks) and (start, start + 4) in served["x"]
