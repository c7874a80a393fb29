"""Annotations in a real browser: notes open on click and keyboard; hostile notes run nothing."""

import pytest
from conftest import copy_project, run_build, seed, serve

pytestmark = pytest.mark.browser

HOSTILE = """---
quote: 要切实做到外防输入、内防扩散
author: "<img src=x onerror=\\"window.__xss=1\\">Mallory"
date: 2026-11-25
tags: ["<script>window.__xss=2</script>"]
sources: ["javascript:window.__xss=3"]
---

<script>window.__xss = 4; alert(4)</script>
<img src="x" onerror="window.__xss = 5; alert(5)">
[click me](javascript:window.__xss=6)
<iframe src="javascript:window.__xss=7"></iframe>
<a href="https://example.org" onmouseover="window.__xss=8">hover</a>
"""


def test_note_opens_on_click_and_from_the_keyboard(page, site_url):
    page.goto(f"{site_url}documents/{seed('003')}/")
    mark = page.locator("mark.tifa-annotated").first
    note = page.locator(f"#{mark.get_attribute('data-note')}")
    assert not note.is_visible()
    mark.click()
    note.wait_for(state="visible")
    assert "tifa editors" in note.inner_text()
    mark.click()
    note.wait_for(state="hidden")
    # Keyboard: the passage may hold phrase links, so it is no control itself (no control inside
    # another); the note's button after it is reached with Tab and opens the note with Enter.
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.matches('button.tifa-note-toggle')"):
            break
    else:
        pytest.fail("the note's button is not reachable with the keyboard")
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == mark.get_attribute("data-note")
    page.keyboard.press("Enter")
    note.wait_for(state="visible")
    assert page.page_errors == []


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hostile"), ("docs", "source_texts", "glossary", "annotations"))
    (root / "annotations" / seed("003") / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (root / "annotations" / seed("003") / "wai-fang-shu-ru.md").unlink()  # same quote, same spot
    site = root / "site"
    result = run_build(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    yield from serve(site)


def test_hostile_annotation_runs_nothing(page, hostile_site):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_site}documents/{seed('003')}/")
    mark = page.locator("mark.tifa-annotated").first
    mark.click()
    note = page.locator(f"#{mark.get_attribute('data-note')}")
    note.wait_for(state="visible")
    for link in note.locator("a").all():
        link.hover()
        link.click(modifiers=["Control"], no_wait_after=True) if link.get_attribute("href") else None
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert dialogs == [] and page.page_errors == []
    # Inspect the DOM, not the markup text: escaped payloads may remain as visible text.
    active = note.evaluate("""n => {
        const all = [n, ...n.querySelectorAll('*')];
        return {
            scripts: n.querySelectorAll('script, iframe, object, embed, style').length,
            handlers: all.filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
            jsLinks: [...n.querySelectorAll('[href], [src]')].filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src'))).length,
        };
    }""")
    assert active == {"scripts": 0, "handlers": 0, "jsLinks": 0}
    assert "Mallory" in note.inner_text()  # the text survives, escaped
