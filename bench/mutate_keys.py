"""Mutation check of the serve reuse keys: blank one field of one key, run the serve tests, expect a failure.

    python -m bench.mutate_keys [--list] [MUTATION ...]

Every result `mkdocs serve` keeps is looked up by a key (`tifa.memory.ServeMemory.reuse`).
A key that leaves out something its computation reads hands back a stale result. For each
field of each key, this runs the serve tests with that field blanked (replaced by one
constant, so the lookup no longer sees it change) and reports whether some test failed —
a mutation no test catches is a gap in the tests. It also checks that each mutated key is
asked for at all, and that the tests pass unmutated. The mutation is applied by wrapping
`ServeMemory.reuse` in the test process (``-p bench.mutate_keys``, ``TIFA_MUTATE``); the
code under test is not edited. Output: ``bench/results/mutate_keys.md``.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/test_serve_memory.py", "tests/test_serve_dirty.py", "tests/test_cache.py", "tests/test_search_fold.py"]
BLANK = "<blanked>"

# stage → the parts of its key, each a path into the key: "1.annotations_html" is field
# annotations_html of the key's second item. Every part of every key is listed (the script
# checks this list against the keys it sees: a new field not listed here is reported).
def _fields(cls) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


from tifa.model import Document  # noqa: E402  (after the helper it is used with)
from tifa.site.document import DocumentContext  # noqa: E402

MUTATIONS = {
    "document": ["0", "1", "2"],  # (bytes of the text, bytes of its sidecar, normalize configuration)
    "stage-cache": [""],  # the stage's fingerprint (the whole key)
    "search-document": [""],  # the document's paragraphs (the whole key)
    "search-fold": ["0", "1"],  # (target script, the group of characters)
    "concordance": ["occurrences", "doc", "via_terms", "page", "language"],  # _KwicLines
    "reuse-align": [""],  # the reuse settings' fingerprint (the whole key)
    "listed-phrases": ["0", "1"],  # (the document's paragraphs, the listed phrases' terms)
    "expansions": ["0", "1"],  # (the document's paragraphs, the linked numbered formulas' shapes)
    "reuse-masks": ["0", "1", "2"],  # (the document's text, its phrase spans, the stock forms masked)
    # `serve --dirty`'s kept results: the search data's script (""), the mined phrases' (glossary, mining
    # settings) and the parallels' (linked forms, masked listed terms) — "0" and "1" of the last two.
    "stale": ["", "0", "1"],
    "document-page": ["0", *(f"0.{f}" for f in _fields(Document)),  # (Document, DocumentContext)
                      "1", *(f"1.{f}" for f in _fields(DocumentContext)),
                      # the pair issue 19 found missing from the hand-written key (each alone is covered by the other)
                      "1.annotations_html+1.notes_by_paragraph"],
}

# Parts whose blanking cannot change a result: what the computation does not read, or what the
# reuse name already holds. Reported as such when no test fails (a caught one is reported caught).
EQUIVALENT = {
    "concordance:page": "the reuse name holds the phrase's slug, and the page is phrase_url(slug)",
    "document-page:0.id": "the reuse name is the document's id",
    "document-page:0.path": "render_document does not read it",
    "document-page:0.source_key": "render_document does not read it (a digest of what the other fields hold)",
    "document-page:0.text": "render_document reads the text through the paragraphs (their own part)",
    "document-page:0.headings": "render_document does not read it (the paragraphs carry the heading kinds)",
    "document-page:0.problems": "render_document does not read it (the reader's problems, reported on loading)",
}
# Each of these is made, with the others, from the text's bytes and the normalization settings
# (the document's paragraphs and original, their own parts, change with them): no edit of an
# input changes one alone. Reported as redundant when no test fails.
REDUNDANT = {f"document-page:0.{name}": "made from the text and the normalization, as the paragraphs are"
             for name in ("origin", "changes", "damage", "removed", "original", "paragraphs", "meta")}
# site.build.directives_of: the slugs counted from the page's marks, each with its term (in its card).
REDUNDANT["document-page:1.directives"] = "counted from the marks, with the terms the cards hold"
# A reader sets the source file's bytes and its suffix together (a text source has neither), and the
# page reads of the bytes only whether they are there: each goes with the other.
REDUNDANT["document-page:0.download"] = "the page reads only whether it is there, as the suffix tells"
REDUNDANT["document-page:0.download_suffix"] = "set with the file's bytes by the reader of its kind (another kind, other bytes)"


def _parts(key: object) -> list[str]:
    """The fields of a key, as MUTATIONS names them (one level into a tuple's dataclasses)."""
    if isinstance(key, tuple):
        out = []
        for i, item in enumerate(key):
            out.append(str(i))
            if dataclasses.is_dataclass(item):
                out += [f"{i}.{f.name}" for f in dataclasses.fields(item)]
        return out
    if dataclasses.is_dataclass(key):
        return [f.name for f in dataclasses.fields(key)]
    return [""]


def blank(key: object, path: str) -> object:
    """``key`` with the part at ``path`` replaced by one constant."""
    if path == "":
        return BLANK
    head, _, rest = path.partition(".")
    if isinstance(key, tuple):
        i = int(head)
        return (*key[:i], blank(key[i], rest), *key[i + 1:])
    assert dataclasses.is_dataclass(key), (key, path)
    mutated = copy.copy(key)  # the same class, so == still compares field by field
    object.__setattr__(mutated, head, blank(getattr(key, head), rest))
    return mutated


# --- the pytest plugin side (runs inside the test process) ---------------------------------

def pytest_configure(config) -> None:
    from tifa.memory import ServeMemory

    mutation = os.environ.get("TIFA_MUTATE", "")
    stage, _, path = mutation.partition(":")
    seen_parts: dict[str, set[str]] = {}
    hits = [0]
    real = ServeMemory.reuse

    def reuse(self, stage_, name, key, compute):
        seen_parts.setdefault(stage_, set()).update(_parts(key))
        if stage_ == stage:
            hits[0] += 1
            for part in path.split("+"):  # several parts blanked together: "1.marks+1.cards"
                key = blank(key, part)
        return real(self, stage_, name, key, compute)

    ServeMemory.reuse = reuse  # type: ignore[method-assign]
    config._tifa_mutation = (mutation, seen_parts, hits)


def pytest_unconfigure(config) -> None:
    mutation, seen_parts, hits = config._tifa_mutation
    out = os.environ.get("TIFA_MUTATE_REPORT")
    if out:
        import json

        Path(out).write_text(json.dumps({"hits": hits[0], "parts": {s: sorted(p) for s, p in seen_parts.items()}}))


# --- the driver -----------------------------------------------------------------------------

def run_one(mutation: str, report: Path) -> tuple[int, dict, float, str]:
    import json

    env = dict(os.environ, TIFA_MUTATE=mutation, TIFA_MUTATE_REPORT=str(report), NO_MKDOCS_2_WARNING="1")
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "bench.mutate_keys", "-p", "no:cacheprovider",
                          *TESTS], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    failed = next((line for line in out.stdout.splitlines() if line.startswith("FAILED")), "")
    info = json.loads(report.read_text()) if report.exists() else {"hits": 0, "parts": {}}
    return out.returncode, info, seconds, failed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.mutate_keys")
    parser.add_argument("mutations", nargs="*", help="stage:path, e.g. document-page:1.annotations_html (default: all)")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    todo = args.mutations or [f"{stage}:{path}" for stage, paths in MUTATIONS.items() for path in paths]
    if args.list:
        print("\n".join(todo))
        return
    report = ROOT / "bench" / "work" / "mutate-report.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    code, info, seconds, _ = run_one("", report)
    lines = ["# Mutation check of the serve reuse keys", "",
             f"Tests: `{' '.join(TESTS)}`. Unmutated: {'pass' if code == 0 else '**FAIL**'} ({seconds:.0f} s).", ""]
    # Parts one level down (a dataclass's fields inside a tuple) are listed where they are mutated;
    # a key mutated whole ("") has no parts to list.
    unlisted = [f"{s}:{p}" for s, parts in info["parts"].items() for p in parts
                if p not in MUTATIONS.get(s, []) and "." not in p and "" not in MUTATIONS.get(s, [])]
    if code:
        print(info, file=sys.stderr)
    never = [s for s in MUTATIONS if s not in info["parts"]]
    lines += [f"Key parts seen in the tests but not listed here: {', '.join(unlisted) or 'none'}.",
              f"Keys never asked for by the tests: {', '.join(never) or 'none'}.", "",
              "| key part blanked | reuse calls hit | caught | first failing test |", "|---|---|---|---|"]
    survivors = []
    for mutation in todo:
        report.unlink(missing_ok=True)
        code, info, seconds, failed = run_one(mutation, report)
        caught = code != 0
        if not caught and mutation not in EQUIVALENT and mutation not in REDUNDANT:
            survivors.append(mutation)
        test = failed.removeprefix("FAILED ").split(" - ")[0] if failed else ("—" if not caught else f"exit {code}")
        verdict = ("yes" if caught else f"no: equivalent ({EQUIVALENT[mutation]})" if mutation in EQUIVALENT
                   else f"no: redundant ({REDUNDANT[mutation]})" if mutation in REDUNDANT else "**NO**")
        lines.append(f"| `{mutation}` | {info['hits']} | {verdict} | {test} |")
        print(lines[-1], flush=True)
    lines += ["", f"{len(todo) - len(survivors)} of {len(todo)} mutations caught, equivalent or redundant."
              + (f" Survivors: {', '.join(survivors)}." if survivors else "")]
    text = "\n".join(lines) + "\n"
    if not args.mutations:
        (ROOT / "bench" / "results" / "mutate_keys.md").write_text(text, encoding="utf-8")
    print(text)
    sys.exit(1 if survivors or code_unmutated_failed(lines) else 0)


def code_unmutated_failed(lines: list[str]) -> bool:
    return "**FAIL**" in lines[2]


if __name__ == "__main__":
    main()
