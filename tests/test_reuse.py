"""Parallel passages: the stage on small hand-made texts, the seeds, the saved table, the pages."""

from __future__ import annotations

from dataclasses import replace

import opencc
import pytest
from conftest import seed
from tifa.pipeline import build_document
from tifa.reuse import ReuseConfig, corpus_masks, find_reuse, masked_spans
from tifa.reuse.keys import fold_table, paragraph_key

# A provision as one text would write it, and another text's copy (re-punctuated, two characters changed).
PROVISION = ("各级人民政府应当加强对农村饮用水安全工作的领导，将其纳入国民经济和社会发展规划，"
             "保障所需经费，并组织有关部门定期开展水质检测。")
COPY = PROVISION.replace("，", ",").replace("保障所需经费", "保证所需经费").replace("定期", "按期")
FILLER_A = "第一条 本文件说明某市的一般情况，与其他文件无关。今年的天气很好，雨水充足。"
FILLER_B = "第一条 这份通知讲的是另一件事情：山上的树木长得很高，河里的鱼也很多。"
FORMULAE = "坚持联防联控、群防群控，做到早发现、早报告、早隔离、早治疗，外防输入、内防扩散。"
LEGAL = "为了加强饮用水水源保护，根据有关法律、行政法规，结合本省实际，制定本条例。"


def doc(doc_id: str, *paragraphs: str, date: str | None = None):
    d = build_document("\n\n".join(paragraphs), doc_id)
    d.meta.date = date
    return d


def texts(table, docs):
    by_id = {d.id: d for d in docs}
    return [(by_id[p.source.doc_id].text[p.source.start:p.source.end], by_id[p.copy.doc_id].text[p.copy.start:p.copy.end])
            for p in table.parallels]


def test_a_planted_copy_is_found_whatever_its_punctuation_edits_and_place_in_a_paragraph():
    a = doc("a", FILLER_A, PROVISION, date="2015-03-01")
    # Inside a longer paragraph of other text: containment, not similarity of whole paragraphs.
    b = doc("b", FILLER_B, "本县的做法如下。" + COPY + "此外，本县另有安排，每年检查两次以上。", date="2019-06-01")
    table = find_reuse([a, b])
    assert len(table.parallels) == 1
    par = table.parallels[0]
    source, copy = texts(table, [a, b])[0]
    assert par.source.doc_id == "a" and par.copy.doc_id == "b" and par.directed
    assert source.startswith("各级人民政府") and source.endswith("水质检测")
    assert copy.startswith("各级人民政府") and "保证所需经费" in copy
    assert par.chars >= 40 and 0.9 <= par.similarity < 1
    assert par.source.paragraph_id == a.paragraphs[1].id


def test_either_script_folds_to_one_key():
    traditional = opencc.OpenCC("s2t").convert(PROVISION)
    assert traditional != PROVISION
    assert paragraph_key(traditional, fold_table())[0] == paragraph_key(PROVISION, fold_table())[0]
    key, positions = paragraph_key("外防输入，内防扩散。", fold_table())
    assert key == "外防输入内防扩散" and positions == [0, 1, 2, 3, 5, 6, 7, 8]


def test_direction_follows_the_dates_and_undated_pairs_have_none():
    later, earlier = doc("a", PROVISION, date="2020-05-01"), doc("b", COPY, date="2018-01-01")
    (par,) = find_reuse([later, earlier]).parallels
    assert (par.source.doc_id, par.copy.doc_id, par.directed) == ("b", "a", True)
    (par,) = find_reuse([doc("a", PROVISION), doc("b", COPY, date="2018-01-01")]).parallels
    assert not par.directed and (par.source.doc_id, par.copy.doc_id) == ("a", "b")


def test_a_pair_made_only_of_formulations_is_not_reuse():
    a, b = doc("a", FILLER_A, FORMULAE), doc("b", FILLER_B, FORMULAE)
    # Without masks the shared run is found: the mask is what keeps it out.
    assert len(find_reuse([a, b], config=ReuseConfig()).parallels) == 1
    spans = {d.id: [(d.text.find(f), d.text.find(f) + len(f)) for f in
                     ("联防联控", "群防群控", "早发现、早报告、早隔离、早治疗", "外防输入、内防扩散")] for d in (a, b)}
    masks = {d.id: masked_spans(d, spans[d.id]) for d in (a, b)}
    assert find_reuse([a, b], masks).parallels == ()


