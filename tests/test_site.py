"""The built site (one strict build of the seeds per session)."""

import json
import re
from html.parser import HTMLParser

from conftest import SEED_IDS, copy_project, run_build, seed


def page(site, doc_id):
    return (site / "documents" / doc_id / "index.html").read_text(encoding="utf-8")


def text_of(html):
    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style") or ("class", "tifa-orig") in attrs or tag == "pre":
                self.skip += 1

        def handle_endtag(self, tag):
            if self.skip and tag in ("script", "style", "p", "pre"):
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return "".join(parser.parts)


def article(html):
    return html[html.index("<article") : html.index("</article>")]


def test_a_page_per_seed(built_site):
    for doc_id in SEED_IDS:
        assert (built_site / "documents" / doc_id / "index.html").exists()
    index = (built_site / "documents" / "index.html").read_text(encoding="utf-8")
    assert all(f"{doc_id}/" in index for doc_id in SEED_IDS)


def test_seed_001_reads_simplified_and_keeps_the_original(built_site):
    html = page(built_site, seed("001"))
    reading = text_of(article(html).split('id="original"')[0])
    assert "县委书记" in reading and "联防联控" in reading
    assert "shū" not in reading and "書" not in reading
    # The original view of the title paragraph, and the whole original, show the glosses.
    assert "書(shū)" in html or "書<span" in html
    assert "縣委書(shū)記" in html


def test_chrome_is_gone_and_dates_are_in_the_header(built_site):
    for prefix, date in (("002", "2020-02-04"), ("004", "2021-08-09")):
        html = page(built_site, seed(prefix))
        reading = text_of(article(html).split('id="original"')[0])
        for chrome in ("您现在", "字号", "关闭此页", "点击量", "ICP", "0731-84351277", "微信二维码"):
            assert chrome not in reading, (prefix, chrome)
        header = re.search(r'<dl class="tifa-meta">(.*?)</dl>', html, re.S).group(1)
        assert f'<dd data-field="date">{date}' in header
    header4 = re.search(r'<dl class="tifa-meta">(.*?)</dl>', page(built_site, seed("004")), re.S).group(1)
    assert "2024-05-17" not in re.search(r'data-field="date">([^<]*)', header4).group(1)
    assert "责任编辑" in header4 and "李欣桐" in header4


def test_damage_is_marked_with_a_reason(built_site):
    html = page(built_site, seed("001"))
    assert html.count('class="tifa-damage tifa-damage-placeholder"') >= 10
    corrected = re.search(r'<span class="tifa-damage tifa-damage-corrected"[^>]*title="([^"]*)"[^>]*>县</span>', html)
    assert corrected and "??h" in corrected.group(1)


def test_paragraphs_have_permalinks(built_site, seed_docs):
    doc = seed_docs[seed("003")]
    html = page(built_site, doc.id)
    for p in doc.paragraphs:
        if p.kind != "title":
            assert f'id="{p.id}"' in html and f'href="#{p.id}"' in html


def test_material_search_leaves_documents_to_the_full_text_search(built_site, seed_docs):
    # Material's index is downloaded whole before a first result: it keeps the guides,
    # phrases, notes and briefings; document text is in the sharded full-text data.
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    locations = [d["location"] for d in index["docs"]]
    assert not any(doc_id in loc for loc in locations for doc_id in SEED_IDS)
    assert any(loc.startswith("phrases/lian-fang-lian-kong/") for loc in locations)
    # A phrase's occurrences, timeline and charts are on its page but not in the index (figures and
    # document titles: found by the full-text search).
    for section in ("occurrences", "timeline", "uses"):
        entries = [d for d in index["docs"] if d["location"] == f"phrases/lian-fang-lian-kong/#{section}"]
        assert entries and all(not d["text"] for d in entries), section
    phrase_html = (built_site / "phrases" / "lian-fang-lian-kong" / "index.html").read_text(encoding="utf-8")
    assert 'class="tifa-chart"' in phrase_html and 'id="timeline"' in phrase_html
    assert (built_site / "phrases" / "lian-fang-lian-kong" / "index.html").read_text(encoding="utf-8").count('class="tifa-kwic-key"') >= 5
    doc = seed_docs[seed("001")]
    order = json.loads((built_site / "fulltext" / "manifest.json").read_text(encoding="utf-8"))
    texts = [json.loads(p.read_text(encoding="utf-8")) for p in (built_site / "fulltext" / "text").glob("*.json")]
    assert len(texts) == len(SEED_IDS)
    assert order["stride"] >= max(len(d.paragraphs) for d in seed_docs.values()) > order["stride"] // 2
    rows = next(t for t in texts if t[0][0] == doc.paragraphs[0].id)
    assert [r[2] for r in rows] == [p.text for p in doc.paragraphs]  # the reading text, not the original


