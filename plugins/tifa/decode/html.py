"""Saved web pages: the main text and the page's metadata, by trafilatura.

trafilatura is the extractor best kept for news and government pages, Chinese
ones included: it drops navigation, footers and share bars and reads the title,
date and site name from the page's head and markup. The extracted text is the
document's original; the saved page itself is published for download with
its scripts, styles and event handlers removed (nh3).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DecodeError
from ..yamlio import check_date
from . import decode_bytes
from .source import Source, lines_with_headings

_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def read(data: bytes, path: Path) -> Source:
    import trafilatura
    from lxml import etree

    page = decode_bytes(data, path)
    xml = trafilatura.extract(page.text, output_format="xml", with_metadata=True, include_tables=True,
                              include_comments=False, include_formatting=False, include_links=False,
                              favor_precision=False)
    if not xml:
        raise DecodeError(path, "no main text found in this web page",
                          hint="save the article's own page (not an index or a login page), or copy its text into a .txt")
    root = etree.fromstring(xml.encode("utf-8"))
    blocks = []
    for element in root.iter("head", "p", "item", "row", "quote"):
        if element.tag == "row":
            blocks.append((" | ".join(" ".join("".join(c.itertext()).split()) for c in element.iter("cell")), 0))
        elif element.tag == "p" and element.getparent() is not None and element.getparent().tag in ("cell", "item", "quote"):
            continue  # read with its row, item or quote
        elif element.getparent() is not None and element.getparent().tag == "cell":
            continue
        else:
            blocks.append(("".join(element.itertext()), _LEVELS.get(element.get("rend", ""), 2) if element.tag == "head" else 0))
    text, headings = lines_with_headings(blocks)
    fields = {}
    if root.get("title"):
        fields["title"] = root.get("title").strip()
    if check_date(root.get("date")):
        fields["date"] = check_date(root.get("date"))
    if root.get("sitename"):
        fields["source"] = root.get("sitename").strip()
    if root.get("source", "").startswith(("http://", "https://")):
        fields["source_url"] = root.get("source")
    if root.get("author"):
        fields["author"] = root.get("author").strip()
    return Source(text, page.encoding, headings=headings, fields=fields, provenance="html",
                  download=_without_scripts(page.text).encode("utf-8"), download_suffix=".html")


def _without_scripts(html: str) -> str:
    import nh3

    # The saved page as a reader may open it: text, structure and images, nothing that runs.
    tags = nh3.ALLOWED_TAGS | {"html", "head", "body", "title", "meta", "section", "article", "nav", "header",
                               "footer", "main", "aside", "figure", "figcaption", "time"}
    return nh3.clean(html, tags=tags, attributes={"*": {"lang", "title"}, "a": {"href"}, "img": {"src", "alt"},
                                                   "meta": {"charset", "name", "content"}, "time": {"datetime"}},
                     link_rel="nofollow noopener", url_schemes={"http", "https"}, strip_comments=True)
