"""The on-disk document cache: reused when nothing changed, rebuilt for what did."""

import shutil
from pathlib import Path

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


def test_a_rebuild_segments_mines_and_links_only_the_edited_text(tmp_path, monkeypatch):
    from dataclasses import replace

    from tifa import mine
    from tifa.link import Linker
    from tifa.workflow import Project, build_site

    src = tmp_path / "src"
    shutil.copytree(ROOT / "source_texts", src)
    project = Project.at(ROOT, source_dir=src, cache_dir=tmp_path / "cache")
    build_site(project, report=print)

    calls = {"ngrams": [], "links": []}
    real_ngrams, real_link = mine.enumeration_evidence, Linker.link
    monkeypatch.setattr(mine, "enumeration_evidence", lambda doc, **k: calls["ngrams"].append(doc.id) or real_ngrams(doc, **k))
    monkeypatch.setattr(Linker, "link", lambda self, doc: calls["links"].append(doc.id) or real_link(self, doc))
    edited = sorted(src.glob("*.txt"))[3]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n要做好联防联控工作。\n", encoding="utf-8")
    warm = build_site(project, report=print)
    assert calls["ngrams"] == [pipeline.document_id(edited)]
    assert set(calls["links"]) == set(calls["ngrams"])

    # The same site as a build with no cache at all.
    cold = build_site(replace(project, cache_dir=tmp_path / "fresh"), report=print)
    assert warm.pages == cold.pages and warm.files == cold.files


def test_a_glossary_change_starts_the_stage_caches_afresh(tmp_path, monkeypatch):
    from dataclasses import replace

    from tifa.link import Linker
    from tifa.workflow import Project, build_site

    glossary = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", glossary)
    project = Project.at(ROOT, glossary_dir=glossary, cache_dir=tmp_path / "cache")
    build_site(project, report=print)
    calls = []
    real = Linker.link
    monkeypatch.setattr(Linker, "link", lambda self, doc: calls.append(doc.id) or real(self, doc))
    (glossary / "yan-fang-si-shou.yml").write_text(
        "term: 严防死守\nenglish: guard strictly\ncategory: principle\ndefinition: Hold every line.\n", encoding="utf-8")
    changed = build_site(project, report=print)
    # every document linked again with the new word (twice when a mined phrase is dropped as weak)
    assert len(set(calls)) == 5 and len(calls) in (5, 10)
    assert "yan-fang-si-shou" in changed.pages["phrases/index.md"]
    assert changed.pages == build_site(replace(project, cache_dir=tmp_path / "fresh"), report=print).pages


def test_serve_rebuilds_redo_only_what_an_edit_touches(tmp_path, monkeypatch):
    from dataclasses import replace

    from tifa.memory import ServeMemory
    from tifa.site import build
    from tifa.workflow import Project, build_site

    src = tmp_path / "src"
    shutil.copytree(ROOT / "source_texts", src)
    for text in sorted(src.glob("*.txt")):  # enough documents that an edit is a small change (kept, not redone)
        for n in range(3):
            shutil.copy(text, src / f"z{n}-{text.name}")
    project = Project.at(ROOT, source_dir=src, cache_dir=tmp_path / "cache")
    edited = sorted(src.glob("*.txt"))[0]
    sidecar = edited.with_suffix(".yml")
    edits = [
        (edited, lambda text: text + "\n附：联系电话另行通知。\n"),  # no phrase in it
        (edited, lambda text: text + "\n要坚持外防输入、内防扩散，做好联防联控。\n"),  # phrases this text did not have
        (edited, lambda text: text.replace("，做好联防联控。", "；做好联防联控。")),  # only the punctuation next to a phrase
        (sidecar, lambda text: text.replace("place: 湖南省", "place: 中国湖南省")),  # only metadata
    ]
    memory = ServeMemory()  # as under `mkdocs serve`
    first = build_site(project, report=print, memory=memory)
    rendered = []
    real_doc = build.render_document
    monkeypatch.setattr(build, "render_document", lambda doc, ctx: rendered.append(doc.id) or real_doc(doc, ctx))
    for n, (path, edit) in enumerate(edits):
        rendered.clear()
        before = path.read_text(encoding="utf-8")
        assert edit(before) != before
        path.write_text(edit(before), encoding="utf-8")
        warm = build_site(project, report=print, memory=memory)
        # The edited text's page, and at most the eight whose related-documents list may change with it.
        assert pipeline.document_id(edited) in rendered and len(rendered) <= 1 + 8 < len(list(src.glob("*.txt")))
        cold = build_site(replace(project, cache_dir=tmp_path / f"fresh{n}"), report=print)
        assert warm.pages == cold.pages and warm.files == cold.files
        assert warm.pages != first.pages
        first = warm
    # A text removed, then put back: every kept structure lets go of it and takes it in again.
    other = sorted(src.glob("*.txt"))[2]
    text = other.read_bytes()
    for n, change in enumerate((other.unlink, lambda: other.write_bytes(text))):
        change()
        warm = build_site(project, report=print, memory=memory)
        cold = build_site(replace(project, cache_dir=tmp_path / f"fresh-removed{n}"), report=print)
        assert warm.pages == cold.pages and warm.files == cold.files
        assert (f"documents/{pipeline.document_id(other)}.md" in warm.pages) == (n == 1)