def test_home_page_figures(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "<strong>5</strong> 份文件" in html
    assert "<!-- tifa:" not in html


def test_phrase_pages_show_the_annotations_that_touch_them(built_site):
    html = (built_site / "phrases" / "wu-bao-yi" / "index.html").read_text(encoding="utf-8")
    assert 'id="annotations"' in html and f"documents/{seed('001')}/#note-{seed('001')}-wu-bao-yi" in html
    unrelated = (built_site / "phrases" / "si-ge-yi-shi" / "index.html").read_text(encoding="utf-8")
    assert 'id="annotations"' not in unrelated


def test_document_pages_weigh_at_most_three_times_their_text(built_site, seed_docs):
    # The bound: a document page's HTML ≤ 3 × its text + 60 KB, whatever the collection size.
    for doc in seed_docs.values():
        html = (built_site / "documents" / doc.id / "index.html").stat().st_size
        text = len(doc.original.encode("utf-8"))
        assert html <= 3 * text + 60 * 1024, (doc.id, html, text)


def test_the_untouched_original_is_a_file_of_its_own(built_site, seed_docs):
    doc = seed_docs[seed("002")]
    html = page(built_site, doc.id)
    assert f'href="../../originals/{doc.id}.txt"' in html
    served = (built_site / "originals" / f"{doc.id}.txt").read_text(encoding="utf-8")
    assert served == doc.original and "您现在的位置" in served  # boilerplate and all


def test_a_long_traditional_text_with_glosses_stays_light(tmp_path, project, seed_docs):
    # Every few characters of a glossed traditional text change; the page must not mark each one up in HTML.
    from tifa.pipeline import load_corpus
    from tifa.site.document import render_document

    original = seed_docs[seed("001")].original
    (tmp_path / "long.txt").write_text("\n".join([original] * 4), encoding="utf-8")
    doc = load_corpus(tmp_path, project.normalize)[0]
    assert len(doc.changes) > 2000
    text = len(doc.original.encode("utf-8"))
    # The theme adds about 30 KB of its own to the generated Markdown.
    assert len(render_document(doc).encode("utf-8")) <= 3 * text + 30 * 1024


def test_a_new_project_with_only_texts_and_notes_builds_strict(tmp_path):
    # Generated pages must not link to guides a new project does not have (docs/ holds only its home page).
    copy_project(tmp_path, folders=("source_texts", "glossary", "annotations"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: new\ntheme:\n  name: material\n  language: zh\nplugins:\n  - search:\n      lang: zh\n  - tifa\n",
        encoding="utf-8")
    result = run_build(tmp_path / "mkdocs.yml", tmp_path / "site", quiet=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (tmp_path / "site" / "annotations" / "index.html").exists()


def test_a_damage_mark_inside_a_phrase_link_is_not_a_control_of_its_own(seed_docs):
    from tifa.model import Mark
    from tifa.site.document import DocumentContext, render_document

    doc = seed_docs[seed("001")]
    inside, outside = doc.damage[0], doc.damage[1]
    link = Mark(inside.start, inside.end, "phrase", (("slug", "x"),))
    html = render_document(doc, DocumentContext(marks=(link,)))
    spans = re.findall(r'<a class="tifa-phrase"[^>]*>(<span class="tifa-damage[^>]*>)', html)
    assert spans and all("tabindex" not in s for s in spans)  # the link is the one stop
    assert html.count('tabindex="0"') == len(doc.damage) - len(spans) and outside.start != inside.start
