"""The reading page in a real browser (Playwright + Debian's Chromium)."""

import re

import pytest
from conftest import seed

pytestmark = pytest.mark.browser


def test_permalink_and_original_view(page, site_url, seed_docs):
    doc = seed_docs[seed("001")]
    target = next(p for p in doc.paragraphs if p.kind == "text" and "五包一" in p.text)
    page.goto(f"{site_url}documents/{doc.id}/")

    # The normalized view shows simplified text; the original is hidden.
    first = page.locator(".tifa-p .tifa-norm").first
    assert "全国多地陆续发现" in first.inner_text()
    assert not page.locator(".tifa-orig").first.is_visible()

    # Following a paragraph's permalink lands on that paragraph and marks it as the target.
    page.locator(f'a.tifa-permalink[href="#{target.id}"]').click()
    assert page.url.endswith(f"#{target.id}")
    assert page.evaluate("document.querySelector(':target').id") == target.id
    assert page.locator(f"#{target.id}").is_visible()

    # The original view shows the traditional text with its glosses and explains each change.
    page.get_by_role("button", name="原文", exact=True).click()
    orig = page.locator(f"#{target.id} .tifa-orig")
    assert orig.is_visible() and not page.locator(f"#{target.id} .tifa-norm").is_visible()
    text = orig.inner_text()
    assert "事關(guān)" in text and "重視" in text  # traditional, glosses shown
    gloss = orig.locator(".tifa-chg-del").first
    assert "注音删除" in gloss.get_attribute("title")
    script = orig.locator(".tifa-chg-script").first
    assert re.fullmatch(r"繁简转换：「(.)」→「(.)」", script.get_attribute("title"))
    # Built from the page's compact change data: exactly the paragraph's original characters.
    o_start, o_end = doc.to_original(target.start, target.end)
    assert orig.evaluate("e => e.textContent") == doc.original[o_start:o_end]

    # Parallel view shows both, and the choice survives a reload.
    page.get_by_role("button", name="对照", exact=True).click()
    page.wait_for_function("document.querySelector('.tifa-doc').dataset.view === 'parallel'")
    assert orig.is_visible() and page.locator(f"#{target.id} .tifa-norm").is_visible()
    page.reload()
    assert page.locator(".tifa-doc").get_attribute("data-view") == "parallel"
    assert page.page_errors == []


def test_damage_marks_are_visible_with_a_reason(page, site_url):
    page.goto(f"{site_url}documents/{seed('001')}/")
    placeholder = page.locator(".tifa-damage-placeholder").first
    assert placeholder.is_visible()
    assert "占位符" in placeholder.get_attribute("title")
    corrected = page.locator(".tifa-damage-corrected")
    assert corrected.count() == 1 and "??h" in corrected.get_attribute("title")
    # Keyboard users reach the marks too.
    assert placeholder.get_attribute("tabindex") == "0"


def test_documents_index_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{site_url}documents/")
    assert page.locator(".tifa-doc-table tbody tr").count() == 5
    # No horizontal scrolling of the whole page on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.locator(".tifa-doc-table a").first.click()
    page.wait_for_url("**/documents/*/")
    page.locator(".tifa-doc").wait_for()
    context.close()


def test_pages_make_no_request_beyond_the_site(page, site_url):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site_url) and not r.url.startswith("data:") else None)
    for path in ("", "documents/", f"documents/{seed('001')}/", "phrases/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert outside == []