def test_mining_in_serve_finds_what_a_fresh_run_finds(seed_docs, tmp_path):
    from tifa.glossary import load_glossary
    from tifa.memory import ServeMemory
    from tifa.mine import MineConfig, mine
    from tifa.pipeline import build_document

    glossary = load_glossary(ROOT / "glossary")
    texts = {d.id: d.text for d in seed_docs.values()}
    longest = max(texts.values(), key=len)
    texts["copy-a"], texts["copy-b"] = longest, longest[: len(longest) // 2]
    rounds = [
        dict(texts),
        {**texts, "copy-b": longest[: len(longest) // 4]},  # runs it shared with the others are gone
        {**texts, "copy-a": longest.replace("疫情", "情况")},  # runs changed in the middle of a text
        {k: v for k, v in texts.items() if k != "copy-a"},  # a document removed
    ]

    def summary(table):
        return ({s: (p.term, p.doc_ids) for s, p in table.phrases.items()},
                [(p.term, p.doc_ids) for p in table.unlinked])

    memory = ServeMemory()
    for n, corpus in enumerate(rounds):
        docs = [build_document(text, doc_id) for doc_id, text in sorted(corpus.items())]
        with memory.build():
            live = summary(mine(docs, glossary, MineConfig.default(), cache_dir=tmp_path / "live", memory=memory))
        fresh = summary(mine(docs, glossary, MineConfig.default(), cache_dir=tmp_path / f"fresh{n}"))
        assert live == fresh
        assert any(p.curated is False for p in mine(docs, glossary, MineConfig.default()).phrases.values())


def test_a_dirty_serve_rebuild_writes_only_the_pages_an_edit_changed(tmp_path):
    """`mkdocs serve --dirty`: MkDocs renders again only the generated pages whose content changed."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    for name in ("mkdocs.yml", "docs", "source_texts", "glossary", "annotations", "briefings"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, tmp_path / name)
    site = tmp_path / "site"

    def rebuild(first=False):
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(site))
        if first:
            config.plugins.on_startup(command="serve", dirty=True)  # once a session, as `mkdocs serve --dirty` does
        build(config, dirty=True)
        return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}

    try:
        before = rebuild(first=True)
        edited = sorted((tmp_path / "source_texts").glob("*.txt"))[1]
        edited.write_text(edited.read_text(encoding="utf-8") + "\n附：联系电话另行通知。\n", encoding="utf-8")
        after = rebuild()
    finally:
        load_config(str(tmp_path / "mkdocs.yml")).plugins.on_startup(command="build", dirty=False)
    page = f"documents/{pipeline.document_id(edited)}/index.html"
    rewritten = {p for p in after if after[p] != before.get(p)}
    assert page in rewritten and "联系电话另行通知" in (site / page).read_text(encoding="utf-8")
    other_docs = [p for p in before if p.startswith("documents/") and p.count("/") == 2 and p != page]
    assert other_docs and not rewritten & set(other_docs)
    assert len(rewritten) < len(after) / 4


def test_serve_reuses_unchanged_documents_but_reports_a_bad_sidecar_every_time(tmp_path):
    from tifa.memory import ServeMemory
    from tifa.pipeline import load_corpus

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("关于做好疫情防控工作的通知\n要做好联防联控工作。\n", encoding="utf-8")
    (src / "b.txt").write_text("会议纪要\n外防输入、内防扩散。\n", encoding="utf-8")
    (src / "b.yml").write_text("place: [unclosed\n", encoding="utf-8")
    memory = ServeMemory()

    def load(problems):
        with memory.build():
            return load_corpus(src, on_error=problems.append, cache_dir=tmp_path / "cache", memory=memory)

    builds = []
    for _ in range(2):
        problems = []
        builds.append((load(problems), problems))
    (first, first_problems), (second, second_problems) = builds
    assert second[0] is first[0]  # a.txt: unchanged, the same document
    assert [Path(p.path).name for p in first_problems] == [Path(p.path).name for p in second_problems] == ["b.yml"]
    (src / "b.yml").write_text("place: 某县\n", encoding="utf-8")
    problems = []
    third = load(problems)
    assert problems == [] and third[1].meta.place == "某县" and third[0] is first[0]
    (src / "a.txt").write_text("关于做好疫情防控工作的通知\n要做好联防联控工作。\n补充。\n", encoding="utf-8")
    fourth = load(problems)
    assert fourth[0] is not first[0] and "补充" in fourth[0].text
