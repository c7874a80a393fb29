"""Sources as people have them: Markdown with front matter, saved web pages, Word and PDF files.

The sample files are made by tests/sample_sources.py (nothing vendored)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_build, serve
from sample_sources import DOCX_TITLE, make_docx, scanned_pdf, text_pdf, write_sources
from tifa.decode.source import read_source
from tifa.errors import TifaError
from tifa.metadata import is_real_title, legislative_history, parse_date, place_of
from tifa.pipeline import document_id, load_document

MKDOCS_YML = ("site_name: inputs\ntheme:\n  name: material\n  language: zh\nplugins:\n  - search:\n      lang: zh\n"
              "  - tifa\nmarkdown_extensions:\n  - toc:\n      permalink: \"¶\"\n")


def _project(root: Path, scanned: bool) -> Path:
    write_sources(root / "source_texts", scanned=scanned)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    shutil.copytree(ROOT / "glossary", root / "glossary")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def formats_site(tmp_path_factory) -> Path:
    root = _project(tmp_path_factory.mktemp("formats"), scanned=False)
    result = run_build(root / "mkdocs.yml", root / "site", quiet=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return root / "site"


def _page(site: Path, doc_id: str) -> str:
    return (site / "documents" / doc_id / "index.html").read_text(encoding="utf-8")


def _field(html: str, name: str) -> str:
    m = re.search(rf'<dd data-field="{name}">([^<]*)', html)
    return m.group(1) if m else ""


def _body(html: str) -> str:
    """The document's text as a reader sees it (phrase links and permalinks taken out)."""
    region = html[html.index('class="tifa-doc"'):html.index("tifa-original-data")]
    return re.sub(r"<[^>]+>", "", re.sub(r'<a class="tifa-permalink".*?</a>', "", region))


def _title(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL).group(1).split("<")[0].strip()


def test_the_scanned_pdf_is_the_one_report_and_is_not_published(tmp_path):
    root = _project(tmp_path, scanned=True)
    result = run_build(root / "mkdocs.yml", root / "site", quiet=False)
    assert result.returncode != 0  # --strict: the scan must be dealt with
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and "scan.pdf" in warnings[0] and "needs OCR" in warnings[0], result.stderr
    lenient = run_build(root / "mkdocs.yml", root / "lenient", "--no-strict", quiet=False)
    assert lenient.returncode == 0, lenient.stderr
    assert not (root / "lenient" / "documents" / "scan").exists()
    assert (root / "lenient" / "documents" / "transcript" / "index.html").exists()


def test_markdown_page_title_date_body_headings_and_metadata(formats_site):
    html = _page(formats_site, "transcript")
    assert _title(html) == "关于进一步做好疫情防控工作的通知"  # front matter over the # heading
    assert _field(html, "date") == "2020-02-23"
    assert _field(html, "author") == "办公室" and _field(html, "tags") == "疫情、防控"
    assert "collected_by" in html and "档案员甲" in html  # unknown key kept and shown
    assert 'href="https://example.gov.cn/a.html"' in html  # a link's URL kept as a source link
    body = _body(html)
    assert "会议要求，坚持联防联控、群防群控，详见通知原文。" in body
    assert "##" not in body and "**" not in body and "INFO END" not in body and "---" not in body
    headings = [(level, re.sub(r"<[^>]+>", "", inner)) for level, inner in re.findall(r'<h([2-6]) class="tifa-norm">(.*?)</h\1>', html)]
    assert headings == [("2", "新闻联播 20200223"), ("2", "明确疫情分区分级标准"), ("2", "分区分级恢复生产秩序"),
                        ("3", "低风险地区")]
    assert "Markdown 标记" in html  # the markup taken out is listed among the changes


