"""The on-disk document cache: reused when nothing changed, rebuilt for what did."""

import shutil

from conftest import ROOT
from tifa import pipeline
from tifa.normalize import NormalizeConfig


def test_cache_reuses_unchanged_documents_and_redoes_changed_ones(tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "source_texts", src)
    cache = tmp_path / "cache"
    config = NormalizeConfig.from_files()
    cold = pipeline.load_corpus(src, config, cache_dir=cache)

    built = []
    real = pipeline.build_document
    monkeypatch.setattr(pipeline, "build_document", lambda raw, doc_id, *a, **k: built.append(doc_id) or real(raw, doc_id, *a, **k))
    warm = pipeline.load_corpus(src, config, cache_dir=cache)
    assert built == []
    assert [(d.id, d.text, d.paragraphs, d.meta) for d in warm] == [(d.id, d.text, d.paragraphs, d.meta) for d in cold]

    edited = sorted(src.glob("*.txt"))[2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    pipeline.load_corpus(src, config, cache_dir=cache)
    assert built == [edited.stem]

    built.clear()
    pipeline.load_corpus(src, NormalizeConfig.from_files(target_script="traditional"), cache_dir=cache)
    assert len(built) == len(cold)  # another configuration: nothing reused


def test_a_damaged_cache_entry_is_rebuilt(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("通知\n要做好联防联控工作。\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = pipeline.load_corpus(src, cache_dir=cache)
    for entry in (cache / "documents").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    again = pipeline.load_corpus(src, cache_dir=cache)
    assert again[0].text == first[0].text
