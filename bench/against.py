"""This checkout against another commit, in one run: cold build and `mkdocs serve` rebuilds.

    git worktree add /tmp/base COMMIT
    python -m bench.against /tmp/base [--this CHECKOUT] [--n 1000] [--repeat 3]

Both run on the same synthetic corpus (``python -m bench``'s), alternately, with this venv's
MkDocs and Material; the other commit's tifa is put first on PYTHONPATH. Measured: a cold
`mkdocs build`, and the whole `mkdocs serve` and `mkdocs serve --dirty` rebuild after one
document is edited. ``--this``: a checkout to run in place of this one (e.g. to time one
issue's commits alone against their parent). Writes ``bench/results/against.{json,md}``
(``--out NAME``: ``bench/results/NAME.{json,md}``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
from datetime import date
from pathlib import Path

from bench.__main__ import RESULTS, ROOT, machine, make_corpus, mkdocs_serve_rebuilds, timed_build


def commit(tree: Path) -> str:
    return subprocess.run(["git", "-C", str(tree), "log", "-1", "--format=%h %s"], capture_output=True, text=True).stdout.strip()[:100]


def _load() -> tuple[float, ...]:
    return tuple(round(x, 2) for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.against")
    parser.add_argument("other", type=Path, help="a checkout of the other commit (its plugins/ is run)")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--this", type=Path, default=None, help="a checkout to run as 'this' (default: this one)")
    parser.add_argument("--out", default="against")
    args = parser.parse_args()
    codes = {"this": args.this.resolve() / "plugins" if args.this else None, "other": args.other.resolve() / "plugins"}
    base = make_corpus(args.n)
    config = base / "tifa" / "mkdocs.yml"
    rows: dict[str, dict[str, list[float]]] = {name: {"cold": [], "serve": [], "serve_dirty": []} for name in codes}
    started = _load()
    for _ in range(args.repeat):  # alternately, so both see the same load
        for name, code in codes.items():
            shutil.rmtree(base / "tifa" / ".cache", ignore_errors=True)
            rows[name]["cold"].append(timed_build(config, base / "site-tifa", code)["seconds"])
            for key, dirty in (("serve", False), ("serve_dirty", True)):
                rows[name][key].append(mkdocs_serve_rebuilds(base, 3, dirty, code)["median"])
            print(name, {k: round(v[-1], 2) for k, v in rows[name].items()}, flush=True)
    medians = {name: {k: statistics.median(v) for k, v in row.items()} for name, row in rows.items()}
    results = {"date": date.today().isoformat(), "machine": machine(), "n": args.n, "repeat": args.repeat,
               "this": commit(args.this or ROOT), "other": commit(args.other), "load": {"before": started, "after": _load()}, "runs": rows, "medians": medians,
               "ratios": {k: medians["this"][k] / medians["other"][k] for k in medians["this"]}}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    m, r = medians, results["ratios"]
    lines = [f"# This checkout against another commit, N = {args.n} ({results['date']})", "",
             f"This: `{results['this']}`", f"Other: `{results['other']}`", "", f"Machine: {results['machine']}", "", f"Load average (1, 5, 15 min) before and after: {started} → {results['load']['after']}", "",
             f"Seconds, median of {args.repeat} alternating rounds (each serve figure itself the median of 3 rebuilds).", "",
             "| | cold `mkdocs build` | `mkdocs serve` rebuild, one document edited | `mkdocs serve --dirty` rebuild |",
             "|---|---|---|---|",
             *(f"| {name} | {m[name]['cold']:.2f} | {m[name]['serve']:.2f} | {m[name]['serve_dirty']:.2f} |" for name in codes),
             f"| this / other | {r['cold']:.2f} × | {r['serve']:.2f} × | {r['serve_dirty']:.2f} × |", "",
             f"- {'met' if r['serve'] <= 1.2 else '**missed**'} — serve rebuild ≤ 1.2 × the other commit's: {r['serve']:.2f} ×",
             f"- {'met' if m['this']['serve_dirty'] <= 1 else '**missed**'} — `--dirty` rebuild ≤ 1 s: {m['this']['serve_dirty']:.2f} s",
             f"- cold build: {r['cold']:.2f} × the other commit's"]
    (RESULTS / f"{args.out}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
