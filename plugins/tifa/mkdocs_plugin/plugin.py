"""The MkDocs plugin: glue between MkDocs events and tifa's core.

Flow across events:

- ``on_config``: read options, load boilerplate rules and corrections, add our CSS/JS.
- ``on_files``: load and normalize the corpus, mine and link phrases, anchor
  annotations, render every generated page (documents, phrases, indexes,
  briefings) and hand them to MkDocs as generated files.
- ``on_page_markdown``: fill the home page's ``<!-- tifa:… -->`` markers.
- ``on_env`` / ``on_post_page`` / ``on_post_template``: every page gets its
  Content-Security-Policy (the theme's own inline scripts allowed by hash).
- ``on_serve``: watch the source texts and data folders so ``mkdocs serve`` rebuilds.

Problems with one input are logged as warnings naming the file (``--strict``
turns them into a failed build); the other documents are still built.
"""

from __future__ import annotations

import logging
import re
from importlib import resources
from pathlib import Path
from typing import cast

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..errors import TifaError
from ..memory import ServeMemory
from ..messages import LANGUAGES, language_of
from ..site.build import MESSAGES_PATH, SiteOutput
from ..site.csp import ScriptPolicy, allow_added_scripts
from ..site.document import NO_SEARCH_END, NO_SEARCH_START
from ..site.toc import document_headings, with_document_headings
from ..workflow import Project, build_site, project_from_options
from .config import TifaConfig

log = logging.getLogger("mkdocs.plugins.tifa")

_HTML_TOKEN = re.compile(r"<!--(tifa-html:[^>]*?)-->")

ASSET_DIR = "assets/tifa"


