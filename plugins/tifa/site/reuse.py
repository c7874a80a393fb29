"""Parallel passages on the site: a marker beside each paragraph that has them, a list on each
document page of the documents it repeats and that repeat it, and a corpus page of the strongest
pairs and of the groups of documents sharing a source text.

The marker is a ``<details>`` element: it opens without a script, and a keyboard or screen
reader user gets it as any disclosure. Inside, the other passage with its differences marked —
always read from the earlier text to the later: ``<ins>`` what the later adds, ``<del>`` what
it drops, both together what it changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from .. import escape as esc
from ..messages import Messages, messages
from ..model import Document
from ..reuse import DocumentPair, Parallel, Passage, ReuseConfig, ReuseTable
from ..reuse.align import differences
from .document import doc_url, front_matter
from .inline import relative_url

KEYS = ("marker", "marker_label", "from", "to", "same", "figures", "more", "legend", "added", "dropped", "section",
        "repeats", "repeated_by", "undirected", "share", "page_title", "page_intro", "how", "method", "pairs", "clusters",
        "none", "head_source", "head_copy", "head_chars", "head_passages", "head_share", "cluster_item")


def _text(msg: Messages | None) -> dict[str, str]:
    """This module's interface strings (``reuse.*`` of the catalogue), as templates."""
    msg = msg or messages()
    return {key: str(msg.strings["reuse." + key]) for key in KEYS}


PER_PARAGRAPH = 3  # parallels opened beside one paragraph; the document's list has them all
LISTED = 20  # documents listed in each part of a page's list
PAIRS_LISTED = 200  # document pairs on the corpus page
REUSE_URL = "reuse/"


def _passage_link(page_url: str, other: Passage, docs: Mapping[str, Document]) -> str:
    doc = docs[other.doc_id]
    para = doc.paragraph_by_id(other.paragraph_id)
    number = f" ¶{para.number}" if para else ""
    href = relative_url(page_url, doc_url(doc.id)) + "#" + other.paragraph_id
    date = f" {esc.text(doc.meta.date)}" if doc.meta.date else ""
    return (f'<a class="tifa-parallel-link" href="{esc.attr(href)}">{esc.text(doc.meta.title or doc.id)}{esc.text(number)}</a>'
            f'<span class="tifa-count">{date}</span>')


def render_differences(earlier: str, later: str, msg: Messages | None = None) -> str:
    """The later text with what differs from the earlier marked (added, dropped, changed)."""
    TEXT = _text(msg)
    out = []
    for tag, old, new in differences(earlier, later):
        if tag == "equal":
            out.append(esc.text(new))
        elif tag == "added":
            out.append(f'<ins title="{esc.attr(TEXT["added"])}">{esc.text(new)}</ins>')
        elif tag == "dropped":
            out.append(f'<del title="{esc.attr(TEXT["dropped"])}">{esc.text(old)}</del>')
        else:
            out.append(f'<span class="tifa-changed"><del title="{esc.attr(TEXT["dropped"])}">{esc.text(old)}</del>'
                       f'<ins title="{esc.attr(TEXT["added"])}">{esc.text(new)}</ins></span>')
    return "".join(out)


def _text_of(passage: Passage, docs: Mapping[str, Document]) -> str:
    return docs[passage.doc_id].text[passage.start:passage.end]


def _one(page_url: str, here: Passage, other: Passage, par: Parallel, docs: Mapping[str, Document], msg: Messages | None) -> str:
    TEXT = _text(msg)
    if not par.directed:
        relation = TEXT["same"]
    else:
        relation = TEXT["from"] if here == par.copy else TEXT["to"]
    earlier, later = (par.source, par.copy)
    diff = render_differences(_text_of(earlier, docs), _text_of(later, docs), msg)
    figures = TEXT["figures"].format(chars=par.chars, similarity=par.similarity)
    return (f'<div class="tifa-parallel"><p class="tifa-parallel-head">{esc.text(relation)} '
            f'{_passage_link(page_url, other, docs)} <span class="tifa-count">{esc.text(figures)}</span></p>'
            f'<blockquote class="tifa-parallel-text" lang="zh">{diff}</blockquote></div>')


