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
