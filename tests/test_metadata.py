"""Metadata from the text, the page chrome and sidecars."""

import pytest
from conftest import seed
from tifa.errors import DataFileError
from tifa.metadata import extract_metadata, iso_date, load_sidecar
from tifa.normalize import NormalizeConfig
from tifa.pipeline import load_document


def test_publication_dates_not_the_save_date(seed_docs):
    assert seed_docs[seed("002")].meta.date == "2020-02-04"
    meta4 = seed_docs[seed("004")].meta
    assert meta4.date == "2021-08-09"
    assert meta4.captured == "2024-05-17"  # 今天是:2024年5月17日 is when the page was saved


def test_credits_and_sources_become_metadata(seed_docs):
    assert seed_docs[seed("004")].meta.credits == {"文字": "雷闪闪", "图片": "欧阳琼", "责任编辑": "李欣桐"}
    assert seed_docs[seed("002")].meta.source == "雅安日报"
    meta3 = seed_docs[seed("003")].meta
    assert meta3.credits == {"记者": "魏朝辉"}


def test_doc_number_and_title_from_text(seed_docs):
    meta = seed_docs[seed("000")].meta
    assert meta.doc_number == "永办发电〔2020〕7号"
    assert meta.title.startswith("转发《中共永州市委办公室") and meta.provenance["title"] == "text"


def test_date_line_and_issuer_above_it():
    meta = extract_metadata("关于做好防控工作的通知\n正文。\n中共永州市委办公室\n2020年1月23日", [])
    assert (meta.date, meta.issuer) == ("2020-01-23", "中共永州市委办公室")


def test_iso_date_refuses_impossible_dates():
    assert iso_date("2020年2月4日") == "2020-02-04"
    assert iso_date("2020-02-30") is None


def test_sidecar_overrides_and_adds(tmp_path):
    (tmp_path / "a.txt").write_text("标题\n正文。", encoding="utf-8")
    (tmp_path / "a.yml").write_text("title: 编者标题\nplace: 湖南省\ndate: 2020-01-23\n", encoding="utf-8")
    doc = load_document(tmp_path / "a.txt", NormalizeConfig.from_files())
    assert (doc.meta.title, doc.meta.place, doc.meta.date) == ("编者标题", "湖南省", "2020-01-23")
    assert doc.meta.provenance["title"] == "sidecar"


@pytest.mark.parametrize(
    "content, line, message",
    [
        ("title: a\nplace: [unclosed\n", 3, "flow sequence that starts on line 2"),
        ("title: a\nplcae: 湖南\n", 2, "unknown field 'plcae'"),
        ("title: a\n\ndate: 2020-02-30\n", 3, "not a real date"),
        ("title: 12\n", 1, "title must be text"),
        ("base: &a x\ntitle: *a\n", 2, "aliases"),
    ],
)
def test_bad_sidecars_name_file_and_line(tmp_path, content, line, message):
    path = tmp_path / "a.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_sidecar(path)
    assert err.value.path == str(path) and err.value.line == line and message in str(err.value)
