"""Growth: one hostile text against an ordinary text of the same size, in the same run.

    python -m bench growth [--repeat 2] [--scale 1.0]

Each case is a project of one text, built by tifa's own stages in process (decode,
normalize, segment, mine, link, pages: ``build_site``), timed cold (cache cleared).
The ordinary text has the same number of characters, made of the seed texts'
sentences in paragraphs of usual length. The target is ≤ 3 × the ordinary time for
each case. Writes ``bench/results/growth.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from datetime import date

from bench.__main__ import RESULTS, ROOT, WORK, machine, seed_sentences, timed_build

TARGET = 3.0
TITLE = "关于做好疫情防控工作的通知\n"


def cases(sentences: list[str], scale: float) -> dict[str, str]:
    """The hostile texts of the issue (sizes × ``scale``)."""
    def prose(chars: int, sep: str = "") -> str:
        out, n, i = [], 0, 0
        while n < chars:
            out.append(sentences[i % len(sentences)])
            n += len(out[-1]) + len(sep)
            i += 1
        return sep.join(out)[:chars]

    mb = int(2**20 * scale) // 3  # characters of Chinese text in 1 MB of UTF-8
    return {
        "one 1 MB line with phrases": TITLE + prose(mb) + "\n",
        "40k short paragraphs": TITLE + "\n".join(f"各单位要坚持外防输入{i % 10}。" for i in range(int(40_000 * scale))) + "\n",
        "100k '('": TITLE + "(" * int(100_000 * scale) + "\n",
        "the 123-character widget line": TITLE + "【字号" * 40 + "】a\n",
        "100k spaces": TITLE + "各单位" + " " * int(100_000 * scale) + "要坚持外防输入。\n",
    }


def ordinary(sentences: list[str], chars: int) -> str:
    """Seed sentences in paragraphs of three, cut to ``chars`` characters."""
    lines, n, i = [TITLE.strip()], len(TITLE), 0
    while n < chars:
        line = "".join(sentences[(i + k) % len(sentences)] for k in range(3))
        lines.append(line)
        n += len(line) + 1
        i += 3
    return ("\n".join(lines) + "\n")[:chars]


def project(text: str, name: str):
    root = WORK / "growth" / name
    shutil.rmtree(root, ignore_errors=True)
    (root / "source_texts").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "source_texts" / "text.txt").write_text(text, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        f"site_name: growth\ntheme:\n  name: material\n  language: zh\nplugins:\n  - search:\n      lang: zh\n"
        f"  - tifa:\n      glossary_dir: {ROOT / 'glossary'}\nnav:\n  - index.md\n", encoding="utf-8")
    return root


def stages_once(text: str, name: str) -> float:
    """tifa's stages in process (no MkDocs), cold."""
    from tifa.workflow import Project, build_site

    root = project(text, name)
    start = time.perf_counter()
    build_site(Project.at(root, glossary_dir=ROOT / "glossary"), report=lambda err, level="warning": None)
    return time.perf_counter() - start


def mkdocs_once(text: str, name: str) -> float:
    """``mkdocs build`` in a new process, cold: MkDocs's Markdown of the big page included."""
    root = project(text, name)
    return timed_build(root / "mkdocs.yml", root / "site")["seconds"]


def run(repeat: int, scale: float) -> dict:
    sentences = seed_sentences()
    stages_once(ordinary(sentences, 2000), "warm-up")  # jieba's dictionary, OpenCC, imports
    rows = []
    for i, (name, text) in enumerate(cases(sentences, scale).items()):
        plain = ordinary(sentences, len(text))
        row = {"case": name, "chars": len(text)}
        for kind, once in (("stages", stages_once), ("mkdocs", mkdocs_once)):
            hostile_s = min(once(text, f"case{i}") for _ in range(repeat))
            plain_s = min(once(plain, f"plain{i}") for _ in range(repeat))
            row[kind] = {"hostile_s": hostile_s, "ordinary_s": plain_s, "ratio": hostile_s / plain_s,
                         "met": hostile_s <= TARGET * plain_s}
            print(f"{name}, {kind}: {hostile_s:.2f} s vs {plain_s:.2f} s ordinary ({hostile_s / plain_s:.2f} ×)", flush=True)
        rows.append(row)
    return {"date": date.today().isoformat(), "machine": machine(), "repeat": repeat, "scale": scale, "target": TARGET, "cases": rows}


def write(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "growth.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    lines = [f"# Growth {results['date']}", "", f"Machine: {results['machine']}", "",
             (f"One text per project, cold, best of {results['repeat']}: tifa's stages in process (`build_site`), and a whole "
              f"`mkdocs build` in a new process. Target: ≤ {results['target']:g} × an ordinary text of the same size "
              "(seed sentences in paragraphs of three), timed in the same run."), "",
             "| case | characters | stages: hostile s | ordinary s | ratio | mkdocs build: hostile s | ordinary s | ratio | target |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results["cases"]:
        s, m = r["stages"], r["mkdocs"]
        met = "met" if s["met"] and m["met"] else "**missed**"
        lines.append(f"| {r['case']} | {r['chars']:,} | {s['hostile_s']:.2f} | {s['ordinary_s']:.2f} | {s['ratio']:.2f} | "
                     f"{m['hostile_s']:.2f} | {m['ordinary_s']:.2f} | {m['ratio']:.2f} | {met} |")
    (RESULTS / "growth.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench growth")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--scale", type=float, default=1.0, help="shrink the sizes for a quick look (0.1)")
    args = parser.parse_args(argv)
    write(run(args.repeat, args.scale))
