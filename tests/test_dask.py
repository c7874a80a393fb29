"""The Dask mining job gives the phrase table an in-process build gives."""

import pytest
from conftest import ROOT

pytest.importorskip("dask.bag")


def table_signature(table):
    linked = sorted((s, p.term, p.category, tuple(p.variants), p.curated) for s, p in table.phrases.items())
    unlinked = sorted((p.slug, p.term, tuple(p.doc_ids)) for p in table.unlinked)
    return linked, unlinked


@pytest.fixture(scope="module")
def corpus(seed_docs):
    from tifa.glossary import load_glossary

    return list(seed_docs.values()), load_glossary(ROOT / "glossary")


def test_dask_bag_equals_in_process(corpus):
    from tifa.mine import mine
    from tifa.mine.distributed import mine_with_dask

    docs, glossary = corpus
    expected = table_signature(mine(docs, glossary))
    assert len(expected[0]) > len(glossary.entries)  # something was mined, not just the glossary
    assert table_signature(mine_with_dask(docs, glossary, synchronous=True, partitions=3)) == expected


def test_dask_local_cluster_equals_in_process(corpus):
    pytest.importorskip("dask.distributed")
    from tifa.mine import mine
    from tifa.mine.distributed import mine_with_dask

    docs, glossary = corpus
    assert table_signature(mine_with_dask(docs, glossary, workers=2)) == table_signature(mine(docs, glossary))


def test_cli_phrases_on_dask_prints_what_the_in_process_run_prints(capsys):
    from tifa.cli import main

    assert main(["--root", str(ROOT), "phrases", "--limit", "20"]) == 0
    in_process = capsys.readouterr().out
    assert main(["--root", str(ROOT), "phrases", "--limit", "20", "--dask", "--workers", "1"]) == 0
    assert capsys.readouterr().out == in_process


def test_a_table_mined_on_dask_and_saved_builds_the_same_site(corpus, tmp_path):
    from dataclasses import replace

    from tifa.cli import main
    from tifa.link import link_corpus
    from tifa.mine.table import load_table
    from tifa.workflow import Project, build_site, mine_phrases

    docs, glossary = corpus
    saved = tmp_path / "phrases.json"
    assert main(["--root", str(ROOT), "phrases", "--dask", "--workers", "1", "--save", str(saved)]) == 0
    table, stale = load_table(saved, glossary, docs)
    assert stale == []
    link_corpus(docs, table)
    project = Project.at(ROOT, cache_dir=tmp_path / "cache")
    assert table_signature(table) == table_signature(mine_phrases(project, docs)[0])

    problems = []
    direct = build_site(project, report=problems.append)
    from_file = build_site(replace(project, phrase_table=saved), report=problems.append)
    assert problems == []
    assert from_file.pages == direct.pages and from_file.files == direct.files


def test_a_stale_or_broken_table_is_reported_by_name(corpus, tmp_path):
    import json

    from tifa.errors import DataFileError
    from tifa.mine import mine
    from tifa.mine.table import load_table, save_table

    docs, glossary = corpus
    saved = tmp_path / "phrases.json"
    save_table(mine(docs[:3], glossary), docs[:3], glossary, saved)
    table, stale = load_table(saved, glossary, docs)
    assert [str(saved) in w.format() and "tifa phrases --save" in w.format() for w in stale] == [True]
    assert set(glossary.entries) <= set(table.phrases)  # curated entries come from the glossary as it is

    for content in ("{not json", json.dumps({"format": "other"}), json.dumps({"format": "tifa-phrase-table", "version": 1})):
        saved.write_text(content, encoding="utf-8")
        with pytest.raises(DataFileError) as err:
            load_table(saved, glossary, docs)
        assert err.value.path == str(saved) and err.value.hint
