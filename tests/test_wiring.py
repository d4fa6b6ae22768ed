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
from mkdocs.structure.files import File, Files

from generator import wiring
from generator.content import load_valid_content
from generator.build import Settings, render_content
from generator.csp import PAGEFIND_SEARCH_SCRIPT
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


# --- each function of generator/wiring.py on a configuration MkDocs loaded, no plugin run --------

def config_of(tmp_path: Path, text: str) -> MkDocsConfig:
    """mkdocs.yml with `text` (no plugins), loaded as MkDocs loads it."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nplugins: []\n" + text, encoding="utf-8")
    return load_config(config_file=str(tmp_path / "mkdocs.yml"))


def paths(listed) -> list[str]:
    return [getattr(item, "path", item) for item in listed]


def test_material_gets_the_overrides_styles_scripts_and_extensions_once_before_the_sites_own(tmp_path: Path) -> None:
    (tmp_path / "custom").mkdir()
    config = config_of(tmp_path, "theme:\n  name: material\n  custom_dir: custom\n"
                                 "extra_css: [own.css]\nextra_javascript: [own.js]\n"
                                 "markdown_extensions: [markdown.extensions.attr_list, admonition]\n")
    for _ in range(2):  # a second call (mkdocs serve rebuilds) adds nothing
        wiring.wire(config)
    dirs = config.theme.dirs
    assert dirs[0].endswith("custom") and dirs[1] == str(THEME_OVERRIDES) and dirs.count(str(THEME_OVERRIDES)) == 1
    assert paths(config.extra_css) == [*wiring.STYLESHEETS, "own.css"]
    assert paths(config.extra_javascript) == [*wiring.SCRIPTS, "own.js"]
    # MkDocs itself lists toc, tables and fenced_code; the site's attr_list has its full name
    assert config.markdown_extensions == ["toc", "tables", "fenced_code", "markdown.extensions.attr_list", "admonition",
                                          "md_in_html"]
    assert config.not_in_nav.match_file("claims/a.md") and not config.not_in_nav.match_file("claims/index.md")
    assert not config.not_in_nav.match_file("about.md")


def test_without_a_custom_dir_the_overrides_come_first(tmp_path: Path) -> None:
    config = config_of(tmp_path, "theme:\n  name: material\n")
    wiring.wire(config)
    assert config.theme.dirs[0] == str(THEME_OVERRIDES)


def test_a_custom_dir_that_is_the_overrides_is_not_added_again(tmp_path: Path) -> None:
    config = config_of(tmp_path, f"theme:\n  name: material\n  custom_dir: {THEME_OVERRIDES}\n")
    wiring.wire(config)
    assert [Path(d).resolve() for d in config.theme.dirs].count(THEME_OVERRIDES.resolve()) == 1


def test_another_theme_gets_the_styles_and_extensions_but_not_materials_overrides_or_scripts(tmp_path: Path) -> None:
    config = config_of(tmp_path, "theme:\n  name: mkdocs\n")
    wiring.wire(config)
    wiring.add_pagefind_search(config)
    wiring.add_search_meta(config)
    assert str(THEME_OVERRIDES) not in config.theme.dirs
    assert paths(config.extra_css) == list(wiring.STYLESHEETS)
    assert paths(config.extra_javascript) == []


def test_a_sites_own_not_in_nav_lines_come_after_the_packages(tmp_path: Path) -> None:
    config = config_of(tmp_path, "theme:\n  name: material\nnot_in_nav: |\n  /drafts/*\n  /claims/featured.md\n")
    wiring.wire(config)
    lines = [str(pattern.pattern) for pattern in config.not_in_nav.patterns]
    assert lines == [*wiring.NOT_IN_NAV, "/drafts/*", "/claims/featured.md"]
    assert config.not_in_nav.match_file("drafts/x.md")


@pytest.mark.parametrize("add, script", [(wiring.add_pagefind_search, PAGEFIND_SEARCH_SCRIPT),
                                         (wiring.add_search_meta, wiring.SEARCH_META_SCRIPT)])
def test_a_search_script_comes_right_after_the_packages_scripts_once(tmp_path: Path, add, script: str) -> None:
    config = config_of(tmp_path, "theme:\n  name: material\nextra_javascript: [own.js]\n")
    wiring.wire(config)
    add(config)
    add(config)
    assert paths(config.extra_javascript) == [*wiring.SCRIPTS, script, "own.js"]


def test_scripts_a_site_lists_as_mappings_are_not_added_again(tmp_path: Path) -> None:
    """extra_javascript entries may be written `{path: ..., type: module}`: MkDocs gives them a path."""
    config = config_of(tmp_path, "theme:\n  name: material\nextra_javascript:\n"
                                 f"  - path: {wiring.SCRIPTS[1]}\n    type: module\n  - path: {PAGEFIND_SEARCH_SCRIPT}\n"
                                 "    defer: true\n")
    wiring.wire(config)
    wiring.add_pagefind_search(config)
    wiring.add_search_meta(config)
    assert paths(config.extra_javascript) == [wiring.SCRIPTS[0], wiring.SCRIPTS[1], wiring.SEARCH_META_SCRIPT,
                                              PAGEFIND_SEARCH_SCRIPT]


def test_the_packages_assets_are_added_under_assets_except_those_a_site_has_of_its_own(tmp_path: Path) -> None:
    config = config_of(tmp_path, "theme:\n  name: material\n")
    config.plugins._current_plugin = "factcheck"  # as in the plugin's on_files, where MkDocs sets it
    own = File("assets/javascripts/tables.js", str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=True)
    added = wiring.asset_files(Files([own]), config)
    uris = [file.src_uri for file in added]
    shipped = sorted(Path("assets", p.relative_to(ASSETS)).as_posix() for p in ASSETS.rglob("*") if p.is_file())
    assert uris == [uri for uri in shipped if uri != "assets/javascripts/tables.js"]
    assert {"assets/stylesheets/factcheck.css", "assets/javascripts/tablesort.min.js"} <= set(uris)
    assert all(file.generated_by == "factcheck" and Path(file.abs_src_path).is_relative_to(ASSETS) for file in added)


def test_a_search_script_goes_first_when_the_packages_scripts_are_not_listed() -> None:
    listed = ["own.js"]
    wiring.add_after_scripts(listed, "search.js")
    assert listed == ["search.js", "own.js"]
