"""Index pages: documents by date, place and issuer; the home page's figures.

Index pages link to documents but the navigation does not list them all, so
a page's weight does not grow with the size of the collection.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from .. import escape as esc
from ..messages import Messages, messages
from ..model import Document
from ..model import by_date as date_order
from .document import doc_url, front_matter, phrase_url
from .inline import relative_url

INDEX_URL = "documents/"


def _row(doc: Document, page_url: str, msg: Messages) -> str:
    meta = doc.meta
    return _row_html(doc.id, page_url, meta.date, meta.title, meta.issuer, meta.place, meta.script, msg.language)


@lru_cache(maxsize=1 << 15)
def _row_html(doc_id: str, page_url: str, date: str | None, title: str | None, issuer: str | None, place: str | None,
              script: str | None, language: str) -> str:
    """A document's row in a listing, from the values it shows (a document is listed on several
    pages, and again on each `mkdocs serve` rebuild)."""
    msg = messages(language)
    href = relative_url(page_url, doc_url(doc_id))
    return (
        f'<tr data-place="{esc.attr(place or "")}" data-issuer="{esc.attr(issuer or "")}">'
        f'<td class="tifa-date">{esc.text(msg.date(date))}</td>'
        f'<td><a href="{esc.attr(href)}">{esc.text(title or doc_id)}</a></td>'
        f"<td>{esc.text(issuer or '—')}</td>"
        f"<td>{esc.text(place or '—')}</td>"
        f"<td>{esc.text(msg.strings.get('script.' + (script or ''), script or '—'))}</td></tr>"
    )


def _table(docs: Sequence[Document], page_url: str, msg: Messages) -> str:
    rows = "".join(_row(d, page_url, msg) for d in docs)
    head = "".join(f"<th>{esc.text(msg('docs.col_' + c))}</th>" for c in ("date", "title", "issuer", "place", "script"))
    return f'<table class="tifa-doc-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


LIST_MAX = 200  # documents on one listing page: past that a facet is split into numbered pages
FACETS = (("date", "docs.by_date", "by-date"), ("place", "docs.by_place", "by-place"), ("issuer", "docs.by_issuer", "by-issuer"))
UNKNOWN = "\0unknown"  # a facet value for documents without one (no real value holds a NUL); shown as docs.unknown


def _facet_value(doc: Document, field: str) -> str:
    if field == "date":
        return (doc.meta.date or "")[:7] or UNKNOWN  # a month per listing
    return getattr(doc.meta, field) or UNKNOWN


def _facet_slug(value: str) -> str:
    if value == UNKNOWN:
        return "unknown"
    # Kept as it is only when no other value can give the same slug (not "unknown", no upper case).
    if re.fullmatch(r"[0-9a-z][0-9a-z-]*", value) and value != "unknown":
        return value
    from ..glossary import slug_for

    return f"{slug_for(value)}-{hashlib.sha1(value.encode()).hexdigest()[:6]}"


def render_document_indexes(docs: Sequence[Document], msg: Messages | None = None) -> dict[str, str]:
    """``documents/index.md`` and, for a large collection, listing pages by month, place and issuer.

    Up to ``LIST_MAX`` documents the index lists them all. Past that it lists the
    facets with counts, and each facet value gets listing pages of at most
    ``LIST_MAX`` documents, so no page grows with the collection.
    """
    msg = msg or messages()
    by_date = sorted(docs, key=date_order)
    if len(docs) <= LIST_MAX:
        return {"documents/index.md": _small_index(by_date, msg)}
    pages: dict[str, str] = {}
    parts = [
        front_matter(msg("docs.title")),
        f"# {esc.md_text(msg('docs.title'))} {{#documents}}\n",
        msg.count("docs.large_intro", len(docs)) + "\n",
    ]
    for field, heading_key, anchor in FACETS:
        heading = msg(heading_key)
        groups: dict[str, list[Document]] = defaultdict(list)
        for d in by_date:
            groups[_facet_value(d, field)].append(d)
        items = []
        for value in sorted(groups, key=lambda v: (v == UNKNOWN, v)):
            base = f"browse/{field}/{_facet_slug(value)}"
            shown = _shown_value(value, field, msg)
            pages.update(_listing_pages(base, msg("docs.facet_title", facet=heading, value=shown), groups[value], msg))
            href = relative_url(INDEX_URL, base + "/")
            items.append(f'<li><a href="{esc.attr(href)}">{esc.text(shown)}</a> <span class="tifa-count">{msg.number(len(groups[value]))}</span></li>')
        parts.append(f"## {esc.md_text(heading)} {{#{anchor}}}\n")
        parts.append(f'<ul class="tifa-facet">{"".join(items)}</ul>')
    pages["documents/index.md"] = "\n\n".join(parts) + "\n"
    return pages


def _shown_value(value: str, field: str, msg: Messages) -> str:
    if value == UNKNOWN:
        return msg("docs.unknown")
    return msg.date(value) if field == "date" else value


def _listing_pages(base: str, title: str, docs: Sequence[Document], msg: Messages) -> dict[str, str]:
    chunks = [docs[i : i + LIST_MAX] for i in range(0, len(docs), LIST_MAX)]
    urls = [f"{base}/" if i == 0 else f"{base}/{i + 1}/" for i in range(len(chunks))]
    pages = {}
    for i, chunk in enumerate(chunks):
        url = urls[i]
        pager = ""
        if len(chunks) > 1:
            links = [
                f'<a href="{esc.attr(relative_url(url, u))}"{" aria-current=page" if j == i else ""}>{j + 1}</a>'
                for j, u in enumerate(urls)
            ]
            pager = (f'<nav class="tifa-pager" aria-label="{esc.attr(msg("docs.pager"))}">'
                     f'{esc.text(msg("docs.page_of", i=i + 1, n=len(chunks)))} {" ".join(links)}</nav>')
        heading = title if len(chunks) == 1 else msg("docs.page_title", title=title, i=i + 1, n=len(chunks))
        src = f"{base}.md" if i == 0 else f"{base}/{i + 1}.md"
        back = relative_url(url, INDEX_URL)
        pages[src] = (
            front_matter(heading, in_search=False) + f"\n# {esc.md_text(heading)}\n\n"
            f'<p><a href="{esc.attr(back)}">{esc.text(msg("docs.all"))}</a> · {esc.text(msg.count("docs.count", len(docs)))}</p>\n\n'
            f'{pager}\n\n{_table(chunk, url, msg)}\n\n{pager}\n'
        )
    return pages


def _small_index(by_date: Sequence[Document], msg: Messages) -> str:
    parts = [
        front_matter(msg("docs.title")),
        f"# {esc.md_text(msg('docs.title'))} {{#documents}}\n",
        msg.count("docs.small_intro", len(by_date)) + "\n",
        f"## {esc.md_text(msg('docs.by_date'))} {{#by-date}}\n",
        _table(by_date, INDEX_URL, msg),
    ]
    for field, heading_key, anchor in FACETS[1:]:
        heading = msg(heading_key)
        groups: dict[str, list[Document]] = defaultdict(list)
        for d in by_date:
            groups[getattr(d.meta, field) or UNKNOWN].append(d)
        parts.append(f"## {esc.md_text(heading)} {{#{anchor}}}\n")
        for name in sorted(groups, key=lambda v: (v == UNKNOWN, v)):
            items = "".join(
                f'<li><a href="{esc.attr(relative_url(INDEX_URL, doc_url(d.id)))}">{esc.text(d.meta.title or d.id)}</a>'
                f' <span class="tifa-count">{esc.text(msg.date(d.meta.date) if d.meta.date else "")}</span></li>'
                for d in groups[name]
            )
            parts.append(f'<h3>{esc.text(_shown_value(name, field, msg))} <span class="tifa-count">{msg.number(len(groups[name]))}</span></h3><ul>{items}</ul>')
    return "\n\n".join(parts) + "\n"


def render_home_blocks(docs: Sequence[Document], top_phrases: Sequence[tuple[str, str, int]] = (), newest: int = 5,
                       msg: Messages | None = None) -> dict[str, str]:
    """HTML for the markers a hand-written home page may contain."""
    msg = msg or messages()
    paragraphs = sum(len(d.paragraphs) for d in docs)
    characters = sum(len(d.text) for d in docs)
    places = {d.meta.place for d in docs if d.meta.place}
    figures = (("docs", len(docs)), ("paragraphs", paragraphs), ("characters", characters), ("places", len(places)),
               ("phrases", len(top_phrases)))
    stats = '<ul class="tifa-stats">' + "".join(f"<li>{msg.count('home.' + k, n)}</li>" for k, n in figures) + "</ul>"
    latest = sorted(docs, key=date_order, reverse=True)[:newest]
    newest_html = "<ul>" + "".join(
        f'<li><span class="tifa-date">{esc.text(msg.date(d.meta.date))}</span> '
        f'<a href="{esc.attr(doc_url(d.id))}">{esc.text(d.meta.title or d.id)}</a></li>'
        for d in latest
    ) + "</ul>"
    phrases_html = '<ul class="tifa-top-phrases">' + "".join(
        f'<li><a href="{esc.attr(phrase_url(slug))}">{esc.text(term)}</a> <span class="tifa-count">{esc.text(msg.count("phrase.docs", n))}</span></li>'
        for slug, term, n in top_phrases[:12]
    ) + "</ul>"
    return {"stats": stats, "newest": newest_html, "top-phrases": phrases_html}


def render_fulltext_page(msg: Messages | None = None) -> str:
    """The full-text search page; fulltext.js does the searching in the reader's browser
    (filters' values and counts come from the search data once a query has results)."""
    msg = msg or messages()

    def a(key: str) -> str:
        return esc.attr(msg(key))

    def t(key: str, **values) -> str:
        return esc.text(msg(key, **values))

    facet = "".join(
        f'<label>{t("ft." + name)} <select name="{name}"><option value="">{t("ft.all", facet=msg("ft." + name))}</option></select></label> '
        for name in ("place", "issuer", "source")
    )
    date = 'size="10" pattern="\\d{4}(-\\d{2}(-\\d{2})?)?" inputmode="numeric"'
    return (
        front_matter(msg("ft.title"), in_search=False)
        + f"\n# {esc.md_text(msg('ft.heading'))} {{#fulltext}}\n\n{msg('ft.intro')}\n\n"
        f'<form class="tifa-ft-form" role="search"><input type="search" name="text" aria-label="{a("ft.query")}" '
        f'placeholder="{a("ft.example")}" autocomplete="off"> <button type="submit" class="md-button md-button--primary">{t("ft.submit")}</button>'
        f'<fieldset class="tifa-ft-filters"><legend>{t("ft.filters")}</legend>'
        f'<label>{t("ft.from")} <input type="text" name="from" placeholder="2020-01" {date}></label> '
        f'<label>{t("ft.to")} <input type="text" name="to" placeholder="2021-12" {date}></label> '
        f"{facet}"
        f'<label>{t("ft.sort")} <select name="sort"><option value="date">{t("ft.sort_date")}</option><option value="new">{t("ft.sort_new")}</option>'
        f'<option value="hits">{t("ft.sort_hits")}</option></select></label></fieldset></form>'
        f'<p class="tifa-ft-status" role="status"></p><ol class="tifa-ft-results"></ol>'
        f'<button type="button" class="tifa-ft-more md-button" hidden>{t("ft.more")}</button>\n'
    )
