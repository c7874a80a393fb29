"""`mkdocs serve --dirty`: what a rebuild keeps from the last full build (README, "A --dirty rebuild")
and what it makes again — the edited document's page and links are new, the mined phrases, parallel
passages and search data are the last full build's; a plain serve stays exact."""

import shutil
from dataclasses import replace

from conftest import ROOT
from tifa.memory import ServeMemory
from tifa.search import PREFIX
from tifa.workflow import Project, build_site

ANNOTATED = "003_50370538e6630bbc"


def _project(tmp_path) -> Project:
    for name in ("source_texts", "glossary", "annotations", "briefings"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return Project.at(tmp_path, cache_dir=tmp_path / "cache")


def _search(output) -> dict:
    return {path: data for path, data in output.files.items() if path.startswith(PREFIX)}


def test_a_dirty_rebuild_links_the_edit_and_keeps_the_mined_phrases_and_search_data(tmp_path):
    project = _project(tmp_path)
    memory = ServeMemory(dirty=True)
    first = build_site(project, report=print, memory=memory)
    text = project.source_dir / f"{ANNOTATED}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n新增一段：要做好群防群控工作。\n", encoding="utf-8")
    served = build_site(project, report=print, memory=memory)
    page = served.pages[f"documents/{ANNOTATED}.md"]
    assert "新增一段" in page and 'href="../../phrases/qun-fang-qun-kong/"' in page.split("新增一段")[1][:400]
    assert _search(served) == _search(first)  # the search data is the last full build's
    fresh = build_site(replace(project, cache_dir=tmp_path / "fresh"), report=print)
    assert {p for p in served.pages if p.startswith("phrases/")} == {p for p in fresh.pages if p.startswith("phrases/")}
    assert _search(served) != _search(fresh)  # …which a plain build makes anew


def test_a_dirty_rebuild_mines_again_after_a_glossary_edit(tmp_path):
    project = _project(tmp_path)
    memory = ServeMemory(dirty=True)
    build_site(project, report=print, memory=memory)
    entry = project.glossary_dir / "wai-fang-shu-ru.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("guard against imported cases", "keep imported cases out"),
                     encoding="utf-8")
    served = build_site(project, report=print, memory=memory)
    fresh = build_site(replace(project, cache_dir=tmp_path / "fresh"), report=print)
    assert served.pages["phrases/wai-fang-shu-ru.md"] == fresh.pages["phrases/wai-fang-shu-ru.md"]
    assert "keep imported cases out" in served.pages["phrases/wai-fang-shu-ru.md"]


def test_a_dirty_rebuild_leaves_out_the_parallels_of_an_edited_document(tmp_path):
    project = _project(tmp_path)
    copy = project.source_dir / "005_copy.txt"
    shutil.copy(project.source_dir / f"{ANNOTATED}.txt", copy)
    memory = ServeMemory(dirty=True)
    first = build_site(project, report=print, memory=memory)
    assert "005_copy" in first.pages["reuse/index.md"]
    copy.write_text(copy.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    served = build_site(project, report=print, memory=memory)
    assert "005_copy" not in served.pages["reuse/index.md"]  # until a full build finds them again
    assert "005_copy" in build_site(replace(project, cache_dir=tmp_path / "fresh"), report=print).pages["reuse/index.md"]
