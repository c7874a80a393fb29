"""Full-text search in a real browser: same answers as the Python reference, fetched on demand."""

import re
from urllib.parse import quote

import pytest
from conftest import seed
from tifa.search import build_search_files, search

pytestmark = pytest.mark.browser


def results(page):
    """(document id, paragraph id) of every paragraph link shown, after loading every batch."""
    page.locator(".tifa-ft-results[data-ready]").wait_for(state="attached")
    more = page.locator(".tifa-ft-more")
    while more.is_visible():
        page.evaluate("document.querySelector('.tifa-ft-results').removeAttribute('data-ready')")
        more.click()
        page.locator(".tifa-ft-results[data-ready]").wait_for(state="attached")
    hrefs = page.eval_on_selector_all(".tifa-ft-para", "els => els.map(e => e.getAttribute('href'))")
    return sorted(tuple(re.search(r"documents/([^/]+)/#(.+)$", h).groups()) for h in hrefs)


@pytest.mark.parametrize("query", ["外防输入、内防扩散", "联防联控", "早发现", "群防群控 联防联控", "防控工作"])
def test_the_page_finds_what_the_reference_finds(page, site_url, seed_docs, query):
    files = build_search_files(list(seed_docs.values()))
    expected = search(files, query)
    page.goto(f"{site_url}fulltext/?text={quote(query)}")
    shown = results(page)
    # At most three snippets per document are shown; each is a real hit, and every hit document is listed.
    assert set(shown) <= set(expected)
    assert {d for d, _ in shown} == {d for d, _ in expected}
    counts = page.eval_on_selector_all(".tifa-ft-head .tifa-count", "els => els.map(e => e.textContent)")
    per_doc = {d: sum(1 for e in expected if e[0] == d) for d, _ in expected}
    assert sorted(int(re.search(r"(\d+) 段$", c).group(1)) for c in counts) == sorted(per_doc.values())
    assert page.page_errors == []


def test_a_query_fetches_only_what_it_needs(page, site_url, seed_docs):
    fetched = set()
    page.on("request", lambda r: fetched.add(r.url) if "/fulltext/" in r.url and r.url.endswith(".json") else None)
    page.goto(f"{site_url}fulltext/?text={quote('外防输入')}")
    results(page)
    names = sorted(re.sub(r".*/fulltext/", "", u) for u in fetched)
    # The manifest, a shard per bigram at most, one metadata chunk, and the text of the two documents shown.
    assert "manifest.json" in names and "docs/0.json" in names
    assert len([n for n in names if n.startswith("shards/")]) <= 3
    assert len([n for n in names if n.startswith("text/")]) == 2 < len(seed_docs)


def test_short_and_missing_queries_say_so(page, site_url):
    page.goto(f"{site_url}fulltext/?text={quote('疫')}")
    assert results(page) == [] and "至少输入两个字" in page.locator(".tifa-ft-status").inner_text()
    page.goto(f"{site_url}fulltext/?text={quote('不存在的提法')}")
    assert results(page) == [] and "没有找到" in page.locator(".tifa-ft-status").inner_text()


def test_material_search_points_to_the_full_text(page, site_url):
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type("外防输入")
    link = page.locator(".tifa-ft-link")
    link.wait_for(state="visible")
    link.click()
    page.wait_for_url("**/fulltext/?text=*")
    assert page.locator(".tifa-ft-form input[name=text]").input_value() == "外防输入"
    assert {d[:3] for d, _ in results(page)} == {seed("003")[:3], seed("004")[:3]}
