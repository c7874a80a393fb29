"""The page TOC of a document page from the headings in its HTML.

Document pages are HTML that Python-Markdown does not parse (see the plugin),
so its TOC extension never sees their headings. Their headings are found here
in the finished HTML — tifa's own markup, already escaped — and given to
Material as the page's TOC, before the Markdown headings (本文提法, 原文与改动 …)
that follow the text.
"""

from __future__ import annotations

import re

_HEADING = re.compile(
    r'<div class="tifa-p tifa-p-heading" id="(?P<id>[^"]+)"[^>]*>.*?<h(?P<level>[2-6]) class="tifa-norm">(?P<inner>.*?)</h(?P=level)>',
    re.DOTALL,
)
_TAG = re.compile(r"<[^>]+>")


def document_headings(html: str) -> list[tuple[int, str, str]]:
    """(level, id, title as escaped HTML text) of each document heading, in page order."""
    return [(int(m["level"]), m["id"], _TAG.sub("", m["inner"]).strip()) for m in _HEADING.finditer(html)]


def with_document_headings(toc, headings: list[tuple[int, str, str]]):
    """``toc`` (MkDocs' TableOfContents) with the document's headings first (under the page title), nested by level."""
    from mkdocs.structure.toc import AnchorLink, TableOfContents

    top: list = []
    stack: list = []
    for level, anchor, title in headings:
        link = AnchorLink(title, anchor, level)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else top).append(link)
        stack.append(link)
    items = list(toc)
    if items and items[0].level == 1:  # the page title: Material shows its children as the TOC
        items[0].children[:0] = top
        return TableOfContents(items)
    return TableOfContents(top + items)
