"""What the plugin adds to a site's configuration in on_config (generator/wiring.py), in this process.

A desk's mkdocs.yml names the theme and the plugin; the plugin adds its theme overrides, stylesheets,
scripts, not_in_nav lines and Markdown extensions, never twice, and a site's own choices still win.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.content import load_valid_content
from generator.build import Settings, render_content
from generator.resources import ASSETS, THEME_OVERRIDES
from generator.site import Site
from generator.wiring import MARKDOWN_EXTENSIONS, SCRIPTS, SEARCH_META_SCRIPT, STYLESHEETS, merged_not_in_nav
from htmltree import parse
from sitebuild import DEFAULT_DOCS, FIXTURES, TEMPLATES

REPO_LEGACY_OVERRIDES = TEMPLATES / "overrides"  # what this repository's mkdocs.yml named as custom_dir before

# The long mkdocs.yml desks copied before the plugin wired itself in: all of it is already there.
LEGACY = {
    "theme": {"name": "material", "custom_dir": str(REPO_LEGACY_OVERRIDES)},
    "markdown_extensions": ["attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}],
    "extra_css": ["assets/stylesheets/factcheck.css", "assets/stylesheets/ratings.css"],
    "extra_javascript": ["assets/javascripts/tablesort.min.js", "assets/javascripts/tables.js"],
    "not_in_nav": "/claims/*.md\n/reports/*.md\n/claimants/*.md\n/ratings/*.md\n",
}


@pytest.fixture(autouse=True)
def fresh_mkdocs() -> Iterator[None]:
    """Each test starts its own plugin (MkDocs keeps one with on_startup for the next load_config)."""
    cache = MkDocsConfig.plugins.plugin_cache
    logger = logging.getLogger("mkdocs")
    handlers = list(logger.handlers)
    cache.clear()
    yield
    cache.clear()
    logger.handlers[:] = handlers


def project(tmp_path: Path, settings: dict) -> Path:
    """A site folder holding content/ (tests/fixtures/minimal), docs/ and a mkdocs.yml of `settings` only."""
    folder = tmp_path / "desk"
    (folder / "docs").mkdir(parents=True)
    for name, text in DEFAULT_DOCS.items():
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    os.symlink(FIXTURES / "minimal", folder / "content", target_is_directory=True)
    config = {"site_name": "Desk", "site_url": "https://desk.example.org/", "plugins": ["search", "factcheck"],
              **settings}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return folder


def configured(folder: Path) -> MkDocsConfig:
    """mkdocs.yml loaded and passed through every plugin's on_config, as a build starts."""
    config = load_config(config_file=str(folder / "mkdocs.yml"), site_dir=str(folder / "site"))
    config.plugins.on_startup(command="serve", dirty=False)  # serve: no staging folder
    return config.plugins.on_config(config)


def material_dir(config: MkDocsConfig) -> str:
    (found,) = [d for d in config.theme.dirs if Path(d).parts[-2:] == ("material", "templates")]
    return found


def script_paths(config: MkDocsConfig) -> list[str]:
    return [getattr(script, "path", script) for script in config.extra_javascript]


def not_in_nav(config: MkDocsConfig, path: str) -> bool:
    return config.not_in_nav.match_file(path)


def test_a_minimal_config_gets_overrides_styles_scripts_nav_exclusions_and_extensions(tmp_path: Path) -> None:
    config = configured(project(tmp_path, {"theme": {"name": "material"}}))
    assert config.theme.dirs[0] == str(THEME_OVERRIDES)
    assert config.theme.dirs[1] == material_dir(config)  # Material's templates come after the overrides
    assert config.extra_css == list(STYLESHEETS)
    # With Material's search (fewer pages than `pagefind_from_pages`), the script adding each claim's badge to its results.
    assert script_paths(config) == [*SCRIPTS, SEARCH_META_SCRIPT]
    assert {*MARKDOWN_EXTENSIONS} <= set(config.markdown_extensions)
    assert [not_in_nav(config, p) for p in ("claims/toll-62-killed.md", "reports/briefing-review.md",
                                            "claimants/jane-doe.md", "ratings/mixed.md")] == [True] * 4
    # The index pages and the top-level pages stay in an automatic navigation.
    assert [not_in_nav(config, p) for p in ("claims/index.md", "reports/index.md", "claimants/index.md",
                                            "index.md", "sources.md", "about.md")] == [False] * 6