def test_legal_stock_wording_is_not_reuse_but_a_copy_around_it_is():
    a, b = doc("a", FILLER_A, LEGAL), doc("b", FILLER_B, LEGAL.replace("本省", "本市"))
    masks = {d.id: masked_spans(d, []) for d in (a, b)}
    assert find_reuse([a, b]).parallels != ()
    assert find_reuse([a, b], masks).parallels == ()
    a2, b2 = doc("a", LEGAL, PROVISION), doc("b", LEGAL, COPY)
    masks = {d.id: masked_spans(d, []) for d in (a2, b2)}
    assert [s for s, _ in texts(find_reuse([a2, b2], masks), [a2, b2])] == [PROVISION.rstrip("。")]


def test_stock_wording_of_the_collection_proposes_no_pair():
    # A sentence in more documents than max_docs is the collection's stock wording.
    docs = [doc(f"d{i}", f"第{i}号文件，关于事项{i}的说明。", PROVISION) for i in range(6)]
    assert find_reuse(docs, config=ReuseConfig(max_docs=5)).parallels == ()
    assert len(find_reuse(docs, config=ReuseConfig(max_docs=6)).parallels) == 15  # every pair of six


def _own_text(i: int, n: int = 400) -> str:
    """A paragraph no other document shares: Han characters drawn at random (fixed seed)."""
    import random

    rng = random.Random(i)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n)) + "。"


def test_a_passage_found_in_many_documents_is_shared_wording_unless_the_two_are_copies():
    # PROVISION in twelve documents of twelve (more than ReuseConfig().shared_limit(12) == 8): a set clause.
    docs = [doc(f"d{i}", _own_text(i), PROVISION) for i in range(12)]
    assert ReuseConfig().shared_limit(12) == 8
    assert find_reuse(docs).parallels == ()
    # In eight documents it is still one text repeated: every pair of the eight is found.
    assert len(find_reuse(docs[:8]).parallels) == 28
    # Two of the twelve that also share a long text of their own are copies: their set clause is reuse too.
    docs[1] = doc("d1", _own_text(0), PROVISION)
    found = {(p.source.doc_id, p.copy.doc_id) for p in find_reuse(docs).parallels}
    assert found == {("d0", "d1")} and len(find_reuse(docs).parallels) == 2
    # The limit grows with the collection: a small share of it.
    assert ReuseConfig().shared_limit(829) == 10 and ReuseConfig().shared_limit(5000) == 60


def test_document_pairs_shares_and_clusters():
    a, b, c = doc("a", PROVISION, FILLER_A), doc("b", COPY, FILLER_B), doc("c", "会议听取了工作汇报，研究了下一阶段的安排，大家发言踊跃。")
    table = find_reuse([a, b, c])
    (pair,) = table.document_pairs()
    assert (pair.source, pair.copy, pair.passages) == ("a", "b", 1)
    assert 0.4 < pair.source_share < 0.7 and 0.4 < pair.copy_share < 0.7
    assert table.clusters() == [["a", "b"]]


def test_the_cache_gives_the_same_table_and_an_edit_redoes_only_its_document(tmp_path):
    a, b, c = doc("a", FILLER_A, PROVISION), doc("b", COPY), doc("c", FILLER_B)
    fresh = find_reuse([a, b, c])
    assert find_reuse([a, b, c], cache_dir=tmp_path) == fresh
    assert find_reuse([a, b, c], cache_dir=tmp_path) == fresh  # read back from the cache
    edited = doc("c", FILLER_B, PROVISION)
    calls = []
    from tifa.reuse import _map_in_process

    def counting(func, items):
        calls.extend(getattr(i, "id", "job") for i in items)
        return _map_in_process(func, items)

    again = find_reuse([a, b, edited], cache_dir=tmp_path, map_docs=counting)
    assert again == find_reuse([a, b, edited])
    assert calls == ["c"]  # only the edited document was fingerprinted again


