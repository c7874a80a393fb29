"""Cross-links in a real browser: hover card, phrase page, KWIC back to the paragraph, search."""

import pytest
from conftest import seed

pytestmark = pytest.mark.browser


def test_hover_card_phrase_page_and_back(page, site_url, seed_docs):
    page.goto(f"{site_url}documents/{seed('003')}/")
    link = page.locator("a.tifa-phrase", has_text="外防输入、内防扩散").first
    link.scroll_into_view_if_needed()
    link.hover()
    card = page.locator(".tifa-card")
    card.wait_for(state="visible")
    text = card.inner_text()
    assert "外防输入、内防扩散" in text and "wài fáng" in text and "guard against imported cases" in text
    assert "见于 2 份文件" in text

    # Keyboard focus shows it too; Escape hides it.
    page.mouse.move(0, 0)
    page.locator("a.tifa-phrase").first.focus()
    card.wait_for(state="visible")
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")

    # The link goes to the phrase page, whose KWIC lines go back to the exact paragraph.
    link.click()
    page.wait_for_url("**/phrases/wai-fang-shu-ru-nei-fang-kuo-san/")
    kwic = page.locator(".tifa-kwic-key a")
    assert kwic.count() >= 2
    target = next(p for p in seed_docs[seed("004")].paragraphs if "外防输入、内防扩散、严防外溢" in p.text)
    page.locator(f'.tifa-kwic-key a[href$="#{target.id}"]').first.click()
    page.wait_for_url(f"**/documents/{seed('004')}/#{target.id}")
    assert page.evaluate("document.querySelector(':target').id") == target.id
    assert page.page_errors == []


def test_search_finds_a_directive_as_one_term(page, site_url):
    page.goto(site_url)
    page.locator(".md-search__input").click()
    results = page.locator(".md-search-result__item")
    # The search index loads in a web worker, slowly on a busy machine. Chinese text is
    # inserted without key events, so a plain key (End) is pressed to make the search
    # box read its value; repeated until the worker answers (at most a minute).
    box = page.locator(".md-search__input")
    box.fill("外防输入")
    for _ in range(60):
        box.press("End")
        try:
            results.first.wait_for(timeout=1000)
            break
        except Exception:
            continue
    hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.getAttribute('href'))")
    meta = page.locator(".md-search-result__meta").inner_text()
    # The directive's page and the briefing quoting it; documents are in the full-text search.
    assert any("phrases/wai-fang-shu-ru-nei-fang-kuo-san/" in h for h in hrefs), (meta, page.page_errors)
    assert any("briefings/wai-fang-shu-ru-nei-fang-kuo-san/" in h for h in hrefs)
