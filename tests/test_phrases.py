"""Glossary, mining and linking (issue 4)."""

import pytest
from conftest import seed
from hypothesis import given, settings
from hypothesis import strategies as st
from tifa.errors import DataFileError
from tifa.glossary import check_glossary, load_glossary
from tifa.link import Linker, link_corpus
from tifa.mine import MineConfig, Phrase, PhraseTable, find_enumerations, mine
from tifa.model import Damage
from tifa.normalize import NormalizeConfig
from tifa.pipeline import build_document
from tifa.segment import Segmenter
from tifa.site.inline import render_inline


@pytest.fixture(scope="module")
def linked(seed_docs, project):
    docs = list(seed_docs.values())
    table = mine(docs, load_glossary(project.glossary_dir), MineConfig.default())
    marks = link_corpus(docs, table)
    return table, marks


def docs_of(table, slug):
    return [d[:3] for d in table.phrases[slug].doc_ids]


def test_acceptance_on_the_seeds(linked):
    table, _ = linked
    assert docs_of(table, "lian-fang-lian-kong") == ["000", "001", "002", "003", "004"]
    assert docs_of(table, "qun-fang-qun-kong") == ["000", "001", "002", "003"]
    assert docs_of(table, "wai-fang-shu-ru-nei-fang-kuo-san") == ["003", "004"]
    early = table.phrases["zao-fa-xian-zao-bao-gao-zao-ge-li-zao-zhi-liao"]
    assert [d[:3] for d in early.doc_ids] == ["000", "001", "003"]
    surfaces = {o.surface for o in early.occurrences}
    assert {"早发现、早报告、早隔离、早治疗", "早排查、早发现、早隔离、早治疗", "早发现、早报告、早隔离、早诊断、早治疗、早控制"} <= surfaces


def test_001_links_only_through_normalization(seed_docs, linked):
    _, marks = linked
    doc = seed_docs[seed("001")]
    linked_text = {doc.text[m.start : m.end] for m in marks[doc.id]}
    assert "联防联控" in linked_text and "联防联控" not in doc.original


def test_phrase_in_one_document_only_is_not_linked_unless_curated(linked):
    table, _ = linked
    for p in table.phrases.values():
        assert p.curated or len(p.doc_ids) >= 2, p.term
    assert table.phrases["wu-bao-yi"].doc_ids == [seed("001")]  # curated, one document, still linked


def test_everyday_words_and_names_are_never_linked(linked):
    table, _ = linked
    terms = {p.term for p in table.phrases.values()}
    assert not terms & {"疫情防控", "会议", "工作", "习近平总书记", "疫情防控工作"}


def test_enumeration_patterns():
    found = [s for _, _, s in find_enumerations("坚决做到早发现、早报告、早处置，早发现、早报告、早隔离、早治疗和集中救治，各县区委、县区人民政府")]
    assert found == ["早发现、早报告、早处置", "早发现、早报告、早隔离、早治疗"]


