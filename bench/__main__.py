"""Benchmark: tifa against a plain mkdocs-material build of the same documents.

    python -m bench --sizes 100,1000 --repeat 3 [--profile]
    python -m bench growth        (hostile texts against ordinary ones: bench/growth.py)
    python -m bench reuse         (parallel passages on real regulations: bench/reuse.py)
    python -m bench inputs        (decoding and extraction cost per MB for each input format: bench/inputs.py)

Generates deterministic synthetic corpora from the seed texts' sentences
(some traditional with pinyin glosses, some with web chrome), builds each as
(a) plain Material with a flat nav, (b) plain Material without a nav listing
every page, (c) the full tifa site (cold: cache cleared), then (d) rebuilds after
editing one document and one annotation — as ``mkdocs build`` in a new process and
as ``mkdocs serve`` does, in the same process — and times tifa's stages. Checks the
site's weight against the targets (document page ≤ 3 × its text + 60 KB; search data
fetched before a first result). Writes ``bench/results/results.{json,md,svg}`` and,
with ``--profile``, a pyinstrument profile of the largest tifa build. Not part of
the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"
CHROME_HEAD = "您现在的位置:首页 >> 疫情防控 >> 正文\n\n【发布日期:2020-02-{day:02d}】 【字号: 】  【关闭此页\n"
CHROME_FOOT = "\n\n微信二维码\n关于我们 | 联系我们\n备案号:湘ICP备2021007142号-1\n"


def seed_sentences() -> list[str]:
    from tifa.pipeline import load_corpus
    from tifa.workflow import Project

    project = Project.at(ROOT)
    sentences = []
    for doc in load_corpus(project.source_dir, project.normalize):
        for p in doc.paragraphs:
            sentences += [s + "。" for s in p.text.split("。") if len(s) > 8]
    return sentences


def glossed_traditional(text: str, rng: random.Random) -> str:
    """Traditional script with a pinyin reading after some characters, as in seed 001."""
    import opencc
    from pypinyin import Style, pinyin

    trad = opencc.OpenCC("s2t").convert(text)
    out = []
    for ch in trad:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.15:
            out.append(f"({pinyin(ch, style=Style.TONE)[0][0]})")
    return "".join(out)


def make_corpus(n: int, seed: int = 7) -> Path:
    """A tifa project and two plain Material projects of the same n documents."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    base = WORK / f"n{n}"
    if base.exists():
        shutil.rmtree(base)
    src = base / "tifa" / "source_texts"
    plain = base / "plain" / "docs"
    src.mkdir(parents=True)
    plain.mkdir(parents=True)
    for i in range(n):
        paragraphs = ["".join(rng.sample(sentences, rng.randint(2, 5))) for _ in range(rng.randint(6, 14))]
        title = f"第{i}号 关于做好疫情防控工作的通知"
        body = title + "\n" + "\n".join(paragraphs) + "\n"
        kind = i % 4
        raw = glossed_traditional(body, rng) if kind == 1 else body
        if kind == 2:
            raw = CHROME_HEAD.format(day=1 + i % 28) + raw + CHROME_FOOT
        (src / f"{i:05d}.txt").write_text(raw, encoding="utf-8")
        md_paragraphs = "\n\n".join(paragraphs)
        (plain / f"{i:05d}.md").write_text(f"# {title}\n\n{md_paragraphs}\n", encoding="utf-8")
    (plain / "index.md").write_text("# 首页\n", encoding="utf-8")
    # One annotation, to time the rebuild after a contributor edits it.
    first = (src / "00000.txt").read_text(encoding="utf-8").split("\n")
    quote = next(line for line in first[1:] if len(line) > 30)[10:24]
    note = base / "tifa" / "annotations" / "00000" / "bench-note.md"
    note.parent.mkdir(parents=True)
    note.write_text(f"---\nquote: {quote}\nauthor: bench\ndate: 2026-01-01\n---\n\nA note.\n", encoding="utf-8")
    (base / "tifa" / "docs").mkdir()
    (base / "tifa" / "docs" / "index.md").write_text("# 首页\n\n<!-- tifa:stats -->\n", encoding="utf-8")
    common = "theme:\n  name: material\n  language: zh\nplugins:\n  - search:\n      lang: zh\n"
    (base / "plain" / "mkdocs-flat.yml").write_text(f"site_name: plain\n{common}", encoding="utf-8")
    (base / "plain" / "mkdocs-nonav.yml").write_text(
        f"site_name: plain\n{common}nav:\n  - index.md\nvalidation:\n  nav:\n    omitted_files: ignore\n", encoding="utf-8"
    )
    (base / "tifa" / "mkdocs.yml").write_text(
        f"site_name: tifa\n{common}  - tifa:\n      glossary_dir: {ROOT / 'glossary'}\n"
        "      annotations_dir: annotations\n      briefings_dir: briefings\nnav:\n  - index.md\n  - documents/index.md\n",
        encoding="utf-8",
    )
    return base


