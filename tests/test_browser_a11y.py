"""WCAG 2.1 AA in a real browser: axe-core (vendored under tests/vendor, MPL-2.0) with the
wcag2a/wcag2aa rules on every page type, in the light and the dark scheme, with each interactive
state shown (the document's views, an open note, a hover card, a full basket, search results);
the scheme toggle is remembered; every feature is reachable and operable from the keyboard."""

import json
from pathlib import Path

import pytest
from conftest import page_in, seed

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = {"default": 0, "slate": 1}  # the palette entries of mkdocs.yml, in order
SHOTS = Path("/work/notes/shots-i18")  # screenshots to look at, when that folder exists (not needed by the test)


@pytest.fixture
def axe_page(browser):
    """A page that can take axe in: the script is added by the test, which the site's own
    Content-Security-Policy would (rightly) refuse; the pages' own scripts run as they are."""
    yield from page_in(browser, bypass_csp=True)


def use_scheme(page, scheme: str) -> None:
    index = SCHEMES[scheme]
    page.add_init_script(f"localStorage.setItem('/.__palette', JSON.stringify({{index: {index}}}))")


def violations(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE)
    return page.evaluate(
        """async (rules) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: rules}});
            return r.violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')
                + ' :: ' + ((n.any[0] || n.all[0] || n.none[0] || {}).message || ''))}));
        }""", RULES)


def scan(page, url: str, states=()) -> dict[str, list]:
    """axe's violations on a page as loaded and after each state (a callable on the page)."""
    found = {}
    page.goto(url)  # the page's scripts have run once it has loaded
    for name, state in [("loaded", None), *states]:
        if state:
            state(page)
            page.wait_for_timeout(150)
        v = violations(page)
        if v:
            found[f"{url} [{name}]"] = v
    return found


def _view(name):
    return lambda page: page.click(f"button[data-view={name}]")


def _open_note(page):
    page.locator("button.tifa-note-toggle").first.click()


def _hover_card(page):
    page.locator("a.tifa-phrase").first.hover()
    page.wait_for_selector(".tifa-card:not([hidden])")


def _fill_basket(page):
    page.goto(page.url.split("briefings/")[0] + f"documents/{seed('001')}/")
    page.locator("button.tifa-add").nth(1).click()
    page.locator("button.tifa-add").nth(2).click()
    page.goto(page.url.split("documents/")[0] + "briefings/basket/")
    page.wait_for_selector(".tifa-basket-items")


def _results(page):
    page.wait_for_selector(".tifa-ft-results[data-ready]")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_type_passes_axe(axe_page, site_url, site_url_en, built_site, built_site_en, scheme):
    page = axe_page
    use_scheme(page, scheme)
    phrase = sorted(p.parent.name for p in (built_site / "phrases").glob("*/index.html"))[0]
    listing = sorted(p.parent.relative_to(built_site_en).as_posix() for p in (built_site_en / "browse").rglob("index.html"))
    assert listing, "the English build should have listing pages"
    found: dict[str, list] = {}
    pages = [
        (site_url, ()),
        (f"{site_url}documents/", ()),
        (f"{site_url_en}{listing[0]}/", ()),
        (f"{site_url}documents/{seed('003')}/", [("original", _view("original")), ("parallel", _view("parallel")),
                                                 ("normalized, note open", lambda p: (_view("normalized")(p), _open_note(p))),
                                                 ("hover card", _hover_card)]),
        (f"{site_url}documents/{seed('001')}/", [("original", _view("original")), ("parallel", _view("parallel"))]),
        (f"{site_url}phrases/{phrase}/", ()),
        (f"{site_url}phrases/", ()),
        (f"{site_url}fulltext/?text=外防输入", [("results", _results)]),
        (f"{site_url}annotations/", ()),
        (f"{site_url}briefings/", ()),
        (f"{site_url}briefings/wai-fang-shu-ru-nei-fang-kuo-san/", ()),
        (f"{site_url}briefings/basket/", [("with paragraphs", _fill_basket)]),
        # The English interface on the same page types.
        (site_url_en, ()),
        (f"{site_url_en}documents/{seed('003')}/", [("parallel", _view("parallel")), ("note open", _open_note)]),
        (f"{site_url_en}phrases/", ()),
    ]
    for url, states in pages:
        found.update(scan(page, url, states))
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    assert page.page_errors == []


