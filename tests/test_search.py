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


def test_a_collection_without_bigrams_or_documents_has_empty_search_data():
    from tifa.model import Document, Paragraph

    punctuation = Document("p", None, "。！\n中", "。！\n中", [], paragraphs=[Paragraph("a", 1, 0, 2, "。！"),
                                                                       Paragraph("b", 2, 3, 4, "中")])
    for docs in ([], [punctuation]):
        files = build_search_files(docs)
        manifest = json.loads(files[f"{PREFIX}/manifest.json"])
        assert manifest["shards"] == 1 and json.loads(files[f"{PREFIX}/shards/0.json"]) == {}
        assert search(files, "中文") == []


def test_each_paragraphs_bigrams_are_indexed_whatever_its_characters():
    """The arrays of the index are :func:`bigrams` of each paragraph: outside the BMP, cased, mixed."""
    from tifa.model import Document, Paragraph
    from tifa.search import _per_document

    rng = random.Random(3)
    alphabet = list("abcXYZ中文字𠀀𠀁_ 、，İΣσς\n1２")
    for _ in range(300):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15))) for _ in range(rng.randint(0, 5))]
        paragraphs = [Paragraph(f"p{j}", j + 1, 0, len(t), t) for j, t in enumerate(texts)]
        _, (pairs, numbers) = _per_document(paragraphs)
        found = [(chr(c >> 21) + chr(c & 0x1FFFFF), j) for c, j in zip(pairs.tolist(), numbers.tolist())]
        assert sorted(found) == sorted({(b, j) for j, t in enumerate(texts) for b in bigrams(t)})
    doc = Document("d", None, "", "", [], paragraphs=[Paragraph("a", 1, 0, 4, "𠀀𠀁𠀀𠀁")])
    assert search(build_search_files([doc]), "𠀁𠀀") == [("d", "a")]