def _env(code: Path | None) -> dict:
    """The environment of a timed build; ``code``: another checkout's ``plugins/`` to run instead of this one's."""
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", **({"PYTHONPATH": str(code)} if code else {}))


# The timed scripts say which tifa they ran (on stderr, last): a figure said to be another
# commit's must be that commit's (a slip once timed this checkout twice in the serve figures).
_WHICH_TIFA = "\nimport tifa, sys; print(tifa.__file__, file=sys.stderr)"


def _check_code(stderr: str, code: Path | None) -> None:
    ran = next((line for line in reversed(stderr.splitlines()) if line.endswith("__init__.py")), "")
    expected = str(Path(code).resolve() if code else ROOT / "plugins")
    if not ran.startswith(expected):
        raise RuntimeError(f"the timed build ran tifa from {ran!r}, not from {expected}")


def timed_build(config: Path, site: Path, code: Path | None = None) -> dict:
    if site.exists():
        shutil.rmtree(site)
    env = _env(code)
    script = (
        "import resource, sys, time; from mkdocs.__main__ import cli; t = time.perf_counter()\n"
        "try:\n    cli(['build', '-q', '-f', sys.argv[1], '-d', sys.argv[2]])\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        + _WHICH_TIFA
    )
    out = subprocess.run([sys.executable, "-c", script, str(config), str(site)], capture_output=True, text=True, env=env, cwd=config.parent)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    _check_code(out.stderr, code)
    seconds, rss_kb = out.stdout.split()[-2:]
    return {"seconds": float(seconds), "peak_mb": int(rss_kb) / 1024}


def site_weight(site: Path, texts: Path | None = None) -> dict:
    pages = list(site.rglob("index.html"))
    doc_pages = [p for p in pages if re.search(r"/(documents/)?\d{5}/index\.html$", str(p))]
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    index = site / "search" / "search_index.json"
    out = {
        "pages": len(pages),
        "doc_page_kb_median": statistics.median(p.stat().st_size for p in doc_pages) / 1024 if doc_pages else 0,
        "largest_page_kb": max(p.stat().st_size for p in pages) / 1024,
        "total_mb": total / 2**20,
        "search_index_mb": index.stat().st_size / 2**20 if index.exists() else 0,
    }
    if texts is not None:
        # The bound on a document page: its HTML ≤ 3 × its text + 60 KB.
        over = [p for p in doc_pages if p.stat().st_size > 3 * (texts / f"{p.parent.name}.txt").stat().st_size + 60 * 1024]
        out["doc_pages_over_limit"] = len(over)
        out["search_fetch_kb"] = search_fetch(site) / 1024
    return out


SEARCH_QUERIES = ("联防联控", "聯防聯控", "外防輸入", "早发现,早报告")


