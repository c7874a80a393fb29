"""A mined phrase table as a file: mine once (e.g. on a Dask cluster), build the site from it.

    tifa phrases --dask --save phrases.json      # mine, write the table
    plugins: - tifa: {phrase_table: phrases.json} # the build reads it instead of mining

The file holds what mining found — phrases not in the glossary, the variants it
joined to curated families, and the candidates below the bar — with fingerprints
of the corpus and glossary it was mined from. Curated entries always come from
the glossary as it is now; a table mined from other texts or another glossary is
still used, with a warning that names the file and says how to refresh it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..errors import DataFileError, TifaError
from ..glossary import Glossary
from ..model import Document
from . import Phrase, PhraseTable, _from_entry, judged_phrases, list_documents
from .kinds import Reason

FORMAT = "tifa-phrase-table"
VERSION = 3  # 2: each mined phrase carries its kind, evidence and family; 3: the evidence's code, for the site's language


def corpus_fingerprint(docs: list[Document]) -> str:
    h = hashlib.sha256()
    for doc in sorted(docs, key=lambda d: d.id):
        h.update(doc.id.encode() + b"\0" + hashlib.sha256(doc.text.encode()).digest())
    return h.hexdigest()[:16]


def glossary_fingerprint(glossary: Glossary) -> str:
    forms = sorted((slug, e.term, *e.variants) for slug, e in glossary.entries.items())
    return hashlib.sha256(json.dumps(forms, ensure_ascii=False).encode()).hexdigest()[:16]


def _record(p: Phrase) -> dict:
    return {"slug": p.slug, "term": p.term, "category": p.category, "pinyin": p.pinyin, "kind": p.kind,
            "evidence": str(p.evidence), "reason": p.evidence.as_data() if isinstance(p.evidence, Reason) else None,
            "family": p.family}


def _phrase(r: dict) -> Phrase:
    return Phrase(r["slug"], r["term"], r["category"], False, pinyin=r["pinyin"], family=r["family"], kind=r["kind"],
                  evidence=Reason.from_data(r["reason"]) if r.get("reason") else r["evidence"])


def save_table(table: PhraseTable, docs: list[Document], glossary: Glossary, path: Path) -> None:
    curated = {slug: list(e.variants) for slug, e in glossary.entries.items()}
    data = {
        "format": FORMAT,
        "version": VERSION,
        "documents": len(docs),
        "corpus": corpus_fingerprint(docs),
        "glossary": glossary_fingerprint(glossary),
        "variants": {s: p.variants[len(curated[s]):] for s, p in table.phrases.items()
                     if p.curated and s in curated and len(p.variants) > len(curated[s])},
        "mined": [_record(p) for p in table.phrases.values() if not p.curated],
        "unlinked": [{**_record(p), "documents": p.doc_ids} for p in table.unlinked
                     if not p.curated],  # judgements come from the glossary, as curated entries do
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_saved_table(path: Path, what: str, fmt: str, version: int, hint: str) -> dict:
    """The JSON object a ``tifa … --save`` command wrote (``what``: "phrase table", "reuse table"), or
    a :class:`DataFileError` naming the file when it is missing, unreadable or of another format or version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(path, f"{what} not found", hint=hint) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataFileError(path, f"not a {what}: {err}", line=getattr(err, "lineno", None), hint=hint) from None
    if not isinstance(data, dict) or data.get("format") != fmt or data.get("version") != version:
        raise DataFileError(path, f"not a {fmt} version {version} file", hint=hint)
    return data


def load_table(path: Path, glossary: Glossary, docs: list[Document]) -> tuple[PhraseTable, list[TifaError]]:
    """The table in ``path`` over the current glossary, and warnings if it is stale."""
    hint = "mine it again: tifa phrases --save " + str(path) + " (add --dask for a large collection)"
    data = read_saved_table(path, "phrase table", FORMAT, VERSION, hint)
    try:
        phrases = {slug: _from_entry(e) for slug, e in glossary.entries.items() if not e.judged}
        judged = judged_phrases(glossary)
        known = {f for p in [*phrases.values(), *judged] for f in p.forms}
        for slug, forms in data["variants"].items():
            if slug in phrases:
                new = [f for f in forms if f not in known]
                phrases[slug].variants += new
                known.update(new)
        for r in data["mined"]:
            if r["term"] not in known and r["slug"] not in phrases:
                phrases[r["slug"]] = _phrase(r)
        unlinked = judged
        list_documents(docs, judged)
        for r in data["unlinked"]:
            if r["term"] in known:
                continue  # judged since it was mined: the glossary as it is now decides
            p = _phrase(r)
            p.documents = tuple(r["documents"])
            unlinked.append(p)
    except (KeyError, TypeError, AttributeError) as err:
        raise DataFileError(path, f"phrase table is missing or mistypes a field ({err})", hint=hint) from None
    warnings = []
    if data.get("corpus") != corpus_fingerprint(docs):
        warnings.append(TifaError(path, f"phrase table was mined from other texts ({data.get('documents')} documents; "
                                        f"the collection now has {len(docs)} or has changed)", hint=hint))
    if data.get("glossary") != glossary_fingerprint(glossary):
        warnings.append(TifaError(path, "phrase table was mined with another glossary", hint=hint))
    return PhraseTable(phrases, unlinked), warnings
