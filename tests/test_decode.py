"""Decode: every supported encoding, and clear errors for everything else."""

import codecs

import pytest
from tifa.decode import decode_bytes, decode_file
from tifa.errors import DecodeError

SIMPLIFIED = "各县区委要切实落实联防联控措施，坚持外防输入、内防扩散。"
TRADITIONAL = "縣委書記強調，要聯防聯控、群防群控，堅決做到早發現、早報告、早隔離、早治療。"


def test_utf8():
    decoded = decode_bytes(SIMPLIFIED.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (SIMPLIFIED, "utf-8")


def test_utf8_bom_is_removed_and_recorded():
    decoded = decode_bytes(codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"))
    assert decoded.text == SIMPLIFIED and decoded.encoding == "utf-8-bom"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    decoded = decode_bytes(bom + SIMPLIFIED.encode(codec))
    assert decoded.text == SIMPLIFIED and decoded.encoding == "utf-16"


def test_gb18030(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes(SIMPLIFIED.encode("gb18030"))
    decoded = decode_file(path)
    assert decoded.text == SIMPLIFIED and decoded.encoding == "gb18030"


def test_gbk_subset_is_read_as_gb18030():
    assert decode_bytes(SIMPLIFIED.encode("gbk")).text == SIMPLIFIED


def test_big5_is_told_apart_from_gbk(tmp_path):
    # Big5 bytes are mostly valid GBK too; the decoder must still pick Big5.
    path = tmp_path / "big5.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    decoded = decode_file(path)
    assert decoded.text == TRADITIONAL and decoded.encoding == "big5"


def test_empty_file_is_empty_text():
    assert decode_bytes(b"").text == ""


def test_binary_file_names_the_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(DecodeError) as err:
        decode_file(path)
    assert str(path) in str(err.value) and "binary" in str(err.value)


def test_control_characters_are_binary():
    with pytest.raises(DecodeError, match="control character U\\+0007"):
        decode_bytes("正文\x07正文".encode(), "x.txt")


def test_undecodable_bytes_name_offset_and_line(tmp_path):
    path = tmp_path / "broken.txt"
    # Second line holds bytes valid in none of UTF-8, GB18030 and Big5.
    path.write_bytes("第一行\n".encode() + b"\x80\x80\xff\xff")
    with pytest.raises(DecodeError) as err:
        decode_file(path)
    assert err.value.path == str(path) and err.value.line == 2
    assert "80 80 ff ff" in str(err.value)


def test_truncated_multibyte_sequence_is_an_error_not_a_dropped_byte():
    data = "联防联控".encode("gb18030")[:-1]
    with pytest.raises(DecodeError):
        decode_bytes(data, "truncated.txt")


def test_truncated_utf8_is_not_mistaken_for_gb18030():
    with pytest.raises(DecodeError, match="cut off") as err:
        decode_bytes("联防联控工作".encode() + "防".encode()[:2], "cut.txt")
    assert err.value.line == 1 and "truncated" in err.value.hint