def test_saved_page_keeps_the_article_and_publishes_the_page_without_scripts(formats_site):
    html = _page(formats_site, "notice")
    assert _title(html) == "关于做好春季复工复产的通知"
    assert _field(html, "date") == "2020-03-02"
    assert _field(html, "source") == "某市人民政府网"
    body = _body(html)
    assert "为统筹推进疫情防控和经济社会发展工作" in body
    assert "网站标识码" not in body and "互动交流" not in body and "分享到" not in body  # chrome left out
    assert [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<h2 class="tifa-norm">(.*?)</h2>', html)] == ["一、总体要求", "二、工作措施"]
    saved = (formats_site / "originals" / "notice.html").read_text(encoding="utf-8")
    assert "为统筹推进疫情防控" in saved and "<script" not in saved and "alert" not in saved
    assert 'href="../../originals/notice.html" download' in html


def test_docx_headings_and_table(formats_site):
    html = _page(formats_site, "plan")
    assert _title(html) == DOCX_TITLE
    assert _field(html, "date") == "2021-04-06"  # the date line, not the file's creation date
    assert [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<h2 class="tifa-norm">(.*?)</h2>', html)] == ["一、目标任务", "二、保障措施"]
    assert "城关镇 | 95%" in _body(html)
    assert (formats_site / "originals" / "plan.docx").read_bytes()[:2] == b"PK"


def test_pdf_text_layer(formats_site):
    html = _page(formats_site, "opinion")
    assert _title(html) == "某市关于加强安全生产工作的意见"
    assert _field(html, "date") == "2021-05-08"
    assert "一是压实安全生产责任，二是开展隐患排查治理" in _body(html)
    assert (formats_site / "originals" / "opinion.pdf").read_bytes().startswith(b"%PDF")
    assert "某市关于加强安全生产工作的意见" in (formats_site / "originals" / "opinion.txt").read_text(encoding="utf-8")


def test_original_view_shows_the_markdown_source(formats_site):
    original = (formats_site / "originals" / "transcript.txt").read_text(encoding="utf-8")
    assert original.startswith("---\ntitle: 关于进一步做好疫情防控工作的通知") and "<!-- INFO END -->" in original
    html = _page(formats_site, "transcript")
    data = re.search(r'<script type="application/json" class="tifa-original-data">(.*?)</script>', html).group(1)
    assert "## 明确疫情分区分级标准" in data  # each paragraph's original, markup included


@pytest.mark.browser
def test_markdown_headings_in_materials_toc_and_their_anchors(browser, formats_site):
    for url in serve(formats_site):
        page = browser.new_page()
        page.goto(url + "documents/transcript/")
        toc = page.locator('nav.md-nav--secondary a.md-nav__link')
        titles = [t.strip() for t in toc.all_inner_texts()]
        assert titles[:4] == ["新闻联播 20200223", "明确疫情分区分级标准", "分区分级恢复生产秩序", "低风险地区"], titles
        page.locator('nav.md-nav--secondary a.md-nav__link', has_text="分区分级恢复生产秩序").first.click()
        page.wait_for_function("location.hash.length > 1")
        target = page.evaluate("document.getElementById(location.hash.slice(1)).querySelector('h2').textContent")
        assert target == "分区分级恢复生产秩序"
        top = page.evaluate("document.getElementById(location.hash.slice(1)).getBoundingClientRect().top")
        assert 0 <= top < 200  # scrolled to the heading
        page.screenshot(path=str(formats_site.parent / "toc.png"))
        page.close()


def test_ids_are_stable_across_formats(tmp_path):
    (tmp_path / "通知.txt").write_text("题目\n正文。\n", encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "通知.md").write_text("# 题目\n\n正文。\n", encoding="utf-8")
    assert document_id(tmp_path / "通知.txt") == document_id(tmp_path / "b" / "通知.md")
    txt = load_document(tmp_path / "通知.txt")
    md = load_document(tmp_path / "b" / "通知.md")
    assert [p.id for p in txt.paragraphs] == [p.id for p in md.paragraphs]  # paragraph ids too


def test_precedence_sidecar_over_front_matter_over_text(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 前言标题\nissuer: 前言机关\n---\n# 正文标题\n\n2020年3月1日\n", encoding="utf-8")
    doc = load_document(path)
    assert (doc.meta.title, doc.meta.provenance["title"]) == ("前言标题", "front matter")
    assert (doc.meta.date, doc.meta.provenance["date"]) == ("2020-03-01", "date line")
    assert doc.meta.issuer == "前言机关"
    (tmp_path / "a.yml").write_text("title: 编者标题\ndate: 2020-03-05\n", encoding="utf-8")
    doc = load_document(path)
    assert (doc.meta.title, doc.meta.date, doc.meta.issuer) == ("编者标题", "2020-03-05", "前言机关")
    path.write_text("# 正文标题\n\n2020年3月1日\n", encoding="utf-8")
    (tmp_path / "a.yml").unlink()
    assert load_document(path).meta.title == "正文标题"


def test_malformed_front_matter_is_reported_and_the_text_published(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 标题\ndate: [2020\n---\n# 标题\n\n正文内容。\n", encoding="utf-8")
    problems: list[TifaError] = []
    doc = load_document(path, on_error=problems.append)
    assert len(problems) == 1
    assert re.match(rf"{re.escape(str(path))}:\d+(:\d+)?: malformed YAML.* — ", problems[0].format())
    assert problems[0].line in (3, 4)
    assert doc.meta.title == "标题" and any(p.text == "正文内容。" for p in doc.paragraphs)
    path.write_text("---\ntitle: 标题\ndate: 2020-02-31\n---\n正文。\n", encoding="utf-8")
    problems.clear()
    doc = load_document(path, on_error=problems.append)
    assert problems[0].line == 3 and "not a real date" in problems[0].message and doc.meta.title == "标题"


def test_a_title_is_never_a_fence_a_mark_or_empty(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("---\n# \n关于做好工作的通知\n正文。\n", encoding="utf-8")
    assert load_document(path).meta.title == "关于做好工作的通知"
    assert not is_real_title("---") and not is_real_title("# ") and not is_real_title("")
    md = tmp_path / "b.md"
    md.write_text("---\n---\n#\n\n## 第一章 总则\n", encoding="utf-8")
    assert load_document(md).meta.title == "第一章 总则"


@pytest.mark.parametrize("written, year, iso", [
    ("2020-02-23", None, "2020-02-23"), ("20200223", None, "2020-02-23"), ("2020年2月23日", None, "2020-02-23"),
    ("二〇二〇年二月二十三日", None, "2020-02-23"), ("2月23日", 2020, "2020-02-23"), ("2月23日", None, None),
    ("2020/2/3", None, "2020-02-03"), ("二〇一九年十二月三十日", None, "2019-12-30"), ("20200231", None, None),
])
def test_dates_as_written(written, year, iso):
    assert parse_date(written, year) == iso


def test_transcript_title_date_and_month_day_with_the_year_from_context(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("# 新闻联播 20200223\n\n## 明确疫情分区分级标准\n\n内容。\n", encoding="utf-8")
    doc = load_document(path)
    assert (doc.meta.title, doc.meta.date) == ("新闻联播 20200223", "2020-02-23")
    assert [(p.kind, p.level) for p in doc.paragraphs[:2]] == [("title", 0), ("heading", 2)]
    path = tmp_path / "u.txt"
    path.write_text("2020年工作简报\n正文。\n3月5日\n", encoding="utf-8")
    assert load_document(path).meta.date == "2020-03-05"


REGULATION = """# 青岛市燃气管理条例

1995年5月26日 青岛市第十一届人民代表大会常务委员会第十七次会议通过

1995年6月14日 山东省第八届人民代表大会常务委员会第十五次会议批准

2003年10月24日 青岛市第十三届人民代表大会常务委员会第六次会议第一次修订

2019年5月23日 青岛市第十六届人民代表大会常务委员会第十六次会议第二次修订

2019年7月26日 山东省第十三届人民代表大会常务委员会第十三次会议批准

2019年9月1日 施行

<!-- INFO END -->

## 第一章 总 则

第一条 为了加强燃气管理，制定本条例。
"""


def test_regulation_adoption_and_revision_lines(tmp_path):
    path = tmp_path / "青岛市燃气管理条例(2022-01-21).md"
    path.write_text(REGULATION, encoding="utf-8")
    doc = load_document(path)
    m = doc.meta
    assert (m.title, m.adopted, m.revised, m.date) == ("青岛市燃气管理条例", "1995-05-26", "2019-07-26", "2019-07-26")
    assert (m.issuer, m.place) == ("青岛市人民代表大会常务委员会", "青岛市")
    assert next(p for p in doc.paragraphs if p.kind == "heading").text == "第一章 总 则"
    assert any(c.step == "markup" and "INFO END" in c.before for c in doc.changes)  # the comment, listed
    one_line = legislative_history([("2005年11月18日 浙江省第十届人民代表大会常务委员会第二十一次会议通过根据2011年11月25日"
                                    "浙江省十一届人民代表大会常务委员会第二十九次会议《关于修改〈浙江省专利保护条例〉等十四件地方性法规的决定》第一次修正")])
    assert [(d, a) for d, a, _ in one_line] == [("2005-11-18", "通过"), ("2011-11-25", "修正")]
    assert place_of("上海市人民代表大会常务委员会") == "上海市"
    new = tmp_path / "安阳市某条例(2021-11-27).md"
    new.write_text("# 安阳市某条例\n\n2021年11月6日 安阳市第十四届人民代表大会常务委员会第二十六次会议通过\n\n"
                   "2021年11月27日 河南省第十三届人民代表大会常务委员会第二十八次会议批准\n\n第一条 为了……，制定本条例。\n",
                   encoding="utf-8")
    m = load_document(new).meta
    assert (m.date, m.adopted, m.revised, m.issuer) == ("2021-11-27", "2021-11-06", None, "安阳市人民代表大会常务委员会")


def test_reader_errors_name_the_file(tmp_path):
    with pytest.raises(TifaError, match="needs OCR"):
        read_source(scanned_pdf(), tmp_path / "scan.pdf")
    with pytest.raises(TifaError, match="not a readable Word"):
        read_source(b"PK not a zip", tmp_path / "bad.docx")
    with pytest.raises(TifaError, match="not a readable PDF"):
        read_source(b"%PDF-1.4 garbage", tmp_path / "bad.pdf")
    source = read_source(text_pdf(["第一行", "第二行。"], title="Microsoft Word - 附件1.docx"), tmp_path / "a.pdf")
    assert "title" not in source.fields  # a converter's file name is not a title
    make_docx(tmp_path / "a.docx")
    assert read_source((tmp_path / "a.docx").read_bytes(), tmp_path / "a.docx").fields["title"] == DOCX_TITLE


@pytest.mark.parametrize("option, value, kind", [
    ("corrections", "[missing/corrections.yml]", "file"),
    ("boilerplate_rules", "[missing/rules.yml]", "file"),
    ("glossary_dir", "missing-glossary", "folder"),
    ("annotations_dir", "missing-annotations", "folder"),
    ("briefings_dir", "missing-briefings", "folder"),
    ("phrase_table", "missing/table.json", "file"),
])
def test_a_missing_configured_path_names_the_option(tmp_path, option, value, kind):
    (tmp_path / "source_texts").mkdir()
    (tmp_path / "source_texts" / "a.txt").write_text("标题\n正文。\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\ntheme:\n  name: material\nplugins:\n  - tifa:\n      {option}: {value}\n", encoding="utf-8")
    result = run_build(tmp_path / "mkdocs.yml", tmp_path / "site", quiet=False)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "tifa:" in line]
    assert len(lines) == 1, result.stderr
    missing = value.strip("[]")
    assert f"mkdocs.yml option `{option}`" in lines[0] and f"{kind} {tmp_path / missing} does not exist" in lines[0]
    assert "Traceback" not in result.stderr
