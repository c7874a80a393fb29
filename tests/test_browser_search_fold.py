"""Search as a reader types it, in a real browser: either script, pinyin, filters kept in the URL."""

import json
import re
from urllib.parse import quote

import pytest
from test_browser_search import results
from test_search_fold import sample_queries
from tifa.search.query_fold import fold_query, normalize_query

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("traditional", "simplified"), [("聯防聯控", "联防联控"), ("外防輸入", "外防输入"),
                                                         ("早發現,早報告", "早发现、早报告")])
def test_a_traditional_query_shows_what_its_simplified_form_shows(page, site_url, traditional, simplified):
    page.goto(f"{site_url}fulltext/?text={quote(simplified)}")
    expected = results(page)
    page.goto(f"{site_url}fulltext/?text={quote(traditional)}")
    assert results(page) == expected and expected
    assert f"按“{simplified}”检索" in page.locator(".tifa-ft-status").inner_text()
    assert page.page_errors == []


def test_the_browser_fold_is_the_python_fold_on_the_same_data(page, site_url, built_site, seed_docs):
    table = json.loads((built_site / "fulltext" / "fold.json").read_text(encoding="utf-8"))
    queries = sample_queries(list(seed_docs.values()), 120, seed=3)
    page.goto(f"{site_url}fulltext/")
    page.wait_for_function("window.tifaFulltext !== undefined")
    folded = page.evaluate("([t, qs]) => qs.map(q => window.tifaFulltext.foldQuery(q, t))", [table, queries])
    assert folded == [fold_query(q, table) for q in queries] == [normalize_query(q, "simplified") for q in queries]


@pytest.mark.parametrize("typed", ["wàifáng shūrù", "waifangshuru", "wai fang shu ru", "wfsr"])
def test_the_phrase_index_finds_a_formulation_by_pinyin_or_initials(page, site_url, typed):
    page.goto(f"{site_url}phrases/")
    page.locator("input.tifa-py-box").fill(typed)
    page.locator(f'ul.tifa-py-results[data-query="{typed}"]').wait_for(state="attached")
    found = page.eval_on_selector_all("ul.tifa-py-results a", "els => els.map(e => [e.textContent, e.getAttribute('href')])")
    assert found[0][0] == "外防输入" and found[0][1].endswith("phrases/wai-fang-shu-ru/")
    assert all("外防输入" in term for term, _ in found)


def test_materials_search_box_lists_formulations_by_initials(page, site_url):
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type("wfsr")
    first = page.locator(".tifa-py-header a").first
    first.wait_for(state="visible")
    assert first.inner_text() == "外防输入"
    first.click()
    page.wait_for_url("**/phrases/wai-fang-shu-ru/")


def test_a_date_filter_narrows_the_list_and_survives_a_reload(page, site_url):
    page.goto(f"{site_url}fulltext/?text={quote('联防联控')}")
    everything = results(page)
    assert {d[:3] for d, _ in everything} == {"000", "001", "002", "003", "004"}
    page.locator(".tifa-ft-results").evaluate("e => e.removeAttribute('data-ready')")
    page.locator("input[name=from]").fill("2020-02")
    page.locator("input[name=to]").fill("2021")
    page.locator("input[name=to]").press("Enter")
    narrowed = results(page)
    assert {d[:3] for d, _ in narrowed} == {"002", "004"} and set(narrowed) < set(everything)
    assert "from=2020-02" in page.url and "to=2021" in page.url
    page.reload()
    assert results(page) == narrowed
    assert page.locator("input[name=from]").input_value() == "2020-02"
    # Facets: counts of the filtered results, and a place chosen narrows further (and is in the URL).
    page.locator("select[name=place] option[value='湖南省']").wait_for(state="attached")
    options = page.eval_on_selector_all("select[name=place] option", "els => els.map(e => e.textContent)")
    assert options[0] == "全部地点" and sorted(options[1:]) == ["四川省雅安市（1）", "湖南省（1）"]
    page.locator(".tifa-ft-results").evaluate("e => e.removeAttribute('data-ready')")
    page.locator("select[name=place]").select_option("湖南省")
    assert {d[:3] for d, _ in results(page)} == {"004"} and "place=" in page.url
    assert page.page_errors == []


def test_order_by_date_either_way_or_by_hits(page, site_url):
    def heads():
        page.locator(".tifa-ft-results[data-ready]").wait_for(state="attached")
        page.wait_for_function("document.querySelectorAll('.tifa-ft-head').length === 5")
        return page.eval_on_selector_all(".tifa-ft-head", "els => els.map(e => e.textContent)")

    page.goto(f"{site_url}fulltext/?text={quote('联防联控')}")
    dates = [re.search(r"(\d{4}-\d{2}(-\d{2})?)", h).group(1) for h in heads()]
    assert dates == sorted(dates)
    page.goto(f"{site_url}fulltext/?text={quote('联防联控')}&sort=new")
    assert [re.search(r"(\d{4}-\d{2}(-\d{2})?)", h).group(1) for h in heads()] == sorted(dates, reverse=True)
    page.goto(f"{site_url}fulltext/?text={quote('联防联控')}&sort=hits")
    hits = [int(re.search(r"(\d+) 段$", h).group(1)) for h in heads()]
    assert hits == sorted(hits, reverse=True) and page.locator("select[name=sort]").input_value() == "hits"


@pytest.fixture(scope="module")
def site_with_undated(tmp_path_factory):
    from conftest import copy_project, run_build, serve

    root = copy_project(tmp_path_factory.mktemp("undated"))
    (root / "source_texts" / "900_undated.txt").write_text(
        "关于进一步做好联防联控工作的通知\n\n各单位：要坚持联防联控、群防群控，压实责任。\n\n联防联控工作要抓细抓实。\n",
        encoding="utf-8")
    site = root / "site"
    result = run_build(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    yield from serve(site)


def test_documents_without_a_date_come_last_under_a_label(page, site_with_undated):
    for sort in ("date", "new", "hits"):
        page.goto(f"{site_with_undated}fulltext/?text={quote('联防联控')}&sort={sort}")
        page.locator(".tifa-ft-results[data-ready]").wait_for(state="attached")
        page.wait_for_function("document.querySelectorAll('.tifa-ft-head').length === 6")
        items = page.eval_on_selector_all(".tifa-ft-results > li", "els => els.map(e => [e.className, e.textContent])")
        label = [i for i, (cls, _) in enumerate(items) if cls == "tifa-ft-undated"]
        assert label == [len(items) - 2], sort  # the label, then the one undated document, last
        assert "未注明日期" in items[-2][1] and "日期不详" in items[-1][1] and "进一步做好联防联控" in items[-1][1]
    assert page.page_errors == []
