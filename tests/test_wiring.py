"""generator.wiring: what the plugin adds to a site's MkDocs configuration, each thing once, and
where a site's own choices still come after it (and so win)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from generator import wiring
from generator.csp import PAGEFIND_SEARCH_SCRIPT
from generator.resources import ASSETS, THEME_OVERRIDES


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
