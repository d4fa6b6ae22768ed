"""What the plugin adds to a site's MkDocs configuration, so that a desk's mkdocs.yml holds only its own choices.

With Material, the package's theme overrides join the theme's search path (after a site's own
custom_dir, which still wins) and its scripts are loaded; with any theme its stylesheets are,
the generated pages are kept out of an automatic navigation (not_in_nav), and the Markdown
extensions the pages use are turned on. What a site's mkdocs.yml already lists is never added
twice, so a configuration that lists all of this itself keeps working unchanged.
"""

from __future__ import annotations

import os.path
from collections.abc import Iterable, MutableSequence
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.theme import Theme

from .csp import PAGEFIND_SEARCH_SCRIPT
from .kinds import KINDS
from .pages import RATINGS_CSS_PATH
from .resources import ASSETS, THEME_OVERRIDES

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec  # what MkDocs makes of not_in_nav

STYLESHEETS = ("assets/stylesheets/factcheck.css", RATINGS_CSS_PATH)
SCRIPTS = ("assets/javascripts/tablesort.min.js", "assets/javascripts/tables.js")  # they use Material's document$

# One page per claim, report, claimant and rating (generator.kinds) is too many for a navigation;
# their index pages stay in it. A site's own not_in_nav lines come after these, so they win.
NOT_IN_NAV = (
    *(f"/{kind.page_path('*')}" for kind in KINDS if kind.page),
    *(f"/{kind.embed_path('*')}" for kind in KINDS if kind.embed),
    *(f"!/{kind.index}" for kind in KINDS if kind.page and kind.index),
)

# The generated pages use attributes ({ .class }) and Markdown inside HTML blocks; MkDocs always adds tables and toc.
MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "tables", "toc")


def wire(config: MkDocsConfig) -> None:
    material = config.theme.name == "material"
    if material:
        add_theme_overrides(config.theme)
    add_first(config.extra_css, STYLESHEETS)
    if material:
        add_first(config.extra_javascript, SCRIPTS)
    config.not_in_nav = merged_not_in_nav(config.not_in_nav)
    for name in MARKDOWN_EXTENSIONS:
        if name not in config.markdown_extensions and f"markdown.extensions.{name}" not in config.markdown_extensions:
            config.markdown_extensions.append(name)


SEARCH_META_SCRIPT = "assets/javascripts/search-meta.js"


def add_pagefind_search(config: MkDocsConfig) -> None:
    """The script that answers Material's search box with Pagefind (generator.search)."""
    if config.theme.name == "material":
        add_after_scripts(config.extra_javascript, PAGEFIND_SEARCH_SCRIPT)


def add_search_meta(config: MkDocsConfig) -> None:
    """The script that shows each claim's badge, claimant and date in Material's search results (generator.search)."""
    if config.theme.name == "material":
        add_after_scripts(config.extra_javascript, SEARCH_META_SCRIPT)


def add_after_scripts(listed: MutableSequence, path: str) -> None:
    """The path right after the package's SCRIPTS (so still before a site's own), unless listed."""
    present = [getattr(item, "path", item) for item in listed]
    if path not in present:
        listed.insert(max((at + 1 for at, item in enumerate(present) if item in SCRIPTS), default=0), path)


def add_theme_overrides(theme: Theme) -> None:
    """The package's overrides, right after a site's custom_dir (unless the site's custom_dir is them)."""
    if any(os.path.realpath(folder) == os.path.realpath(THEME_OVERRIDES) for folder in theme.dirs):
        return
    theme.dirs.insert(1 if theme.custom_dir else 0, str(THEME_OVERRIDES))


def add_first(listed: MutableSequence, paths: Iterable[str]) -> None:
    """The paths not yet listed, before the site's own (whose styles and scripts then come last and win)."""
    present = {getattr(item, "path", item) for item in listed}  # extra_javascript items may be mappings
    listed[0:0] = [path for path in paths if path not in present]


def merged_not_in_nav(site_spec: GitIgnoreSpec | None) -> GitIgnoreSpec:
    site_lines = [str(pattern.pattern) for pattern in site_spec.patterns] if site_spec is not None else []
    ours = [line for line in NOT_IN_NAV if line not in site_lines]
    return c.PathSpec().run_validation("\n".join([*ours, *site_lines]))


def asset_files(files: Files, config: MkDocsConfig) -> list[File]:
    """The package's stylesheets and scripts (and the licence beside one), except those a site has
    of its own at the same path (in docs/ or its theme's custom_dir), which replace them."""
    found = []
    for path in sorted(p for p in ASSETS.rglob("*") if p.is_file()):
        uri = Path("assets", path.relative_to(ASSETS)).as_posix()
        if files.get_file_from_path(uri) is None:
            found.append(File.generated(config, uri, abs_src_path=str(path)))
    return found
