"""Real texts: the development corpus built by tifa and by plain Material, in the same run.

    python -m bench laws [--corpus DIR] [--repeat N] [--profile] [--against CHECKOUT]

The corpus (``/work/shared/corpus/laws`` or ``../shared/corpus/laws``: 829 regulations as
Markdown) is copied once into a tifa project (each file as ``source_texts/NNNNN.md``, the
same bytes, read by tifa's Markdown reader) and a plain Material project (each
file as ``docs/NNNNN.md``, no nav). Both are built cold in a new process, alternately, and
timed; peak memory is the build process's own peak resident set and that of its largest
forked worker. Writes ``bench/results/laws.{json,md}`` (and, with ``--profile``,
``profile-laws.txt``). With ``--against`` (a checkout of another commit, e.g. made by
``git worktree add /tmp/base COMMIT``), that commit's tifa is built too, alternately in the same
run (its ``plugins/`` first on PYTHONPATH), so a change is measured against what came before it.
Skipped, with a note, when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path

from bench.__main__ import RESULTS, ROOT, WORK, machine

CANDIDATES = (Path("/work/shared/corpus/laws"), ROOT.parent / "shared" / "corpus" / "laws")
TARGET_RATIO, TARGET_PEAK_MB = 1.5, 1024


def make_projects(corpus: Path) -> tuple[Path, int, float]:
    base = WORK / "laws"
    shutil.rmtree(base, ignore_errors=True)
    src, plain = base / "tifa" / "source_texts", base / "plain" / "docs"
    src.mkdir(parents=True)
    plain.mkdir(parents=True)
    files = sorted(corpus.rglob("*.md"))
    for i, path in enumerate(files):
        data = path.read_bytes()
        (src / f"{i:05d}.md").write_bytes(data)  # read as Markdown: front matter, headings, title
        (plain / f"{i:05d}.md").write_bytes(data)
    (plain / "index.md").write_text("# 首页\n", encoding="utf-8")
    (base / "tifa" / "docs").mkdir()
    (base / "tifa" / "docs" / "index.md").write_text("# 首页\n\n<!-- tifa:stats -->\n", encoding="utf-8")
    common = "theme:\n  name: material\n  language: zh\nplugins:\n  - search:\n      lang: zh\n"
    (base / "plain" / "mkdocs.yml").write_text(
        f"site_name: plain\n{common}nav:\n  - index.md\nvalidation:\n  nav:\n    omitted_files: ignore\n", encoding="utf-8")
    (base / "tifa" / "mkdocs.yml").write_text(
        f"site_name: tifa\n{common}  - tifa:\n      glossary_dir: {ROOT / 'glossary'}\n"
        "nav:\n  - index.md\n  - documents/index.md\n", encoding="utf-8")
    return base, len(files), sum(p.stat().st_size for p in files) / 2**20


def cold_build(config: Path, site: Path, code: Path | None = None) -> dict:
    """One cold `mkdocs build` in a new process: seconds, and peak memory of it and of its largest worker
    (``code``: a folder put first on PYTHONPATH, another commit's ``plugins/``)."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(config.parent / ".cache", ignore_errors=True)
    snippet = (
        "import resource, sys, time; from mkdocs.__main__ import cli; t = time.perf_counter()\n"
        "try:\n    cli(['build', '-q', '-f', sys.argv[1], '-d', sys.argv[2]])\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", snippet, str(config), str(site)], capture_output=True, text=True,
                         env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **({"PYTHONPATH": str(code)} if code else {})),
                         cwd=config.parent)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    seconds, own_kb, child_kb = out.stdout.split()[-3:]
    return {"seconds": float(seconds), "peak_mb": int(own_kb) / 1024, "worker_peak_mb": int(child_kb) / 1024}


def commit(tree: Path) -> str:
    return subprocess.run(["git", "-C", str(tree), "log", "-1", "--format=%h %s"], capture_output=True,
                          text=True).stdout.strip()[:100]


