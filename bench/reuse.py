"""python -m bench reuse: parallel passages on real regulations, against labels made by reading.

    python -m bench reuse [--sample] [--no-synthetic] [--linear]

Corpus: ../shared/corpus/laws when present (829 regulations), else the vendored tests/data/laws.
Figures:

- precision: a fixed random sample of 100 detected pairs, each labelled by reading
  (bench/labels/reuse-precision.yml: ``reuse`` or ``not``; ``--sample`` prints the sample);
- planted recall: 200 passages of 30–200 characters, each from a paragraph of its own of one
  regulation, written into
  another (5 % of their characters replaced, punctuation changed, half converted to traditional
  script, written before the normalization the build does), and found when a detected pair
  covers most of the planted passage in the two documents; none of the planted passages is a
  pure run of formulations (checked, and said);
- cost: seconds per MB of text and the peak memory of reuse alone (the high-water mark reset before
  it), beside mining's time and memory on the same
  documents, at the corpus and at 5,000 synthetic documents; the Dask run against in-process.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.mining import LABELS, RESULTS, ROOT, SHARED, VENDORED, load_laws

PUNCTUATION = {"，": ",", "。": ".", "；": ";", "：": ":", "、": ",", "（": "(", "）": ")"}
PLANTED = 200


def _reset_peak() -> None:
    """Start the process's high-water mark of memory afresh (Linux: /proc/self/clear_refs), so that a
    stage's peak is its own and not that of the stages before it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _status_mb(field: str) -> float | None:
    """A memory figure of this process from /proc/self/status (VmHWM, VmRSS), in MB; None where unknown."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _peak_mb() -> float:
    """The resident-memory high-water mark since :func:`_reset_peak` (the process's, where that is not known)."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    return _status_mb("VmRSS") or 0.0


def reuse_alone(docs, masks) -> dict:
    """Reuse detection in a process of its own, given the documents and masks: its seconds and its peak
    memory above what the process held once they were loaded. (In the bench's process the figure would
    be too low: detection reuses heap that mining freed.)"""
    import pickle
    import subprocess

    with tempfile.TemporaryDirectory() as scratch:
        inputs = Path(scratch) / "inputs.pickle"
        inputs.write_bytes(pickle.dumps((docs, masks), protocol=pickle.HIGHEST_PROTOCOL))
        done = subprocess.run([sys.executable, "-m", "bench.reuse", "--alone", str(inputs)], cwd=ROOT,
                              capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def _alone(path: str) -> None:
    import gc
    import pickle

    from tifa.reuse import find_reuse

    docs, masks = pickle.loads(Path(path).read_bytes())
    gc.collect()
    _reset_peak()
    before = _rss_mb()
    started = time.perf_counter()
    table = find_reuse(docs, masks)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(_peak_mb() - before), "pairs": len(table.parallels)}))


PEAKS: dict[str, float] = {}  # the last detect()'s memory: stage → MB above what the process held before it


def detect(docs, dask: bool = False):
    """Mining and linking (for the masks), then reuse: the table and the seconds of each (their own
    peak memory in PEAKS)."""
    from tifa.glossary import check_glossary
    from tifa.link import link_corpus
    from tifa.mine import MineConfig, mine
    from tifa.reuse import corpus_masks, find_reuse

    with tempfile.TemporaryDirectory() as empty:
        glossary, _ = check_glossary(Path(empty))
    _reset_peak()
    before = _rss_mb()
    started = time.perf_counter()
    table = mine(docs, glossary, MineConfig.default())
    mined = time.perf_counter() - started
    PEAKS["mining"] = _peak_mb() - before
    marks = link_corpus(docs, table, 2)
    _reset_peak()
    before = _rss_mb()
    started = time.perf_counter()
    masks = corpus_masks(docs, table, marks)
    if dask:
        from tifa.reuse.distributed import find_reuse_with_dask

        reuse = find_reuse_with_dask(docs, masks, workers=2)
    else:
        reuse = find_reuse(docs, masks)
    seconds = time.perf_counter() - started
    PEAKS["reuse"] = _peak_mb() - before
    return reuse, mined, seconds, masks


