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