def test_scheme_toggle_is_remembered(page, site_url):
    page.goto(site_url)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") in SCHEMES
    start = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    flipped = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert flipped != start
    page.goto(f"{site_url}documents/{seed('001')}/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == flipped
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.reload()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background


def _tab_to(page, selector: str, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is not reachable with Tab")


def _focus_visible(page) -> None:
    """The focused element draws a visible outline (or its own focus style)."""
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }""")
    assert (style["outline"] != "none" and style["width"] >= 1) or style["shadow"] != "none", style


def test_keyboard_only(page, site_url):
    page.goto(f"{site_url}documents/{seed('003')}/")
    # Views: Tab to the "original" button, Enter switches the view.
    _tab_to(page, "button[data-view=original]")
    _focus_visible(page)
    page.keyboard.press("Enter")
    assert page.locator(".tifa-doc").get_attribute("data-view") == "original"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.locator(".tifa-doc").get_attribute("data-view") == "normalized"
    # Hover card: shown on focus of a phrase link, hidden by Escape.
    _tab_to(page, "a.tifa-phrase")
    _focus_visible(page)
    assert page.locator(".tifa-card").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator(".tifa-card").is_visible()
    # Notes: the button after the passage opens the note and moves focus into it; Escape closes it.
    _tab_to(page, "button.tifa-note-toggle")
    _focus_visible(page)
    note_id = page.evaluate("document.activeElement.getAttribute('aria-controls')")
    page.keyboard.press("Enter")
    assert page.locator(f"#{note_id}").is_visible()
    assert page.evaluate("document.activeElement.id") == note_id
    page.keyboard.press("Escape")
    assert not page.locator(f"#{note_id}").is_visible()
    assert page.evaluate("document.activeElement.matches('button.tifa-note-toggle')")
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    # Basket: Enter on a paragraph's add button collects it.
    _tab_to(page, "button.tifa-add")
    _focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "focus-basket-button.png"))
    # The basket page: every field and button in Tab order; Enter moves a paragraph.
    page.goto(f"{site_url}documents/{seed('001')}/")
    _tab_to(page, "button.tifa-add")
    page.keyboard.press("Enter")
    page.goto(f"{site_url}briefings/basket/")
    _tab_to(page, "#tifa-basket-title")
    page.keyboard.type("Keyboard briefing")
    first = page.locator(".tifa-basket-item").first.get_attribute("data-paragraph")
    _tab_to(page, ".tifa-basket-item button:not([disabled])")
    _focus_visible(page)
    page.keyboard.press("Enter")
    assert page.locator(".tifa-basket-item").nth(1).get_attribute("data-paragraph") == first
    assert "Keyboard briefing" in page.locator(".tifa-basket-export textarea").input_value()
    # Full-text search: type, Enter, Tab reaches the first result.
    page.goto(f"{site_url}fulltext/")
    _tab_to(page, "input[name=text]")
    page.keyboard.type("外防输入")
    page.keyboard.press("Enter")
    page.wait_for_selector(".tifa-ft-results[data-ready]")
    _tab_to(page, ".tifa-ft-results a")
    _focus_visible(page)
    # The scheme toggle is a keyboard control too (a radio group: an arrow key picks the other scheme).
    page.goto(site_url)
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    _tab_to(page, "form[data-md-component=palette] input")
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "focus-scheme-toggle.png"), clip={"x": 700, "y": 0, "width": 580, "height": 120})
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != before
    assert page.page_errors == []