def passage_text(docs_by_id, passage) -> str:
    return docs_by_id[passage.doc_id].text[passage.start:passage.end]


def sample_pairs(reuse, n: int = 100) -> list:
    """``n`` detected pairs at random, the same ones while they are still detected: the pairs whose keys
    hash lowest (salted). A change elsewhere in the table (mining, masks) leaves the read labels in use,
    where a draw from the list would pick all new pairs."""
    import hashlib

    return sorted(reuse.parallels, key=lambda par: hashlib.sha1(f"1702|{label_key(par)}".encode()).hexdigest())[:n]


def label_key(par) -> str:
    return f"{par.source.doc_id}:{par.source.start}-{par.source.end}|{par.copy.doc_id}:{par.copy.start}-{par.copy.end}"


def plant(docs, rng: random.Random, masks):
    """Source texts with passages planted; returns (raw texts by doc id, planted records). A passage
    is taken only where at most a fifth of it is masked (formulations, stock wording): none of the
    planted passages is a run of formulae, which reuse rightly ignores."""
    import opencc

    to_trad = opencc.OpenCC("s2t")
    han = [c for d in docs for c in d.text[:2000] if "\u4e00" <= c <= "\u9fff"]
    raw = {d.id: d.text for d in docs}
    records = []
    # Each passage from a paragraph of its own, spread over the sources: passages taken from one paragraph
    # again and again would overlap, and their text would be found in many documents — shared wording, which
    # reuse rightly sets aside, not one text copied into another.
    sources = [(d, p) for d in docs[::2] for p in d.paragraphs if p.kind == "text" and len(p.text) >= 50]
    targets = docs[1::2]
    used: set[tuple[str, str]] = set()
    while len(records) < PLANTED:
        length = rng.randint(30, 200)
        source, para = rng.choice([(d, p) for d, p in sources if len(p.text) >= length + 20 and (d.id, p.id) not in used])
        target = rng.choice(targets)
        start = rng.randint(0, len(para.text) - length)
        masked = sum(1 for s, e in masks.get(source.id, ()) for _ in range(max(s, para.start + start),
                                                                            min(e, para.start + start + length)))
        if masked > 0.2 * length:
            continue
        used.add((source.id, para.id))
        passage = list(para.text[start:start + length])
        changeable = [i for i, c in enumerate(passage) if "\u4e00" <= c <= "\u9fff"]
        for i in rng.sample(changeable, max(1, round(0.05 * len(passage)))):
            passage[i] = rng.choice(han)
        text = "".join(PUNCTUATION.get(c, c) for c in passage)
        if len(records) % 2:
            text = to_trad.convert(text)
        # Into the middle of one of the target's paragraphs, at a sentence end.
        lines = raw[target.id].split("\n")
        spots = [i for i, line in enumerate(lines) if "。" in line and len(line) > 40]
        if not spots:
            continue
        line_no = rng.choice(spots)
        cut = lines[line_no].index("。") + 1
        lines[line_no] = lines[line_no][:cut] + text + lines[line_no][cut:]
        raw[target.id] = "\n".join(lines)
        records.append({"source": source.id, "target": target.id, "text": "".join(para.text[start:start + length]),
                        "planted": text})
    return raw, records


