"""Output helpers: one per place a contributor string can land, used everywhere.

Contributors (texts, sidecars, glossary, annotations, briefings) are untrusted.
Each string is written through the helper for where it goes:

- :func:`text` — HTML text content; :func:`attr` — a quoted HTML attribute value;
- :func:`md_text` — a line that Markdown still reads (a page heading): every ASCII
  mark becomes a numeric entity, so ``{: onfocus=… }`` or ``[x](javascript:…)`` is
  shown, never turned into attributes or links;
- :func:`page_title` — the ``title`` Material prints into ``<title>`` (after unescaping
  it) and the header: no ``< > & " '`` at all;
- :func:`safe_url` — ``http``/``https`` addresses only;
- :func:`markdown` — contributor Markdown → HTML through the one nh3 sanitizer;
- :func:`json_script` — data for the page's scripts, safe inside ``<script>``;
- :func:`safe_slug` — a URL segment from a file name, from a safe alphabet.

:func:`suspicious` names markup in a field that is shown as text, so ``tifa check``
can tell a contributor what would have been code (it never is).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import string
from functools import lru_cache

import markdown as _markdown
import nh3

# --- HTML text and attributes -------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?|\n")


def text(value: object) -> str:
    """Text content of an element. Newlines become ``&#10;`` so an escaped string never holds a
    blank line: a generated HTML block then always stays one block for Markdown."""
    escaped = html.escape(str(value), quote=True)
    return _NEWLINES.sub("&#10;", escaped) if "\n" in escaped or "\r" in escaped else escaped


def attr(value: object) -> str:
    """A double-quoted attribute value."""
    return text(value)


# --- Markdown lines and page titles ---------------------------------------------------

_ASCII_MARKS = frozenset(string.punctuation)


def md_text(value: object) -> str:
    """Text for a line Markdown parses (``# title``): letters, digits and spaces as they are,
    every ASCII mark as a numeric entity (Markdown keeps an entity as text), whitespace runs as
    one space."""
    s = " ".join(str(value).split())
    return "".join(f"&#{ord(c)};" if c in _ASCII_MARKS else c for c in s)


_TITLE_MARKS = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "\\": "＼"})


def page_title(value: object) -> str:
    """A page's front-matter title. Material writes it unescaped into the header and, after
    ``striptags`` (which unescapes entities), into ``<title>``: so the characters that could
    open markup are replaced by their full-width forms rather than escaped."""
    return " ".join(str(value).split()).translate(_TITLE_MARKS)


# --- URLs -------------------------------------------------------------------------------

_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\s\u200b-\u200f\u2028\u2029\ufeff]+")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_PLAIN_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f\"'<>`\\]+$", re.I)


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in ``value`` (entities decoded, whitespace and control
    characters dropped, lower case): ``javascript`` for ``Java&#x09;Script&colon;…``."""
    s = html.unescape(str(value))
    s = _CONTROL_OR_SPACE.sub("", html.unescape(s))
    m = _SCHEME.match(s)
    return m.group(1).lower() if m else None


def safe_url(value: str) -> str | None:
    """``value`` if it is a plain ``http``/``https`` address, else None (shown as text, reported)."""
    s = str(value).strip()
    if _PLAIN_URL.match(s) and url_scheme(s) in ("http", "https") and "&#" not in s and "&colon" not in s.lower():
        return s
    return None


def url_problem(value: str) -> str | None:
    """Why ``value`` is not accepted as a link target, or None if it is."""
    if safe_url(value) is not None:
        return None
    scheme = url_scheme(value)
    if scheme:
        return f"{value!r} is a {scheme}: address; only http:// and https:// are linked"
    return f"{value!r} is not an http:// or https:// address"


# --- Contributor Markdown ------------------------------------------------------------

ALLOWED_TAGS = {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "span", "sup", "sub",
                "del", "ins", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang"}}


def _link_filter(tag: str, name: str, value: str) -> str | None:
    # nh3 reads "java\tscript:" as a relative address; a browser drops the tab and runs it.
    # So a link is kept only if, read as a browser reads it, it has no scheme or an allowed one.
    if name in ("href", "src"):
        scheme = url_scheme(value)
        if scheme not in (None, "http", "https", "mailto") or _CONTROL_OR_SPACE.search(value.strip()):
            return None
    return value


@lru_cache(maxsize=4096)  # every note again on every `mkdocs serve` rebuild; Markdown is the slow part
def markdown_html(markdown_text: str) -> str | None:
    """Python-Markdown's HTML, or None when the text nests too deeply for it (a list 1,000
    levels deep exhausts Python's recursion). Cached, failures too: the loaders call this to
    report the file, and the page then gets the same answer."""
    try:
        return _markdown.markdown(markdown_text, extensions=["extra"])
    except RecursionError:
        return None


def too_deep(markdown_text: str) -> bool:
    return markdown_html(markdown_text) is None


DEEP_HINT = "flatten the nested lists or quotes (a few levels are plenty)"


@lru_cache(maxsize=4096)  # every note and definition again on every `mkdocs serve` rebuild
def markdown(markdown_text: str) -> str:
    """Contributor Markdown → safe HTML: no scripts, handlers, frames, styles, attributes beyond a
    link's href/title, and links only to http, https, mailto or relative addresses. Newlines are
    written as ``&#10;`` (same rendering) so the HTML is one Markdown block wherever it is put."""
    rendered = markdown_html(markdown_text)
    if rendered is None:  # reported by the loader; shown as plain text rather than stop the build
        rendered = f"<p>{text(markdown_text)}</p>"
    clean = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
        attribute_filter=_link_filter,
    )
    return clean.replace("\r", "").replace("\n", "&#10;")


# --- Data for scripts -------------------------------------------------------------------

_JSON_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def inline_json(data) -> str:
    """JSON that cannot end or comment out the ``<script>`` holding it (``</script>``, ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # One replace per character, not str.translate: a document's original text is megabytes of Han
    # characters, which translate looks up one by one (3 × slower; ~0.4 s of a build of 829 regulations).
    for unsafe, escaped in _JSON_UNSAFE:
        text = text.replace(unsafe, escaped)
    return text


def json_script(cls: str, data) -> str:
    return f'<script type="application/json" class="{attr(cls)}">{inline_json(data)}</script>'


# --- Slugs -------------------------------------------------------------------------------

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@lru_cache(maxsize=1 << 16)
def safe_slug(name: str, fallback: str = "item") -> str:
    """A URL segment for a file's stem: a plain ASCII name is itself; any other (spaces, CJK, ``:``,
    ``%``, ``/``…) becomes a readable ASCII slug (pinyin for Chinese) plus a short hash of the real
    name, so two different names never share a slug."""
    if _SAFE_NAME.match(name) and ".." not in name:
        return name
    from pypinyin import lazy_pinyin

    # Runs of other characters come back whole (one "syllable"), so ASCII words stay words.
    # pypinyin takes a list from ``errors`` (one item per "syllable"), though its stubs say str.
    readable = "-".join(lazy_pinyin(name, errors=lambda chars: ["".join(c if c.isascii() else "-" for c in chars)]))  # type: ignore[arg-type,return-value]
    slug = re.sub(r"[^a-z0-9]+", "-", readable.lower()).strip("-")[:60] or fallback
    return f"{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}"


# --- What would have been markup -----------------------------------------------------------

_SUSPICIOUS = (
    (re.compile(r"\{\s*:?[^{}\n]*\bon[a-z]+\s*=", re.I), "a Markdown attribute list with an event handler"),
    (re.compile(r"\{:[^{}\n]*\}|\{\s*[#.][^{}\n]*\}\s*$"), "a Markdown attribute list"),
    (re.compile(r"<\s*/?\s*(script|iframe|object|embed|svg|math|style|base|meta|link|form|img|a)\b", re.I), "raw HTML"),
    (re.compile(r"\bon[a-z]+\s*=", re.I), "an event handler attribute"),
    (re.compile(r"<!--|-->"), "an HTML comment"),
)


def suspicious(value: str) -> str | None:
    """What markup ``value`` holds (it is shown as text: this is for the contributor's report)."""
    found = find_markup(value)
    return found[0] if found else None


def find_markup(value: str) -> tuple[str, int] | None:
    """(what, offset) of the first markup in ``value``, as :func:`suspicious` names it."""
    s = str(value)
    hits = [(m.start(), what) for pattern, what in _SUSPICIOUS if (m := pattern.search(s))]
    for m in re.finditer(r"\]\(\s*([^)\s]*)", s):
        scheme = url_scheme(m.group(1))
        if scheme and scheme not in ("http", "https", "mailto"):
            hits.append((m.start(), f"a {scheme}: link"))
            break
    scheme = url_scheme(s.strip()[:200])  # a whole value that is an address (a scheme is near its start)
    if scheme in ("javascript", "vbscript", "data"):
        hits.append((0, f"a {scheme}: address"))
    if not hits:
        return None
    offset, what = min(hits)
    return what, offset
