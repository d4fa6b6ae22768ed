"""`mkdocs serve` after a save in content/: re-render only the generated files whose text changed.

MkDocs rebuilds every page after any save (23 s at 1,000 claims, benchmarks/preview.py). A save that changes content
only changes a few generated pages (the claim, its claimant, rating and report pages, the
indexes); every other page the theme would render is the same as in the last build. So, as long
as nothing but content changed since the last full build, the pages whose generated text changed
are rendered again with that build's files, navigation and theme, their search entries replaced,
and the sitemap redrawn. Anything else (a page added or removed, tags changed, mkdocs.yml, docs/ or
a template edited) gets MkDocs' full build.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from .filestate import Snapshot
from .preview import replace_banner
from .render import GeneratedFile
from .search import indexing_material_search


@dataclass
class ServedBuild:
    """What the last full build of `mkdocs serve` rendered with, and what it wrote."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    generated: dict[str, bytes]  # each generated file's path and text
    inputs: Snapshot  # everything but content: mkdocs.yml, docs/, templates
    banner: str = ""
    rendered: list[str] = field(default_factory=list)  # paths re-rendered by the last update, for the log

    def update(self, generated: Iterable[GeneratedFile], banner: str) -> bool:
        """Render the generated files whose text changed into the served site, and show `banner` on
        every page. False (and nothing written) when the change needs a full build."""
        new = {file.path: file for file in generated}
        if new.keys() != self.generated.keys():
            return False  # a page added or removed: the navigation, indexes and sitemap change
        changed = [file for path, file in new.items() if file.data != self.generated[path]]
        pages, others = [], []
        for generated_file in changed:
            served = self.files.get_file_from_path(generated_file.path)
            if served is None or served.generated_by is None:
                continue  # a hand-written page of that name is served instead
            if served.is_documentation_page():
                if not self._same_navigation_and_tags(served, generated_file.data):
                    return False
                pages.append((served, generated_file))
            else:
                others.append((served, generated_file))

        for served, generated_file in others:
            served.content_bytes = generated_file.data
            served.copy_file()
        for served, generated_file in pages:
            served.content_bytes = generated_file.data
        self._render([served.page for served, _ in pages])
        if banner != self.banner:
            self._show_banner(banner, skip={served.abs_dest_path for served, _ in pages})
        self.generated = {path: file.data for path, file in new.items()}
        self.rendered = [file.path for file in changed]
        return True

    def render_theme_page(self, name: str) -> None:
        """One of the theme's own pages (404.html) again, after what the plugin gives it changed."""
        if name in self.config.theme.static_templates:
            mkdocs_build._build_theme_template(name, self.env, self.files, self.config, self.nav)

    def show_banner(self, banner: str) -> None:
        """Only the banner changes (the last save has errors, so the pages stay as they were)."""
        if banner != self.banner:
            self._show_banner(banner, skip=set())
        self.rendered = []

    def _same_navigation_and_tags(self, served: File, data: bytes) -> bool:
        page = served.page
        if page is None:
            return False
        _, meta = get_data(data.decode("utf-8"))
        if meta.get("tags") != page.meta.get("tags"):
            return False  # the theme's tags pages list every page by tag
        in_nav = not served.inclusion.is_not_in_nav()
        return not (in_nav and meta.get("title") != page.meta.get("title"))

    def _render(self, pages: list[Page]) -> None:
        config, files = self.config, self.files
        search = indexing_material_search(config)  # None when Pagefind searches instead
        urls = {page.url for page in pages}
        if search is not None:
            search.search_index.entries = [entry for entry in search.search_index.entries
                                           if entry["location"].split("#")[0] not in urls]
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for page in pages:
            mkdocs_build._populate_page(page, config, files)  # the plugin sets its sitemap date
        for page in pages:
            mkdocs_build._build_page(page, config, doc_files, self.nav, self.env)
        if search is not None:
            # In the order of a full build, which indexes the pages one after the other.
            order = {file.page.url: number for number, file in enumerate(doc_files) if file.page is not None}
            search.search_index.entries.sort(key=lambda entry: order.get(entry["location"].split("#")[0], len(order)))
            search.on_post_build(config=config)
        for template in ("sitemap.xml",):
            if template in config.theme.static_templates:
                mkdocs_build._build_theme_template(template, self.env, files, config, self.nav)

    def _show_banner(self, banner: str, skip: set[str]) -> None:
        for folder, _, names in os.walk(self.config.site_dir):
            for name in names:
                path = os.path.join(folder, name)
                if name.endswith(".html") and path not in skip:
                    with open(path, encoding="utf-8") as page:
                        html = page.read()
                    shown = replace_banner(html, banner)
                    if shown != html:
                        with open(path, "w", encoding="utf-8") as page:
                            page.write(shown)
        self.banner = banner

