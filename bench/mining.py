"""python -m bench mining: what mining alone finds in real regulations, against labels made by reading.

The corpus is ../shared/corpus/laws when present (829 regulations of seven provinces), otherwise
the vendored subset in tests/data/laws. The glossary is empty: mining alone decides. Figures:
recall on the labelled formulations (linked as mined phrases), how many labelled non-formulations
get linked, precision on a fixed random sample of 100 linked phrases labelled by reading
(bench/labels/laws-precision.yml; ``--sample`` prints the sample for labelling), boundary fragments
among linked phrases (uses extended on one side by the same Han character in ≥ 90 % of cases),
and the cost: mining seconds per MB of text, peak memory. Also at 5,000 synthetic documents.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus" / "laws"
VENDORED = ROOT / "tests" / "data" / "laws"
LABELS = Path(__file__).resolve().parent / "labels"
RESULTS = Path(__file__).resolve().parent / "results"
HAN = re.compile(r"[\u4e00-\u9fff]")


def load_laws(folder: Path):
    """The regulations as documents, place = the province folder, date = the one in the file name."""
    from tifa.pipeline import build_document

    docs = []
    for i, path in enumerate(sorted(folder.glob("*/*.md"))):
        raw = path.read_text(encoding="utf-8")
        # Read as text until the Markdown reader lands: heading marks and HTML comments out.
        raw = re.sub(r"<!--.*?-->", "", raw, flags=re.DOTALL)
        raw = re.sub(r"^#+\s*", "", raw, flags=re.MULTILINE)
        doc = build_document(raw, f"law{i:04d}", path=path)
        doc.meta.place = path.parent.name
        found = re.search(r"\((\d{4}-\d\d-\d\d)\)", path.name)
        doc.meta.date = found.group(1) if found else None
        docs.append(doc)
    return docs


def fragment_share(phrase, docs_by_id) -> tuple[float, str]:
    """The largest share of a phrase's uses extended on one side by one Han character, and that side."""
    left, right = Counter(), Counter()
    for occ in phrase.occurrences:
        text = docs_by_id[occ.doc_id].text
        before = text[occ.start - 1] if occ.start > 0 else ""
        after = text[occ.end] if occ.end < len(text) else ""
        left[before if HAN.match(before or " ") else None] += 1
        right[after if HAN.match(after or " ") else None] += 1
    n = max(len(phrase.occurrences), 1)
    best = (0.0, "")
    for side, counts in (("left", left), ("right", right)):
        counts.pop(None, None)
        if counts:
            char, k = counts.most_common(1)[0]
            best = max(best, (k / n, f"{side} {char}"))
    return best


def _after_governing_word(phrase, docs_by_id) -> bool:
    """Whether a governing word (坚持, 贯彻, 实行 …) stands right before most of the phrase's uses."""
    from tifa.mine.kinds import word_lists

    words = word_lists().governing_words
    hits = sum(any(docs_by_id[o.doc_id].text.endswith(w, 0, o.start) for w in words) for o in phrase.occurrences)
    return hits >= 0.9 * max(len(phrase.occurrences), 1)


def empty_glossary():
    """A glossary with no entries: mining alone decides what is linked."""
    from tifa.glossary import check_glossary

    with tempfile.TemporaryDirectory() as empty:
        glossary, _ = check_glossary(Path(empty))
    return glossary


def mined_terms(corpus, config=None) -> set[str]:
    """The phrases mining links in ``corpus`` with the glossary empty (before linking drops any)."""
    from tifa.mine import MineConfig, mine

    return {p.term for p in mine(corpus, empty_glossary(), config or MineConfig.default()).phrases.values()
            if not p.curated}


def measure(docs, label: str) -> dict:
    from tifa.link import link_corpus
    from tifa.mine import MineConfig, mine

    glossary = empty_glossary()
    megabytes = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    started = time.perf_counter()
    table = mine(docs, glossary, MineConfig.default())
    mined = time.perf_counter() - started
    link_corpus(docs, table, 2)
    linked_time = time.perf_counter() - started - mined
    return {"corpus": label, "documents": len(docs), "megabytes": round(megabytes, 2),
            "mining_seconds": round(mined, 2), "mining_s_per_mb": round(mined / megabytes, 2),
            "linking_seconds": round(linked_time, 2), "table": table}


def string_verdicts(docs, terms: list[str]) -> dict[str, str]:
    """What mining made of each of ``terms`` that is a whole repeated string (its kind and reason, as
    the phrase index would say them): the repeated strings counted again, every one judged."""
    from tifa.mine import MineConfig, _groups, _repeated_strings, independent_texts
    from tifa.mine.kinds import ByWords

    config = MineConfig.default()
    group_of, has_groups = _groups(docs)
    wanted, out = set(terms), {}
    for surface, _, verdict in _repeated_strings(docs, config, group_of, has_groups, independent_texts(docs, config.copy_share)):
        if surface in wanted:
            kind, why = verdict.resolve(config.kinds) if isinstance(verdict, ByWords) else verdict
            out[surface] = f"{kind}: {why}"
    for term in wanted - set(out):
        out[term] = ("an enumeration, neither linked nor listed" if "、" in term
                     else "not judged on its own: nearly always inside a longer string, in fewer than two documents, or a governing word before a string judged alone (传承|红色基因)")
    return out


