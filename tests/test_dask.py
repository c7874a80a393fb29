"""The Dask mining job gives the phrase table an in-process build gives."""

import pytest

from conftest import ROOT

pytest.importorskip("dask.bag")


def table_signature(table):
    linked = sorted((s, p.term, p.category, tuple(p.variants), p.curated) for s, p in table.phrases.items())
    unlinked = sorted((p.slug, p.term, tuple(o.doc_id for o in p.occurrences)) for p in table.unlinked)
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