def test_saved_table_round_trip_and_stale_warning(tmp_path):
    from tifa.reuse.table import load_table, save_table

    a, b = doc("a", FILLER_A, PROVISION, date="2015-03-01"), doc("b", COPY, date="2019-01-01")
    table = find_reuse([a, b])
    save_table(table, [a, b], tmp_path / "reuse.json")
    loaded, warnings = load_table(tmp_path / "reuse.json", [a, b])
    assert loaded == table and warnings == []
    changed = doc("b", "完全不同的文字，已经改写。")
    loaded, warnings = load_table(tmp_path / "reuse.json", [a, changed])
    assert loaded.parallels == () and "other texts" in warnings[0].message and "1 passage" in warnings[0].message


def test_bad_saved_table_names_the_file(tmp_path):
    from tifa.errors import DataFileError
    from tifa.reuse.table import load_table

    bad = tmp_path / "reuse.json"
    bad.write_text('{"format": "tifa-reuse-table", "version": 1, "parallels": [[1]]}', encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_table(bad, [])
    assert "reuse.json" in err.value.format()


def test_dask_bag_equals_in_process():
    pytest.importorskip("dask")
    from tifa.reuse.distributed import find_reuse_with_dask

    docs = [doc("a", FILLER_A, PROVISION, date="2015-03-01"), doc("b", COPY), doc("c", LEGAL, PROVISION)]
    assert find_reuse_with_dask(docs, synchronous=True) == find_reuse(docs)


# --- the seeds ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_reuse(project, seed_docs):
    from tifa.workflow import mine_phrases

    docs = list(seed_docs.values())
    table, marks = mine_phrases(project, docs)
    return find_reuse(docs, corpus_masks(docs, table, marks)), docs


def test_seeds_share_no_passage_beyond_formulae(seed_reuse):
    """No two seeds repeat a passage. 003/004 and 000/001 share no run of 20 characters at all, even
    unmasked; the three runs of 20 or more the seeds do share are names and slogans, which the masks
    (mined names, linked formulations) leave out: 001/003 the name of a leading group
    (新型冠状病毒感染的肺炎疫情防控工作领导小组), 003/002 a meeting's name (常委会会议暨…领导小组), 002/004
    the slogan 把思想和行动统一到习近平总书记重要指示精神和…决策部署上来."""
    table, docs = seed_reuse
    assert table.parallels == ()
    loose = find_reuse(docs, config=replace(ReuseConfig(), min_seeds=1))  # no masks at all
    by_id = {d.id: d for d in docs}
    found = {(p.source.doc_id[:3], p.copy.doc_id[:3]): by_id[p.source.doc_id].text[p.source.start:p.source.end]
             for p in loose.parallels}
    assert set(found) == {("001", "003"), ("003", "002"), ("002", "004")}
    assert found[("001", "003")] == "新型冠状病毒感染的肺炎疫情防控工作领导小组"
    assert found[("003", "002")].startswith("常委会会议暨") and found[("003", "002")].endswith("领导小组")
    assert found[("002", "004")].startswith("把思想和行动统一到习近平总书记")


def test_a_document_repeating_seed_003_shows_its_parallels(tmp_path, project):
    import shutil

    from reuse_sources import PLANTED_ID, plant
    from tifa.pipeline import load_corpus
    from tifa.workflow import mine_phrases

    shutil.copytree(project.source_dir, tmp_path / "src")
    plant(tmp_path / "src")
    docs = load_corpus(tmp_path / "src", project.normalize)
    table, marks = mine_phrases(replace(project, source_dir=tmp_path / "src"), docs)
    reuse = find_reuse(docs, corpus_masks(docs, table, marks))
    by_id = {d.id: d for d in docs}
    found = {(p.source.doc_id, p.copy.doc_id, p.directed): by_id[p.copy.doc_id].text[p.copy.start:p.copy.end]
             for p in reuse.parallels}
    assert set(found) == {(seed("003"), PLANTED_ID, True)}
    copies = sorted(by_id[p.copy.doc_id].text[p.copy.start:p.copy.end] for p in reuse.parallels)
    # The edited passage and the one written in traditional script; not the paragraph of formulae.
    assert len(copies) == 2
    assert copies[0].startswith("要加大疫情防控物资") and "坚决打击" in copies[0]
    assert copies[1].startswith("要发动群众开展爱国卫生运动")


# --- the pages ---------------------------------------------------------------------------------


def test_marker_and_lists_escape_contributor_strings():
    from tifa.site.reuse import by_document, document_list, paragraph_markers, render_reuse_page

    a = doc("a", FILLER_A, PROVISION, date="2015-03-01")
    b = doc("b", COPY + "<script>alert(1)</script>", date="2019-06-01")
    a.meta.title, b.meta.title = 'Title "<img src=x onerror=alert(1)>', "<b>bold</b>"
    table = find_reuse([a, b])
    docs = {"a": a, "b": b}
    markers = paragraph_markers(b, by_document(table)["b"], docs)
    (html,) = markers.values()
    assert "<img" not in html and "&lt;img" in html
    assert 'href="../a/#' + a.paragraphs[1].id + '"' in html
    assert "<ins" in html and "<del" in html  # the changed characters are marked
    listing = document_list(a, by_document(table)["a"], docs)
    assert "&lt;b&gt;bold&lt;/b&gt;" in listing and "<b>bold" not in listing
    page = render_reuse_page(table, docs)
    assert "&lt;img" in page and "<img" not in page and "→" in page


def test_the_build_reads_a_saved_table_instead_of_detecting(tmp_path, project, seed_docs):
    from tifa.reuse.table import save_table
    from tifa.workflow import detect_reuse, mine_phrases

    docs = [*seed_docs.values(), doc("copy", "转发如下：" + next(p.text for p in seed_docs[seed("003")].paragraphs
                                                          if "要加大疫情防控物资" in p.text)[:80], date="2020-03-01")]
    table, marks = mine_phrases(project, docs)
    computed = detect_reuse(project, docs, table, marks)
    assert computed.parallels  # the copy of seed 003's paragraph
    save_table(computed, docs, tmp_path / "reuse.json")
    problems = []
    read = detect_reuse(replace(project, reuse_table=tmp_path / "reuse.json"), docs, table, marks, report=problems.append)
    assert read == computed and problems == []


def test_document_keys_are_each_paragraphs_own_key_and_fingerprints():
    from tifa.reuse.keys import document_keys, shingle_hashes

    d = doc("a", FILLER_A, opencc.OpenCC("s2t").convert(PROVISION), "短。", COPY + "ＡＢＣ１２３")
    keys = document_keys(d, 6, 5)
    compared = [p for p in d.paragraphs if p.kind in ("text", "item")]
    assert list(keys.paragraph_ids) == [p.id for p in compared]
    bounds = keys.bounds.tolist()
    assert bounds[0] == 0 and bounds[-1] == len(keys.key) == len(keys.positions)
    for p, lo, hi in zip(compared, bounds, bounds[1:]):
        expected, positions = paragraph_key(p.text, fold_table())
        assert keys.key[lo:hi] == expected and [i - p.start for i in keys.positions[lo:hi].tolist()] == positions
        # Every fingerprint is a shingle of this paragraph, and every window of five shingles has one.
        mine = [(a - lo, h) for a, h in zip(keys.at.tolist(), keys.hashes) if lo <= a < hi]
        hashes = shingle_hashes(expected, 6)
        assert all(a + 6 <= hi - lo and hashes[a] == h for a, h in mine)
        at = {a for a, _ in mine}
        assert all(at & set(range(i, i + 5)) for i in range(len(hashes) - 4))
    assert sorted(keys.at.tolist()) == keys.at.tolist()


def test_cli_lists_the_pairs_and_saves_the_table(tmp_path, capsys):
    import json

    from conftest import copy_project
    from reuse_sources import plant
    from tifa.cli import main

    root = copy_project(tmp_path / "project", folders=("docs", "source_texts", "glossary"))
    plant(root / "source_texts")
    assert main(["--root", str(root), "reuse", "--save", str(tmp_path / "reuse.json")]) == 0
    out = capsys.readouterr()
    assert "秦州区委常委会会议暨疫情防控工作领导小组会议专题研究部署全区疫情防控工作 → 某县疫情防控工作通知" in out.out
    assert "reuse table written" in out.err
    saved = json.loads((tmp_path / "reuse.json").read_text(encoding="utf-8"))
    assert saved["format"] == "tifa-reuse-table" and len(saved["parallels"]) == 2


def test_a_collection_with_no_fingerprint_has_no_parallels():
    docs = [doc("a", "短。"), doc("b", "也短。"), doc("c", "。")]
    table = find_reuse(docs, {})
    assert table.parallels == () and set(table.compared) == {"a", "b", "c"}
    assert find_reuse([], {}).parallels == ()
