"""Briefings in a real browser: the basket round trip, copy-citation, and print-to-PDF."""

import re
import shutil
import subprocess

import pytest
from conftest import copy_project, run_build, seed

pytestmark = pytest.mark.browser

EXAMPLE = "briefings/wai-fang-shu-ru-nei-fang-kuo-san/"


def paragraph_with(docs, doc_id, text):
    return next(p for p in docs[doc_id].paragraphs if text in p.text)


def add_to_basket(page, site_url, doc_id, pid):
    page.goto(f"{site_url}documents/{doc_id}/")
    paragraph = page.locator(f"#{pid}")
    paragraph.hover()
    button = paragraph.locator(".tifa-add")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"


def test_basket_exports_a_briefing_that_builds_with_the_same_passages(page, site_url, seed_docs, tmp_path):
    chosen = [
        (seed("003"), paragraph_with(seed_docs, seed("003"), "外防输入、内防扩散").id),
        (seed("004"), paragraph_with(seed_docs, seed("004"), "严防外溢").id),
    ]
    for doc_id, pid in chosen:
        add_to_basket(page, site_url, doc_id, pid)
    assert page.locator(".tifa-basket-link").inner_text().endswith("2")

    page.locator(".tifa-basket-link").click()
    page.wait_for_url(re.compile(r"briefings/basket/"))
    items = page.locator(".tifa-basket-item")
    assert [(i.get_attribute("data-doc"), i.get_attribute("data-paragraph")) for i in items.all()] == chosen
    page.fill("#tifa-basket-title", "区县到省：外防输入")
    page.fill("#tifa-basket-author", "测试者")
    page.fill("#tifa-basket-questions", "第一题？\n第二题？")
    page.fill("#tifa-basket-file", "basket-test")
    items.nth(0).locator(".tifa-basket-note").fill("先看区县一级。\n::: 这一行不是引用")
    # Reorder twice (down, then up) so the order the reader sees is the one exported.
    items.nth(0).locator("button[title='下移']").click()
    assert page.locator(".tifa-basket-item").first.get_attribute("data-paragraph") == chosen[1][1]
    page.locator(".tifa-basket-item").nth(1).locator("button[title='上移']").click()

    with page.expect_download() as download_info:
        page.click(".tifa-basket-download")
    download = download_info.value
    assert download.suggested_filename == "basket-test.md"
    exported = download.path().read_text(encoding="utf-8")
    assert page.locator(".tifa-basket-export textarea").input_value() == exported
    assert page.page_errors == []

    root = copy_project(tmp_path / "project")
    (root / "briefings" / "basket-test.md").write_text(exported, encoding="utf-8")
    result = run_build(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "briefings" / "basket-test" / "index.html").read_text(encoding="utf-8")
    passages = re.findall(r'<figure class="tifa-passage" data-doc="([^"]+)"><blockquote><p data-paragraph="([^"]+)"', html)
    assert passages == chosen
    assert "区县到省：外防输入" in html and "第二题？" in html and "先看区县一级。" in html
    assert "::: 这一行不是引用" in html  # kept as prose, not read as a reference
    for doc_id, pid in chosen:
        expected = next(p for p in seed_docs[doc_id].paragraphs if p.id == pid).text
        block = html.split(f'data-paragraph="{pid}">', 1)[1].split("</p>", 1)[0]
        assert re.sub(r"<[^>]+>", "", block) == expected


def test_copy_citation_plain_and_markdown(browser, site_url, seed_docs):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    doc = seed_docs[seed("004")]
    para = paragraph_with(seed_docs, seed("004"), "严防外溢")
    page.goto(f"{site_url}documents/{doc.id}/")
    tools = page.locator(f"#{para.id} .tifa-ptools")
    page.locator(f"#{para.id}").hover()
    tools.locator(".tifa-cite").click()
    plain = page.evaluate("navigator.clipboard.readText()")
    tools.locator(".tifa-cite-md").click()
    markdown = page.evaluate("navigator.clipboard.readText()")
    context.close()
    url = f"{site_url}documents/{doc.id}/#{para.id}"
    assert plain.startswith(f"“{para.text}”") and f"《{doc.meta.title}》" in plain and plain.endswith(f"¶{para.number} {url}")
    assert markdown.startswith(f"> {para.text}") and f"[¶{para.number}]({url})" in markdown


@pytest.fixture(scope="module")
def pdftotext():
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    return tool


def test_example_briefing_prints_to_pdf_with_passages_and_citations(page, site_url, seed_docs, pdftotext, tmp_path):
    from tifa.site.document import citation

    page.goto(site_url + EXAMPLE)
    pdf = tmp_path / "briefing.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "要切实做到外防输入、内防扩散" in flat and "外防输入、内防扩散、严防外溢" in flat
    for doc_id in (seed("003"), seed("004")):
        assert re.sub(r"\s+", "", citation(seed_docs[doc_id])) in flat
        assert f"documents/{doc_id}/#p-" in flat  # the permalink, printed as an address
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout).group(1))
    assert f"1/{pages}" in flat and f"{pages}/{pages}" in flat  # page numbers in the footer
    assert "回到页面顶部" not in flat and "搜索" not in flat  # no site chrome on paper
    assert page.page_errors == []
