"""The MkDocs plugin: load and check content/, then add the generated pages in memory.

It also builds the site in a staging folder that replaces site_dir only when the build
succeeds (generator.staging), and gives each built page a Content-Security-Policy (generator.csp).
"""

from __future__ import annotations

import functools
import logging
import time
import os.path
from datetime import date
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, TemplateError
from mkdocs.config.base import ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

from . import staging, template_errors, wiring
from .filestate import snapshot
from .theme_pages import QuietSkips, is_prebuilt, render_in_processes
from .i18n import install_words
from .headings import HeadingStyle, TocEntry, nested
from .incremental import ServedBuild
from .preview import FolderWatch, Notice, banner, with_banner
from .build import Settings, build_site, problems_page, thaw
from .config import FactCheckConfig, include_drafts
from .content import FileChecks
from .csp import with_policy
from .editions import Edition, Editions, edition_roots, hand_written_pages
from .kinds import TRANSLATIONS_FOLDER
from .output import option_problem, option_problems
from .problems import display_path
from .pagefind_index import BackgroundIndexer, PagefindError, executable as pagefind_executable, index_site
from .render import GeneratedFile
from .resources import PAGE_TEMPLATES, SITE_TEMPLATES, THEME_OVERRIDES
from .reuse import ReusedPages
from .search import (MATERIAL, PAGEFIND, RESULTS_META_PATH, ResultMeta, choose_engine, count_pages, indexable,
                     indexing_material_search, result_meta, results_meta_json, stop_material_index, with_pagefind_body)
from .shared_nav import share_navigation
from .sharing import page_social
from .site import HOME_PATH, Site, site_from_settings
from .translations import language_name

log = get_plugin_logger(__name__)


