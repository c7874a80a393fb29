"""Decoding and extraction cost per MB for each input format (``python -m bench inputs``).

The same body of text (the seed texts, repeated to about ``--mb`` MB) is written
as .txt, .md (front matter, ## headings, emphasis, links, comments), a saved
.html page (navigation and footer chrome around an article), .docx (headings,
paragraphs, a table) and a PDF with a text layer; each file is read with the
format's reader (``tifa.decode.source.read_source``) and then normalized
(``tifa.pipeline.normalize_bytes``, reader included). Seconds per MB are per MB
of the text, so formats compare on the same content; the file sizes are listed.
Results: bench/results/inputs.json and inputs.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def _paragraphs(megabytes: float) -> list[str]:
    lines = [line.strip() for path in sorted((ROOT / "source_texts").glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 20]
    out, size = [], 0
    while size < megabytes * 1_000_000:
        for line in lines:
            out.append(line)
            size += len(line.encode("utf-8")) + 1
    return out


def _files(folder: Path, paragraphs: list[str]) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT / "tests"))
    import docx
    from sample_sources import paged_pdf

    sections = [paragraphs[i:i + 20] for i in range(0, len(paragraphs), 20)]
    files = {fmt: folder / f"body.{fmt}" for fmt in ("txt", "md", "html", "docx", "pdf")}
    files["txt"].write_text("\n".join(paragraphs), encoding="utf-8")
    md = ["---", "title: 基准文本", "date: 2020-02-23", "source_url: https://example.gov.cn/", "---", "# 基准文本", ""]
    for n, section in enumerate(sections, 1):
        md += [f"## 第{n}节", "", "<!-- 注释 -->"] + [f"**{p[:4]}**{p[4:]} [链接](https://example.gov.cn/{n})\n" for p in section]
    files["md"].write_text("\n".join(md), encoding="utf-8")
    html = ["<html><head><meta charset='utf-8'><title>基准文本_某市政府网</title><script>var x=1;</script></head><body>",
            "<nav><a href='/'>首页</a> | <a href='/a'>政务公开</a></nav><article><h1>基准文本</h1>"]
    for n, section in enumerate(sections, 1):
        html += [f"<h2>第{n}节</h2>"] + [f"<p>{p}</p>" for p in section]
    html.append("</article><footer>版权所有 网站标识码 123</footer></body></html>")
    files["html"].write_text("\n".join(html), encoding="utf-8")
    document = docx.Document()
    document.core_properties.title = "基准文本"
    for n, section in enumerate(sections, 1):
        document.add_heading(f"第{n}节", level=1)
        for p in section:
            document.add_paragraph(p)
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "项目", str(n)
    document.save(files["docx"])
    width = 38  # characters a PDF line holds
    lines = [p[i:i + width] for p in paragraphs for i in range(0, len(p), width)]
    files["pdf"].write_bytes(paged_pdf([lines[i:i + 45] for i in range(0, len(lines), 45)], "基准文本"))
    return files


def _best(repeat: int, run) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench inputs")
    parser.add_argument("--mb", type=float, default=1.0, help="MB of text per format (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (default 3)")
    args = parser.parse_args(argv)
    from tifa.decode.source import read_source
    from tifa.pipeline import default_config, normalize_bytes

    config = default_config()
    paragraphs = _paragraphs(args.mb)
    text_mb = sum(len(p.encode("utf-8")) + 1 for p in paragraphs) / 1e6
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, path in _files(Path(tmp), paragraphs).items():
            data = path.read_bytes()
            read_source(data, path)  # warm: imports, trafilatura's and jieba's start-up
            read_s = _best(args.repeat, lambda data=data, path=path: read_source(data, path))
            total_s = _best(args.repeat, lambda data=data, path=path: normalize_bytes(data, path, config))
            extracted = len(read_source(data, path).text.encode("utf-8")) / 1e6
            rows.append({"format": fmt, "file_mb": round(len(data) / 1e6, 3), "text_mb": round(text_mb, 3),
                         "extracted_mb": round(extracted, 3), "read_s": round(read_s, 3),
                         "read_s_per_mb": round(read_s / text_mb, 3), "with_normalize_s_per_mb": round(total_s / text_mb, 3)})
            print(f"{fmt:5} file {len(data) / 1e6:6.2f} MB  read {read_s / text_mb:6.3f} s/MB  "
                  f"read+normalize {total_s / text_mb:6.3f} s/MB  (extracted {extracted:.2f} of {text_mb:.2f} MB)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"python": platform.python_version(), "machine": platform.machine(), "mb": args.mb, "repeat": args.repeat}
    (RESULTS / "inputs.json").write_text(json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
    lines = ["# Input formats: decoding and extraction cost per MB of text", "",
             (f"`python -m bench inputs --mb {args.mb} --repeat {args.repeat}` (best of {args.repeat}; Python {meta['python']}). "
              "The same text in each format; s/MB per MB of that text."), "",
             "| format | file MB | read s/MB | read + normalize s/MB | text extracted MB |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {r['format']} | {r['file_mb']} | {r['read_s_per_mb']} | {r['with_normalize_s_per_mb']} | {r['extracted_mb']} |"
              for r in rows]
    (RESULTS / "inputs.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
