"""Detected parallel passages as a file: detect once (e.g. on a Dask cluster), build the site from it.

    tifa reuse --dask --save reuse.json       # detect, write the table
    plugins: - tifa: {reuse_table: reuse.json} # the build reads it instead of detecting

The file holds every pair of passages (document, paragraph id, offsets) and the characters compared
per document, with a fingerprint of the corpus. A table made from other texts is still used for
the documents and paragraphs it names that are still there, with a warning naming the file and
how to refresh it; a passage whose paragraph is gone is left out (and said in the warning).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import DataFileError, TifaError
from ..mine.table import corpus_fingerprint, read_saved_table
from ..model import Document
from . import Parallel, Passage, ReuseTable

FORMAT = "tifa-reuse-table"
VERSION = 1


def _passage(p: Passage) -> list:
    return [p.doc_id, p.paragraph_id, p.start, p.end]


def save_table(table: ReuseTable, docs: list[Document], path: Path) -> None:
    data = {
        "format": FORMAT, "version": VERSION, "documents": len(docs), "corpus": corpus_fingerprint(docs),
        "compared": dict(sorted(table.compared.items())),
        "parallels": [[*_passage(p.source), *_passage(p.copy), int(p.directed), p.chars, p.similarity]
                      for p in table.parallels],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def load_table(path: Path, docs: list[Document]) -> tuple[ReuseTable, list[TifaError]]:
    """The table in ``path`` (its passages on paragraphs that still exist), and warnings if it is stale."""
    hint = f"detect again: tifa reuse --save {path} (add --dask for a large collection)"
    data = read_saved_table(path, "reuse table", FORMAT, VERSION, hint)
    paragraphs = {(d.id, p.id): p for d in docs for p in d.paragraphs}
    kept, dropped = [], 0
    try:
        for row in data["parallels"]:
            a, b = Passage(*row[0:4]), Passage(*row[4:8])
            if all((x.doc_id, x.paragraph_id) in paragraphs and paragraphs[(x.doc_id, x.paragraph_id)].start <= x.start
                   < x.end <= paragraphs[(x.doc_id, x.paragraph_id)].end for x in (a, b)):
                kept.append(Parallel(a, b, bool(row[8]), int(row[9]), float(row[10])))
            else:
                dropped += 1
        compared = {str(k): int(v) for k, v in data["compared"].items()}
    except (KeyError, TypeError, ValueError, IndexError) as err:
        raise DataFileError(path, f"reuse table is missing or mistypes a field ({err})", hint=hint) from None
    warnings = []
    if data.get("corpus") != corpus_fingerprint(docs):
        gone = f"; {dropped} passage(s) on paragraphs no longer there left out" if dropped else ""
        warnings.append(TifaError(path, f"reuse table was made from other texts ({data.get('documents')} documents; "
                                        f"the collection now has {len(docs)} or has changed){gone}", hint=hint))
    return ReuseTable(tuple(kept), compared), warnings
