"""Cold normalization on every core gives what one core gives, errors included."""

import shutil

from conftest import ROOT
from tifa import parallel, pipeline


def corpus(folder, seed_texts):
    for i in range(parallel.MIN_ITEMS + 20):
        text = seed_texts[i % len(seed_texts)]
        (folder / f"{i:04d}.txt").write_text(f"第{i}号\n{text}", encoding="utf-8")
    (folder / "0007.txt").write_bytes(b"\x00\x01binary")  # an error in a worker comes back as the same report


def test_processes_and_one_core_agree(tmp_path, monkeypatch):
    seed_texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "source_texts").glob("*.txt"))]
    folder = tmp_path / "src"
    folder.mkdir()
    corpus(folder, seed_texts)
    used = []
    real = parallel.map_documents
    monkeypatch.setattr(pipeline, "map_documents", lambda f, items, **k: used.append(len(items)) or real(f, items, **k))

    problems_many = []
    many = pipeline.load_corpus(folder, on_error=problems_many.append, cache_dir=tmp_path / "a")
    assert used == [parallel.MIN_ITEMS + 20]
    monkeypatch.setenv("TIFA_PROCESSES", "1")
    problems_one = []
    one = pipeline.load_corpus(folder, on_error=problems_one.append, cache_dir=tmp_path / "b")

    assert [(d.id, d.text, d.origin, d.changes, d.paragraphs, d.meta) for d in many] == \
           [(d.id, d.text, d.origin, d.changes, d.paragraphs, d.meta) for d in one]
    assert len(many) == parallel.MIN_ITEMS + 19
    assert [p.format() for p in problems_many] == [p.format() for p in problems_one]
    assert "0007.txt" in problems_many[0].format() and type(problems_many[0]) is type(problems_one[0])
    shutil.rmtree(tmp_path / "a")


def _pid_of_the_caller():
    import os

    return os.getpid()


def _dies_unless_in(parent: int) -> str:
    import os

    if os.getpid() != parent:
        os._exit(1)  # a worker killed before it could answer
    return "done here"


def test_in_background_gives_the_value_the_error_or_does_the_work_here():
    import os

    import pytest

    forks = parallel._may_fork(parallel.cores())
    worker = parallel.in_background(_pid_of_the_caller)()
    assert (worker != os.getpid()) == forks  # computed by another process where it can fork
    assert parallel.in_background(_pid_of_the_caller, worth_it=False)() == os.getpid()
    with pytest.raises(ValueError, match="invalid literal"):
        parallel.in_background(int, "not a number")()
    assert parallel.in_background(_dies_unless_in, os.getpid())() == "done here"


def test_a_cancelled_background_value_leaves_no_worker():
    import multiprocessing
    import time

    waiting = parallel.in_background(time.sleep, 60)
    waiting.cancel()  # a later stage failed: the value is not wanted
    assert multiprocessing.active_children() == []
    done = parallel.in_background(sum, [1, 2])
    assert done() == 3
    done.cancel()  # after the value: nothing to end, the value kept
    assert done() == 3 and multiprocessing.active_children() == []


def test_a_failed_build_ends_its_search_worker(tmp_path, monkeypatch):
    import multiprocessing
    import time
    from dataclasses import replace

    import pytest
    from tifa import search, workflow
    from tifa.workflow import Project, build_site

    real = search.build_search_files
    monkeypatch.setattr(search, "build_search_files", lambda *a, **k: time.sleep(60) or real(*a, **k))
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)

    def mining_fails(*args, **kwargs):
        raise RuntimeError("a stage failed")

    monkeypatch.setattr(workflow, "mine_phrases", mining_fails)
    with pytest.raises(RuntimeError, match="a stage failed"):
        build_site(replace(Project.at(ROOT), cache_dir=tmp_path / "c"), report=print)
    assert multiprocessing.active_children() == []


def test_a_plain_build_makes_the_same_search_data_in_the_background(tmp_path, monkeypatch):
    from dataclasses import replace

    from tifa import search
    from tifa.workflow import Project, build_site

    project = Project.at(ROOT)
    made_in = []
    real = search.build_search_files
    monkeypatch.setattr(search, "build_search_files", lambda *a, **k: made_in.append(_pid_of_the_caller()) or real(*a, **k))
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)  # the five seeds are worth it here
    background = build_site(replace(project, cache_dir=tmp_path / "a"), report=print)
    monkeypatch.setenv("TIFA_PROCESSES", "1")
    in_process = build_site(replace(project, cache_dir=tmp_path / "b"), report=print)
    import os

    if parallel._may_fork(parallel.cores()):
        assert made_in[-1] == os.getpid() and len(made_in) == 1  # the first was made in a worker, unseen here
    search_of = {k: v for k, v in background.files.items() if k.startswith("fulltext/")}
    assert search_of and search_of == {k: v for k, v in in_process.files.items() if k.startswith("fulltext/")}
    assert background.pages == in_process.pages
