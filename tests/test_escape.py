"""The output helpers (tifa.escape) and the page policy (tifa.site.csp), one context at a time."""

import markdown
import pytest
from tifa import escape as esc
from tifa.site.csp import ScriptPolicy, inline_scripts, script_hash

ATTR_LIST = "通知 {: tabindex=0 autofocus onfocus=alert(1) }"


def tags(html: str) -> list[tuple[str, dict]]:
    """Every element of ``html`` with its attributes, as a browser would parse them."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Parser().feed(html)
    return found


def active(html: str) -> list:
    """Elements that could run something: scripts, handlers, non-http(s) link targets."""
    return [(t, a) for t, a in tags(html) if t in ("script", "img", "iframe", "object", "svg")
            or any(k.startswith("on") for k in a) or any(k in ("href", "src") and esc.url_scheme(v or "") not in
                                                          (None, "http", "https", "mailto") for k, v in a.items())]


def test_a_markdown_line_holds_no_markup():
    md = markdown.Markdown(extensions=["attr_list", "toc", "md_in_html"])
    html = md.convert("# " + esc.md_text(ATTR_LIST + " [x](javascript:alert(2)) <b>&amp;"))
    assert [t for t, _ in tags(html)] == ["h1"] and set(tags(html)[0][1]) == {"id"}
    assert "&#123;&#58; tabindex&#61;0" in html  # shown as written


def test_page_titles_survive_being_unescaped():
    from markupsafe import Markup

    title = esc.page_title('</title><script>alert(1)</script> &lt;b&gt; "q"')
    assert not any(c in Markup(title).striptags() for c in "<>&\"'")  # Material: {{ page.title | striptags }}


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\nscript:alert(1)", "java\tscript:x",
                                 "&#106;avascript:x", "&#x6A;avascript&colon;x", " javascript:x", "\x01javascript:x",
                                 "data:text/html,x", "vbscript:x", "//evil.example/x", "ftp://x", "https://a b"])
def test_only_plain_http_addresses_are_urls(url):
    assert esc.safe_url(url) is None and esc.url_problem(url)


def test_http_addresses_are_kept():
    for url in ("https://example.org/a?b=1&c=2#d", "http://example.org", "HTTPS://EXAMPLE.ORG/"):
        assert esc.safe_url(url) == url and esc.url_problem(url) is None
    assert esc.url_scheme("Java&#x09;Script&colon;x") == "javascript"


@pytest.mark.parametrize("body", ["[x](javascript:alert(1))", "[x](java\tscript:alert(1))", "[x](&#106;avascript:x)",
                                  "[x]( JaVaScRiPt:x)", "[x](data:text/html,x)", "<a href='java\nscript:x'>x</a>",
                                  "x {: onclick=alert(1) }", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>"])
def test_the_sanitizer_keeps_no_active_content(body):
    html = esc.markdown(body)
    assert active(html) == [], html
    assert all(set(a) <= {"href", "rel", "title"} for _, a in tags(html))


def test_sanitized_html_is_one_markdown_block():
    assert "\n" not in esc.markdown("```\na\n\nb\n```\n\npara")
    assert "\n" not in esc.text("a\n\nb") and esc.text("a\n\nb") == "a&#10;&#10;b"


def test_inline_json_cannot_leave_its_script():
    data = {"t": "<!--<script></script>&\u2028"}
    text = esc.inline_json(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    import json

    assert json.loads(text) == data


def test_slugs_are_from_a_safe_alphabet():
    import re

    for name in ("javascript:alert(5)%2F%2F", "..", "通知 a b", "<img src=x>", "a/b", "index"):
        slug = esc.safe_slug(name)
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", slug) and ".." not in slug and ":" not in slug, slug
    assert esc.safe_slug("lian-fang-lian-kong") == "lian-fang-lian-kong"
    assert esc.safe_slug("a:b") != esc.safe_slug("a;b")


def test_suspicious_names_what_would_have_been_code():
    assert "attribute list" in esc.suspicious(ATTR_LIST)
    assert esc.suspicious("[详见](javascript:alert(3))") == "a javascript: link"
    assert esc.suspicious("[详见](java&#x09;script:alert(3))") == "a javascript: link"
    assert esc.suspicious("<!--<script>") in ("an HTML comment", "raw HTML")
    for plain in ("关于做好防控工作的通知", "2020年1月1日", "见 https://example.org/a", "[链接](https://example.org)"):
        assert esc.suspicious(plain) is None, plain


THEME = """<head><meta charset="utf-8"><script>__md_scope=new URL("{{ base_url }}",location)</script>
<script id="__config" type="application/json">{{ config | tojson }}</script></head>"""


def test_the_policy_allows_the_themes_scripts_and_nothing_else():
    policy = ScriptPolicy([THEME])
    page = ('<html><head><meta charset="utf-8"><script>__md_scope=new URL("../..",location)</script></head>'
            '<body><h1><script>alert(1)</script></h1><script src="x.js"></script></body></html>')
    out, refused = policy.apply(page)
    assert refused == ["alert(1)"]
    meta = out[out.index("<meta http-equiv"): out.index(">", out.index("<meta http-equiv")) + 1]
    assert script_hash('__md_scope=new URL("../..",location)') in meta and script_hash("alert(1)") not in meta
    assert "object-src 'none'" in meta and "base-uri 'none'" in meta and "unsafe-inline" not in meta
    assert out.index("<meta http-equiv") < out.index("<script")
    # A gap in a theme script takes URL-like text only: no way to smuggle code in through it.
    assert not policy.trusted('__md_scope=new URL("x",location);alert(1);("",location)')
    assert inline_scripts('<script type="application/json">{}</script>') == []