def test_glossary_errors_name_file_and_line(tmp_path):
    (tmp_path / "a.yml").write_text("term: 联防联控\ncategory: slogan\ndefinition: x\ncolour: red\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("term: 群防群控\ncategory: motto\ndefinition: x\n", encoding="utf-8")
    (tmp_path / "c.yml").write_text("term: 外防输入\ncategory: slogan\ndefinition: x\nrelations:\n  see_also: [nope]\n", encoding="utf-8")
    (tmp_path / "d.yml").write_text("term: 内防扩散\nvariants: [外防输入]\ncategory: slogan\ndefinition: x\n", encoding="utf-8")
    _, problems = check_glossary(tmp_path)
    lines = {(p.path.rsplit("/", 1)[-1], p.line, p.message.split(" ")[0]) for p in problems}
    assert ("a.yml", 4, "unknown") in lines
    assert ("b.yml", 2, "unknown") in lines
    assert any("already listed" in p.message and "外防输入" in p.message for p in problems)
    assert any(p.path.endswith("c.yml") and p.line == 5 and "nope" in p.message for p in problems)
    with pytest.raises(DataFileError):
        load_glossary(tmp_path)


def test_the_shipped_glossary_is_valid(project):
    glossary, problems = check_glossary(project.glossary_dir)
    assert problems == [] and len(glossary.entries) >= 20
    assert glossary.entries["wai-fang-shu-ru"].pinyin == "wài fáng shū rù"


def test_user_dictionary_keeps_directives_whole():
    plain = Segmenter()
    ours = Segmenter(["外防输入", "联防联控"])
    assert "外防输入" not in plain.cut("要切实做到外防输入、内防扩散")
    assert "外防输入" in ours.cut("要切实做到外防输入、内防扩散")
    assert "联防联控" in ours.cut("落实联防联控措施")



def test_tokenizers_copied_from_memory_segment_like_ones_loaded_from_jieba(seed_docs):
    # Tokenizers after the first copy jieba's main dictionary; words taught to one
    # (or to the global tokenizer Material's search uses) must not leak into another.
    import jieba
    from tifa.segment import register_with_global_jieba

    register_with_global_jieba(["切实做到"])
    ours = Segmenter(["外防输入", "内防扩散"])
    loaded = jieba.Tokenizer()
    for word in ("外防输入", "内防扩散"):
        loaded.add_word(word, 50_000)
    text = "".join(d.text for d in seed_docs.values())
    assert ours.cut(text) == tuple(loaded.cut(text, HMM=False))
    assert "切实做到" in jieba.lcut("要切实做到外防输入") and "切实做到" not in ours.cut("要切实做到外防输入")

def _table(*terms, curated=True):
    return PhraseTable({f"p{i}": Phrase(f"p{i}", t, "slogan", curated) for i, t in enumerate(terms)})


def _doc(text):
    return build_document(text, "d", NormalizeConfig.from_files(steps=["whitespace"]))


def test_longest_match_wins_and_matches_do_not_overlap():
    linker = Linker(_table("联防联控", "联防联控机制", "机制紧急"))
    assert linker.matches("国务院联防联控机制紧急召开") == [(3, 9, "p1")]


def test_no_link_in_headings_or_damage():
    doc = _doc("一、落实联防联控\n要落实联防联控，XX联防联控。")
    doc.damage = [Damage(doc.text.index("XX") + 1, doc.text.index("XX") + 4, "placeholder", "X联防", "test")]
    marks = Linker(_table("联防联控")).link(doc)
    assert [doc.text[m.start : m.end] for m in marks] == ["联防联控"]
    assert doc.paragraph_at(marks[0].start).kind == "text"


def test_mined_phrase_never_splits_a_jieba_word():
    doc = _doc("他们在会议上发言。")
    # 议上发 is not a word boundary pair in jieba's segmentation of this sentence.
    assert Linker(_table("议上发", curated=False)).link(doc) == []
    assert Linker(_table("议上发", curated=True)).link(doc) != []


PROPERTY_LINKER = None


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="联防控群外输入内扩散早发现报告，。、ab\n", max_size=60))
def test_linking_preserves_text(text):
    global PROPERTY_LINKER
    PROPERTY_LINKER = PROPERTY_LINKER or Linker(_table("联防联控", "群防群控", "外防输入", "早发现、早报告", "防控"))
    linker = PROPERTY_LINKER
    doc = _doc(text)
    marks = linker.link(doc)
    html = render_inline(doc.text, marks, {"phrase": lambda m: ("<a>", "</a>")})
    import re
    from html import unescape

    assert unescape(re.sub(r"</?a>", "", html)) == doc.text


def test_curation_candidates_are_capped_keeping_the_most_widespread(seed_docs):
    from conftest import ROOT

    docs, glossary = list(seed_docs.values()), load_glossary(ROOT / "glossary")
    full = mine(docs, glossary, MineConfig.default(listed_per_kind=10_000))
    capped = mine(docs, glossary, MineConfig.default(listed_per_kind=5))
    kinds = {p.kind for p in full.unlinked}
    assert any(sum(p.kind == k for p in full.unlinked) > 5 for k in kinds)
    for kind in kinds:  # each kind's list is cut to its most widespread five, in the same order
        assert [p.term for p in capped.unlinked if p.kind == kind] == [p.term for p in full.unlinked if p.kind == kind][:5]
    assert list(capped.phrases) == list(full.phrases)  # linking is not affected


