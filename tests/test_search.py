"""Full-text search data: sharded bigram index, same answers as scanning every paragraph."""

import json
import random

import pytest

from tifa.search import PREFIX, bigrams, build_search_files, search, shard_of


@pytest.fixture(scope="module")
def files(seed_docs):
    return build_search_files(list(seed_docs.values()))


def scan(docs, query):
    terms = query.lower().split()
    return sorted((d.id, p.id) for d in docs for p in d.paragraphs if all(t in p.text.lower() for t in terms))


def test_directives_are_found_in_exactly_the_paragraphs_that_hold_them(files, seed_docs):
    docs = list(seed_docs.values())
    for query in ("外防输入、内防扩散", "联防联控", "早发现", "群防群控 联防联控", "新型冠状病毒感染的肺炎"):
        found = search(files, query)
        assert sorted(found) == scan(docs, query), query
        assert found
    assert search(files, "外防输入、内防扩散") and {d[:3] for d, _ in search(files, "外防输入、内防扩散")} == {"003", "004"}


def test_any_substring_of_the_texts_is_found_where_it_occurs(files, seed_docs):
    rng = random.Random(5)
    docs = list(seed_docs.values())
    for _ in range(200):
        p = rng.choice([p for d in docs for p in d.paragraphs])
        start = rng.randrange(len(p.text))
        query = p.text[start : start + rng.randint(2, 8)]
        if not bigrams(query):
            continue
        assert sorted(search(files, query)) == scan(docs, query), query


def test_too_short_or_absent(files):
    assert search(files, "疫") == []  # one character: no bigram to look up
    assert search(files, "   ") == []
    assert search(files, "不存在的提法") == []


def test_index_holds_the_reading_text_not_the_original(files, seed_docs):
    text = "".join(v for k, v in files.items() if k.startswith(f"{PREFIX}/text/"))
    assert "县委书记" in text and "書(shū)" not in text and "您现在的位置" not in text


def test_shards_are_small_and_each_bigram_is_in_its_own_shard(files):
    manifest = json.loads(files[f"{PREFIX}/manifest.json"])
    for n in range(manifest["shards"]):
        for key in json.loads(files[f"{PREFIX}/shards/{n}.json"]):
            assert shard_of(key, manifest["shards"]) == n


def _corpus(seed_docs, n, rng, edits=()):
    """``n`` documents made of seed paragraphs (deterministic from ``rng``), each a dated notice."""
    from tifa.pipeline import build_document

    paragraphs = [p.text for d in seed_docs.values() for p in d.paragraphs if len(p.text) > 20]
    texts = {f"d{i:03d}": "\n\n".join(rng.sample(paragraphs, rng.randint(3, 6))) for i in range(n)}
    for doc_id, text in edits:
        texts[doc_id] = text
    docs = []
    for i, (doc_id, text) in enumerate(sorted(texts.items())):
        doc = build_document(text, doc_id)
        doc.meta.date = f"2020-{1 + i % 12:02d}-01"
        docs.append(doc)
    return docs


def test_rebuilds_in_serve_update_the_index_to_what_a_fresh_build_gives(seed_docs, monkeypatch):
    import tifa.search as search_module
    from tifa.cache import keep_in_memory
    from tifa.workflow import forget_memory

    monkeypatch.setattr(search_module, "SHARD_TARGET_BYTES", 2048)  # many shards from a small corpus
    base = _corpus(seed_docs, 40, random.Random(1))
    paras = [p.text for p in base[3].paragraphs]
    same_shape = [  # paragraph counts unchanged: the index is updated in place
        [("d003", base[3].text.replace("，", "；", 3))],
        [("d003", "\n\n".join(["短短一句。", *paras[1:]]))],
        [("d003", "\n\n".join(reversed(paras))), ("d021", base[21].text.replace("的", "之"))],
    ]
    rounds = [base] + [_corpus(seed_docs, 40, random.Random(1), e) for e in same_shape] + [
        _corpus(seed_docs, 40, random.Random(1), [("d003", base[3].text + "\n\n另起一段不同的话。")]),  # added
        _corpus(seed_docs, 40, random.Random(1), [("d003", paras[0])]),  # paragraphs removed
        _corpus(seed_docs, 39, random.Random(1)),  # a document removed: numbers move
        _corpus(seed_docs, 39, random.Random(1), [("d005", "\n\n".join(paras * 3))]),  # longer than the stride
    ]
    rebuilt = []
    real = search_module._LiveIndex._rebuild
    monkeypatch.setattr(search_module._LiveIndex, "_rebuild", lambda self, *a: rebuilt.append(1) or real(self, *a))
    keep_in_memory(True)
    try:
        forget_memory()
        for docs in rounds:
            live = build_search_files(docs)
            keep_in_memory(False)
            fresh = build_search_files(docs)
            keep_in_memory(True)
            assert live == fresh
            assert json.loads(fresh[f"{PREFIX}/manifest.json"])["shards"] > 4
        assert len(rebuilt) == 3  # the first build, the removed document, the stride doubled
    finally:
        keep_in_memory(False)
        forget_memory()