class FactCheckPlugin(BasePlugin[FactCheckConfig]):
    generated: list[GeneratedFile]
    updated_by_path: dict[str, date]
    html_tocs: dict[str, tuple[TocEntry, ...]] = {}  # the generated pages written as HTML, and their contents
    serving = False
    dirty = False
    preview_errors: list[Notice] = []  # what the last rebuild of `mkdocs serve` found, shown on every page
    preview_warnings: list[Notice] = []
    preview_banner = ""  # their banner, made once per rebuild (_found)
    site_dir: Path | None = None  # where the site goes once built, while MkDocs writes it to staging_dir
    served: ServedBuild | None = None  # under `mkdocs serve`, the last full build, which a content save updates
    _serving_with: tuple[Files, Navigation] | None = None
    _serving_env: Environment | None = None
    _nav: Navigation | None = None
    _quiet_skips = QuietSkips()
    staging_dir: Path | None = None
    config_file: Path | None = None
    site: Site | None = None
    latest: list[dict[str, str]] = []  # the latest fact-checks, which the theme's 404 page lists
    rating_ids: dict[str, str] = {}  # each rating's id by its label: the colour of a search result's badge
    search_engine = MATERIAL  # what answers the theme's search box (generator.search)
    indexer: BackgroundIndexer | None = None  # `mkdocs serve` with Pagefind: indexes after each build or save
    results_meta: dict[str, ResultMeta] = {}  # with Material's search: each claim page's badge, claimant and date
    edition_pages: dict[str, frozenset[str]] = {}  # with translations: the generated pages of each edition
    editions: Editions | None = None  # with translations: every edition, and which pages each has

    def load_config(self, options: dict, config_file_path: str | None = None) -> tuple[ConfigErrors, ConfigWarnings]:
        errors, warnings = super().load_config(options, config_file_path)
        if errors and config_file_path:
            # Every bad option at its line and column, with a hint, as `python -m generator` reports them.
            _, problems = option_problems(options, Path(config_file_path))
            if problems.errors:
                raise ValidationError("\n".join(map(str, problems.errors)))
        return errors, warnings

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds,
        # so the last good pages are still here when an edit breaks the content.
        self.serving = command == "serve"
        self.dirty = dirty

    @event_priority(100)  # first, so that every plugin reads and writes the staging folder
    def _stage(self, config: MkDocsConfig) -> MkDocsConfig:
        """Point site_dir at a staging folder beside it; on_post_build puts it in site_dir's place."""
        if self.serving:
            return config  # `mkdocs serve` builds into a temporary folder of its own
        self.site_dir = Path(config.site_dir).resolve()  # a symlinked site_dir stays a symlink
        # --dirty rebuilds only changed pages, so its staging folder starts as a copy of the site.
        self.staging_dir = staging.start_staging(self.site_dir, copy="everything" if self.dirty else "hidden")
        config.site_dir = str(self.staging_dir)
        log.info(f"Building in {self.staging_dir}, which replaces {self.site_dir} if the build succeeds")
        return config

    def _load_and_render(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path).parent
        self.config_file = Path(config.config_file_path)
        self.content_dir = base / self.config.content_dir
        self.templates_dir = base / self.config.templates_dir if self.config.templates_dir else PAGE_TEMPLATES
        self.base = base
        self._check_edition(config)
        wiring.wire(config)
        if config.theme.name == "material" and config.theme.get("font") is not False:
            # Material would load its fonts from Google Fonts: the site asks no other host (its CSP refuses them).
            config.theme["font"] = False
            log.info("theme font: Material's Google Fonts are not used, the site loads nothing from other hosts "
                     "(serve font files of your own with extra_css)")
        try:
            self._generate(config)
        except TemplateError as error:
            self._template_failed(error)
        self._choose_search(config)
        return config

    on_config = CombinedEvent(_stage, _load_and_render)

    def _check_edition(self, config: MkDocsConfig) -> None:
        """An edition needs its translations, and the theme in its language (lang and dir of every page)."""
        edition = self.config.edition
        if edition is None:
            return
        name = language_name(edition)
        folder = self.content_dir / TRANSLATIONS_FOLDER / edition
        if not folder.is_dir():
            raise PluginError(str(option_problem(
                self.config_file, "edition", f"the {name} edition has no translations: {display_path(folder)}/ "
                                             "does not exist",
                f"translate the content there (python -m generator new claim --lang {edition} ID), or correct the "
                "edition's language")))
        language = config.theme.get("language")
        if language != edition:
            raise PluginError(str(option_problem(
                self.config_file, "edition", f"the {name} edition's theme is in '{language}': its pages would say so",
                f"set theme.language: {edition} in {self.config_file.name}")))

    def _generate(self, config: MkDocsConfig) -> None:
        if self.serving and not hasattr(self, "file_checks"):
            # A preview reads and checks again only the files saved since, and renders again only
            # the pages that can differ.
            self.file_checks, self.reused_pages = FileChecks(), ReusedPages()
        self.site = self._site(config)
        build = build_site(self.content_dir, self.site, self._settings(),
                           *((self.file_checks, self.reused_pages) if self.serving else ()))
        problems = build.problems
        self._found([Notice.of(problem) for problem in problems.errors], [Notice.of(problem) for problem in problems.warnings])
        for problem in problems.warnings:
            log.info(str(problem))
        if problems.errors:
            for problem in problems.errors:
                log.error(str(problem))
            if self.serving:
                # A failed build would leave `mkdocs serve` stuck or stopped: keep the last valid
                # pages, or on a first build show the problems as the home page.
                if not hasattr(self, "generated"):
                    self.generated = [problems_page(problems.errors, self._settings())]
                    self.updated_by_path, self.html_tocs = {}, {}
                log.error(f"{len(problems.errors)} error(s) in {self.config.content_dir}/: "
                          "fix them and save; the preview updates when the content is valid")
                return
            raise PluginError(f"{len(problems.errors)} error(s) in {self.config.content_dir}/: "
                              "fix them and build again (the previous site is left as it was)")
        self.generated = build.files
        self.edition_pages = build.edition_pages
        self.latest = build.latest
        self.rating_ids = build.rating_ids
        self.updated_by_path = {g.path: g.updated for g in self.generated if g.updated is not None}
        self.html_tocs = {g.path: g.toc for g in self.generated if g.toc is not None}

    def _choose_search(self, config: MkDocsConfig) -> None:
        pages = count_pages((g.path for g in self.generated), Path(config.docs_dir))
        self.search_engine = choose_engine(self.config.search, pages, self.config.pagefind_from_pages)
        log.info(f"search: {self.search_engine} ({pages} pages; option search: {self.config.search}, "
                 f"Pagefind from {self.config.pagefind_from_pages} pages)")
        self.results_meta = {}
        if self.search_engine != PAGEFIND:
            if indexing_material_search(config) is not None:
                wiring.add_search_meta(config)
            return
        try:
            pagefind_executable()  # before anything is built: a publishing build without Pagefind stops here
        except PagefindError as error:
            problem = option_problem(self.config_file, "search", error.message, error.hint)
            if not self.serving:
                raise PluginError(str(problem)) from None
            log.error(str(problem))
        stop_material_index(config)
        wiring.add_pagefind_search(config)

    def _template_failed(self, error: TemplateError) -> None:
        overrides = self.base / self.config.overrides_dir if self.config.overrides_dir else None
        message = template_errors.describe(error, [overrides, self.templates_dir])
        if not self.serving:
            raise PluginError(message) from None
        # A failed build would leave `mkdocs serve` stuck: show the error as the home page,
        # keeping the last good pages at their addresses.
        log.error(message)
        self._found([Notice(message)], self.preview_warnings)
        last_good = [g for g in getattr(self, "generated", []) if g.path != HOME_PATH]
        self.generated = [template_errors.error_page(message), *last_good]
        self.updated_by_path = getattr(self, "updated_by_path", {})
        self.html_tocs = {g.path: g.toc for g in self.generated if g.toc is not None}

    def _settings(self) -> Settings:
        overrides = self.base / self.config.overrides_dir if self.config.overrides_dir else None
        # Frozen objects are thawed in on_post_build / on_build_error.
        config_file = self.base / "mkdocs.yml" if self.config_file is None else self.config_file
        return Settings(self.templates_dir, overrides, self.config.jobs, keep_frozen=True,
                        drafts=include_drafts(self.config.drafts, serving=self.serving),
                        config_file=config_file, card_cache=Settings.card_cache_of(config_file))

    def _site(self, config: MkDocsConfig) -> Site:
        return site_from_settings(self.config, site_url=config.site_url, description=config.site_description,
                                  language=config.theme.get("language") or self.config.edition, name=config.site_name,
                                  directory_urls=config.use_directory_urls,
                                  headings=HeadingStyle.from_toc_options(config.mdx_configs.get("toc")))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for asset in wiring.asset_files(files, config):
            files.append(asset)
        for generated in self.generated:
            if files.get_file_from_path(generated.path) is not None:
                log.warning(f"docs/{generated.path} is hand-written, so the generated page of that name is not used")
                continue
            # As UTF-8 bytes: a str holding one emoji takes 4 bytes per character.
            file = File.generated(config, generated.path, content=generated.data)
            if generated.source is not None:
                file.edit_uri = self._edit_uri(generated.source, config)
            files.append(file)
        if not self.serving:
            del self.generated  # the files hold the pages now; a preview keeps them for a failed rebuild
        self._link_editions(files, config)
        return files

    def _link_editions(self, files: Files, config: MkDocsConfig) -> None:
        """Every edition and its pages (generated, and hand-written in its docs folder), for each page's
        hreflang links and the language selector (Material's extra.alternate, unless the site sets its own)."""
        self.editions = None
        if not self.edition_pages:
            return
        languages = list(self.edition_pages)  # the default edition's first
        current = self.config.edition or languages[0]
        docs_dir = Path(config.docs_dir)
        # An edition's hand-written pages are in docs/<language>/ (its docs_dir), the default's in docs/.
        default_docs = docs_dir.parent if current != languages[0] and docs_dir.name == current else docs_dir
        roots = edition_roots(config.site_url or "", self.config.edition, languages)
        editions = []
        for language in languages:
            default = language == languages[0]
            if language == current:
                pages = {file.src_uri for file in files.documentation_pages()}
            else:
                pages = self.edition_pages[language] | hand_written_pages(
                    default_docs if default else default_docs / language, set(languages[1:]) if default else set())
            editions.append(Edition(language, roots[language], "" if default else f"{language}/", frozenset(pages)))
        self.editions = Editions(current, tuple(editions), config.use_directory_urls)
        # Not a list: Material's base.html writes its hreflang links (to each edition's home, on every page)
        # only for a list; its header shows the selector for any value, which overrides/partials/alternate.html writes.
        config.extra.setdefault("alternate", self.editions)

    def _edit_uri(self, source: Path, config: MkDocsConfig) -> str | None:
        """The YAML file's path, relative to the folder that edit_uri points at (docs_dir).

        Each folder and file name is percent-encoded, so that no character of it can end the
        link's href (the theme writes the edit URL into the page as it is). None (no edit link)
        when the content or docs_dir lie outside mkdocs.yml's folder, the repository that
        edit_uri points into.
        """
        docs_dir = Path(config.docs_dir)
        source = Path(os.path.normpath(source))  # content_dir "../elsewhere": "base/../elsewhere" is not in base
        if not (source.is_relative_to(self.base) and docs_dir.is_relative_to(self.base)):
            return None
        up = [".."] * len(docs_dir.relative_to(self.base).parts)
        return "/".join(up + [quote(name, safe="") for name in source.relative_to(self.base).parts])

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav
        if self.serving:
            self._serving_with = (files, nav)  # what a content save renders its changed pages with
        return nav

    def _set_up_theme(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.serving:
            self._serving_env = env
        # What the theme's own templates show: the site's share card on pages without one (main.html),
        # and the latest fact-checks on the 404 page.
        site = self.site or self._site(config)
        install_words(env, site.localizer)  # our overrides' own words (Material's come from its lang.t)
        env.globals["factcheck_default_social"] = page_social(site.title, site.description, site)
        env.globals["factcheck_latest"] = self.latest
        env.globals["factcheck_search"] = self.search_engine
        env.globals["factcheck_search_meta"] = lambda meta: result_meta(meta, self.rating_ids, site.localizer)  # main.html, for Pagefind
        env.globals["factcheck_alternates"] = self._alternates  # main.html: the page in each language edition
        share_navigation(env, config.theme.dirs, str(THEME_OVERRIDES), self._nav, config.theme.get("features") or [])
        return env

    @event_priority(-100)  # once every plugin has set up the theme
    def _render_generated_pages(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """The theme's rendering of the generated pages, shared among processes (generator.theme_pages),
        unless Material's search index is made from each page as it is rendered (in this process) or
        a preview renders them (its server runs threads, and a save renders a few)."""
        if self.serving or self.search_engine != PAGEFIND or self._nav is None:
            return env
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        pages = [file.page for file in doc_files
                 if file.page is not None and file.generated_by is not None and file.src_uri in self.html_tocs]
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet_skips)
        render_in_processes(pages, config, doc_files, self._nav, env, self.config.jobs)
        return env

    on_env = CombinedEvent(_set_up_theme, _render_generated_pages)

    def _alternates(self, page: Page | None) -> list[tuple[str, str]]:
        if self.editions is None or page is None or page.file is None:
            return []
        return self.editions.alternates(page.file.src_uri)

    def on_page_context(self, context: dict, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        if self.search_engine == MATERIAL:
            meta = result_meta(page.meta, self.rating_ids, (self.site or self._site(config)).localizer)
            if meta is not None:
                self.results_meta[page.url] = meta  # a claim's search result shows its badge, claimant and date
        return context

    def _write_results_meta(self, config: MkDocsConfig) -> None:
        """Beside the index Material's search plugin has just written (it runs before this plugin's on_post_build)."""
        path = Path(config.site_dir) / RESULTS_META_PATH
        if self.search_engine == MATERIAL and (path.parent / "search_index.json").is_file():
            path.write_bytes(results_meta_json(self.results_meta))

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        updated = self.updated_by_path.get(page.file.src_uri)
        if updated is not None:
            page.update_date = updated.isoformat()  # the sitemap's lastmod, from the content, not the build clock
        toc = self.html_tocs.get(page.file.src_uri)
        if toc is not None and page.file.generated_by is not None:
            page.render = functools.partial(_show_written_html, page, toc)  # type: ignore[method-assign]
        return markdown

    @event_priority(-100)  # last, so that the policy allows the inline scripts other plugins add
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if is_prebuilt(page):
            return output  # written already (generator.theme_pages): nothing to write again
        if self.search_engine == PAGEFIND and indexable(page.meta):
            output = with_pagefind_body(output)
        # Not under `mkdocs serve`: its livereload adds an inline script to every page it serves.
        return self._with_preview_banner(output) if self.serving else with_policy(output)

    @event_priority(-100)
    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        """The theme's pages that are not built from Markdown (404.html) get the policy too."""
        if not template_name.endswith(".html"):
            return output_content
        return self._with_preview_banner(output_content) if self.serving else with_policy(output_content)

    def _found(self, errors: list[Notice], warnings: list[Notice]) -> None:
        self.preview_errors, self.preview_warnings = errors, warnings
        self.preview_banner = banner(errors, warnings)

    def _with_preview_banner(self, html: str) -> str:
        return with_banner(html, self.preview_banner)

    @event_priority(-100)  # last: every plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        thaw()
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet_skips)
        self._write_results_meta(config)
        if self.serving and self._serving_with is not None and self._serving_env is not None:
            files, nav = self._serving_with
            self.served = ServedBuild(config, files, nav, self._serving_env,
                                      {g.path: g.data for g in self.generated}, self._other_inputs(config),
                                      self.preview_banner)
        if self.serving and self.search_engine == PAGEFIND:
            self._index_preview(Path(config.site_dir))
        if self.staging_dir is None:
            return
        if _strict_build_will_abort():
            log.info(f"the build failed in strict mode: {self.site_dir} is left as it was")
            self._discard_staging(config)
            return
        if self.search_engine == PAGEFIND:
            self._index_staged_site()
        staging.replace(self.site_dir, self.staging_dir)
        config.site_dir = str(self.site_dir)  # `mkdocs gh-deploy` publishes it next
        self.staging_dir = None

    def _index_staged_site(self) -> None:
        """Pagefind's index, written into the staging folder: a failure leaves the last site as it was."""
        started = time.monotonic()
        try:
            index_site(self.staging_dir)
        except PagefindError as error:
            raise PluginError(str(option_problem(self.config_file, "search", error.message, error.hint))) from None
        log.info(f"Pagefind indexed the site in {time.monotonic() - started:.2f} s")

    def _index_preview(self, site_dir: Path) -> None:
        """In a background thread: the time from a save to the reload does not include it."""
        if self.indexer is None:
            self.indexer = BackgroundIndexer()
        self.indexer.request(site_dir)

    def on_build_error(self, *, error: Exception) -> None:
        thaw()
        self.served = None
        self._discard_staging()

    def on_shutdown(self) -> None:
        self._discard_staging()  # a build interrupted (Ctrl+C) between on_config and on_post_build

    def _discard_staging(self, config: MkDocsConfig | None = None) -> None:
        if self.staging_dir is not None:
            staging.discard(self.staging_dir)
            if config is not None:
                config.site_dir = str(self.site_dir)
            self.staging_dir = None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        self.serving = True  # `mkdocs serve --clean` starts the plugin as for `mkdocs build`
        folders = [self.content_dir, self.templates_dir]
        if self.config.overrides_dir:
            folders.append(self.base / self.config.overrides_dir)
        self.folder_watch = FolderWatch(server, folders)
        full_build = server.builder

        def build_after_a_save() -> None:
            if not self._update_served_site():
                self.served = None
                full_build()

        server.builder = build_after_a_save
        return server

    def _other_inputs(self, config: MkDocsConfig) -> dict:
        """Everything a build reads besides content/: a change there needs MkDocs' full build."""
        overrides = self.base / self.config.overrides_dir if self.config.overrides_dir else None
        return snapshot([config.config_file_path, config.docs_dir, SITE_TEMPLATES, self.templates_dir, overrides,
                         config.theme.custom_dir])

    def _update_served_site(self) -> bool:
        """After a save that changed only content, render just the pages whose text changed."""
        served = self.served
        if not self.config.incremental or served is None or self._other_inputs(served.config) != served.inputs:
            return False
        started = time.monotonic()
        try:
            self._generate(served.config)
        except TemplateError:
            return False
        finally:
            thaw()
        shown = self.preview_banner
        if self.preview_errors:
            served.show_banner(shown)  # the last good pages stay, with the problems above them
            log.info(f"Showed the problems above the last good pages in {time.monotonic() - started:.2f} s")
            return True
        if not served.update(self.generated, shown):
            return False
        if self.search_engine == PAGEFIND:
            self._index_preview(Path(served.config.site_dir))
        self._write_results_meta(served.config)
        if served.env.globals.get("factcheck_latest") != self.latest:
            served.env.globals["factcheck_latest"] = self.latest  # the 404 page lists the latest fact-checks
            served.render_theme_page("404.html")
        log.info(f"Rendered the {len(served.rendered)} changed page(s) of {len(served.generated)} generated files "
                 f"in {time.monotonic() - started:.2f} s (only content changed since the last full build; "
                 f"{self.reused_pages.reused} pages as they were)")
        return True


def _show_written_html(page: Page, toc: tuple[TocEntry, ...], config: MkDocsConfig, files: Files) -> None:
    """Page.render for a page whose body the generator wrote as HTML: its Markdown conversion is
    skipped (the theme gets the body, and the table of contents the generator made with it)."""
    page.content = page.markdown
    page.toc = get_toc(nested(toc))
    page._title_from_render = next((name for level, _, name in toc if level == 1), None)
    page.present_anchor_ids = {id for _, id, _ in toc}


def _strict_build_will_abort() -> bool:
    """Whether `mkdocs build --strict` has counted warnings, for which it aborts right after
    on_post_build: its counter is a CountHandler on the 'mkdocs' logger, there for strict builds."""
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)