def test_the_phrase_index_names_a_mined_phrases_kind_not_its_origin_twice():
    from tifa.messages import messages
    from tifa.mine import Occurrence
    from tifa.site.phrases import render_phrase_index

    doc = build_document("各地坚持联防联控。", "d1")
    mined = Phrase("lian-fang-lian-kong", "联防联控", "mined", False, kind="formulation",
                   occurrences=[Occurrence("d1", "", 2, 6, "联防联控")])
    page = render_phrase_index(PhraseTable({mined.slug: mined}), {"d1": doc}, messages("zh"))
    row = page[page.index("联防联控</a></td>"):].split("</tr>")[0]
    # The category column says what it is (提法); the origin column says who found it.
    assert "<td>提法</td>" in row and "<td>自动</td>" in row and "自动发现" not in row


def test_a_curators_judgement_keeps_a_mined_phrase_from_being_linked(tmp_path):
    from tifa.messages import messages
    from tifa.mine.table import load_table, save_table
    from tifa.site.phrases import render_phrase_index

    places = ["甲地", "乙区", "丙县", "丁市", "戊镇"]
    verbs = ["坚持", "贯彻", "践行", "弘扬", "树立"]
    docs = []
    for i, place in enumerate(places):
        doc = build_document(f"{place}{verbs[i]}新发展理念{'，。；！？'[i]}{['推动', '促进', '实现', '推进', '加快'][i]}"
                             f"{place}高质量发展{'。，；！？'[i]}", f"d{i}")
        doc.meta.place = place
        docs.append(doc)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "新发展理念" in {p.term for p in mine(docs, load_glossary(empty), MineConfig.default()).phrases.values()}

    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "xin-fa-zhan-li-nian.yml").write_text("term: 新发展理念\nkind: term\nnotes: 试判\n", encoding="utf-8")
    glossary, problems = check_glossary(folder)
    assert problems == []
    table = mine(docs, glossary, MineConfig.default())
    assert "新发展理念" not in {p.term for p in table.phrases.values()}
    judged = [p for p in table.unlinked if p.term == "新发展理念"]
    assert len(judged) == 1 and judged[0].curated and judged[0].kind == "term" and judged[0].evidence.code == "judged"
    assert judged[0].doc_ids == [d.id for d in docs]
    assert "高质量发展" in {p.term for p in table.phrases.values()}  # the rest is mined as before
    page = render_phrase_index(table, {d.id: d for d in docs}, messages("zh"))
    listed = page[page.index('id="kind-term"'):]
    assert listed.index("新发展理念") < listed.index("</ul>") and "编者判定" in listed.split("</ul>")[0]
    # A saved table read back takes its judgements from the glossary as it is now.
    save_table(table, docs, glossary, tmp_path / "t.json")
    again, _ = load_table(tmp_path / "t.json", glossary, docs)
    assert [(p.term, p.kind, p.curated) for p in again.unlinked if p.curated] == [("新发展理念", "term", True)]
    assert "新发展理念" not in {p.term for p in again.phrases.values()}


def test_a_judgement_is_checked_like_any_entry(tmp_path):
    (tmp_path / "a.yml").write_text("term: 社会主义\nkind: thing\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("term: 科技创新\nkind: term\n", encoding="utf-8")
    (tmp_path / "c.yml").write_text("term: 联防联控\ncategory: slogan\ndefinition: x\nrelations:\n  see_also: [b]\n",
                                    encoding="utf-8")
    glossary, problems = check_glossary(tmp_path)
    found = {(p.path.rsplit("/", 1)[-1], p.line): p.message for p in problems}
    assert "unknown kind" in found[("a.yml", 2)]
    assert "judged a term" in found[("c.yml", 5)]
    assert glossary.entries["b"].judged and not any(p.path.endswith("b.yml") for p in problems)