def search_fetch(site: Path, query: str = "联防联控", shown: int = 10) -> int:
    """Bytes a reader's browser fetches before the first results of a full-text query:
    Material's index (loaded with every page), the manifest, the script mapping
    (``fold.json``), the shards of the folded query's bigrams, the metadata chunks and
    the text of the documents on the first page of results. (Facets are fetched after.)"""
    from tifa.search import bigrams, query_terms, search, shard_of

    ft = site / "fulltext"
    manifest = json.loads((ft / "manifest.json").read_text(encoding="utf-8"))
    table = json.loads((ft / "fold.json").read_text(encoding="utf-8"))
    size = (site / "search" / "search_index.json").stat().st_size + (ft / "manifest.json").stat().st_size
    size += (ft / "fold.json").stat().st_size
    keys = set().union(*(bigrams(t) for t in query_terms(query, table)))
    size += sum((ft / "shards" / f"{n}.json").stat().st_size for n in {shard_of(k, manifest["shards"]) for k in keys})
    files = {f"fulltext/{p.relative_to(ft)}": p.read_text(encoding="utf-8") for p in ft.rglob("*.json")}
    docs = list(dict.fromkeys(d for d, _ in search(files, query)))[:shown]
    order = {json.loads(files[f"fulltext/docs/{k}.json"])[i][0]: k * manifest["chunk"] + i
             for k in range(len(list(ft.glob("docs/*.json")))) for i in range(len(json.loads(files[f"fulltext/docs/{k}.json"])))}
    size += sum((ft / "text" / f"{order[d]}.json").stat().st_size for d in docs)
    size += sum((ft / "docs" / f"{k}.json").stat().st_size for k in {order[d] // manifest["chunk"] for d in docs})
    return size


def search_weights(site: Path) -> dict:
    """What search costs a reader: bytes before a first result for each of a few queries (either
    script, other punctuation), and the files fetched later or elsewhere."""
    ft = site / "fulltext"
    return {
        "first_result_kb": {q: search_fetch(site, q) / 1024 for q in SEARCH_QUERIES},
        "fold_kb": (ft / "fold.json").stat().st_size / 1024,
        "fold_phrases": len(json.loads((ft / "fold.json").read_text(encoding="utf-8"))["phrases"]),
        "facets_kb": (ft / "facets.json").stat().st_size / 1024,
        "pinyin_kb": (site / "phrases" / "pinyin.json").stat().st_size / 1024,
        "material_index_kb": (site / "search" / "search_index.json").stat().st_size / 1024,
    }


def search_only(sizes: list[int]) -> None:
    """``--search-only``: one cold tifa build per size and what its search costs a reader;
    written to ``bench/results/search.{json,md}`` (the full run's files are left alone)."""
    rows = {}
    for n in sizes:
        base = make_corpus(n)
        shutil.rmtree(base / "tifa" / ".cache", ignore_errors=True)
        build = timed_build(base / "tifa" / "mkdocs.yml", base / "site-tifa")
        rows[n] = {"build_s": build["seconds"], **search_weights(base / "site-tifa")}
        print(f"n={n}: {rows[n]}", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps({"date": date.today().isoformat(), "machine": machine(), "sizes": rows},
                                                    ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    lines = [f"# Search weight {date.today().isoformat()}", "",
             "KB a reader's browser fetches before the first results of a full-text query (Material's index, manifest,",
             "script mapping, shards, metadata, texts of the first 10 documents); target ≤ 600 KB. Facets are fetched",
             "after the first results; the pinyin list only when Latin letters are typed.", ""]
    lines += _table(["N", *[f"“{q}”" for q in SEARCH_QUERIES], "fold.json KB (phrases)", "facets.json KB", "pinyin.json KB",
                     "Material index KB"],
                    [[str(n), *[f"{r['first_result_kb'][q]:.0f}" for q in SEARCH_QUERIES], f"{r['fold_kb']:.1f} ({r['fold_phrases']})",
                      f"{r['facets_kb']:.0f}", f"{r['pinyin_kb']:.0f}", f"{r['material_index_kb']:.0f}"] for n, r in rows.items()])
    worst = {n: max(r["first_result_kb"].values()) for n, r in rows.items()}
    lines += ["", *[f"- {'met' if kb <= 600 else '**missed**'} — N={n}: ≤ 600 KB before a first result: {kb:.0f} KB (worst query)"
                    for n, kb in worst.items()]]
    (RESULTS / "search.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def stage_times(base: Path) -> dict:
    """tifa's own stages, timed in process."""
    from tifa.glossary import load_glossary
    from tifa.link import link_corpus
    from tifa.mine import MineConfig, mine
    from tifa.pipeline import default_config, load_corpus
    from tifa.site.build import SiteInput, build_pages

    src = base / "tifa" / "source_texts"
    mb = sum(p.stat().st_size for p in src.glob("*.txt")) / 2**20
    cache = base / "tifa" / ".cache" / "stage-bench"
    shutil.rmtree(cache, ignore_errors=True)
    t0 = time.perf_counter()
    docs = load_corpus(src, default_config(), cache_dir=cache)
    t1 = time.perf_counter()
    # warm from disk, as a new `mkdocs build` would be
    load_corpus(src, default_config(), cache_dir=cache)
    warm_normalize = time.perf_counter() - t1
    t1 = time.perf_counter()
    table = mine(docs, load_glossary(ROOT / "glossary"), MineConfig.default())
    t2 = time.perf_counter()
    marks = link_corpus(docs, table)
    t3 = time.perf_counter()
    build_pages(SiteInput(docs=docs, phrase_marks=marks, phrases=table.phrases))
    t4 = time.perf_counter()
    return {"text_mb": mb, "decode_normalize": t1 - t0 - warm_normalize, "decode_normalize_warm": warm_normalize, "segment_mine": t2 - t1, "link": t3 - t2, "render": t4 - t3,
            "mine_link_s_per_mb": (t3 - t1) / mb, "stages_s_per_mb": (t4 - t0 - warm_normalize) / mb, "phrases": len(table.phrases)}


def mkdocs_serve_rebuilds(base: Path, repeat: int, dirty: bool, code: Path | None = None) -> dict:
    """Whole rebuilds as `mkdocs serve [--dirty]` does them after one document is edited: the same
    process (plugins kept, tifa's results in memory), MkDocs rendering every page or only changed ones."""
    script = (
        "import sys, time; from pathlib import Path\n"
        "from mkdocs.commands.build import build; from mkdocs.config import load_config\n"
        "root, site, repeat, dirty = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4] == '1'\n"
        "config = load_config(str(root / 'mkdocs.yml'), site_dir=site)\n"
        "config.plugins.on_startup(command='serve', dirty=dirty)\n"
        "build(config, dirty=dirty)\n"
        "doc = root / 'source_texts' / '00002.txt'\n"
        "for i in range(repeat):\n"
        "    doc.write_text(doc.read_text(encoding='utf-8') + f'\\n再补充{i}：要做好联防联控工作。\\n', encoding='utf-8')\n"
        "    t = time.perf_counter(); build(load_config(str(root / 'mkdocs.yml'), site_dir=site), dirty=dirty)\n"
        "    print(time.perf_counter() - t)\n"
        + _WHICH_TIFA
    )
    site = base / ("site-serve-dirty" if dirty else "site-serve")
    shutil.rmtree(site, ignore_errors=True)
    env = _env(code)  # ``code`` is the checkout whose tifa runs (the script was once named so too, and ran this one's)
    out = subprocess.run([sys.executable, "-c", script, str(base / "tifa"), str(site), str(repeat), "1" if dirty else "0"],
                         capture_output=True, text=True, env=env, cwd=base / "tifa")
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    _check_code(out.stderr, code)
    times = [float(x) for x in out.stdout.split()[-repeat:]]
    return {"min": min(times), "median": statistics.median(times)}


def serve_rebuilds(base: Path, repeat: int, profile_to: Path | None = None) -> dict:
    """tifa's stages when `mkdocs serve` rebuilds: same process, caches warm, one input edited."""
    from tifa.memory import ServeMemory
    from tifa.workflow import Project, build_site

    memory = ServeMemory()  # as the plugin keeps under `mkdocs serve`
    root = base / "tifa"
    project = Project.at(root, glossary_dir=ROOT / "glossary")
    quiet = lambda err, level="warning": None  # noqa: E731
    build_site(project, report=quiet, memory=memory)
    doc = root / "source_texts" / "00001.txt"
    note = root / "annotations" / "00000" / "bench-note.md"
    times: dict[str, list[float]] = {"document": [], "annotation": []}
    if profile_to is not None:  # where a serve rebuild's time goes, before the timed runs
        from pyinstrument import Profiler

        doc.write_text(doc.read_text(encoding="utf-8") + "\n补充：要做好联防联控工作。\n", encoding="utf-8")
        with Profiler() as profiler:
            build_site(project, report=quiet, memory=memory)
        profile_to.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    for i in range(repeat):
        for kind, path, extra in (("document", doc, f"\n补充{i}：要做好联防联控工作。\n"), ("annotation", note, f"\n又一句{i}。\n")):
            path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
            t = time.perf_counter()
            build_site(project, report=quiet, memory=memory)
            times[kind].append(time.perf_counter() - t)
    return {k: {"min": min(v), "median": statistics.median(v)} for k, v in times.items()}


def run(sizes: list[int], repeat: int, flat_max: int = 1000, profile: bool = False) -> dict:
    results = {"date": date.today().isoformat(), "machine": machine(), "sizes": {}}
    for n in sizes:
        base = make_corpus(n)
        row: dict = {"n": n}
        for name, config in (("plain_flat_nav", base / "plain" / "mkdocs-flat.yml"),
                             ("plain_no_nav", base / "plain" / "mkdocs-nonav.yml"),
                             ("tifa", base / "tifa" / "mkdocs.yml")):
            if name == "plain_flat_nav" and n > flat_max:
                print(f"n={n} {name}: skipped (quadratic; see the issue's known trap)", flush=True)
                continue
            runs = []
            for _ in range(repeat):
                shutil.rmtree(base / "tifa" / ".cache", ignore_errors=True)  # every timed tifa build is cold
                runs.append(timed_build(config, base / f"site-{name}"))
            secs = [r["seconds"] for r in runs]
            texts = base / "tifa" / "source_texts" if name == "tifa" else None
            row[name] = {"min": min(secs), "median": statistics.median(secs), "peak_mb": max(r["peak_mb"] for r in runs),
                         **site_weight(base / f"site-{name}", texts)}
            print(f"n={n} {name}: median {row[name]['median']:.2f} s", flush=True)
        # Warm rebuild, as in `mkdocs serve`: the cache is full, one document changed.
        edited = sorted((base / "tifa" / "source_texts").glob("*.txt"))[0]
        edited.write_text(edited.read_text(encoding="utf-8") + "\n补充：要做好联防联控工作。\n", encoding="utf-8")
        warm = [timed_build(base / "tifa" / "mkdocs.yml", base / "site-tifa")["seconds"] for _ in range(repeat)]
        row["tifa_warm_one_doc"] = {"min": min(warm), "median": statistics.median(warm)}
        print(f"n={n} tifa warm rebuild after editing one document: median {statistics.median(warm):.2f} s", flush=True)
        serve_profile = RESULTS / f"profile-serve-n{n}.txt" if profile and n == max(sizes) else None
        row["serve_rebuild"] = serve_rebuilds(base, repeat, serve_profile)
        print(f"n={n} tifa stages in a serve rebuild: {row['serve_rebuild']}", flush=True)
        for key, dirty in (("mkdocs_serve", False), ("mkdocs_serve_dirty", True)):
            row[key] = mkdocs_serve_rebuilds(base, repeat, dirty)
            print(f"n={n} {key.replace('_', ' ')} rebuild after editing one document: median {row[key]['median']:.2f} s", flush=True)
        row["stages"] = stage_times(base)
        row["ratio_vs_plain_no_nav"] = row["tifa"]["median"] / row["plain_no_nav"]["median"]
        if "plain_flat_nav" in row:
            row["ratio_vs_plain_flat_nav"] = row["tifa"]["median"] / row["plain_flat_nav"]["median"]
        mine_link = row["stages"]["segment_mine"] + row["stages"]["link"]
        row["mine_link_share_of_tifa_build"] = mine_link / row["tifa"]["median"]
        results["sizes"][n] = row
    return results


def machine() -> dict:
    import material
    import mkdocs

    mem = next((line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")), "?")
    return {"cpus": os.cpu_count(), "mem_gb": round(int(mem) / 2**20, 1) if mem != "?" else None,
            "python": platform.python_version(), "platform": platform.platform(),
            "mkdocs": mkdocs.__version__, "material": getattr(material, "__version__", "?")}


def _f(value, fmt="{:.2f}") -> str:
    return "—" if value is None else fmt.format(value)


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table: one column per header, cells already formatted."""
    return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers), *("| " + " | ".join(r) + " |" for r in rows)]


def targets(results: dict) -> list[str]:
    """Each target of the issue, met or missed, at the sizes measured."""
    out = []
    for n, r in results["sizes"].items():
        s, t = r["stages"], r["tifa"]
        checks = [
            (f"N={n}: tifa build ≤ 1.25 × plain Material (no nav)", r["ratio_vs_plain_no_nav"] <= 1.25, f"{r['ratio_vs_plain_no_nav']:.2f} ×"),
            (f"N={n}: tifa's stages ≤ 1.5 s per MB of text, cold", s["stages_s_per_mb"] <= 1.5, f"{s['stages_s_per_mb']:.2f} s/MB"),
            (f"N={n}: tifa's stages ≤ 0.2 s after editing one document (serve)", r["serve_rebuild"]["document"]["median"] <= 0.2,
             f"{r['serve_rebuild']['document']['median']:.2f} s"),
            (f"N={n}: document page ≤ 3 × text + 60 KB", t["doc_pages_over_limit"] == 0, f"{t['doc_pages_over_limit']} pages over"),
            (f"N={n}: search data before a first result ≤ 600 KB", t["search_fetch_kb"] <= 600, f"{t['search_fetch_kb']:.0f} KB"),
            (f"N={n}: peak memory ≤ 1.5 GB", t["peak_mb"] <= 1536, f"{t['peak_mb']:.0f} MB"),
        ]
        out += [f"- {'met' if ok else '**missed**'} — {name}: {value}" for name, ok, value in checks]
    return out


def write(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    lines = [f"# Benchmark {results['date']}", "", f"Machine: {results['machine']}", "",
             "Times are medians of the repetitions, in seconds; `—`: not run (a flat nav is quadratic in N).", ""]
    rows = results["sizes"].items()
    lines += _table(
        ["N", "text MB", "plain, flat nav", "plain, no nav", "tifa, cold", "tifa / plain no-nav", "tifa / plain flat",
         "stages s/MB", "peak MB", "mkdocs build after 1 doc edit", "tifa's stages in serve: doc edit",
         "tifa's stages in serve: annotation edit", "mkdocs serve: doc edit", "mkdocs serve --dirty: doc edit",
         "normalize cold → warm"],
        [[str(n), f"{r['stages']['text_mb']:.1f}", _f(r.get("plain_flat_nav", {}).get("median")),
          f"{r['plain_no_nav']['median']:.2f}", f"{r['tifa']['median']:.2f}", f"{r['ratio_vs_plain_no_nav']:.2f}",
          _f(r.get("ratio_vs_plain_flat_nav")), f"{r['stages']['stages_s_per_mb']:.2f}", f"{r['tifa']['peak_mb']:.0f}",
          f"{r['tifa_warm_one_doc']['median']:.2f}", f"{r['serve_rebuild']['document']['median']:.2f}",
          f"{r['serve_rebuild']['annotation']['median']:.2f}", _f(r.get("mkdocs_serve", {}).get("median")),
          _f(r.get("mkdocs_serve_dirty", {}).get("median")),
          f"{r['stages']['decode_normalize']:.2f} → {r['stages']['decode_normalize_warm']:.2f}"] for n, r in rows])
    lines += ["", "Site weight:", ""]
    lines += _table(
        ["N", "tifa document page KB (median)", "largest tifa page KB", "document pages over 3 × text + 60 KB",
         "plain flat-nav page KB", "Material search index MB (tifa)", "full-text search: KB fetched for a first result",
         "tifa site MB"],
        [[str(n), f"{r['tifa']['doc_page_kb_median']:.0f}", f"{r['tifa']['largest_page_kb']:.0f}",
          str(r["tifa"]["doc_pages_over_limit"]), _f(r.get("plain_flat_nav", {}).get("doc_page_kb_median"), "{:.0f}"),
          f"{r['tifa']['search_index_mb']:.2f}", f"{r['tifa']['search_fetch_kb']:.0f}", f"{r['tifa']['total_mb']:.0f}"]
         for n, r in rows])
    lines += ["", "Targets (why a target is missed, and what would meet it: `docs/scaling.md` and the profiles):", "",
              *targets(results)]
    if results.get("profile"):
        n = results["profile"]["n"]
        lines += ["", f"Profiles at N={n} (pyinstrument): cold build [{results['profile']['file']}]({results['profile']['file']}), "
                  f"serve rebuild after editing one document [profile-serve-n{n}.txt](profile-serve-n{n}.txt)"]
    (RESULTS / "results.md").write_text("\n".join(lines) + "\n\n![time and size against N](results.svg)\n", encoding="utf-8")
    from bench.plot import plot

    plot(RESULTS / "results.json", RESULTS / "results.svg")
    print("\n".join(lines))


def profile(n: int) -> dict:
    """pyinstrument over a cold tifa build of the corpus of size n: where the time goes."""
    base = WORK / f"n{n}" / "tifa"
    shutil.rmtree(base / ".cache", ignore_errors=True)
    name = f"profile-n{n}.txt"
    subprocess.run([sys.executable, "-m", "pyinstrument", "-o", str(RESULTS / name), "-m", "mkdocs", "build", "-q",
                    "-d", str(WORK / f"n{n}" / "site-profile")], cwd=base, check=True,
                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return {"n": n, "file": name}


def main() -> None:
    if sys.argv[1:2] == ["mining"]:  # python -m bench mining: mining alone on real regulations, against labels
        from bench.mining import main as mining

        return mining(sys.argv[2:])
    if sys.argv[1:2] == ["reuse"]:  # python -m bench reuse: parallel passages on real regulations, against labels
        from bench.reuse import main as reuse

        return reuse(sys.argv[2:])
    if sys.argv[1:2] == ["inputs"]:  # python -m bench inputs: decoding cost per MB for each format
        from bench.inputs import main as inputs

        return inputs(sys.argv[2:])
    if sys.argv[1:2] == ["growth"]:  # python -m bench growth: hostile texts against ordinary ones
        from bench.growth import main as growth

        return growth(sys.argv[2:])
    if sys.argv[1:2] == ["laws"]:  # python -m bench laws: the development corpus, tifa against plain Material
        from bench.laws import main as laws

        return laws(sys.argv[2:])
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--flat-max", type=int, default=1000, help="largest N built with a flat nav (it is quadratic)")
    parser.add_argument("--profile", action="store_true", help="also profile the largest tifa build (pyinstrument)")
    parser.add_argument("--add", action="store_true", help="keep the sizes already in results.json that are not measured now")
    parser.add_argument("--search-only", action="store_true", help="only a cold tifa build per size and its search weight")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.search_only:
        search_only(sizes)
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = run(sizes, args.repeat, args.flat_max, args.profile)
    previous = RESULTS / "results.json"
    if args.add and previous.exists():
        old = json.loads(previous.read_text(encoding="utf-8"))
        kept = {n: row for n, row in old["sizes"].items() if int(n) not in sizes}
        results["sizes"] = dict(sorted({**kept, **{str(n): r for n, r in results["sizes"].items()}}.items(), key=lambda kv: int(kv[0])))
        results["runs"] = old.get("runs", []) + [{"sizes": sizes, "repeat": args.repeat, "date": results["date"]}]
        if "profile" in old and not args.profile:
            results["profile"] = old["profile"]
    if args.profile:
        RESULTS.mkdir(parents=True, exist_ok=True)
        results["profile"] = profile(max(sizes))
    write(results)


if __name__ == "__main__":
    main()
