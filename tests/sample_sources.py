"""One source file of each format, made here (nothing vendored): used by the format tests and the bench.

PDFs are written by hand: a page whose text is drawn in a CID font with an
identity ToUnicode map (glyph number = code point), which is all a text
extractor reads; the font is not embedded, so no font file is needed. A
"scanned" PDF is a page with an image and no text.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

MARKDOWN = """---
title: 关于进一步做好疫情防控工作的通知
date: 2020-02-23
issuer: 某市卫生健康委员会
author: 办公室
tags: [疫情, 防控]
collected_by: 档案员甲
---

# 新闻联播 20200223

<!-- INFO END -->

## 明确疫情分区分级标准

会议要求，坚持**联防联控、群防群控**，详见[通知原文](https://example.gov.cn/a.html)。

## 分区分级恢复生产秩序

各地要坚持早发现、早报告、早隔离、早治疗。

### 低风险地区

全面恢复生产生活秩序。
"""

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于做好春季复工复产的通知_某市人民政府网</title>
<meta name="pubdate" content="2020-03-02"><meta property="og:site_name" content="某市人民政府网">
<script>document.write('tracker')</script><style>body{color:red}</style></head>
<body><nav><a href="/">首页</a> | <a href="/zw">政务公开</a> | <a href="/hd">互动交流</a></nav>
<div class="share">分享到：微信 微博</div>
<article><h1>关于做好春季复工复产的通知</h1><p>发布时间：2020-03-02 来源：市政府办公室</p>
<h2>一、总体要求</h2><p>各区人民政府，市政府各部门：为统筹推进疫情防控和经济社会发展工作，现就做好春季复工复产有关事项通知如下。</p>
<p>要坚持分区分级、精准施策，落实企业主体责任，保障重点企业用工需求，推动产业链上下游协同复工。</p>
<h2>二、工作措施</h2><p>各部门要加强协调配合，及时解决企业复工复产中遇到的困难和问题，确保各项措施落到实处。</p></article>
<footer><p>版权所有：某市人民政府办公室 网站标识码：1234567890 备案号：某ICP备12345号</p><p>联系我们 | 网站地图</p></footer>
<script>alert('x')</script></body></html>
"""

DOCX_TITLE = "某县农村人居环境整治实施方案"
PDF_TEXT = ["某市关于加强安全生产工作的意见", "2021年5月8日", "各区人民政府：为进一步加强安全生产工作，现提出如下意见。",
            "一是压实安全生产责任，二是开展隐患排查治理，三是强化应急处置能力。"]


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = DOCX_TITLE
    document.core_properties.author = "某县人民政府办公室"
    document.add_heading("一、目标任务", level=1)
    document.add_paragraph("到2021年底，全县农村人居环境明显改善，村庄环境基本实现干净整洁有序。")
    document.add_paragraph("2021年4月6日")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("乡镇", "完成率"), ("城关镇", "95%")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("二、保障措施", level=1)
    document.add_paragraph("各乡镇要落实属地责任，加强督查考核。")
    document.save(path)


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, len(objects), xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


def text_pdf(lines: list[str], title: str = "") -> bytes:
    return paged_pdf([lines], title)


def paged_pdf(pages: list[list[str]], title: str = "") -> bytes:
    """A PDF of ``pages``, each a list of lines drawn top to bottom."""
    # The ToUnicode map lists the characters used (a whole-BMP range makes extractors build a 65,536-entry table).
    used = sorted({ord(c) for lines in pages for line in lines for c in line if ord(c) <= 0xFFFF})
    chunks = [used[i:i + 100] for i in range(0, len(used), 100)]
    entries = b"".join(b"%d beginbfchar " % len(chunk) + b"".join(b"<%04X> <%04X> " % (c, c) for c in chunk)
                       + b"endbfchar " for chunk in chunks)
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Identity-Unicode def "
            b"/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
            + entries + b"endcmap CMapName currentdict /CMap defineresource pop end end")
    info = b"<< /Title <FEFF" + title.encode("utf-16-be").hex().encode() + b"> /CreationDate (D:20210510120000) >>"
    first_page = 7  # objects 1-6: catalog, pages, font, CID font, descriptor, ToUnicode; then page, content …
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NotoSansCJK /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NotoSansCJK /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /NotoSansCJK /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        _stream(cmap),
    ]
    for i, lines in enumerate(pages):
        content = b"BT /F1 14 Tf 16 TL 50 780 Td " + b"".join(
            b"<" + line.encode("utf-16-be").hex().encode() + b"> Tj T* " for line in lines) + b"ET"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (first_page + 2 * i + 1))
        objects.append(_stream(content))
    objects.append(info)
    return _pdf(objects)


def scanned_pdf() -> bytes:
    pixels = bytes([0x80]) * (64 * 64)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(b"q 400 0 0 400 100 300 cm /Im1 Do Q"),
        _stream(pixels, b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8"),
        b"<< /Producer (scanner) >>",
    ])


def write_sources(folder: Path, scanned: bool = True) -> dict[str, Path]:
    """One file of each format in ``folder``; returns them by format."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"md": folder / "transcript.md", "html": folder / "notice.html", "docx": folder / "plan.docx",
             "pdf": folder / "opinion.pdf"}
    files["md"].write_text(MARKDOWN, encoding="utf-8")
    files["html"].write_text(HTML, encoding="utf-8")
    make_docx(files["docx"])
    files["pdf"].write_bytes(text_pdf(PDF_TEXT))
    if scanned:
        files["scan"] = folder / "scan.pdf"
        files["scan"].write_bytes(scanned_pdf())
    return files
