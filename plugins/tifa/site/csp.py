"""The Content-Security-Policy every page carries: the second wall behind escaping.

Script runs only from the site's own files, and from the inline scripts the theme's own
templates write (Material sets its scope, palette … inline), allowed one by one by their
hash. No inline event handler, no ``javascript:`` URL, no plugin object, no ``<base>``.

Which inline scripts are the theme's is decided from the templates' source, not from the
page: each template's ``<script>`` body is a pattern whose ``{{ … }}`` gaps may only be
filled with URL-like characters (``base_url`` and the like). So a script that a slip in
escaping let into a page — a title, a note — matches no pattern, gets no hash, and the
browser refuses it; the build reports it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from jinja2 import TemplateNotFound

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?\s*(?!(text/javascript|application/javascript|module)\b)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# What a template expression may put into a trusted script: URL-like characters, taken possessively
# (no backtracking, so a long run in a script that is not the theme's costs one pass).
_GAP = r"[\w.~/:%#?=&+\-\s]*+"
META_NAME = "Content-Security-Policy"
POLICY = "script-src 'self' {hashes}; object-src 'none'; base-uri 'none'; form-action 'self'"


def inline_scripts(html: str) -> list[str]:
    """The bodies of the inline scripts a browser would run (not ``src=``, not JSON data)."""
    return [body for attrs, body in _SCRIPT.findall(html) if not _SRC.search(attrs) and not _DATA_TYPE.search(attrs)]


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


class ScriptPolicy:
    """The theme's inline scripts (as patterns) and the policy for a rendered page."""

    def __init__(self, template_sources: Iterable[str]) -> None:
        patterns = set()
        for source in template_sources:
            for body in inline_scripts(source):
                literal = [re.escape(part) for part in _JINJA.split(body)]
                patterns.add(_GAP.join(literal))
        self.patterns = [re.compile(p, re.S) for p in sorted(patterns)]

    @classmethod
    def of_environment(cls, env) -> ScriptPolicy:
        """From a Jinja environment (the theme's, with any ``custom_dir`` overrides)."""
        def sources():
            for name in env.list_templates(filter_func=lambda n: n.endswith((".html", ".htm", ".xml"))):
                try:
                    yield env.loader.get_source(env, name)[0]
                except (TemplateNotFound, OSError, UnicodeDecodeError):
                    continue  # a template the loader lists but cannot read holds no script we allow

        return cls(sources())

    def trusted(self, body: str) -> bool:
        return any(p.fullmatch(body) for p in self.patterns)

    def apply(self, html: str) -> tuple[str, list[str]]:
        """The page with its policy as the first thing in ``<head>``, and the inline scripts refused."""
        allowed: list[str] = []
        refused: list[str] = []
        for body in inline_scripts(html):
            (allowed if self.trusted(body) else refused).append(body)
        return with_policy(html, allowed), refused


def policy(allowed: Iterable[str]) -> str:
    hashes = " ".join(sorted({script_hash(b) for b in allowed}))
    return POLICY.format(hashes=hashes).replace("'self' ;", "'self';")


def with_policy(html: str, allowed: Iterable[str]) -> str:
    meta = f'<meta http-equiv="{META_NAME}" content="{policy(allowed)}">'
    charset = re.search(r"<meta\s+charset=[^>]*>", html[:2048], re.I)
    if charset:
        return html[: charset.end()] + meta + html[charset.end():]
    head = re.search(r"<head\b[^>]*>", html, re.I)
    if head:
        return html[: head.end()] + meta + html[head.end():]
    return meta + html


def allow_added_scripts(before: str, after: str) -> str:
    """``after`` (``before`` with scripts added by a trusted server, e.g. MkDocs' live reload) with
    the added scripts' hashes put into its policy."""
    known = set(inline_scripts(before))
    added = [b for b in inline_scripts(after) if b not in known]
    if not added:
        return after
    extra = " ".join(script_hash(b) for b in added)
    return re.sub(r"(http-equiv=\"Content-Security-Policy\" content=\"script-src 'self')", rf"\1 {extra}", after, count=1)
