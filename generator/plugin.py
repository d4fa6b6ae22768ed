"""The MkDocs plugin: load and check content/, then add the generated pages in memory."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .bulk import collector_paused, thaw
from .content import load_content
from .output import option_position
from .render import GeneratedFile, Renderer
from .site import Site, site_from_settings

log = get_plugin_logger(__name__)


class PublisherConfig(Config):
    name = c.Type(str, default="Fact-check desk")  # the organisation named as ClaimReview author
    url = c.Optional(c.Type(str))  # its home page
    logo = c.Optional(c.Type(str))  # an absolute URL of its logo


class FactCheckConfig(Config):
    content_dir = c.Type(str, default="content")  # the editors' YAML, relative to mkdocs.yml
    templates_dir = c.Type(str, default="site_templates")  # the default page templates
    overrides_dir = c.Optional(c.Type(str))  # a site's own templates, used before the defaults
    publisher = c.SubConfig(PublisherConfig)  # who publishes the fact-checks
    feed_size = c.Type(int, default=50)  # entries in the Atom feed
    about_page = c.Type(str, default="about.md")  # hand-written page linked from the home page; "" for none
    corrections_page = c.Type(str, default="corrections.md")  # corrections policy linked from every claim; "" for none
    jobs = c.Optional(c.Type(int))  # processes that read and render content; unset: one per core on large sites


class FactCheckPlugin(BasePlugin[FactCheckConfig]):
    generated: list[GeneratedFile]
    updated_by_path: dict[str, date]
    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds,
        # so the last good pages are still here when an edit breaks the content.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path).parent
        self.content_dir = base / self.config.content_dir
        self.templates_dir = base / self.config.templates_dir
        self.base = base
        if self.config.jobs is not None and self.config.jobs < 1:
            where = option_position(Path(config.config_file_path), "jobs")
            raise PluginError(f"{where}: factcheck: jobs must be at least 1, not {self.config.jobs}")
        with collector_paused(freeze=True):  # thawed in on_post_build / on_build_error
            self._generate(config)
        return config

    def _generate(self, config: MkDocsConfig) -> None:
        content, problems = load_content(self.content_dir, self.config.jobs)
        for problem in problems.warnings:
            log.info(str(problem))
        if problems.errors:
            for problem in problems.errors:
                log.error(str(problem))
            if self.serving:
                # A failed build would leave `mkdocs serve` stuck or stopped: keep the last valid
                # pages, or on a first build show the problems as the home page.
                if not hasattr(self, "generated"):
                    self.generated = [self._renderer(self.base).render_problems(problems.errors)]
                    self.updated_by_path = {}
                log.error(f"{len(problems.errors)} error(s) in {self.config.content_dir}/: "
                          "fix them and save; the preview updates when the content is valid")
                return
            raise PluginError(f"{len(problems.errors)} error(s) in {self.config.content_dir}/: "
                              "fix them and build again (the previous site is left as it was)")
        self.generated = self._renderer(self.base).render_site(content, self._site(config), self.config.jobs)
        self.updated_by_path = {g.path: g.updated for g in self.generated if g.updated is not None}

    def _renderer(self, base: Path) -> Renderer:
        overrides = base / self.config.overrides_dir if self.config.overrides_dir else None
        return Renderer(overrides, self.templates_dir)

    def _site(self, config: MkDocsConfig) -> Site:
        return site_from_settings(self.config, site_url=config.site_url, description=config.site_description,
                                  language=config.theme.get("language"))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
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
        return files

    def _edit_uri(self, source: Path, config: MkDocsConfig) -> str | None:
        """The YAML file's path, relative to the folder that edit_uri points at (docs_dir).

        None (no edit link) when the content or docs_dir lie outside mkdocs.yml's folder,
        the repository that edit_uri points into.
        """
        docs_dir = Path(config.docs_dir)
        if not (source.is_relative_to(self.base) and docs_dir.is_relative_to(self.base)):
            return None
        return Path(*([".."] * len(docs_dir.relative_to(self.base).parts)), source.relative_to(self.base)).as_posix()

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        updated = self.updated_by_path.get(page.file.src_uri)
        if updated is not None:
            page.update_date = updated.isoformat()  # the sitemap's lastmod, from the content, not the build clock
        return markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        thaw()

    def on_build_error(self, *, error: Exception) -> None:
        thaw()

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        server.watch(str(self.content_dir))
        server.watch(str(self.templates_dir))
        if self.config.overrides_dir:
            server.watch(str(self.base / self.config.overrides_dir))
        return server