def run(corpus: Path, repeat: int, profile: bool, against: Path | None = None) -> dict:
    base, n, mb = make_projects(corpus)
    builds = {"plain": ("plain", None), "tifa": ("tifa", None)}
    if against is not None:
        builds["tifa (other commit)"] = ("tifa", against.resolve() / "plugins")
    runs: dict[str, list[dict]] = {name: [] for name in builds}
    for _ in range(repeat):  # alternately, so all see the same load on a shared machine
        for name, (project, code) in builds.items():
            runs[name].append(cold_build(base / project / "mkdocs.yml", base / f"site-{project}", code))
            print(f"laws {name}: {runs[name][-1]}", flush=True)
    row = {name: {"median": statistics.median(r["seconds"] for r in rs), "min": min(r["seconds"] for r in rs),
                  "peak_mb": max(r["peak_mb"] for r in rs), "worker_peak_mb": max(r["worker_peak_mb"] for r in rs),
                  "runs": rs} for name, rs in runs.items()}
    results = {"date": date.today().isoformat(), "machine": machine(), "corpus": str(corpus), "documents": n,
               "text_mb": mb, "repeat": repeat, "this": commit(ROOT), **row,
               "ratio": row["tifa"]["median"] / row["plain"]["median"]}
    if against is not None:
        results["other"] = commit(against)
        results["other_ratio"] = row["tifa (other commit)"]["median"] / row["plain"]["median"]
    if profile:
        shutil.rmtree(base / "tifa" / ".cache", ignore_errors=True)  # cold, as timed
        subprocess.run([sys.executable, "-m", "pyinstrument", "-o", str(RESULTS / "profile-laws.txt"), "-m", "mkdocs",
                        "build", "-q", "-d", str(base / "site-profile")], cwd=base / "tifa", check=True,
                       env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        results["profile"] = "profile-laws.txt"
    return results


def write(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "laws.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    p, t = results["plain"], results["tifa"]
    o = results.get("tifa (other commit)")
    lines = [
        f"# Real texts: {results['documents']} regulations, {results['text_mb']:.1f} MB ({results['date']})", "",
        f"Machine: {results['machine']}", "",
        f"Cold builds in a new process, {results['repeat']} of each, alternately; seconds are medians (min in brackets).", "",
        "| build | seconds | peak MB (build process) | peak MB (largest worker) |", "|---|---|---|---|",
        f"| plain Material, no nav | {p['median']:.1f} ({p['min']:.1f}) | {p['peak_mb']:.0f} | {p['worker_peak_mb']:.0f} |",
        f"| tifa (`{results.get('this', '')[:7]}`) | {t['median']:.1f} ({t['min']:.1f}) | {t['peak_mb']:.0f} | {t['worker_peak_mb']:.0f} |",
        *([f"| tifa, other commit (`{results['other'][:7]}`) | {o['median']:.1f} ({o['min']:.1f}) | {o['peak_mb']:.0f} | "
           f"{o['worker_peak_mb']:.0f} |"] if o else []), "",
        f"- {'met' if results['ratio'] <= TARGET_RATIO else '**missed**'} — tifa ≤ {TARGET_RATIO} × plain: {results['ratio']:.2f} ×",
        f"- {'met' if t['peak_mb'] <= TARGET_PEAK_MB else '**missed**'} — tifa's peak ≤ 1 GB: {t['peak_mb']:.0f} MB",
        *([f"- the other commit (`{results['other']}`): {results['other_ratio']:.2f} × plain, peak {o['peak_mb']:.0f} MB"]
          if o else []),
        "", "Before issue 19 (same corpus, same machine): plain 52.5 s, tifa 98.8 s (1.88 ×), peak 1.18 GB against 0.28 GB.",
    ]
    if results.get("profile"):
        lines += ["", f"Profile of a cold tifa build (pyinstrument): [{results['profile']}]({results['profile']})"]
    (RESULTS / "laws.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench laws")
    parser.add_argument("--corpus", type=Path, default=next((c for c in CANDIDATES if c.is_dir()), None))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="also a pyinstrument profile of a cold tifa build")
    parser.add_argument("--against", type=Path, help="a checkout of another commit, built too in the same run")
    args = parser.parse_args(argv)
    if args.corpus is None or not args.corpus.is_dir():
        print("laws: skipped — the development corpus is not here (looked in "
              + ", ".join(str(c) for c in CANDIDATES) + "; or pass --corpus DIR)")
        return
    write(run(args.corpus, args.repeat, args.profile, args.against))
