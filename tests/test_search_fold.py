"""Queries in either script and with any separators find exactly what their normalized form finds.

The acceptance test of issue 16: 200 queries drawn from real texts (the seeds, the vendored
laws subset when present, and a few regulations written here in the style of the laws),
2–12 characters, half converted to traditional with OpenCC, some with their punctuation
changed, answered from the search files — compared with a brute-force scan of every
normalized paragraph for the query as OpenCC itself normalizes it.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from tifa.normalize.steps import converter
from tifa.search import PREFIX, bigrams, build_search_files, search
from tifa.search.query_fold import (
    build_fold_table,
    fold_query,
    fold_text,
    normalize_query,
)

LAWS = Path(__file__).parent / "data" / "laws"

# Written for this test in the register of the laws corpus: the phrase conversions OpenCC
# makes only in context (著作 keeps 著, 答覆 becomes 答复, 瞭解 becomes 了解) and undated texts.
REGULATIONS = {
    "reg-a": "某市著作权管理办法\n\n第一条 为了加强著作权保护，根据有关法律、行政法规，结合本市实际，制定本办法。\n\n"
             "第二条 著作权行政管理部门应当及时答复当事人的询问，了解诉求办理情况；对在著作权保护工作中做出显著成绩的单位和个人，给予表彰。\n\n"
             "第三条 本办法自2021年3月1日起施行。",
    "reg-b": "某县家政服务条例\n\n第一条 家政服务机构应当建立服务档案，如实记录服务人员的基本情况，并定期核实、更新。\n\n"
             "第二条 消费者有权了解家政服务人员的健康状况、从业经历；机构在接到投诉后，应当在七日内答复。\n\n"
             "第三条 违反本条例规定的，由有关部门责令改正；拒不改正的，处一千元以上一万元以下罚款。",
    "reg-c": "關於做好疫情防控期間群眾來信來訪工作的通知\n\n各鄉鎮、各部門：堅持外防輸入、內防擴散，嚴格落實聯防聯控、群防群控措施，"
             "做到早發現、早報告、早隔離、早治療。對群眾反映的問題，要及時覈實、回覆，不得推諉。\n\n"
             "二、各單位要瞭解轄區內重點人員情況，做到底數清、情況明。",
}


def _documents(seed_docs):
    from tifa.pipeline import build_document

    docs = list(seed_docs.values())
    for doc_id, text in sorted(REGULATIONS.items()):
        docs.append(build_document(text, doc_id))
    if LAWS.is_dir():  # the vendored laws subset (Markdown or text), whichever form it is kept in
        paths = sorted(p for p in LAWS.rglob("*") if p.suffix in (".md", ".txt"))[:60]
        docs += [build_document(p.read_text(encoding="utf-8"), f"law-{i:03d}") for i, p in enumerate(paths)]
    return docs


@pytest.fixture(scope="module")
def corpus(seed_docs):
    docs = _documents(seed_docs)
    return docs, build_search_files(docs)


def scan(docs, query, target="simplified"):
    """Every paragraph holding every word of the query as OpenCC normalizes it (no index, no table)."""
    words = normalize_query(query, target).split()
    return sorted((d.id, p.id) for d in docs for p in d.paragraphs if all(w in fold_text(p.text) for w in words))


# Punctuation a reader might type instead of the text's own.
SWAPS = [("、", ","), ("，", ", "), ("；", ";"), ("、", "，"), ("，", "、"), ("；", "，")]


def sample_queries(docs, n=200, seed=16):
    rng = random.Random(seed)
    s2t, s2tw, s2hk = converter("s2t"), converter("s2tw"), converter("s2hk")
    paragraphs = [p for d in docs for p in d.paragraphs if len(p.text) >= 4]
    with_separators = [p for p in paragraphs if any(a in p.text for a, _ in SWAPS)]
    queries = []
    while len(queries) < n:
        k = len(queries)
        p = rng.choice(with_separators if k % 4 == 0 else paragraphs)
        length = rng.randint(2, 12)
        if k % 4 == 0:  # around a separator, then with another one typed in its place
            at = next(i for i, ch in enumerate(p.text) if any(ch == a for a, _ in SWAPS))
            start = max(0, at - rng.randint(1, length - 1))
            query = p.text[start : start + length]
            for a, b in rng.sample(SWAPS, len(SWAPS)):
                if a in query:
                    query = query.replace(a, b)
                    break
        else:
            start = rng.randrange(max(1, len(p.text) - 1))
            query = p.text[start : start + length]
        if k % 2 == 1:  # half in traditional characters, in each of OpenCC's traditional forms
            query = (s2t, s2tw, s2hk)[k % 3].convert(query)
        if not bigrams(normalize_query(query, "simplified")):
            continue  # no two characters in a run: nothing the index can look up
        queries.append(query)
    return queries


def test_two_hundred_queries_in_either_script_have_recall_and_precision_one(corpus):
    docs, files = corpus
    queries = sample_queries(docs)
    traditional = sum(q != converter("t2s").convert(q) for q in queries)
    assert len(queries) == 200 and traditional >= 70  # of the 100 converted, a few short ones read the same in both scripts
    assert sum(any(a in q for a in ",;") for q in queries) >= 20
    expected_total = found_total = right = 0
    for query in queries:
        expected = set(scan(docs, query))
        found = set(search(files, query))
        expected_total += len(expected)
        found_total += len(found)
        right += len(expected & found)
        assert found == expected, query
    assert right / expected_total == 1.0 and right / found_total == 1.0  # recall, precision
    assert expected_total >= 200  # the queries were drawn from the texts: they are found


def test_the_browser_table_gives_what_opencc_gives(corpus):
    docs, files = corpus
    table = json.loads(files[f"{PREFIX}/fold.json"])
    for query in sample_queries(docs, 400, seed=7):
        assert fold_query(query, table) == normalize_query(query, "simplified"), query


@pytest.mark.parametrize(("traditional", "simplified"), [
    ("外防輸入", "外防输入"), ("早發現", "早发现"), ("聯防聯控", "联防联控"), ("答覆", "答复"),
    ("著作權", "著作权"), ("瞭解", "了解"), ("外防输入,内防扩散", "外防输入、内防扩散"),
    ("早發現，早報告", "早发现、早报告"), ("ＡＢ２０２０", "ab2020"),
])
def test_a_query_finds_what_its_normalized_form_finds(corpus, traditional, simplified):
    _, files = corpus
    assert normalize_query(traditional, "simplified") == fold_text(simplified) or simplified == "ab2020"
    assert search(files, traditional) == search(files, simplified)
    if simplified != "ab2020":
        assert search(files, traditional), traditional


def test_the_table_is_small_and_only_for_the_index(corpus):
    docs, files = corpus
    table = json.loads(files[f"{PREFIX}/fold.json"])
    size = len(files[f"{PREFIX}/fold.json"].encode())
    assert size < 20_000
    index_chars = {ch for d in docs for ch in d.text}
    pairs = list(zip(table["chars"][0::2], table["chars"][1::2]))
    assert ("輸", "输") in pairs and ("聯", "联") in pairs
    assert all(a in index_chars or b in index_chars for a, b in pairs)
    assert table["phrases"].get("答覆") == "答复" and table["phrases"].get("著作") == "著作"


def test_other_targets_fold_the_other_way(seed_docs):
    docs = list(seed_docs.values())
    keys = {k for d in docs for p in d.paragraphs for k in bigrams(converter("s2t").convert(p.text))}
    table = build_fold_table(frozenset(keys), "traditional")
    assert fold_query("外防输入", table) == normalize_query("外防输入", "traditional") == "外防輸入"
    assert build_fold_table(frozenset(keys), "none")["chars"] == ""


def test_serve_gives_the_fold_table_a_fresh_build_gives(seed_docs):
    from tifa.memory import ServeMemory
    from tifa.pipeline import build_document

    memory = ServeMemory()
    docs = list(seed_docs.values())
    rounds = [docs, docs + [build_document("某县著作权答复办法\n\n要及时答复著作权人。", "new")], docs]
    for corpus in rounds:
        with memory.build():
            live = build_search_files(corpus, memory)
        fresh = build_search_files(corpus)
        assert live[f"{PREFIX}/fold.json"] == fresh[f"{PREFIX}/fold.json"]
    grown = json.loads(build_search_files(rounds[1])[f"{PREFIX}/fold.json"])
    assert grown["phrases"].get("答覆") == "答复"
