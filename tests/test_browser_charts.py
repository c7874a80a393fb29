"""Charts in a real browser: a phrase page's chart renders with its fallback table; the compare view
of the phrase index draws the chosen phrases and keeps its choice after a reload."""

import pytest

pytestmark = pytest.mark.browser


def test_phrase_chart_renders_with_its_table(page, site_url):
    page.goto(f"{site_url}phrases/lian-fang-lian-kong/")
    svg = page.locator("#chart-time svg[role=img]")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box["width"] > 300 and box["height"] > 60
    # The title a screen reader reads, and bars of the months that have uses.
    assert page.locator("#chart-time-t").text_content() == "各月使用次数"
    uses = int(page.locator(".tifa-phrase-head .tifa-count").inner_text().split("，")[1].rstrip("处 "))
    assert f"共 {uses} 次" in page.locator("#chart-time-d").text_content()  # every seed is dated
    bars = page.locator("#chart-time rect.tifa-chart-bar")
    heights = {bars.nth(i).locator("title").text_content().split("：")[0]: float(bars.nth(i).get_attribute("height"))
               for i in range(bars.count())}
    table = page.locator("#chart-time details.tifa-chart-data")
    assert not table.locator("table").is_visible()
    table.locator("summary").click()
    rows = table.locator("tbody tr")
    counts = {r[0]: int(r[1]) for r in (rows.nth(i).inner_text().split() for i in range(rows.count()))}
    # The table holds the months with uses; the chart has a bar for each of them, and empty months between.
    assert sum(counts.values()) == uses and counts["2020-01"] >= 1
    assert {m for m, h in heights.items() if h > 0} == set(counts)
    assert len(heights) > len(counts)
    tallest = max(counts, key=counts.get)
    assert heights[tallest] == max(heights.values())
    assert page.locator("#chart-place rect.tifa-chart-bar").count() >= 4
    assert page.page_errors == []


def test_compare_view_keeps_its_choice_after_a_reload(page, site_url):
    page.goto(f"{site_url}phrases/")
    page.locator("#cmp-lian-fang-lian-kong").check()
    page.locator("#cmp-qun-fang-qun-kong").check()
    page.locator("form.tifa-compare button").click()
    page.wait_for_url("**/phrases/?compare=lian-fang-lian-kong&compare=qun-fang-qun-kong")
    lines = page.locator(".tifa-compare-chart polyline")
    lines.first.wait_for()
    assert lines.count() == 2
    page.reload()
    page.locator(".tifa-compare-chart polyline").first.wait_for()
    assert page.locator(".tifa-compare-chart polyline").count() == 2
    chosen = page.eval_on_selector_all('form.tifa-compare input[name="compare"]:checked', "boxes => boxes.map(b => b.value)")
    assert chosen == ["lian-fang-lian-kong", "qun-fang-qun-kong"]
    assert "联防联控" in page.locator(".tifa-compare-table").inner_text()
    assert page.page_errors == []