def test_a_long_legacy_config_is_left_without_duplicates(tmp_path: Path) -> None:
    config = configured(project(tmp_path, LEGACY))
    assert [os.path.realpath(d) for d in config.theme.dirs].count(os.path.realpath(THEME_OVERRIDES)) == 1
    assert config.theme.dirs[0] == str(REPO_LEGACY_OVERRIDES)
    assert config.extra_css == LEGACY["extra_css"]
    assert script_paths(config) == [*LEGACY["extra_javascript"], SEARCH_META_SCRIPT]
    assert len(config.markdown_extensions) == len(set(config.markdown_extensions))
    assert config.mdx_configs["toc"] == {"permalink": True}
    lines = [str(p.pattern) for p in config.not_in_nav.patterns]
    assert len(lines) == len(set(lines))
    assert lines[-4:] == ["/claims/*.md", "/reports/*.md", "/claimants/*.md", "/ratings/*.md"]
    assert not_in_nav(config, "claims/index.md")  # as before: the site's own lines come last and win


def test_a_sites_custom_dir_and_own_assets_come_first_and_win(tmp_path: Path) -> None:
    folder = project(tmp_path, {"theme": {"name": "material", "custom_dir": "mine"},
                                "extra_css": ["css/desk.css"], "extra_javascript": ["js/desk.js"],
                                "not_in_nav": "/claims/index.md\n"})
    (folder / "mine").mkdir()
    config = configured(folder)
    assert config.theme.dirs[:3] == [str(folder / "mine"), str(THEME_OVERRIDES), material_dir(config)]
    assert config.extra_css == [*STYLESHEETS, "css/desk.css"]  # later stylesheets override earlier ones
    assert script_paths(config) == [*SCRIPTS, SEARCH_META_SCRIPT, "js/desk.js"]
    assert not_in_nav(config, "claims/index.md")
    assert not not_in_nav(config, "reports/index.md")


def test_another_theme_gets_the_stylesheets_only(tmp_path: Path) -> None:
    config = configured(project(tmp_path, {"theme": {"name": "mkdocs"}}))
    assert str(THEME_OVERRIDES) not in config.theme.dirs  # they extend Material's templates
    assert config.extra_css == list(STYLESHEETS)
    assert not set(SCRIPTS) & set(script_paths(config))  # tables.js needs Material's document$


def test_extensions_named_by_their_module_are_not_added_again(tmp_path: Path) -> None:
    config = configured(project(tmp_path, {"theme": {"name": "material"},
                                           "markdown_extensions": ["markdown.extensions.attr_list"]}))
    assert "attr_list" not in config.markdown_extensions
    assert "md_in_html" in config.markdown_extensions


def test_not_in_nav_covers_every_generated_page_but_the_indexes_and_top_level_pages() -> None:
    spec = merged_not_in_nav(None)
    content, _ = load_valid_content(FIXTURES / "minimal")
    pages = [f.path for f in render_content(content, Site(), Settings(jobs=1))[0] if f.path.endswith(".md")]
    for path in pages:
        expected = "/" in path and not path.endswith("/index.md")
        assert spec.match_file(path) == expected, path


def test_a_build_of_the_minimal_config_has_the_assets_and_links_them(tmp_path: Path) -> None:
    folder = project(tmp_path, {"theme": {"name": "material"}})
    (folder / "docs" / "assets" / "javascripts").mkdir(parents=True)
    (folder / "docs" / "assets" / "javascripts" / "tables.js").write_text("// the desk's own\n", encoding="utf-8")
    config = load_config(config_file=str(folder / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    site = tmp_path / "site"
    for asset in ASSETS.rglob("*.*"):
        built = site / "assets" / asset.relative_to(ASSETS)
        expected = "// the desk's own\n" if asset.name == "tables.js" else asset.read_text(encoding="utf-8")
        assert built.read_text(encoding="utf-8") == expected, built
    page = parse((site / "claims" / "toll-62-killed" / "index.html").read_text(encoding="utf-8"))
    linked = {link.attrs["href"] for link in page.find_all("link", rel="stylesheet")}
    assert {"../../assets/stylesheets/factcheck.css", "../../assets/stylesheets/ratings.css"} <= linked
    scripts = {script.attrs.get("src") for script in page.find_all("script")}
    assert {"../../assets/javascripts/tablesort.min.js", "../../assets/javascripts/tables.js"} <= scripts
    assert page.find_all("script", type="application/ld+json")  # the theme override (main.html) is used
