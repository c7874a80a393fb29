"""A hostile pull request, in a real browser: every field a contributor controls × every class of
payload, built, then every kind of page opened in Chromium — every focusable element focused
and hovered, every link clicked. Nothing may run: no dialog, no flag on ``window``, no
``javascript:``/``data:`` URL or ``on…`` attribute anywhere in the DOM, no page error, no
Content-Security-Policy violation (which would mean a payload got as far as the browser),
and the policy is on every page.

Each payload, if it ran, would set ``window.__pwn`` (or open a dialog).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import copy_project, hover, run_build, seed, serve

# One payload per class. Each would run script if it reached the page as markup.
ATTR_LIST = "{: tabindex=0 autofocus onfocus=window.__pwn=1 onmouseover=window.__pwn=1 }"
MD_LINK = "[点此](javascript:window.__pwn=2)"
RAW_HTML = '<img src=x onerror="window.__pwn=3"><script>window.__pwn=4</script>'
COMMENT = "<!--<script>window.__pwn=5</script>"
ENTITY_SCHEME = "[实体](&#106;avascript&#58;window.__pwn=6) [十六进制](jav&#x09;ascript:window.__pwn=6)"
SPACE_SCHEME = "[空白](java\tscript:window.__pwn=7) [大小写]( JaVaScRiPt:window.__pwn=7) [数据](data:text/html,<script>window.__pwn=7</script>)"
BREAKOUT = '"></title><script>window.__pwn=8</script><a href="javascript:window.__pwn=8">'
PAYLOADS = {"attr": ATTR_LIST, "link": MD_LINK, "html": RAW_HTML, "comment": COMMENT, "entity": ENTITY_SCHEME,
            "space": SPACE_SCHEME, "breakout": BREAKOUT}
ALL = " ".join(PAYLOADS.values())
BAD_URLS = ["javascript:window.__pwn=9", "JaVaScRiPt:window.__pwn=9", "java\nscript:window.__pwn=9",
            "&#106;avascript:window.__pwn=9", " data:text/html,x"]
TEXT = "各单位要坚持外防输入、内防扩散，做好联防联控工作。坚守阵地工作法要落实到位。\n"
HOSTILE_TERM = "坚守阵地工作法"
TINY_DOCS = 205  # past the 200 documents of one listing page
SECRET = "HOSTILE-SYMLINK-SECRET"


def q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML string


def write_hostile_project(root: Path, outside: Path) -> None:
    src, gloss, notes, briefs = (root / n for n in ("source_texts", "glossary", "annotations", "briefings"))
    (outside / "secret.md").write_text(f"---\ntitle: {SECRET}\nauthor: A\ndate: 2026-11-25\n---\n\n{SECRET}\n", encoding="utf-8")
    (outside / "secret.yml").write_text(f"title: {SECRET}\n", encoding="utf-8")
    (outside / "gloss.yml").write_text(f"term: {SECRET}\ndefinition: {SECRET}\ncategory: slogan\n", encoding="utf-8")
    (outside / "notes").mkdir()
    (outside / "notes" / "n.md").write_text(f"---\nquote: 外防输入\nauthor: A\ndate: 2026-11-25\n---\n\n{SECRET}\n",
                                            encoding="utf-8")
    # Texts: the title (first line) and the body hold each payload; a file name holds markup.
    for name, payload in PAYLOADS.items():
        (src / f"t-{name}.txt").write_text(f"关于做好防控工作的通知 {payload}\n{payload}\n{TEXT}", encoding="utf-8")
    (src / "comment-first.txt").write_text(f"{COMMENT}\n{TEXT}", encoding="utf-8")
    (src / '<img src=x onerror="window.__pwn=10">.txt').write_text(f"文件名\n{TEXT}", encoding="utf-8")
    # Sidecars: every shown field; the place and issuer become listing-page headings.
    for i, (name, payload) in enumerate(PAYLOADS.items()):
        (src / f"t-{name}.yml").write_text(
            f"title: {q('标题 ' + payload)}\nissuer: {q('机关' + payload)}\nplace: {q('地点' + payload)}\n"
            f"source: {q(payload)}\nnotes: {q(payload)}\nlicence: {q(payload)}\ndoc_number: {q(payload)}\n"
            f"credits:\n  编辑: {q(payload)}\ndate: 2020-02-{i + 1:02d}\n", encoding="utf-8")
    for i, url in enumerate(BAD_URLS):
        (src / f"u{i}.txt").write_text(f"网址{i}\n{TEXT}", encoding="utf-8")
        (src / f"u{i}.yml").write_text(f"source_url: {q(url)}\n", encoding="utf-8")
    (src / "linked-sidecar.txt").write_text(f"边车\n{TEXT}", encoding="utf-8")
    (src / "linked-sidecar.yml").symlink_to(outside / "secret.yml")
    (src / "index.txt").write_text(f"索引\n{TEXT}", encoding="utf-8")  # would replace the documents index
    for i in range(TINY_DOCS):
        (src / f"tiny{i:03d}.txt").write_text(f"第{i}号通知\n各单位要做好联防联控工作。\n", encoding="utf-8")
    # Corrections: the reading and the note are shown (in the text and a tooltip).
    (src / "corrections.yml").write_text(
        f'- document: {seed("001")}\n  damaged: "??h"\n  context: "??h委宣传部"\n  reading: {q("县" + RAW_HTML)}\n'
        f"  note: {q(ALL)}\n", encoding="utf-8")
    # Glossary: every field, a term that is itself a payload, and file names that are.
    (gloss / "jian-shou.yml").write_text(
        f"term: {HOSTILE_TERM}\ndefinition: {q(ALL)}\ncategory: slogan\nenglish: {q(ALL)}\npinyin: {q(ATTR_LIST)}\n"
        f"notes: {q(ALL)}\nsources: {json.dumps(BAD_URLS + [ALL], ensure_ascii=False)}\n", encoding="utf-8")
    (gloss / "attr-term.yml").write_text(f"term: {q('防控' + ATTR_LIST)}\ndefinition: x\ncategory: slogan\n", encoding="utf-8")
    (gloss / "link-term.yml").write_text(f"term: {q('防控' + MD_LINK + BREAKOUT)}\ndefinition: x\ncategory: slogan\n",
                                         encoding="utf-8")
    (gloss / "javascript:window.__pwn=11;%2F%2F.yml").write_text("term: 文件名词条\ndefinition: x\ncategory: slogan\n",
                                                                encoding="utf-8")
    (gloss / "index.yml").write_text("term: 索引词条\ndefinition: x\ncategory: slogan\n", encoding="utf-8")
    (gloss / "leak.yml").symlink_to(outside / "gloss.yml")
    # Annotations: body, author, tags, sources; a file name; a linked file and a linked folder.
    doc = notes / seed("003")
    (doc / "hostile.md").write_text(
        f"---\nquote: 紧盯重点场所\nauthor: {q(ALL)}\ntags: [{', '.join(q(p) for p in PAYLOADS.values())}]\n"
        f"sources: {json.dumps(BAD_URLS, ensure_ascii=False)}\ndate: 2026-11-25\n---\n\n" + "\n\n".join(PAYLOADS.values()) + "\n",
        encoding="utf-8")
    (doc / "javascript:window.__pwn=12.md").write_text("---\nquote: 减少人员出入\nauthor: A\ndate: 2026-11-25\n---\n\nx\n",
                                                       encoding="utf-8")
    (doc / "leak.md").symlink_to(outside / "notes" / "n.md")
    (notes / "tiny000").symlink_to(outside / "notes", target_is_directory=True)
    # Briefings: title, headings, summary, questions, body; a file name; a linked file.
    (briefs / "hostile.md").write_text(
        f"---\ntitle: {q('简报' + ATTR_LIST + BREAKOUT)}\nauthor: {q(ALL)}\naudience: {q(ALL)}\ndate: 2026-11-25\n"
        f"summary: {q(ALL)}\nquestions: [{', '.join(q(p) for p in PAYLOADS.values())}]\n---\n\n"
        f"## 小节 {ATTR_LIST}\n\n## {MD_LINK}\n\n" + "\n\n".join(PAYLOADS.values())
        + f'\n\n::: passage {seed("003")} "紧盯重点场所"\n\n::: phrase jian-shou\n', encoding="utf-8")
    (briefs / "javascript:window.__pwn=13%2F%2F.md").write_text(
        "---\ntitle: 文件名简报\nauthor: A\ndate: 2026-11-25\n---\n\n正文。\n", encoding="utf-8")
    (briefs / "leak.md").symlink_to(outside / "secret.md")
    # Markdown sources: every front-matter field shown (and an unknown one, kept as extra metadata) holds the
    # payloads, the URL fields the bad schemes, and the body's headings, emphasis and links hold them too.
    for i, (name, payload) in enumerate(PAYLOADS.items()):
        (src / f"fm-{name}.md").write_text(
            f"---\ntitle: {q('前言标题' + payload)}\ndate: 2020-02-0{1 + i % 9}\nissuer: {q('前言机关' + payload)}\n"
            f"place: {q('前言地方' + payload)}\nsource: {q(payload)}\nsource_url: {q(BAD_URLS[i % len(BAD_URLS)])}\n"
            f"author: {q(payload)}\ntags: [{q(payload)}]\ncustom_field: {q(payload)}\n---\n\n"
            f"# 前言标题{payload}\n\n## 小节{payload}\n\n{TEXT}\n*{payload}* [链接](javascript:window.__pwn=14) {payload}\n",
            encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-pr")
    outside = base / "outside"
    outside.mkdir()
    root = copy_project(base / "project")
    # Every kind of mined phrase linked, so that every repeated hostile string gets a page to check.
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace(
        "      briefings_dir: briefings\n",
        "      briefings_dir: briefings\n      mining:\n        link_kinds: [formulation, term, name, stock, reporting]\n"),
        encoding="utf-8")
    write_hostile_project(root, outside)
    site = root / "site"
    result = run_build(root / "mkdocs.yml", site, "--no-strict", quiet=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return {"root": root, "site": site, "log": result.stdout + result.stderr}


def test_links_out_of_the_project_are_reported_and_the_build_goes_on(hostile_site):
    log = hostile_site["log"]
    for path in ("glossary/leak.yml", "briefings/leak.md", f"annotations/{seed('003')}/leak.md",
                 "annotations/tiny000/n.md", "source_texts/linked-sidecar.yml"):
        assert re.search(re.escape(path) + r".*symlink leads outside", log), path
    for path in hostile_site["site"].rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".txt", ".xml"):
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace"), path


def test_collisions_are_reported_not_overwritten(hostile_site):
    log, site = hostile_site["log"], hostile_site["site"]
    assert re.search(r"source_texts/index\.txt.*documents/index/", log)
    assert re.search(r"glossary/index\.yml.*phrase index", log)
    assert "共" in (site / "documents" / "index.html").read_text(encoding="utf-8")  # still the list of documents
    assert "提法" in (site / "phrases" / "index.html").read_text(encoding="utf-8")


def test_every_bad_url_is_reported_with_its_line(hostile_site):
    log = hostile_site["log"]
    for i in range(len(BAD_URLS)):
        assert re.search(rf"source_texts/u{i}\.yml:1.*source_url", log), BAD_URLS[i]


# --- in the browser ------------------------------------------------------------------

WATCH = """() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    // Clicks are followed by tifa's and Material's own handlers, then stopped here: a link's
    // target is checked in the DOM (and same-site pages are opened in turn), not navigated to.
    window.addEventListener('click', e => { if (e.target.closest && e.target.closest('a[href]')) e.preventDefault(); });
}"""

DOM_CHECK = r"""() => {
    const bad = [];
    const scheme = v => v.replace(/[\u0000-\u0020\u007f-\u009f\s]+/g, '').toLowerCase();
    for (const e of document.querySelectorAll('*')) {
        for (const a of e.attributes) {
            if (/^on/i.test(a.name)) bad.push(e.tagName + ' ' + a.name);
            const v = scheme(a.value);
            if (/^(javascript|vbscript|data):/.test(v) && !(a.name === 'content' || a.name === 'data')) bad.push(e.tagName + ' ' + a.name + '=' + a.value.slice(0, 60));
        }
        if (e.tagName === 'A' && e.href && !/^(https?:|mailto:)/.test(e.href)) bad.push('A ' + e.href.slice(0, 60));
    }
    for (const s of document.querySelectorAll('script:not([src]):not([type="application/json"])')) {
        if (/__pwn/.test(s.textContent)) bad.push('SCRIPT ' + s.textContent.slice(0, 60));
    }
    for (const e of document.querySelectorAll('iframe, object, embed, base, form[action], .md-content form:not(.tifa-ft-form):not(.tifa-py-form):not(.tifa-compare)')) bad.push(e.tagName);
    return bad;
}"""

OWN_DIALOGS = {"清空简报篮？"}
FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex], mark.tifa-annotated"

# Every focusable element focused, hovered and clicked, in the page (one round trip a page: the
# browser's own hover is used below for the first links, and for every hover card).
EXERCISE = """selector => {
    // Links are followed by visiting their pages, and forms are not sent, here: a click that navigated
    // away mid-exercise (the compare form's submit) left the test reading a page being torn down.
    document.addEventListener('click', e => { if (e.target.closest && e.target.closest('a[href]')) e.preventDefault(); }, true);
    document.addEventListener('submit', e => e.preventDefault(), true);
    const els = [...document.querySelectorAll(selector)];
    for (const el of els) {
        if (!el.isConnected) continue;  // taken out by an earlier click (a basket item removed)
        el.focus();
        for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove', 'mouseout'])
            el.dispatchEvent(new MouseEvent(type, {bubbles: !type.endsWith('enter'), cancelable: true}));
        el.click();
        document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));
    }
    return els.length;
}"""


def exercise(page, url: str) -> list[str]:
    """Open ``url``, focus, hover and click everything; returns the same-site links found."""
    response = page.goto(url)
    assert response is not None and response.ok, url  # every page listed is built (a 404 would check nothing)
    page.wait_for_load_state("load")
    links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert page.evaluate(EXERCISE, FOCUSABLE) > 0
    for i in range(15):  # hidden ones, or those under a hover card, had their turn in EXERCISE
        hover(page, ".md-content a[href]", i)
    page.wait_for_timeout(100)
    assert page.url.split("#")[0] == response.url.split("#")[0], f"{url}: exercising it navigated to {page.url}"
    return links


# What the page did, read in one round trip: the payloads' flag, the policy violations, what the DOM
# holds that could run, and the policy itself.
STATE = f"""() => ({{
    pwn: window.__pwn === undefined ? null : String(window.__pwn),
    csp: window.__csp,
    dom: ({DOM_CHECK})(),
    policies: [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map(m => m.getAttribute('content')),
}})"""


def assert_inert(page, url: str, dialogs: list) -> None:
    assert dialogs == [], (url, dialogs)
    state = page.evaluate(STATE)
    assert state["pwn"] is None, url
    assert state["csp"] == [], (url, state["csp"])
    assert state["dom"] == [], url
    assert page.page_errors == [], (url, page.page_errors)
    assert len(state["policies"]) == 1, url
    content = state["policies"][0]
    assert "script-src 'self'" in content and "object-src 'none'" in content and "base-uri 'none'" in content
    assert "unsafe-inline" not in content


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    yield from serve(hostile_site["site"])


def _doc_id(name: str) -> str:
    from tifa.pipeline import document_id

    return document_id(Path(name))


@pytest.mark.browser
def test_no_payload_runs_on_any_page(page, hostile_url, hostile_site):
    site = hostile_site["site"]
    dialogs: list[str] = []
    # The basket's own "empty the basket?" question is tifa's; any other dialog is a payload's.
    page.on("dialog", lambda d: (d.message in OWN_DIALOGS or dialogs.append(d.message), d.dismiss()))
    page.add_init_script(f"({WATCH})()")
    listing = sorted(p.parent.relative_to(site).as_posix() for p in (site / "browse").rglob("index.html"))
    assert any(p.endswith("/2") for p in listing), "the unknown-place listing should run to a second page"
    places = [p + "/" for p in listing if p.startswith("browse/place/")]
    phrase_dirs = {p.parent.name for p in (site / "phrases").glob("*/index.html")}
    hostile_phrases = sorted(d for d in phrase_dirs if d.startswith(("fang-kong", "jian-shou", "wen-jian-ming")))
    assert len(hostile_phrases) >= 3, phrase_dirs
    pages = list(dict.fromkeys(  # each once (the unknown place's second listing page is both a place and a /2)
        [f"documents/{_doc_id(f't-{n}.txt')}/" for n in PAYLOADS]
        + [f"documents/{_doc_id(f'fm-{n}.md')}/" for n in PAYLOADS]
        + [f"documents/{_doc_id('comment-first.txt')}/", f"documents/{seed('001')}/", f"documents/{seed('003')}/",
           f"documents/{_doc_id('u0.txt')}/", "documents/", *places, *(p + "/" for p in listing if p.endswith("/2"))]
        + [f"phrases/{p}/" for p in hostile_phrases] + ["phrases/", "annotations/", "briefings/", "briefings/hostile/", "", "404.html"]
    ))
    same_site: set[str] = set()
    for path in pages:
        url = hostile_url + path
        links = exercise(page, url)
        assert_inert(page, url, dialogs)
        same_site.update(u.split("#")[0] for u in links if u.startswith(hostile_url))
        if path.startswith("documents/t-") or path == f"documents/{seed('003')}/":
            # The original view and the parallel view of the same page, and the hover cards.
            page.goto(url)
            for view in ("original", "parallel"):
                page.click(f"button[data-view={view}]")
                page.wait_for_timeout(100)
                assert_inert(page, url, dialogs)
            for i, link in enumerate(page.locator("a.tifa-phrase").all()[:20]):
                if not hover(page, "a.tifa-phrase", i):
                    link.hover()  # under the last card: Playwright waits until it can be hovered
                assert page.locator("#tifa-card").is_visible() and link.get_attribute("aria-describedby") == "tifa-card"
            assert_inert(page, url, dialogs)
    # A hostile paragraph in the basket, and the basket page.
    page.goto(hostile_url + f"documents/{_doc_id('t-attr.txt')}/")
    page.locator("button.tifa-add").first.click()
    page.goto(hostile_url + "briefings/basket/")
    assert page.locator("#tifa-basket li, #tifa-basket .tifa-basket-item").count() >= 1
    assert_inert(page, page.url, dialogs)
    exercise(page, hostile_url + "briefings/basket/")
    assert_inert(page, page.url, dialogs)
    # Full-text results for words of the hostile texts.
    for query in ("防控工作的通知", "坚守阵地工作法", "javascript"):
        page.goto(hostile_url + f"fulltext/?text={query}")
        page.locator(".tifa-ft-results li, .tifa-ft-status").first.wait_for()
        page.wait_for_timeout(300)
        exercise(page, page.url)
        assert_inert(page, page.url, dialogs)
    # Every other same-site page the hostile pages link to (documents, phrases, listings) is opened too.
    rest = sorted(u for u in same_site if u[len(hostile_url):] not in pages and not u.endswith((".txt", ".json", ".xml")))
    for url in rest[:25]:
        page.goto(url)
        assert_inert(page, url, dialogs)


@pytest.mark.browser
def test_a_hostile_page_still_reads(page, hostile_url):
    """What the payloads did not do: swallow the page. Footer, view switch, cards are all there."""
    page.goto(hostile_url + f"documents/{_doc_id('comment-first.txt')}/")
    assert page.locator("footer.md-footer").count() == 1
    assert page.locator("button[data-view=original]").is_visible()
    assert "外防输入" in page.locator(".tifa-doc").inner_text()
    page.goto(hostile_url + f"documents/{_doc_id('t-attr.txt')}/")
    heading = page.locator("h1").first
    assert "{: tabindex=0" in heading.inner_text() and heading.get_attribute("onfocus") is None
    assert page.title().startswith("标题")
    page.goto(hostile_url + "briefings/hostile/")
    assert page.locator("h2", has_text="小节 {: tabindex=0").count() == 1  # the heading is text, in the TOC too
    assert page.locator(".md-nav--secondary a", has_text="小节").count() >= 1


def test_check_fails_the_malicious_pull_request(tmp_path, capsys):
    """`tifa check` on a project holding only the working vectors of the issue: each file is named."""
    from tifa.cli import main

    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "pr"
    root.mkdir()
    for name in ("source_texts", "glossary", "annotations", "briefings"):
        shutil.copytree(Path(__file__).parent.parent / name, root / name)
    assert main(["--root", str(root), "check"]) == 0  # the project as it is passes
    capsys.readouterr()
    src = root / "source_texts"
    (src / "130_note.txt").write_text("关于做好防控工作的通知 {: tabindex=0 autofocus onfocus=alert(1) }\n各单位要坚持外防输入。\n",
                                      encoding="utf-8")
    (src / "131_comment.txt").write_text("<!--<script>\n各单位要坚持外防输入。\n", encoding="utf-8")
    (src / "132_url.txt").write_text("网址\n各单位要坚持外防输入。\n", encoding="utf-8")
    (src / "132_url.yml").write_text('source_url: "JaVa\\nScript:alert(4)"\n', encoding="utf-8")
    (src / "133_side.txt").write_text("边车\n各单位要坚持外防输入。\n", encoding="utf-8")
    (src / "133_side.yml").write_text('title: "[x](javascript:alert(2))"\n', encoding="utf-8")
    (src / "index.txt").write_text("索引\n各单位要坚持外防输入。\n", encoding="utf-8")
    (root / "glossary" / "def.yml").write_text('term: 新提法甲\ndefinition: "[详见](javascript:alert(3))"\ncategory: slogan\n',
                                               encoding="utf-8")
    (root / "glossary" / "javascript:alert(5)%2F%2F.yml").write_text("term: 新提法乙\ndefinition: x\ncategory: slogan\n",
                                                                     encoding="utf-8")
    (root / "glossary" / "index.yml").write_text("term: 新提法丙\ndefinition: x\ncategory: slogan\n", encoding="utf-8")
    (root / "glossary" / "heading.yml").write_text('term: "新提法丁{: onfocus=alert(1) }"\ndefinition: x\ncategory: slogan\n',
                                                   encoding="utf-8")
    (outside / "secret.md").write_text("---\ntitle: S\nauthor: A\ndate: 2026-11-25\n---\n\nsecret\n", encoding="utf-8")
    (root / "briefings" / "leak.md").symlink_to(outside / "secret.md")
    (root / "briefings" / "javascript:alert(5)%2F%2F.md").write_text(
        "---\ntitle: 简报 {: onfocus=alert(1) }\nauthor: A\ndate: 2026-11-25\n---\n\n## [x](javascript:alert(6))\n", encoding="utf-8")
    (root / "glossary" / "leak.yml").symlink_to(outside / "secret.md")
    (root / "annotations" / seed("003") / "leak.md").symlink_to(outside / "secret.md")
    (outside / "corrections.yml").write_text((src / "corrections.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (src / "corrections.yml").unlink()
    (src / "corrections.yml").symlink_to(outside / "corrections.yml")
    vectors = ["130_note.txt", "131_comment.txt", "132_url.yml", "133_side.yml", "index.txt", "def.yml",
               "javascript:alert(5)%2F%2F.yml", "index.yml", "heading.yml", "leak.md", "javascript:alert(5)%2F%2F.md",
               "leak.yml", "corrections.yml"]
    assert main(["--root", str(root), "check", "--format", "json"]) == 1
    named = {Path(p["path"]).name for p in json.loads(capsys.readouterr().out)["problems"]}
    assert [v for v in vectors if v not in named] == []
