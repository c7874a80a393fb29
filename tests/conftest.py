"""Shared fixtures: the seed corpus, one strict build of the site, a browser.

The site is built once per test session (``mkdocs build --strict`` into a
temporary folder) and served on 127.0.0.1 for the browser tests.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source_texts"
SEED_IDS = sorted(p.stem for p in SOURCE.glob("*.txt"))
CHROMIUM = os.environ.get("TIFA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


LAWS = ROOT / "tests" / "data" / "laws"  # the vendored regulations (tests/data/laws/README.md)


def law_document(path: Path, doc_id: str, extra: str = ""):
    """A vendored regulation read as text (heading marks and HTML comments out, ``extra`` appended),
    its place the province folder: as mining sees the development corpus."""
    import re

    from tifa.pipeline import build_document

    raw = re.sub(r"^#+\s*", "", re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S), flags=re.M)
    doc = build_document(raw + extra, doc_id)
    doc.meta.place = path.parent.name
    return doc


def seed(prefix: str) -> str:
    """Full document id of a seed from its number, e.g. ``seed("001")``."""
    return next(i for i in SEED_IDS if i.startswith(prefix))


@pytest.fixture(scope="session")
def project():
    from tifa.workflow import Project

    return Project.at(ROOT)


@pytest.fixture(scope="session")
def seed_docs(project):
    from tifa.pipeline import load_corpus

    return {d.id: d for d in load_corpus(project.source_dir, project.normalize)}


def run_build(config: Path, site_dir: Path, *extra: str, quiet: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *(["-q"] if quiet else []), "-f", str(config),
         "-d", str(site_dir), *extra],
        cwd=config.parent, capture_output=True, text=True, env=env, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = run_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 for as long as the generator is alive; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def copy_project(root: Path, folders=("docs", "source_texts", "glossary", "annotations", "briefings")) -> Path:
    """A copy of this project's inputs in ``root``, to build with changes."""
    for name in folders:
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="session")
def site_url(built_site):
    yield from serve(built_site)


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None and not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs it")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def page_in(browser, **context_options):
    """A desktop-sized page that records its script errors in ``page_errors`` (a generator for fixtures)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.page_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture
def page(browser):
    yield from page_in(browser)


# Where the browser's own pointer would hover the ``i``-th element of ``selector``: the middle of its
# first line box, once scrolled into view, if the element itself is what is there (not hidden, not
# under the hover card the last one opened).
POINT_AT = """([selector, i]) => {
    const el = document.querySelectorAll(selector)[i];
    if (!el) return null;
    el.scrollIntoView({block: 'center', inline: 'nearest'});
    const box = el.getClientRects()[0];
    if (!box || !box.width || !box.height) return null;
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    return hit && (hit === el || el.contains(hit)) ? [x, y] : null;
}"""


def hover(page, selector: str, i: int) -> bool:
    """The real pointer moved onto the ``i``-th element of ``selector`` (trusted events, as
    Playwright's ``hover`` sends, without its waiting); False if nothing of it can be hovered."""
    point = page.evaluate(POINT_AT, [selector, i])
    if point is None:
        return False
    page.mouse.move(*point)
    return True


# An English-language site: the seeds with `theme.language: en`, the site owner's own pages and
# navigation in English (they are content, as the texts are), and enough small extra documents for
# the documents index to split into listing pages. Built once; the language and accessibility tests share it.
EXTRA_DOCS = 205  # past tifa.site.indexes.LIST_MAX (200), so listing pages exist
EN_NAV = """nav:
  - Home: index.md
  - Documents: documents/index.md
  - Phrases: phrases/index.md
  - Annotations: annotations/index.md
  - Briefings: briefings/index.md
  - Search: fulltext.md
  - About: about.md
"""
EN_HOME = """---
title: Home
---

# tifa

An annotated reader of local policy texts.

<!-- tifa:stats -->

## Newest documents

<!-- tifa:newest -->

## Common phrases

<!-- tifa:top-phrases -->
"""


def english_project(root: Path) -> Path:
    copy_project(root)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  language: zh\n", "  language: en\n", 1).replace("site_name: 提法 tifa", "site_name: tifa")
    config = config[: config.index("\nnav:\n") + 1] + EN_NAV
    config = config.replace("name: 深色模式", "name: Dark mode").replace("name: 浅色模式", "name: Light mode")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for page in (root / "docs").glob("*.md"):
        page.unlink()
    (root / "docs" / "index.md").write_text(EN_HOME, encoding="utf-8")
    (root / "docs" / "about.md").write_text("---\ntitle: About\n---\n\n# About\n\nWho made this site.\n", encoding="utf-8")
    for i in range(EXTRA_DOCS):
        (root / "source_texts" / f"x{i:03d}.txt").write_text(f"第{i}号通知\n\n请各单位按照要求做好第{i}项工作。\n",
                                                              encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def built_site_en(tmp_path_factory) -> Path:
    root = english_project(tmp_path_factory.mktemp("site-en"))
    site = root / "site"
    result = run_build(root / "mkdocs.yml", site)
    assert result.returncode == 0, f"mkdocs build --strict (en) failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def site_url_en(built_site_en):
    yield from serve(built_site_en)