def planted_recall(docs) -> dict:
    from tifa.pipeline import build_document

    rng = random.Random(5)
    base = docs[:300]
    _, _, _, base_masks = detect(base)
    raw, records = plant(base, rng, base_masks)
    planted_docs = []
    for doc in base:
        new = build_document(raw[doc.id], doc.id)
        new.meta.date, new.meta.place = doc.meta.date, doc.meta.place
        planted_docs.append(new)
    reuse, _, seconds, masks = detect(planted_docs)
    by_id = {d.id: d for d in planted_docs}
    pairs: dict[tuple[str, str], list] = {}
    for par in reuse.parallels:
        pairs.setdefault(tuple(sorted((par.source.doc_id, par.copy.doc_id))), []).append(par)
    found, missed, formulaic = 0, [], 0
    for r in records:
        source_doc = by_id[r["source"]]
        start = source_doc.text.find(r["text"])
        end = start + len(r["text"])
        covered = set()
        for s, e in masks.get(r["source"], ()):
            covered.update(range(max(s, start), min(e, end)))
        formulaic += len(r["text"]) - len(covered) < 20
        hit = start >= 0 and any(
            min(side.end, end) - max(side.start, start) >= 0.5 * len(r["text"])
            for par in pairs.get(tuple(sorted((r["source"], r["target"]))), [])
            for side in (par.source, par.copy) if side.doc_id == r["source"])
        found += hit
        if not hit:
            missed.append(r["text"][:60] + ("（源文中已找不到）" if start < 0 else ""))
    return {"planted": len(records), "found": found, "recall": round(found / len(records), 3),
            "formulaic_planted": formulaic, "missed_examples": missed[:8], "seconds": round(seconds, 2)}


def synthetic(n: int) -> dict:
    from tifa.pipeline import load_corpus

    from bench.__main__ import make_corpus

    base = make_corpus(n)
    docs = load_corpus(base / "tifa" / "source_texts")
    megabytes = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    reuse, mined, seconds, masks = detect(docs)
    alone = reuse_alone(docs, masks)
    return {"documents": n, "megabytes": round(megabytes, 2), "mining_seconds": round(mined, 2),
            "reuse_seconds": round(seconds, 2), "reuse_s_per_mb": round(seconds / megabytes, 2),
            "pairs": len(reuse.parallels), "reuse_peak_mb": alone["peak_mb"], "reuse_alone_seconds": alone["seconds"],
            "mining_peak_mb": round(PEAKS["mining"]), "reuse_mb_per_mb": round(alone["peak_mb"] / megabytes, 1)}