@dataclass(frozen=True)
class DocumentReuse:
    """What one document's page shows of the reuse table."""

    parallels: tuple[tuple[Passage, Passage, Parallel], ...] = ()  # (its passage, the other's, the pair), table order
    pairs: tuple[DocumentPair, ...] = ()  # the document pairs it is one of, most shared first


def by_document(table: ReuseTable) -> dict[str, DocumentReuse]:
    """Each document's part of ``table``, in one pass over it (asking the table once per page made
    a site's build quadratic: 400 s of the 829 regulations)."""
    parallels: dict[str, list[tuple[Passage, Passage, Parallel]]] = defaultdict(list)
    for par in table.parallels:
        parallels[par.source.doc_id].append((par.source, par.copy, par))
        if par.copy.doc_id != par.source.doc_id:
            parallels[par.copy.doc_id].append((par.copy, par.source, par))
    pairs: dict[str, list[DocumentPair]] = defaultdict(list)
    for pair in table.document_pairs():
        pairs[pair.source].append(pair)
        if pair.copy != pair.source:
            pairs[pair.copy].append(pair)
    return {doc_id: DocumentReuse(tuple(parallels.get(doc_id, ())), tuple(pairs.get(doc_id, ())))
            for doc_id in parallels.keys() | pairs.keys()}


def paragraph_markers(doc: Document, shared: DocumentReuse, docs: Mapping[str, Document], msg: Messages | None = None) -> dict[str, str]:
    """Paragraph id → the parallels marker shown beside it (``shared``: the document's part of the table, :func:`by_document`)."""
    TEXT = _text(msg)
    page_url = doc_url(doc.id)
    by_paragraph: dict[str, list] = defaultdict(list)
    for here, other, par in shared.parallels:
        if other.doc_id in docs:
            by_paragraph[here.paragraph_id].append((here, other, par))
    markers = {}
    for pid, found in by_paragraph.items():
        found.sort(key=lambda t: (-t[2].chars, t[1].doc_id, t[1].start))
        shown = "".join(_one(page_url, here, other, par, docs, msg) for here, other, par in found[:PER_PARAGRAPH])
        more = (f'<p class="tifa-parallel-more"><a href="#parallels">{esc.text(TEXT["more"].format(n=len(found) - PER_PARAGRAPH))}</a></p>'
                if len(found) > PER_PARAGRAPH else "")
        n = len(found)
        markers[pid] = (
            f'<details class="tifa-parallels"><summary aria-label="{esc.attr(TEXT["marker_label"].format(n=n))}">'
            f'{esc.text(TEXT["marker"].format(n=n))}</summary><div class="tifa-parallels-body">'
            f'<p class="tifa-parallel-legend">{TEXT["legend"]}</p>{shown}{more}</div></details>'
        )
    return markers


def document_list(doc: Document, shared: DocumentReuse, docs: Mapping[str, Document], msg: Messages | None = None) -> str:
    """The documents ``doc`` repeats, that repeat it, and that share passages with it undated
    (``shared``: the document's part of the table, :func:`by_document`)."""
    TEXT = _text(msg)
    page_url = doc_url(doc.id)
    parts: dict[str, list[str]] = {"repeats": [], "repeated_by": [], "undirected": []}
    for pair in shared.pairs:
        other = pair.copy if pair.source == doc.id else pair.source
        if other not in docs:
            continue
        part = "undirected" if not pair.directed else "repeats" if pair.copy == doc.id else "repeated_by"
        share = pair.source_share if pair.source == doc.id else pair.copy_share
        o = docs[other]
        line = TEXT["share"].format(share=share, passages=pair.passages, chars=pair.chars)
        place = f" · {o.meta.place}" if o.meta.place else ""
        parts[part].append(
            f'<li><a href="{esc.attr(relative_url(page_url, doc_url(o.id)))}">{esc.text(o.meta.title or o.id)}</a> '
            f'<span class="tifa-count">{esc.text((o.meta.date or "—") + place)} · {esc.text(line)}</span></li>')
    if not any(parts.values()):
        return ""
    html = [f'\n## {esc.md_text(TEXT["section"])} {{#parallels}}\n']
    for part, items in parts.items():
        if items:
            html.append(f'<p class="tifa-parallel-part">{esc.text(TEXT[part])}</p>'
                        f'<ul class="tifa-parallel-docs" data-part="{part}">{"".join(items[:LISTED])}</ul>')
    html.append(f'<p><a href="{esc.attr(relative_url(page_url, REUSE_URL))}">{esc.text(TEXT["pairs"])}</a></p>')
    return "\n".join(html) + "\n"