class _GeneratedFile(File):
    """A generated file that tells a dirty rebuild (`mkdocs serve --dirty`) whether its content changed."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class TifaPlugin(BasePlugin[TifaConfig]):
    def __init__(self) -> None:
        self.project: Project | None = None
        self.output: SiteOutput | None = None
        self.html_blocks: dict[str, str] = {}
        self.full_content: dict[str, str] = {}
        self.dirty = False
        self.memory: ServeMemory | None = None  # what `mkdocs serve` keeps between its builds
        # --dirty: each generated file's content in the last build (a page whose content is equal
        # is not rendered again; an unchanged page is usually the very same string, a cheap ==).
        self.last_content: dict[str, str | bytes] = {}
        self.last_config = b""
        self.scripts: ScriptPolicy | None = None

    # Under `mkdocs serve` keep results in memory between rebuilds (an edit redoes only what it touches).
    # With --dirty, MkDocs also renders again only the pages whose content changed.
    # (A plugin with on_startup keeps one instance for the whole serve session.)
    def on_startup(self, *, command, dirty) -> None:
        self.dirty = command == "serve" and dirty
        self.memory = ServeMemory(dirty=self.dirty) if command == "serve" else None

    # Resolve paths and load the data files that configure normalization.
    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        if self.dirty:
            # A changed mkdocs.yml (theme, extensions, nav) can change every page's HTML.
            settings = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
            if settings != self.last_config:
                self.last_content.clear()
            self.last_config = settings
        opts = self.config
        _check_configured_paths(opts, root)
        try:
            self.project = project_from_options(root, opts, interface_language(config), _report)
        except TifaError as err:
            raise PluginError(f"tifa: {err.format()}") from None
        try:
            from ..mine import MineConfig

            MineConfig.from_settings(self.project.mining)
        except ValueError as err:
            raise PluginError(f"tifa: mkdocs.yml: {err}") from None
        if not self.project.source_dir.is_dir():
            raise PluginError(f"tifa: source folder {self.project.source_dir} does not exist — set `source_dir` in mkdocs.yml")
        # Generated pages set heading ids with attr_list and hold HTML blocks with Markdown inside.
        for ext in ("attr_list", "md_in_html", "tables"):
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        if MESSAGES_PATH not in config.extra_javascript:  # the catalogue before the scripts that read it
            config.extra_javascript.append(MESSAGES_PATH)
        for name in _asset_names():
            url = f"{ASSET_DIR}/{name}"
            if name.endswith(".css") and url not in config.extra_css:
                config.extra_css.append(url)
            elif name.endswith(".js") and url not in config.extra_javascript:
                config.extra_javascript.append(url)
        return config

    # Build everything from the corpus and add the generated pages.
    def on_files(self, files: Files, config) -> Files:
        assert self.project is not None
        output = build_site(self.project, report=_report, memory=self.memory)
        # Only the home page's figures are needed later: the pages now live in MkDocs' files.
        self.output = SiteOutput({}, output.home)
        self.html_blocks = {}
        for src_uri, content in output.pages.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                log.warning("tifa: %s exists in docs/ and is also generated; the generated page wins", src_uri)
                files.remove(existing)
            # Generated pages are reached through the indexes, not the nav: page size stays independent of N.
            file = self._generated(config, src_uri, content, InclusionLevel.NOT_IN_NAV)
            if file.changed:  # a dirty rebuild does not read the others
                file.content_string = self._stash_html(src_uri, content)
            files.append(file)
        for src_uri, data in output.files.items():
            files.append(self._generated(config, src_uri, data.encode("utf-8") if isinstance(data, str) else data))
        for name in _asset_names():
            data = (resources.files("tifa") / "assets" / name).read_bytes()
            files.append(self._generated(config, f"{ASSET_DIR}/{name}", data))
        return files

    def _generated(self, config, src_uri: str, content: str | bytes,
                   inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> _GeneratedFile:
        # File.generated makes an instance of the class it is called on (annotated as File).
        file = cast(_GeneratedFile, _GeneratedFile.generated(config, src_uri, content=content, inclusion=inclusion))
        if self.dirty:
            file.changed = self.last_content.get(src_uri) != content
            self.last_content[src_uri] = content
        return file

    # Our generated HTML is finished markup: Python-Markdown need not parse it
    # (on large pages that parse was most of the build). Each top-level HTML block
    # goes through Markdown as a comment token and comes back here; a run of blocks
    # is one token (Markdown's cost is per token: a document page is one or two).
    def _stash_html(self, src_uri: str, content: str) -> str:
        out: list[str] = []
        run: list[str] = []

        def close_run() -> None:
            if run:
                key = f"tifa-html:{src_uri}:{len(out)}"
                self.html_blocks[key] = "\n\n".join(run)
                out.append(f"<!--{key}-->")
                run.clear()

        for block in content.split("\n\n"):
            if block.startswith("<") and not block.startswith("<!--"):
                run.append(block)
            else:
                close_run()
                out.append(block)
        close_run()
        return "\n\n".join(out)

    # Material's search indexer parses every page's HTML; long regions it is told to skip
    # (a phrase's occurrences) are cut out while it reads and put back before the page is written.
    # A page kept out of its index (a document) is hidden whole: Material would still scan it.
    @event_priority(100)
    def _hide_from_search(self, context, *, page, config, nav):
        excluded = bool((page.meta.get("search") or {}).get("exclude"))
        if excluded or NO_SEARCH_START in page.content:
            self.full_content[page.file.src_uri] = page.content
            page.content = "" if excluded else re.sub(f"{NO_SEARCH_START}.*?{NO_SEARCH_END}", "", page.content, flags=re.S)
        return context

    @event_priority(-100)
    def _show_after_search(self, context, *, page, config, nav):
        full = self.full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_hide_from_search, _show_after_search)

    def on_page_content(self, html: str, page, config, files) -> str:
        if "<!--tifa-html:" not in html:
            return html
        # Each block is put back once and then let go: a large site would otherwise hold every page twice.
        html = _HTML_TOKEN.sub(lambda m: self.html_blocks.pop(m.group(1), m.group(0)), html)
        headings = document_headings(html) if "tifa-p-heading" in html else []
        if headings:  # a document's own headings: in Material's TOC, with their anchors
            page.toc = with_document_headings(page.toc, headings)
        return html

    # Fill the markers of hand-written pages (home) with figures from the build.
    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if self.output is None or "<!-- tifa:" not in markdown:
            return markdown
        for key, html in self.output.home.items():
            markdown = markdown.replace(f"<!-- tifa:{key} -->", html)
        return markdown

    # The theme's inline scripts, read from its templates (those a page may run).
    def on_env(self, env, config, files):
        self.scripts = ScriptPolicy.of_environment(env)
        return env

    # Every page carries its Content-Security-Policy: hand-written, generated and the theme's own.
    def on_post_page(self, output: str, page, config) -> str:
        return self._with_policy(output, page.file.src_uri)

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        return self._with_policy(output_content, template_name) if template_name.endswith(".html") else output_content

    def _with_policy(self, html: str, name: str) -> str:
        if self.scripts is None:
            return html
        html, refused = self.scripts.apply(html)
        for body in refused:
            log.warning("tifa: %s: an inline script that is not the theme's is in the page; the browser will refuse it: %.80r",
                        name, body)
        return html

    # Rebuild on changes to the texts and the data people edit.
    def on_serve(self, server, config, builder):
        assert self.project is not None
        # The live-reload script MkDocs adds to each page it serves is allowed by its hash too.
        inject = getattr(server, "_inject_js_into_html", None)
        if inject is not None:
            def inject_allowed(content: bytes, epoch) -> bytes:
                served = inject(content, epoch)
                try:
                    return allow_added_scripts(content.decode("utf-8"), served.decode("utf-8")).encode("utf-8")
                except UnicodeDecodeError:
                    return served

            server._inject_js_into_html = inject_allowed
        for folder in (
            self.project.source_dir,
            self.project.glossary_dir,
            self.project.annotations_dir,
            self.project.briefings_dir,
        ):
            if folder.exists():
                server.watch(str(folder))
        return server


# Options naming files or folders: a path written in mkdocs.yml must exist. A folder left at its default name
# may be absent (a project without briefings yet); a file, or a folder given another name, is a typo if missing.
PATH_OPTIONS = ("corrections", "boilerplate_rules", "glossary_dir", "annotations_dir", "briefings_dir", "phrase_table",
                "reuse_table")


def _check_configured_paths(opts: TifaConfig, root: Path) -> None:
    defaults = dict(TifaConfig._schema)
    for option in PATH_OPTIONS:
        value = opts[option]
        if not value or (option.endswith("_dir") and value == defaults[option].default):
            continue
        for item in value if isinstance(value, list) else [value]:
            path = root / item
            if not path.exists():
                kind = "folder" if option.endswith("_dir") else "file"
                raise PluginError(f"tifa: mkdocs.yml option `{option}`: {kind} {path} does not exist — "
                                  f"create it or remove `{option}` from mkdocs.yml")


def interface_language(config) -> str:
    """The catalogue for ``theme.language``; a language tifa has no catalogue for gets English, said once."""
    code = config.theme.get("language") if config.theme is not None else None
    language = language_of(code)
    if language is None:
        log.warning("tifa: mkdocs.yml theme.language %r: tifa's interface has %s; using en", code, ", ".join(LANGUAGES))
        return "en"
    return language


def _asset_names() -> list[str]:
    folder = resources.files("tifa") / "assets"
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".css", ".js")))


def _report(err: TifaError, level: str = "warning") -> None:
    getattr(log, level)(f"tifa: {err.format()}")