def quality(result: dict, docs, sample_only: bool) -> dict:
    table = result.pop("table")
    labels = yaml.safe_load((LABELS / "laws.yml").read_text(encoding="utf-8"))
    mined = {p.term: p for p in table.phrases.values() if not p.curated}
    unlinked = {p.term: p for p in table.unlinked}
    found = [t for t in labels["formulations"] if t in mined]
    # An enumeration found only inside a longer one (安全第一、预防为主 in 安全第一、预防为主、综合治理):
    # the reader sees it linked as one member of the family. Counted apart, not in the headline recall.
    linked_runs = {"、" + p + "、" for p in mined if "、" in p}
    within = [t for t in labels["formulations"] if t not in mined and "、" in t
              and any("、" + t + "、" in run for run in linked_runs)]
    missed = {t: (unlinked[t].kind + ": " + unlinked[t].evidence) if t in unlinked else "not linked"
              for t in labels["formulations"] if t not in mined}
    verdicts = string_verdicts(docs, [t for t, why in missed.items() if why == "not linked"])
    missed = {t: verdicts.get(t, why) for t, why in missed.items()}
    false_links = [t for t in labels["not_formulations"] if t in mined]
    rng = random.Random(20)
    sample = sorted(rng.sample(sorted(mined), min(100, len(mined))))
    precision_labels = yaml.safe_load((LABELS / "laws-precision.yml").read_text(encoding="utf-8")) or {}
    if sample_only:
        print("\n".join(f"{t}: {precision_labels.get(t, '?')}  # {mined[t].kind}, {mined[t].evidence}" for t in sample))
        sys.exit(0)
    judged = [t for t in sample if t in precision_labels]
    correct = [t for t in judged if precision_labels[t] == "formulation"]
    docs_by_id = {d.id: d for d in docs}
    fragments = [(p.term, *fragment_share(p, docs_by_id)) for p in mined.values()]
    fragments = [f for f in fragments if f[1] >= 0.9]
    # By the letter every Han character counts, the grammar words too: 坚持 before 以人民为中心,
    # 的 after …综合治理 (的方针). Those are told apart: a piece of a word is what the letter aims at.
    from tifa.mine.kinds import word_lists

    grammar = set(word_lists().particles)
    governing_ends = {w[-1] for w in word_lists().governing_words}
    after_governing = [f for f in fragments if f[2].startswith("left") and f[2][-1] in governing_ends
                       and _after_governing_word(mined[f[0]], docs_by_id)]
    before_grammar = [f for f in fragments if f[2][-1] in grammar and f not in after_governing]
    word_pieces = [f for f in fragments if f not in after_governing and f not in before_grammar]
    kinds = Counter(p.kind for p in table.unlinked)
    result.update({
        "linked_mined": len(mined),
        "recall": round(len(found) / len(labels["formulations"]), 3),
        "found_within_longer_enumeration": within,
        "recall_with_families": round((len(found) + len(within)) / len(labels["formulations"]), 3),
        "formulations_labelled": len(labels["formulations"]),
        "missed": missed,
        "non_formulations_linked": false_links,
        "non_formulations_labelled": len(labels["not_formulations"]),
        "precision_sample": len(sample), "precision_judged": len(judged),
        "precision": round(len(correct) / len(judged), 3) if judged else None,
        # Every linked phrase that has a label (labels are kept from earlier samples): a steadier figure.
        "linked_labelled": sum(t in precision_labels for t in mined),
        "precision_all_labelled": round(sum(precision_labels.get(t) == "formulation" for t in mined)
                                        / max(sum(t in precision_labels for t in mined), 1), 3),
        "fragments": len(fragments), "fragment_share": round(len(fragments) / max(len(mined), 1), 4),
        "fragment_examples": fragments[:10],
        "fragments_after_governing_word": len(after_governing),
        "fragments_beside_particle": len(before_grammar),
        "fragments_word_pieces": len(word_pieces), "word_piece_share": round(len(word_pieces) / max(len(mined), 1), 4),
        "word_piece_examples": word_pieces[:10],
        "unlinked_listed_by_kind": dict(kinds),
    })
    return result