def method_text(config: ReuseConfig | None = None, msg: Messages | None = None, documents: int = 0) -> str:
    """How a pair was found, with the settings (the shared-wording limit is that of ``documents`` documents)."""
    config = config or ReuseConfig()
    return _text(msg)["method"].format(min_chars=config.align.min_chars, max_docs=config.candidate_limit(documents),
                                       shared_docs=config.shared_limit(documents), copied=config.copied_share)


def render_reuse_page(table: ReuseTable, docs: Mapping[str, Document], msg: Messages | None = None) -> str:
    """``reuse/``: the strongest pairs of documents and the groups sharing a source text."""
    TEXT = _text(msg)
    page_url = REUSE_URL

    def link(doc_id: str) -> str:
        d = docs[doc_id]
        return (f'<a href="{esc.attr(relative_url(page_url, doc_url(d.id)))}">{esc.text(d.meta.title or d.id)}</a>'
                f'<br><span class="tifa-count">{esc.text(d.meta.date or "—")} {esc.text(d.meta.place or "")}</span>')

    pairs = [p for p in table.document_pairs() if p.source in docs and p.copy in docs]
    body = [front_matter(TEXT["page_title"]), f'# {esc.md_text(TEXT["page_title"])}\n',
            f'<p>{esc.text(TEXT["page_intro"])}</p><p class="tifa-reuse-method"><strong>{esc.text(TEXT["how"])}</strong>'
            f'{esc.text(method_text(msg=msg, documents=len(docs)))}</p>']
    if not pairs:
        body.append(f"<p>{esc.text(TEXT['none'])}</p>")
        return "\n\n".join(body) + "\n"
    rows = "".join(
        f'<tr><td>{link(p.source)}</td><td>{"→" if p.directed else "—"}</td><td>{link(p.copy)}</td>'
        f'<td data-sort="{p.chars}">{p.chars}</td><td data-sort="{p.copy_share:.3f}">{p.copy_share:.0%}</td>'
        f'<td data-sort="{p.passages}">{p.passages}</td></tr>'
        for p in pairs[:PAIRS_LISTED])
    body.append(
        f'## {esc.md_text(TEXT["pairs"])} {{#pairs}}\n\n<div class="tifa-reuse-scroll"><table class="tifa-reuse-pairs tifa-sortable"><thead><tr>'
        f'<th>{esc.text(TEXT["head_source"])}</th><th></th><th>{esc.text(TEXT["head_copy"])}</th><th aria-sort="descending">{esc.text(TEXT["head_chars"])}</th>'
        f'<th>{esc.text(TEXT["head_share"])}</th><th>{esc.text(TEXT["head_passages"])}</th></tr></thead><tbody>{rows}</tbody></table></div>')
    clusters = [[d for d in group if d in docs] for group in table.clusters()]
    items = []
    for group in clusters:
        if len(group) < 2:
            continue
        members = sorted(group, key=lambda d: (docs[d].meta.date or "9999", d))
        links = "".join(f"<li>{link(d)}</li>" for d in members)
        items.append(f'<li><details><summary>{esc.text(TEXT["cluster_item"].format(n=len(members)))}：'
                     f'{esc.text(docs[members[0]].meta.title or members[0])} …</summary><ol>{links}</ol></details></li>')
    if items:
        body.append(f'## {esc.md_text(TEXT["clusters"])} {{#clusters}}\n\n<ul class="tifa-reuse-clusters">{"".join(items[:PAIRS_LISTED])}</ul>')
    return "\n\n".join(body) + "\n"
