"""Parallel passages in a real browser: the marker beside a paragraph opens the other passage with its
differences, and its link lands on that paragraph; the corpus page lists the pair."""

import pytest
from conftest import copy_project, run_build, seed, serve
from reuse_sources import PLANTED_ID, plant

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reuse_site_url(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("reuse-project"))
    plant(root / "source_texts")
    site = tmp_path_factory.mktemp("reuse-site")
    result = run_build(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    yield from serve(site)


def test_marker_opens_the_other_passage_and_its_link_lands_on_the_paragraph(page, reuse_site_url, seed_docs):
    page.goto(f"{reuse_site_url}documents/{PLANTED_ID}/")
    marker = page.locator(".tifa-parallels summary").first
    body = page.locator(".tifa-parallels-body").first
    assert not body.is_visible()
    marker.click()
    body.wait_for(state="visible")
    text = body.inner_text()
    assert "源自" in text and "2020-01-30" in text
    # The two changed characters are marked as dropped and added (严厉 → 坚决, 储备 → 储存).
    assert body.locator("del", has_text="严厉").count() == 1 and body.locator("ins", has_text="坚决").count() == 1
    target = next(p for p in seed_docs[seed("003")].paragraphs if "要加大疫情防控物资" in p.text)
    link = body.locator("a.tifa-parallel-link")
    assert link.get_attribute("href").endswith(f"#{target.id}")
    link.click()
    page.wait_for_url(f"**/documents/{seed('003')}/#{target.id}")
    assert page.evaluate("document.querySelector(':target').id") == target.id
    # And back: the source's paragraph has its own marker, naming the later text.
    back = page.locator(f"#{target.id} .tifa-parallels summary")
    back.click()
    assert "被重复于" in page.locator(f"#{target.id} .tifa-parallels-body").inner_text()
    # The keyboard opens it too.
    page.goto(f"{reuse_site_url}documents/{PLANTED_ID}/")
    page.locator(".tifa-parallels summary").first.focus()
    page.keyboard.press("Enter")
    page.locator(".tifa-parallels-body").first.wait_for(state="visible")
    assert page.page_errors == []


def test_document_list_and_corpus_page(page, reuse_site_url):
    page.goto(f"{reuse_site_url}documents/{PLANTED_ID}/")
    listing = page.locator('ul.tifa-parallel-docs[data-part="repeats"]')
    assert "秦州区委常委会会议" in listing.inner_text() and "%" in listing.inner_text()
    page.goto(f"{reuse_site_url}reuse/")
    rows = page.locator("table.tifa-reuse-pairs tbody tr")
    assert rows.count() == 1
    assert "→" in rows.first.inner_text() and "某县疫情防控工作通知" in rows.first.inner_text()
    method = page.locator(".tifa-reuse-method").inner_text()
    assert "如何找到" in method and "通用套语" in method  # says how shared wording is told apart
    # On a phone the pairs table scrolls in its box: the page itself does not grow wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    assert page.page_errors == []