def reposts(docs, copies: int = 200, sources: int = 3) -> dict:
    """What reposting does to the linked phrases: ``copies`` regulations copied word for word under
    ``sources`` new places, mined with copies counted once (the default) and as documents of their own."""
    from tifa.mine import MineConfig

    rng = random.Random(7)
    reposted = list(docs)
    for i, doc in enumerate(rng.sample(docs, copies)):
        meta = dataclasses.replace(doc.meta, place=f"repost-source-{i % sources}")
        reposted.append(dataclasses.replace(doc, id=f"repost{i:04d}", meta=meta))
    before = mined_terms(docs)
    once = mined_terms(reposted)
    as_documents = mined_terms(reposted, MineConfig.default(copy_share=float("inf")))
    return {"copies": copies, "sources": sources, "linked": len(before),
            "added_copies_once": sorted(once - before), "lost_copies_once": sorted(before - once),
            "added_copies_as_documents": len(as_documents - before),
            "added_examples_as_documents": sorted(as_documents - before)[:12]}


def patchy_metadata(docs, unknown: float = 0.6, size: int = 300) -> dict:
    """What a collection whose metadata is patchy does to the linked phrases: a random ``size`` of
    the regulations mined with every issuer and place, then with them taken out of ``unknown`` of
    the documents (as when a web page names its source and the next does not)."""
    sample = random.Random(1).sample(docs, size)
    rng = random.Random(5)
    patchy = [dataclasses.replace(d, meta=dataclasses.replace(d.meta, issuer=None, place=None))
              if rng.random() < unknown else d for d in sample]
    before, after = mined_terms(sample), mined_terms(patchy)
    return {"documents": size, "unknown_share": unknown, "unknown": sum(d.meta.issuer is None for d in patchy),
            "linked": len(before), "lost": sorted(before - after), "added": sorted(after - before)}


def smaller_collections(docs, size: int = 300, seeds: tuple[int, ...] = (1, 2)) -> list[dict]:
    """Recall and precision on random samples of ``size`` regulations (a collection the size of a
    user's first one): recall over the labelled formulations found in 3 or more of the sample's documents."""
    import ahocorasick
    from tifa.link import link_corpus
    from tifa.mine import MineConfig, mine

    labels = yaml.safe_load((LABELS / "laws.yml").read_text(encoding="utf-8"))
    precision_labels = yaml.safe_load((LABELS / "laws-precision.yml").read_text(encoding="utf-8")) or {}
    automaton = ahocorasick.Automaton()
    for term in labels["formulations"]:
        automaton.add_word(term, term)
    automaton.make_automaton()
    glossary = empty_glossary()
    out = []
    for seed in seeds:
        sample = random.Random(seed).sample(docs, size)
        spread: Counter[str] = Counter()
        for doc in sample:
            spread.update({term for p in doc.paragraphs for _, term in automaton.iter(p.text)})
        present = [t for t in labels["formulations"] if spread[t] >= 3]
        table = mine(sample, glossary, MineConfig.default())
        link_corpus(sample, table, 2)
        linked = {p.term for p in table.phrases.values() if not p.curated}
        judged = [t for t in linked if t in precision_labels]
        out.append({"seed": seed, "documents": size, "formulations_present": len(present),
                    "recall": round(sum(t in linked for t in present) / max(len(present), 1), 3),
                    "linked": len(linked), "labelled": len(judged),
                    "precision_labelled": round(sum(precision_labels[t] == "formulation" for t in judged)
                                                / max(len(judged), 1), 3)})
    return out


def synthetic(n: int) -> dict:
    from tifa.pipeline import load_corpus

    from bench.__main__ import make_corpus

    base = make_corpus(n)
    docs = load_corpus(base / "tifa" / "source_texts")
    result = measure(docs, f"synthetic {n}")
    result.pop("table")
    return result