def linearity(docs) -> None:
    """Reuse detection at a quarter, a half and all of the same collection, in one process (the synthetic
    corpus is another kind of text: its s/MB says nothing of growth). Writes results/reuse-linear.md."""
    from tifa.reuse import find_reuse

    shuffled = list(docs)
    random.Random(3).shuffle(shuffled)
    rows = []
    for share in (0.25, 0.5, 1.0):
        part = shuffled[: int(len(shuffled) * share)]
        megabytes = sum(len(d.text.encode("utf-8")) for d in part) / 1e6
        started = time.perf_counter()
        found = find_reuse(part)
        seconds = time.perf_counter() - started
        rows.append(f"| {len(part)} | {megabytes:.2f} | {seconds:.1f} | {seconds / megabytes:.2f} | {len(found.parallels)} |")
    lines = [f"# Reuse detection as the collection grows ({time.strftime('%Y-%m-%d')})", "",
             "The regulations shuffled (random.Random(3)), detection without masks, one process, one run each.", "",
             "| documents | MB | seconds | s/MB | pairs |", "|---|---|---|---|---|", *rows, ""]
    (RESULTS / "reuse-linear.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def main(argv: list[str]) -> None:
    folder = SHARED if SHARED.is_dir() else VENDORED
    docs = load_laws(folder)
    if "--linear" in argv:
        return linearity(docs)
    by_id = {d.id: d for d in docs}
    megabytes = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    reuse, mined, seconds, masks = detect(docs)
    peaks = dict(PEAKS)
    sample = sample_pairs(reuse)
    if "--sample" in argv:
        known = {item["key"]: item["label"] for item in
                 yaml.safe_load((LABELS / "reuse-precision.yml").read_text(encoding="utf-8")) or []}
        rows = [{"key": label_key(par), "label": known.get(label_key(par), "?"),
                 "source": passage_text(by_id, par.source), "copy": passage_text(by_id, par.copy)} for par in sample]
        print(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=10_000), end="")
        return
    labels = yaml.safe_load((LABELS / "reuse-precision.yml").read_text(encoding="utf-8")) or []
    judged = {item["key"]: item["label"] for item in labels}
    keys = [label_key(p) for p in sample]
    seen = [judged[k] for k in keys if k in judged]
    result = {
        "corpus": str(folder.relative_to(ROOT.parent) if SHARED.is_dir() else folder.relative_to(ROOT)),
        "documents": len(docs), "megabytes": round(megabytes, 2),
        "pairs": len(reuse.parallels), "document_pairs": len(reuse.document_pairs()),
        "clusters": len(reuse.clusters()), "largest_cluster": len(reuse.clusters()[0]) if reuse.clusters() else 0,
        "reuse_seconds": round(seconds, 2), "reuse_s_per_mb": round(seconds / megabytes, 2),
        "mining_seconds": round(mined, 2), "mining_peak_mb": round(peaks["mining"]),
        "precision_sample": len(sample), "precision_judged": len(seen),
        "precision": round(sum(v == "reuse" for v in seen) / len(seen), 3) if seen else None,
    }
    alone = reuse_alone(docs, masks)
    result.update(reuse_peak_mb=alone["peak_mb"], reuse_alone_seconds=alone["seconds"],
                  reuse_mb_per_mb=round(alone["peak_mb"] / megabytes, 1), alone_equal=alone["pairs"] == len(reuse.parallels))
    print(json.dumps(result, ensure_ascii=False), flush=True)
    result["planted"] = planted_recall(docs)
    print(json.dumps(result["planted"], ensure_ascii=False), flush=True)
    if "--dask" in argv:
        dask_table, _, dask_seconds, _ = detect(docs, dask=True)
        result["dask_equal"] = dask_table.parallels == reuse.parallels
        result["dask_seconds"] = round(dask_seconds, 2)
    if "--no-synthetic" not in argv:
        result["synthetic"] = synthetic(5000)
        print(json.dumps(result["synthetic"], ensure_ascii=False), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "reuse.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_markdown(result)


def write_markdown(r: dict) -> None:
    from datetime import date

    p = r["planted"]
    rows = [
        ("precision, 100 random detected pairs read", f"{r['precision']} ({r['precision_judged']} judged)", "≥ 0.9"),
        ("planted recall (200 passages, 5 % changed, re-punctuated, half traditional)", f"{p['recall']} ({p['found']} of {p['planted']})", "≥ 0.95"),
        ("passages / document pairs / clusters", f"{r['pairs']} / {r['document_pairs']} / {r['clusters']} (largest {r['largest_cluster']})", "—"),
        ("reuse time (masks + detection)", f"{r['reuse_seconds']} s, {r['reuse_s_per_mb']} s/MB", f"≤ 2 × mining ({r['mining_seconds']} s)"),
        ("peak memory of reuse detection alone (a process of its own, above the loaded documents)", f"{r['reuse_peak_mb']} MB ({r['reuse_mb_per_mb']} MB per MB of text); mining alone {r['mining_peak_mb']} MB", "not dwarfing mining"),
    ]
    if "dask_equal" in r:
        rows.append(("Dask run equal to in-process", f"{r['dask_equal']} ({r['dask_seconds']} s)", "True"))
    if "synthetic" in r:
        s = r["synthetic"]
        rows.append(("5,000 synthetic documents", f"reuse {s['reuse_seconds']} s ({s['reuse_s_per_mb']} s/MB, {s['megabytes']} MB), "
                     f"mining {s['mining_seconds']} s; reuse alone {s['reuse_peak_mb']} MB ({s['reuse_mb_per_mb']} MB per MB), "
                     f"mining alone {s['mining_peak_mb']} MB; {s['pairs']} passages (its sentences are drawn from one pool: "
                     "nearly all of it is shared wording)", "≤ 2 × mining"))
    lines = [f"# Parallel passages on real regulations ({date.today()})", "",
             f"Corpus: {r['corpus']} ({r['documents']} regulations), {r['megabytes']} MB of normalized text.", "",
             "| figure | value | target |", "|---|---|---|", *[f"| {a} | {b} | {c} |" for a, b, c in rows], "",
             "Planted passages missed (first characters):", "", *[f"- {m}" for m in p["missed_examples"]], ""]
    (RESULTS / "reuse.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--alone"]:
        _alone(sys.argv[2])
    else:
        main(sys.argv[1:])