def synthetic_alone(n: int) -> dict:
    """:func:`synthetic` in a process of its own, so that its peak memory is its own (the
    regulations measured before it would otherwise count)."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", f"import json, resource; from bench.mining import synthetic; "
                          f"r = synthetic({n}); r['peak_rss_mb_process'] = round(resource.getrusage("
                          f"resource.RUSAGE_SELF).ru_maxrss / 1024); print(json.dumps(r))"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    folder = SHARED if SHARED.is_dir() else VENDORED
    docs = load_laws(folder)
    label = f"{folder.relative_to(ROOT.parent) if SHARED.is_dir() else folder.relative_to(ROOT)} ({len(docs)} regulations)"
    result = quality(measure(docs, label), docs, "--sample" in argv)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    results = {"laws": result, "date": time.strftime("%Y-%m-%d")}
    results["reposts"] = reposts(docs)
    results["smaller"] = smaller_collections(docs)
    results["patchy"] = patchy_metadata(docs)
    previous = RESULTS / "mining.json"
    if "--no-synthetic" in argv and previous.exists():  # keep the last synthetic figures (they take minutes)
        kept = json.loads(previous.read_text(encoding="utf-8")).get("synthetic_5000")
        if kept:
            results["synthetic_5000"] = kept
    if "--no-synthetic" not in argv:
        results["synthetic_5000"] = synthetic_alone(5000)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "mining.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    write_markdown(results)
    print((RESULTS / "mining.md").read_text(encoding="utf-8"))


def write_markdown(results: dict) -> None:
    laws = results["laws"]
    lines = [
        f"# Mining on real regulations ({results['date']})", "",
        f"Corpus: {laws['corpus']}, {laws['megabytes']} MB of normalized text; glossary empty (mining alone).", "",
        "| figure | value | target |", "|---|---|---|",
        f"| recall on {laws['formulations_labelled']} labelled formulations | {laws['recall']} | ≥ 0.9 |",
        f"| …counting an enumeration linked inside a longer one of its family ({len(laws['found_within_longer_enumeration'])}) "
        f"| {laws['recall_with_families']} | — |",
        f"| labelled non-formulations linked | {len(laws['non_formulations_linked'])} of {laws['non_formulations_labelled']} | — |",
        f"| precision, random sample of {laws['precision_sample']} linked ({laws['precision_judged']} judged) | {laws['precision']} | ≥ 0.9 |",
        f"| precision over every linked phrase that has a label ({laws['linked_labelled']} of {laws['linked_mined']}) "
        f"| {laws['precision_all_labelled']} | — |",
        f"| boundary fragments among {laws['linked_mined']} linked mined phrases, by the issue's letter (any Han character) "
        f"| {laws['fragments']} ({laws['fragment_share']:.1%}) | ≤ 3 % |",
        f"| …of them always after a governing word (坚持以人民为中心, 实行民主集中制) | {laws['fragments_after_governing_word']} | — |",
        f"| …of them always beside a particle (…综合治理的方针) | {laws['fragments_beside_particle']} | — |",
        f"| …pieces of words (any other character) | {laws['fragments_word_pieces']} ({laws['word_piece_share']:.1%}) | — |",
        f"| mining time | {laws['mining_seconds']} s, {laws['mining_s_per_mb']} s/MB | ≤ 2 s/MB |",
        f"| linking time | {laws['linking_seconds']} s | — |",
        f"| peak memory of the process (load, mine, link) | {laws['peak_rss_mb']} MB | — |",
    ]
    if "synthetic_5000" in results:
        s = results["synthetic_5000"]
        lines.append(f"| 5,000 synthetic documents: mining | {s['mining_seconds']} s, {s['mining_s_per_mb']} s/MB "
                     f"({s['megabytes']} MB); peak {s['peak_rss_mb_process']} MB | ≤ 2 s/MB, ≤ 1.5 GB |")
    if "reposts" in results:
        r = results["reposts"]
        lines += ["", f"Reposts: {r['copies']} regulations copied word for word under {r['sources']} new places. "
                  f"Of the {r['linked']} phrases mining links, with copies counted once: "
                  f"{len(r['added_copies_once'])} added ({'、'.join(r['added_copies_once']) or 'none'}), "
                  f"{len(r['lost_copies_once'])} lost ({'、'.join(r['lost_copies_once']) or 'none'}); "
                  f"counted as documents of their own: {r['added_copies_as_documents']} added "
                  f"(e.g. {'、'.join(r['added_examples_as_documents'])})."]
    if "patchy" in results:
        r = results["patchy"]
        lines += ["", f"Patchy metadata: a random {r['documents']} of the regulations, then the same with issuer and place "
                  f"taken out of {r['unknown']} of them (documents of unknown source are each a source of their own). "
                  f"Of the {r['linked']} phrases linked with full metadata: {len(r['lost'])} lost "
                  f"({'、'.join(r['lost']) or 'none'}), {len(r['added'])} added ({'、'.join(r['added']) or 'none'})."]
    for sample in results.get("smaller", []):
        lines += ["", f"A random {sample['documents']} of the regulations (seed {sample['seed']}): recall "
                  f"{sample['recall']} over the {sample['formulations_present']} labelled formulations found in 3 or "
                  f"more of its documents; {sample['linked']} linked, precision {sample['precision_labelled']} over the "
                  f"{sample['labelled']} labelled. Smaller collections give each string less evidence "
                  "(fewer uses, fewer different governing words)."]
    lines += ["", "Labelled non-formulations that were linked: " + ("、".join(laws["non_formulations_linked"]) or "none"), "",
              "Labelled formulations not linked (and what mining made of them):", ""]
    lines += [f"- {term}: {why}" + (" (linked inside a longer enumeration)" if term in laws["found_within_longer_enumeration"] else "")
              for term, why in laws["missed"].items()]
    lines += ["", f"Unlinked phrases listed by kind: {laws['unlinked_listed_by_kind']}", ""]
    (RESULTS / "mining.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
