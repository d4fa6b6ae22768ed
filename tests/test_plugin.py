"""The MkDocs plugin (generator/plugin.py) in this process: mkdocs.yml loaded with MkDocs' own
load_config and built with mkdocs.commands.build, as `mkdocs build` and `mkdocs serve` do.

What is checked: the options and their defaults, the generated pages in the built site, their
edit links and sitemap dates, the Content-Security-Policy, the errors (content, template, `jobs`)
as the messages a user reads, the staging folder that replaces site_dir only after a good build
(clean, dirty, strict, interrupted), and the preview (`mkdocs serve`) with a stand-in server.
The same behaviours through `mkdocs build` and `mkdocs serve` processes are in test_site_build.py,
test_staging.py, test_serve.py and test_plugin_security.py.
"""

from __future__ import annotations

import gc
import logging
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_build_date

from generator import plugin as plugin_module
from generator.plugin import FactCheckPlugin
from generator.preview import replace_banner
from generator.staging import previous_path, staging_path
from htmltree import parse
from sitebuild import FIXTURES, TEMPLATES, write_project

SERVE_URL = "http://127.0.0.1:8000/"
REPO_SETTINGS = {"repo_url": "https://github.com/example/facts", "edit_uri": "edit/main/docs/",
                 "theme": {"features": ["content.action.edit"]}}
CLAIM_FILE = Path("content/claims/toll-62-killed.yaml")
CLAIM_PAGE = Path("claims/toll-62-killed/index.html")
CSP = 'http-equiv="Content-Security-Policy"'
# What break_claim() makes `mkdocs build` and `mkdocs serve` say.
BROKEN_CLAIM = ("content/claims/toll-62-killed.yaml:4:11: error: YAML syntax error: while parsing a flow sequence, "
                "did not find expected ',' or ']' (it starts at line 3, column 7)")


@pytest.fixture(autouse=True)
def fresh_mkdocs() -> Iterator[None]:
    """Each test starts its own plugin and leaves MkDocs' process-wide state as it found it:
    MkDocs keeps a plugin that has on_startup for the next load_config of the process (as
    `mkdocs serve` rebuilds do), and a strict build leaves its warning counter on the 'mkdocs' logger."""
    cache = MkDocsConfig.plugins.plugin_cache
    logger = logging.getLogger("mkdocs")
    handlers, propagate = list(logger.handlers), logger.propagate
    cache.clear()
    logger.propagate = True  # to caplog, whatever an earlier MkDocs command line in this process set
    yield
    cache.clear()
    logger.handlers[:], logger.propagate = handlers, propagate
    gc.unfreeze()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tests/fixtures/minimal with the test mkdocs.yml in tmp/project, the working folder, as an editor runs MkDocs."""
    config_file = write_project(FIXTURES / "minimal", tmp_path / "project", extra_config=REPO_SETTINGS)
    monkeypatch.chdir(config_file.parent)
    return config_file.parent


def load(project: Path, site: Path, **settings) -> MkDocsConfig:
    return load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), **settings)


def mkdocs_build(project: Path, site: Path, *, strict: bool = False, dirty: bool = False) -> MkDocsConfig:
    """`mkdocs build` in this process (its build_command); raises Abort as the command would exit 1."""
    config = load(project, site, strict=strict)
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()
    return config


def serve_build(project: Path, site: Path, *, first: bool = True) -> MkDocsConfig:
    """One build of `mkdocs serve`: the first starts the plugin; later ones reuse it, as MkDocs does."""
    config = load(project, site)
    if first:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=SERVE_URL)
    return config


def factcheck(config: MkDocsConfig) -> FactCheckPlugin:
    return config.plugins["factcheck"]


def logged(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    """The plugin's messages at `level`, as the terminal shows them."""
    return [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.generator.plugin" and r.levelno == level]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes() for p in sorted(folder.rglob("*"))}


def beside(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}-"))


def break_claim(project: Path) -> None:
    path = project / CLAIM_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2016-09-17", "date: [2016-09-17", 1), encoding="utf-8")


def set_options(project: Path, **options) -> Path:
    """Rewrite the project's mkdocs.yml with these factcheck options (and REPO_SETTINGS)."""
    return write_project(project / "content", project, extra_config={**REPO_SETTINGS, "factcheck": options})


def text_of(site: Path, page: Path | str) -> str:
    return (site / page).read_text(encoding="utf-8")


def article(site: Path, page: Path | str) -> str:
    """The text of a page's article (the navigation lists the other pages' titles)."""
    return parse(text_of(site, page)).one("article").text()


# --- options -------------------------------------------------------------------------------------


def test_options_default_to_the_documented_values(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Defaults\nplugins:\n  - factcheck\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    assert dict(factcheck(config).config) == {
        "content_dir": "content", "templates_dir": None, "overrides_dir": None,
        "publisher": {"name": "Fact-check desk", "url": None, "logo": None}, "feed_size": 50,
        "about_page": "about.md", "corrections_page": "corrections.md", "jobs": None, "drafts": False, "share_cards": True,
        "incremental": True, "search": "auto", "pagefind_from_pages": 500, "digits": "latn", "edition": None,
    }


def test_options_are_read_from_mkdocs_yml(project: Path) -> None:
    set_options(project, overrides_dir="mine", feed_size=3, about_page="", corrections_page="fixes.md", jobs=2,
                publisher={"name": "Desk", "url": "https://d.example.org/", "logo": "logo.png"}, share_cards=False,
                search="material", pagefind_from_pages=20, digits="native")
    options = dict(factcheck(load(project, project / "site")).config)
    assert options == {
        "content_dir": "content", "templates_dir": None, "overrides_dir": "mine",
        "publisher": {"name": "Desk", "url": "https://d.example.org/", "logo": "logo.png"}, "feed_size": 3,
        "about_page": "", "corrections_page": "fixes.md", "jobs": 2, "drafts": False, "share_cards": False,
        "incremental": True, "search": "material", "pagefind_from_pages": 20, "digits": "native", "edition": None,
    }


# --- a good build --------------------------------------------------------------------------------


def test_a_build_puts_the_generated_pages_in_site_dir(project: Path, tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.INFO)
    site = tmp_path / "site"
    config = mkdocs_build(project, site)
    plugin = factcheck(config)
    assert config.site_dir == str(site), "`mkdocs gh-deploy` publishes config.site_dir next"
    assert parse(text_of(site, CLAIM_PAGE)).one("h1").text() == (
        "Four air strikes killed 62 soldiers and wounded about 100 others.")
    for page in ("index.html", "claims/index.html", "reports/briefing-review/index.html", "claimants/jane-doe/index.html",
                 "ratings/unproven/index.html", "methodology/index.html", "sources/index.html", "tags/index.html",
                 "about/index.html", "feed.xml", "claimreview.json", "assets/stylesheets/ratings.css"):
        assert (site / page).is_file(), page
    assert beside(site) == []
    assert plugin.staging_dir is None
    assert plugin.site_dir == site
    assert not hasattr(plugin, "generated"), "the built files hold the pages: the plugin keeps no second copy"
    staging = staging_path(site)
    assert logged(caplog, logging.INFO)[:1] == [
        f"generator: Building in {staging}, which replaces {site} if the build succeeds"]


def test_every_built_page_has_a_policy_and_other_files_are_left_alone(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(project, site)
    pages = sorted(site.rglob("*.html"))
    assert site / "404.html" in pages and site / CLAIM_PAGE in pages
    for page in pages:
        assert text_of(site, page).count(CSP) == 1, page
    assert CSP not in text_of(site, "sitemap.xml")
    assert text_of(site, "sitemap.xml").startswith("<?xml")


def sitemap_dates(site: Path) -> dict[str, str]:
    """The sitemap's lastmod of each page, by its URL below the site's."""
    sitemap = text_of(site, "sitemap.xml")
    return dict(re.findall(r"<loc>https://facts\.example\.org/([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap))


def test_the_sitemap_dates_generated_pages_by_their_content(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(project, site)
    dates = sitemap_dates(site)
    assert {url: dates[url] for url in ("claims/toll-62-killed/", "claims/strike-was-halted/",
                                        "claims/no-civilians-nearby/", "reports/briefing-review/")} == {
        "claims/toll-62-killed/": "2026-11-22", "claims/strike-was-halted/": "2026-11-20",
        "claims/no-civilians-nearby/": "2026-11-21", "reports/briefing-review/": "2026-11-22"}
    assert dates["about/"] == get_build_date(), "a hand-written page keeps MkDocs' date"


def test_the_edit_link_of_a_generated_page_opens_its_yaml(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(project, site)
    links = parse(text_of(site, CLAIM_PAGE)).find_all("a", rel="edit")
    assert [link.attrs["href"] for link in links] == [
        "https://github.com/example/facts/edit/main/content/claims/toll-62-killed.yaml"]
    assert parse(text_of(site, "claims/index.html")).find_all("a", rel="edit") == []


def test_material_loads_no_fonts_from_google(project: Path, tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.INFO)
    site = tmp_path / "site"
    config = mkdocs_build(project, site)
    assert config.theme["font"] is False
    assert "fonts.googleapis.com" not in text_of(site, "index.html")
    assert ("generator: theme font: Material's Google Fonts are not used, the site loads nothing from other hosts "
            "(serve font files of your own with extra_css)") in logged(caplog, logging.INFO)


@pytest.mark.parametrize("settings, font", [
    ({"theme": {"font": False}}, False),
    ({"theme": {"name": "mkdocs"}, "plugins": [{"factcheck": {"templates_dir": str(TEMPLATES)}}]}, None),
])
def test_fonts_are_left_as_they_are_when_nothing_loads_them(project: Path, tmp_path: Path, caplog,
                                                             settings: dict, font: bool | None) -> None:
    caplog.set_level(logging.INFO)
    write_project(project / "content", project, extra_config={**REPO_SETTINGS, **settings})
    config = load(project, tmp_path / "site")
    config.plugins.on_startup(command="serve", dirty=False)
    config.plugins.on_config(config)
    assert config.theme.get("font") is font
    assert not [line for line in logged(caplog, logging.INFO) if "theme font" in line]


def test_content_warnings_are_shown_and_do_not_fail_a_strict_build(project: Path, tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.INFO)
    (project / "content" / "sources" / "unused.yaml").write_text(
        "title: Unused\npublisher: Nobody\nurl: https://unused.example.org/\nkind: news\n", encoding="utf-8")
    site = tmp_path / "site"
    mkdocs_build(project, site, strict=True)
    assert (site / CLAIM_PAGE).is_file()
    assert ("generator: content/sources/unused.yaml:1:1: warning: source 'unused' is cited by no claim or report "
            "(hint: cite it as evidence, or remove the file)") in logged(caplog, logging.INFO)
    assert logged(caplog, logging.WARNING) == []


def test_the_jobs_option_reaches_the_build(project: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    asked = []
    build_site = plugin_module.build_site

    def building(content_dir, site, settings, checks=None):
        asked.append(settings.jobs)
        return build_site(content_dir, site, replace(settings, jobs=1), checks)

    monkeypatch.setattr(plugin_module, "build_site", building)
    set_options(project, jobs=1)
    mkdocs_build(project, tmp_path / "site")
    set_options(project, jobs=2)
    mkdocs_build(project, tmp_path / "site")
    assert asked == [1, 2]


DRAFT_PAGE = Path("claims/drone-over-hospital/index.html")  # in tests/fixtures/drafts


@pytest.fixture
def drafts_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project with tests/fixtures/drafts as its content, and FACTCHECK_DRAFTS unset."""
    shutil.rmtree(project / "content")
    shutil.copytree(FIXTURES / "drafts", project / "content")
    monkeypatch.delenv("FACTCHECK_DRAFTS", raising=False)
    return project


def shows_the_draft(site: Path) -> bool:
    if not (site / DRAFT_PAGE).exists():
        return False
    page = parse(text_of(site, DRAFT_PAGE))
    assert page.one("meta", name="robots").attrs["content"] == "noindex"
    assert page.one("p", classes="fc-status-note").one("span", classes="fc-status").text() == "Draft"
    return True


def test_a_build_leaves_drafts_out_unless_the_option_or_the_variable_asks(drafts_project: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    mkdocs_build(drafts_project, tmp_path / "site")
    assert not shows_the_draft(tmp_path / "site")
    assert not parse(text_of(tmp_path / "site", CLAIM_PAGE)).find("meta", name="robots")
    set_options(drafts_project, drafts=True)
    mkdocs_build(drafts_project, tmp_path / "preview")
    assert shows_the_draft(tmp_path / "preview")
    set_options(drafts_project)
    monkeypatch.setenv("FACTCHECK_DRAFTS", "1")
    mkdocs_build(drafts_project, tmp_path / "forced")
    assert shows_the_draft(tmp_path / "forced")


def test_serve_shows_drafts_unless_the_variable_says_0(drafts_project: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    serve_build(drafts_project, tmp_path / "serve-site")
    assert shows_the_draft(tmp_path / "serve-site")
    MkDocsConfig.plugins.plugin_cache.clear()  # a new `mkdocs serve`
    monkeypatch.setenv("FACTCHECK_DRAFTS", "0")
    serve_build(drafts_project, tmp_path / "as-published")
    assert not shows_the_draft(tmp_path / "as-published")


def test_site_settings_reach_the_pages(project: Path, tmp_path: Path) -> None:
    write_project(project / "content", project, extra_config={
        **REPO_SETTINGS, "site_url": "https://other.example.org/", "site_description": "Checked.",
        "theme": {"language": "fr"}, "factcheck": {"publisher": {"name": "Desk"}, "feed_size": 1}})
    site = tmp_path / "site"
    mkdocs_build(project, site)
    review = text_of(site, "claimreview.json")
    assert '"name": "Desk: fact-checks", "url": "https://other.example.org/claimreview.json", "inLanguage": "fr"' in review
    assert text_of(site, "feed.xml").count("<entry>") == 1
    assert "Checked. Read how we rate claims" in article(site, "index.html")


def test_a_hand_written_page_is_used_instead_of_the_generated_one(tmp_path: Path, caplog,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.INFO)
    config_file = write_project(FIXTURES / "minimal", tmp_path / "project",
                                docs={"index.md": "# Our own home page\n"})
    monkeypatch.chdir(config_file.parent)
    site = tmp_path / "site"
    mkdocs_build(config_file.parent, site)
    assert parse(text_of(site, "index.html")).one("h1").text() == "Our own home page"
    assert (site / CLAIM_PAGE).is_file()
    assert (site / "feed.xml").is_file() and (site / "claimreview.json").is_file(), "generated after the home page"
    assert logged(caplog, logging.WARNING) == [
        "generator: docs/index.md is hand-written, so the generated page of that name is not used"]


# --- edit links ----------------------------------------------------------------------------------


def files_after_on_files(project: Path, tmp_path: Path, **settings) -> dict[str, File]:
    config = load(project, tmp_path / "site", **settings)
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    return {file.src_uri: file for file in files}


def test_edit_links_lead_from_docs_dir_to_each_yaml_file(project: Path, tmp_path: Path) -> None:
    files = files_after_on_files(project, tmp_path)
    assert files["claims/toll-62-killed.md"].edit_uri == "../content/claims/toll-62-killed.yaml"
    assert files["reports/briefing-review.md"].edit_uri == "../content/reports/briefing-review.yaml"
    assert files["methodology.md"].edit_uri == "../content/ratings.yaml"
    assert files["claims/index.md"].edit_uri is None
    assert files["feed.xml"].edit_uri is None
    assert files["index.md"].generated_by == "factcheck"


def test_edit_links_climb_out_of_a_nested_docs_dir_and_encode_each_name(project: Path, tmp_path: Path) -> None:
    (project / "pages").mkdir()
    shutil.move(project / "docs", project / "pages" / "docs")
    shutil.move(project / "content", project / "my content")
    write_project(project / "my content", project, extra_config={
        **REPO_SETTINGS, "docs_dir": "pages/docs", "factcheck": {"content_dir": "my content"}})
    files = files_after_on_files(project, tmp_path)
    assert files["claims/toll-62-killed.md"].edit_uri == "../../my%20content/claims/toll-62-killed.yaml"


def test_no_edit_link_for_content_or_docs_outside_the_project(project: Path, tmp_path: Path) -> None:
    shutil.move(project / "content", tmp_path / "elsewhere")
    set_options(project, content_dir="../elsewhere")
    assert files_after_on_files(project, tmp_path)["claims/toll-62-killed.md"].edit_uri is None
    shutil.move(tmp_path / "elsewhere", project / "content")
    shutil.move(project / "docs", tmp_path / "docs")
    write_project(project / "content", project, extra_config={**REPO_SETTINGS, "docs_dir": str(tmp_path / "docs")})
    assert files_after_on_files(project, tmp_path)["claims/toll-62-killed.md"].edit_uri is None


# --- errors: nothing is published and the previous site stays ------------------------------------


def test_a_content_error_fails_the_build_and_keeps_the_previous_site(project: Path, tmp_path: Path, caplog) -> None:
    site = tmp_path / "site"
    mkdocs_build(project, site)
    before = snapshot(site)
    break_claim(project)
    (project / "content" / "claims" / "strike-was-halted.yaml").write_text("claim: [\n", encoding="utf-8")
    caplog.clear()
    with pytest.raises(Abort):
        mkdocs_build(project, site)
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "generator: content/claims/strike-was-halted.yaml:2:1: error: YAML syntax error: while parsing a flow node, "
        "did not find expected node content",
        f"generator: {BROKEN_CLAIM}",
        "2 error(s) in content/: fix them and build again (the previous site is left as it was)",
    ]
    assert snapshot(site) == before
    assert beside(site) == []
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("jobs", [0, -1])
def test_jobs_below_one_are_refused_at_their_line(project: Path, tmp_path: Path, caplog, jobs: int) -> None:
    config_file = set_options(project, jobs=jobs)
    lines = config_file.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.strip() == f"jobs: {jobs}")
    column = lines[line - 1].index("jobs:") + len("jobs: ") + 1
    with pytest.raises(Abort):
        mkdocs_build(project, tmp_path / "site")
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [f"Config value 'plugins': mkdocs.yml:{line}:{column}: error: the factcheck plugin's jobs must be "
                      f"a whole number of at least 1, not {jobs} "
                      "(hint: leave it out for one process per CPU core on large sites)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_one_job_is_enough(project: Path, tmp_path: Path) -> None:
    set_options(project, jobs=1)
    mkdocs_build(project, tmp_path / "site")
    assert (tmp_path / "site" / CLAIM_PAGE).is_file()


def test_a_template_error_fails_the_build_with_the_templates_line(project: Path, tmp_path: Path, caplog) -> None:
    (project / "my-templates").mkdir()
    (project / "my-templates" / "claim.md.j2").write_text("# {{ claim.claim|text }}\n\n{{ no_such_value }}\n",
                                                           encoding="utf-8")
    set_options(project, overrides_dir="my-templates")
    with pytest.raises(Abort):
        mkdocs_build(project, tmp_path / "site")
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == ["my-templates/claim.md.j2:3: error: 'no_such_value' is undefined"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]
    assert gc.get_freeze_count() == 0


def test_a_missing_template_names_the_folders_searched(project: Path, tmp_path: Path) -> None:
    (project / "mine").mkdir()
    (project / "empty").mkdir()
    set_options(project, overrides_dir="mine", templates_dir="empty")
    config = load(project, tmp_path / "site")
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError) as raised:
        config.plugins.on_config(config)
    assert str(raised.value) == "error: template 'badge.html.j2' not found in mine, empty"
    set_options(project, templates_dir="empty")
    config = load(project, tmp_path / "site")
    with pytest.raises(PluginError) as raised:
        config.plugins.on_config(config)
    assert str(raised.value) == "error: template 'badge.html.j2' not found in empty"
    config.plugins.on_shutdown()
    assert beside(tmp_path / "site") == []


def test_a_strict_warning_keeps_the_previous_site(project: Path, tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.INFO)
    site = tmp_path / "site"
    mkdocs_build(project, site)
    before = snapshot(site)
    (project / "docs" / "broken.md").write_text("# Broken\n\nSee [a missing page](missing.md).\n", encoding="utf-8")
    with pytest.raises(Abort, match="Aborted with 1 warnings in strict mode!"):
        config = mkdocs_build(project, site, strict=True)
    assert snapshot(site) == before
    assert beside(site) == []
    assert f"generator: the build failed in strict mode: {site} is left as it was" in logged(caplog, logging.INFO)
    config = mkdocs_build(project, site)  # the same warning, not strict: published
    assert (site / "broken" / "index.html").is_file()
    assert config.site_dir == str(site)


def test_a_strict_build_that_fails_gives_site_dir_back_to_the_config(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    config = load(project, site, strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    assert config.site_dir == str(staging_path(site))
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    logging.getLogger("mkdocs.test").warning("a warning that fails a strict build")
    config.plugins.on_post_build(config=config)
    assert config.site_dir == str(site)
    assert beside(site) == [] and not site.exists()
    assert factcheck(config).staging_dir is None


def test_strict_abort_is_read_from_mkdocs_warning_counter() -> None:
    logger = logging.getLogger("mkdocs")
    logger.addHandler(logging.NullHandler())
    assert plugin_module._strict_build_will_abort() is False
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    logger.addHandler(counter)
    logging.getLogger("mkdocs.test").info("not counted")
    assert plugin_module._strict_build_will_abort() is False
    logging.getLogger("mkdocs.test").warning("counted")
    assert plugin_module._strict_build_will_abort() is True


# --- the staging folder ----------------------------------------------------------------------------


def test_a_clean_build_replaces_the_site_keeping_its_hidden_files(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(project, site)
    (site / ".nojekyll").write_text("", encoding="utf-8")
    (site / "stale.html").write_text("from an older build", encoding="utf-8")
    mkdocs_build(project, site)
    assert (site / ".nojekyll").is_file()
    assert not (site / "stale.html").exists()
    assert beside(site) == []


def test_a_dirty_build_starts_from_a_copy_of_the_site(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(project, site)
    (site / "kept-by-dirty.html").write_text("MkDocs --dirty does not clean", encoding="utf-8")
    config = load(project, site)
    config.plugins.on_startup(command="build", dirty=True)
    config = config.plugins.on_config(config)
    staged = Path(config.site_dir)
    assert staged == staging_path(site)
    assert (staged / "kept-by-dirty.html").is_file() and (staged / CLAIM_PAGE).is_file()
    config.plugins.on_shutdown()
    assert beside(site) == []
    mkdocs_build(project, site, dirty=True)
    assert (site / "kept-by-dirty.html").is_file()
    assert (site / CLAIM_PAGE).is_file()
    assert beside(site) == []


def test_a_symlinked_site_dir_stays_a_symlink(project: Path, tmp_path: Path) -> None:
    real = tmp_path / "real-site"
    real.mkdir()
    (tmp_path / "site").symlink_to(real)
    mkdocs_build(project, tmp_path / "site")
    assert (tmp_path / "site").is_symlink()
    assert (real / CLAIM_PAGE).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "real-site", "site"]


def test_a_build_interrupted_before_it_ends_leaves_no_staging_folder(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(project, site)
    before = snapshot(site)
    config = load(project, site)
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    assert beside(site) == [".site-staging"]
    assert gc.get_freeze_count() > 0, "what the build made is frozen until it ends"
    config.plugins.on_shutdown()  # Ctrl+C
    assert beside(site) == []
    assert snapshot(site) == before
    assert factcheck(config).staging_dir is None


def test_a_build_error_discards_the_staging_folder_and_thaws(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    config = load(project, site)
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    assert gc.get_freeze_count() > 0
    config.plugins.on_build_error(error=RuntimeError("a theme failed"))
    assert gc.get_freeze_count() == 0
    assert beside(site) == [] and not site.exists()
    assert config.site_dir == str(staging_path(site)), "MkDocs stops: the config is not used again"


def test_a_good_build_thaws_what_it_froze(project: Path, tmp_path: Path) -> None:
    mkdocs_build(project, tmp_path / "site")
    assert gc.get_freeze_count() == 0


def test_a_previous_site_left_by_a_killed_build_is_put_back_first(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    mkdocs_build(project, site)
    before = snapshot(site)
    site.rename(previous_path(site))
    break_claim(project)
    with pytest.raises(Abort):
        mkdocs_build(project, site)
    assert snapshot(site) == before
    assert beside(site) == []


# --- mkdocs serve ----------------------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[LiveReloadServer]:
    """A live-reload server that is not started: the plugin only tells it what to watch."""
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    yield server
    server.server_close()


def test_serve_watches_the_content_and_the_templates(project: Path, tmp_path: Path, server: LiveReloadServer) -> None:
    config = load(project, tmp_path / "site")
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    assert config.plugins.on_serve(server, config=config, builder=None) is server
    assert sorted(server._watched_paths) == sorted([str(project / "content"), str(TEMPLATES)])
    assert factcheck(config).folder_watch.folders == sorted([str(project / "content"), str(TEMPLATES)])

    set_options(project, overrides_dir="mine")
    (project / "mine").mkdir()
    config = load(project, tmp_path / "site")
    config = config.plugins.on_config(config)
    other = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    try:
        config.plugins.on_serve(other, config=config, builder=None)
        assert sorted(other._watched_paths) == sorted([str(project / "content"), str(TEMPLATES), str(project / "mine")])
    finally:
        other.server_close()


def test_serve_clean_switches_to_preview_at_on_serve(project: Path, tmp_path: Path, server: LiveReloadServer) -> None:
    """`mkdocs serve --clean` starts the plugin as for `mkdocs build`, then calls on_serve."""
    site = tmp_path / "site"
    config = mkdocs_build(project, site)
    plugin = factcheck(config)
    assert plugin.serving is False
    config.plugins.on_serve(server, config=config, builder=None)
    assert plugin.serving is True
    assert plugin.on_post_page("<html><head></head></html>", page=None, config=config) == "<html><head></head></html>"


def test_serve_builds_where_mkdocs_asks_without_staging_or_policy(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "serve-site"
    config = serve_build(project, site)
    plugin = factcheck(config)
    assert config.site_dir == str(site)
    assert plugin.staging_dir is None and plugin.site_dir is None
    assert beside(site) == []
    assert CSP not in text_of(site, CLAIM_PAGE), "livereload adds an inline script to every page it serves"
    assert CSP not in text_of(site, "404.html")
    assert [g.path for g in plugin.generated][:3] == [
        "claims/no-civilians-nearby.md", "claims/strike-was-halted.md", "claims/toll-62-killed.md"]


def test_serve_started_on_broken_content_shows_the_problems_as_home_page(project: Path, tmp_path: Path,
                                                                         caplog) -> None:
    break_claim(project)
    site = tmp_path / "serve-site"
    config = serve_build(project, site)
    plugin = factcheck(config)
    home = parse(text_of(site, "index.html"))
    assert home.one("h1").text() == "The content has errors"
    page = home.one(classes="md-content")
    assert [item.text() for item in page.find_all("li") if "toll-62-killed.yaml" in item.text()] == [BROKEN_CLAIM]
    banner = home.one(classes="fc-preview-problems")
    assert [item.text() for item in banner.find_all("li")] == [BROKEN_CLAIM]
    assert not (site / CLAIM_PAGE).exists()
    assert plugin.updated_by_path == {}
    assert logged(caplog, logging.ERROR) == [
        f"generator: {BROKEN_CLAIM}",
        "generator: 1 error(s) in content/: fix them and save; the preview updates when the content is valid"]


def test_serve_shows_content_problems_with_the_sites_own_template(project: Path, tmp_path: Path) -> None:
    (project / "my-templates").mkdir()
    (project / "my-templates" / "content_errors.md.j2").write_text(
        "# Our own error page\n\n{% for problem in problems %}\n- {{ problem|string|text }}\n{% endfor %}\n",
        encoding="utf-8")
    set_options(project, overrides_dir="my-templates")
    break_claim(project)
    site = tmp_path / "serve-site"
    serve_build(project, site)
    home = parse(text_of(site, "index.html"))
    assert home.one("h1").text() == "Our own error page"
    page = home.one(classes="md-content")
    assert [item.text() for item in page.find_all("li") if "toll-62-killed.yaml" in item.text()] == [BROKEN_CLAIM]


def test_serve_keeps_the_last_good_pages_while_the_content_is_broken(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "serve-site"
    serve_build(project, site)
    claim_page, home_page = text_of(site, CLAIM_PAGE), text_of(site, "index.html")
    break_claim(project)
    config = serve_build(project, site, first=False)
    assert replace_banner(text_of(site, CLAIM_PAGE), "") == claim_page
    assert replace_banner(text_of(site, "index.html"), "") == home_page
    banner = parse(text_of(site, CLAIM_PAGE)).one(classes="fc-preview-problems")
    assert [item.text() for item in banner.find_all("li")] == [BROKEN_CLAIM]
    assert "Four air strikes killed 62 soldiers" in article(site, CLAIM_PAGE)
    assert factcheck(config).updated_by_path["claims/toll-62-killed.md"] == date(2026, 11, 22)


def test_serve_shows_a_template_error_as_home_page_and_keeps_the_last_good_pages(project: Path, tmp_path: Path,
                                                                                 caplog) -> None:
    site = tmp_path / "serve-site"
    set_options(project, overrides_dir="my-templates")
    (project / "my-templates").mkdir()
    serve_build(project, site)
    claim_page = article(site, CLAIM_PAGE)
    (project / "my-templates" / "claim.md.j2").write_text("# {{ claim.claim|text }}\n\n{% if %}\n", encoding="utf-8")
    config = serve_build(project, site, first=False)
    home = parse(text_of(site, "index.html"))
    assert home.one("h1").text() == "A template has an error"
    message = "my-templates/claim.md.j2:3: error: Expected an expression, got 'end of statement block'"
    assert [item.text() for item in home.one(classes="md-content").find_all("li")
            if "claim.md.j2" in item.text()] == [message]
    assert [item.text() for item in home.one(classes="fc-preview-problems").find_all("li")] == [message]
    assert article(site, CLAIM_PAGE) == claim_page
    assert logged(caplog, logging.ERROR) == [f"generator: {message}"]
    assert sitemap_dates(site)["claims/toll-62-killed/"] == "2026-11-22", "the last good pages keep their dates"
    generated = [g.path for g in factcheck(config).generated]
    assert generated[0] == "index.md" and generated.count("index.md") == 1
    assert "claims/toll-62-killed.md" in generated


def test_serve_started_on_a_broken_template_shows_only_the_error(project: Path, tmp_path: Path) -> None:
    (project / "my-templates").mkdir()
    (project / "my-templates" / "badge.md.j2").write_text("{{ no_such_value }}", encoding="utf-8")
    set_options(project, overrides_dir="my-templates")
    site = tmp_path / "serve-site"
    config = serve_build(project, site)
    assert [g.path for g in factcheck(config).generated] == ["index.md"]
    assert factcheck(config).updated_by_path == {}
    assert parse(text_of(site, "index.html")).one("h1").text() == "A template has an error"
    assert not (site / CLAIM_PAGE).exists()


# --- single events ---------------------------------------------------------------------------------


def test_on_page_markdown_dates_only_generated_pages_and_keeps_the_text(project: Path, tmp_path: Path) -> None:
    config = load(project, tmp_path / "site")
    plugin = factcheck(config)
    plugin.updated_by_path = {"claims/a.md": date(2025, 4, 10)}
    dated = Page(None, File("claims/a.md", None, config.site_dir, True), config)
    undated = Page(None, File("about.md", config.docs_dir, config.site_dir, True), config)
    assert plugin.on_page_markdown("# A", page=dated, config=config, files=Files([])) == "# A"
    assert plugin.on_page_markdown("# B", page=undated, config=config, files=Files([])) == "# B"
    assert dated.update_date == "2025-04-10"
    assert undated.update_date != "2025-04-10"


def test_a_page_written_as_html_skips_markdown_and_gets_its_table_of_contents(project: Path, tmp_path: Path) -> None:
    config = load(project, tmp_path / "site")
    plugin = factcheck(config)
    plugin.updated_by_path, plugin.html_tocs = {}, {"claims/a.md": ((1, "a", "A &amp; *b*"), (2, "evidence", "Evidence"))}
    body = '<h1 id="a">A &amp; *b*</h1>\n<h2 id="evidence">Evidence</h2>\n<p>**not Markdown**</p>'
    config.plugins._current_plugin = "factcheck"  # as during on_files, where the plugin makes its files
    written = File.generated(config, "claims/a.md", content=f'---\ntitle: "T"\n---\n{body}')
    by_hand = File("claims/a.md", str(tmp_path), config.site_dir, True)  # a hand-written page of that path
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.md").write_text("# A\n\n**Markdown here**", encoding="utf-8")
    shown = {}
    for file in (written, by_hand):
        page = Page(None, file, config)
        page.read_source(config)
        page.markdown = plugin.on_page_markdown(page.markdown, page=page, config=config, files=Files([file]))
        page.render(config, Files([file]))
        shown[file is written] = page
    page = shown[True]
    assert page.content == body  # as written: no Markdown conversion
    assert [(item.title, item.id, [child.id for child in item.children]) for item in page.toc] == [
        ("A &amp; *b*", "a", ["evidence"])]
    assert page.present_anchor_ids == {"a", "evidence"} and page.title == "T"
    assert "<p><strong>Markdown here</strong></p>" in shown[False].content  # the hand-written page is converted


def test_the_theme_templates_get_the_policy_and_other_outputs_do_not(tmp_path: Path) -> None:
    plugin = FactCheckPlugin()
    page = "<html><head><title>x</title></head><body></body></html>"
    with_policy = plugin.on_post_template(page, template_name="404.html", config=None)
    assert with_policy.startswith("<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'")
    assert plugin.on_post_page(page, page=None, config=None) == with_policy
    assert plugin.on_post_template(page, template_name="sitemap.xml", config=None) == page
    plugin.on_startup(command="serve", dirty=False)
    assert plugin.on_post_template(page, template_name="404.html", config=None) == page
    assert plugin.on_post_page(page, page=None, config=None) == page


def test_on_post_build_of_a_preview_leaves_site_dir_alone(project: Path, tmp_path: Path) -> None:
    config = load(project, tmp_path / "site")
    plugin = factcheck(config)
    plugin.on_startup(command="serve", dirty=False)
    gc.freeze()
    plugin.on_post_build(config=config)
    assert gc.get_freeze_count() == 0
    assert config.site_dir == str(tmp_path / "site")
    plugin.on_shutdown()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


# --- search: Pagefind after the build; in a preview, in the background --------------------------------


def use_pagefind(project: Path) -> None:
    write_project(project / "content", project, extra_config={**REPO_SETTINGS, "factcheck": {"search": "pagefind"}})
    assert "search: pagefind" in (project / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_pagefind_build_indexes_the_staged_site_and_writes_no_material_index(project: Path, tmp_path: Path,
                                                                              caplog) -> None:
    use_pagefind(project)
    site = tmp_path / "site"
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        mkdocs_build(project, site)
    (said,) = [message for message in logged(caplog, logging.INFO) if "Pagefind indexed" in message]
    assert re.fullmatch(r"generator: Pagefind indexed the site in \d+\.\d\d s", said)  # what the benchmark reads
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert not (site / "search" / "search_index.json").exists()
    assert "data-pagefind-body" in (site / CLAIM_PAGE).read_text(encoding="utf-8")


def test_a_failing_pagefind_keeps_the_last_site(project: Path, tmp_path: Path, monkeypatch, caplog) -> None:
    from generator.pagefind_index import PagefindError

    use_pagefind(project)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good", encoding="utf-8")

    def failing(site_dir: Path) -> None:
        raise PagefindError(f"Pagefind failed to index {site_dir}: broken", "a hint")

    monkeypatch.setattr(plugin_module, "index_site", failing)
    with pytest.raises(Abort):
        mkdocs_build(project, site)
    assert snapshot(site) == {"index.html": b"last good"}
    line = next(number for number, text in enumerate((project / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text.strip() == "search: pagefind")
    (said,) = [r.getMessage() for r in caplog.records if "Pagefind failed" in r.getMessage()]
    assert said == (f"mkdocs.yml:{line}:13: error: Pagefind failed to index {tmp_path / '.site-staging'}: broken "
                    "(hint: a hint)")


def test_the_preview_indexes_with_pagefind_in_the_background(project: Path, tmp_path: Path, monkeypatch) -> None:
    """The build (and so the reload) does not wait for Pagefind; the index appears once it has run."""
    import threading

    from generator import pagefind_index

    use_pagefind(project)
    release = threading.Event()
    real = pagefind_index.index_site

    def held(site_dir: Path, *, background: bool = False) -> None:
        release.wait(30)
        real(site_dir, background=background)

    monkeypatch.setattr(pagefind_index, "index_site", held)
    site = tmp_path / "serve-site"
    config = serve_build(project, site)
    indexer = factcheck(config).indexer
    assert indexer is not None and not (site / "pagefind").exists(), "the build waited for Pagefind"
    release.set()
    assert indexer.wait(60) and indexer.runs == 1
    assert (site / "pagefind" / "pagefind-entry.json").is_file()


# --- language editions ---------------------------------------------------------------------------


def test_an_edition_without_its_translations_stops_at_the_option(project: Path, tmp_path: Path, caplog) -> None:
    set_options(project, edition="ar")
    with pytest.raises(Abort):
        mkdocs_build(project, tmp_path / "site")
    assert any("mkdocs.yml:" in message and "error: the Arabic edition has no translations: "
               "content/translations/ar/ does not exist (hint: translate the content there "
               "(python -m generator new claim --lang ar ID), or correct the edition's language)" in message
               for message in [r.getMessage() for r in caplog.records])
    assert not (tmp_path / "site").exists()


def test_an_edition_needs_the_theme_in_its_language(project: Path, tmp_path: Path, caplog) -> None:
    shutil.rmtree(project / "content")
    shutil.copytree(FIXTURES / "translated", project / "content")
    set_options(project, edition="ar")  # theme.language stays en
    with pytest.raises(Abort):
        mkdocs_build(project, tmp_path / "site")
    assert any("error: the Arabic edition's theme is in 'en': its pages would say so "
               "(hint: set theme.language: ar in mkdocs.yml)" in r.getMessage() for r in caplog.records)


def test_without_translations_no_page_has_hreflang_links_or_a_language_selector(project: Path, tmp_path: Path) -> None:
    config = mkdocs_build(project, tmp_path / "site")
    assert factcheck(config).editions is None and "alternate" not in config.extra
    for page in (tmp_path / "site").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        assert "hreflang" not in text and "md-select__link" not in text, page


# --- a save in the preview, step by step, with a stand-in for the last full build ------------------


class ServedStandIn:
    """What _update_served_site asks of the last full build (generator.incremental.ServedBuild), recorded."""

    def __init__(self, site_dir: Path, *, updated: bool = True) -> None:
        self.config = MkDocsConfig()
        self.config.site_dir = str(site_dir)
        self.inputs = {"mkdocs.yml": 1}
        self.env = type("Env", (), {"globals": {"factcheck_latest": [{"title": "old"}]}})()
        self.updated = updated
        self.rendered = ["claims/a/index.md", "claims/b/index.md"]
        self.generated = {"claims/a/index.md": b"", "claims/b/index.md": b"", "index.md": b""}
        self.calls: list[tuple] = []

    def show_banner(self, banner: str) -> None:
        self.calls.append(("show_banner", banner))

    def update(self, generated, banner: str) -> bool:
        self.calls.append(("update", generated, banner))
        return self.updated

    def render_theme_page(self, name: str) -> None:
        self.calls.append(("render_theme_page", name))


@pytest.fixture
def saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A serving plugin whose last full build is a ServedStandIn, whose content renders to one page
    (or to the errors set in plugin.next_errors), and whose clock says 2.50 s pass between a save and its pages."""
    plugin = FactCheckPlugin()
    plugin.load_config({})
    plugin.serving = True
    plugin.served = served = ServedStandIn(tmp_path / "site")
    plugin.reused_pages = type("Reused", (), {"reused": 7})()
    plugin.next_errors = []
    plugin.indexed = []
    monkeypatch.setattr(plugin, "_other_inputs", lambda config: {"mkdocs.yml": 1})
    monkeypatch.setattr(plugin, "_index_preview", plugin.indexed.append)

    def generate(config: MkDocsConfig) -> None:
        assert config is served.config
        plugin._found(plugin.next_errors, [])
        plugin.generated = ["the pages"]
        plugin.latest = [{"title": "new"}]

    monkeypatch.setattr(plugin, "_generate", generate)
    clock = iter([100.0, 102.5])
    monkeypatch.setattr(plugin_module, "time", type("Clock", (), {"monotonic": staticmethod(lambda: next(clock))}))
    return plugin


def test_a_content_save_renders_the_changed_pages_with_the_banner_and_the_latest_on_the_404_page(saved, caplog) -> None:
    caplog.set_level(logging.INFO)
    assert saved._update_served_site() is True
    served = saved.served
    assert served.calls == [("update", ["the pages"], ""), ("render_theme_page", "404.html")]
    assert served.env.globals["factcheck_latest"] == [{"title": "new"}]
    assert saved.indexed == []  # Material's search: no Pagefind index to make
    assert logged(caplog, logging.INFO) == [
        "generator: Rendered the 2 changed page(s) of 3 generated files in 2.50 s (only content changed since the last full "
        "build; 7 pages as they were)"]


def test_a_save_that_leaves_the_latest_fact_checks_as_they_were_does_not_render_the_404_page(saved) -> None:
    saved.served.env.globals["factcheck_latest"] = [{"title": "new"}]
    assert saved._update_served_site() is True
    assert [call[0] for call in saved.served.calls] == ["update"]


def test_a_content_save_with_pagefind_indexes_the_served_site(saved) -> None:
    saved.search_engine = plugin_module.PAGEFIND
    assert saved._update_served_site() is True
    assert saved.indexed == [Path(saved.served.config.site_dir)]


def test_a_broken_save_shows_its_problems_above_the_last_good_pages(saved, caplog) -> None:
    from generator.preview import Notice
    caplog.set_level(logging.INFO)
    saved.next_errors = [Notice("claims/a.yaml:1:1: error: broken")]
    assert saved._update_served_site() is True
    [(call, banner)] = saved.served.calls
    assert call == "show_banner" and "claims/a.yaml:1:1: error: broken" in banner and banner == saved.preview_banner
    assert logged(caplog, logging.INFO) == ["generator: Showed the problems above the last good pages in 2.50 s"]


def test_the_changed_pages_get_the_banner_of_the_saves_warnings(saved) -> None:
    from generator.preview import Notice

    def generate(config: MkDocsConfig) -> None:
        saved._found([], [Notice("sources/s.yaml:1:1: warning: no archive")])
        saved.generated, saved.latest = ["the pages"], []

    saved._generate = generate
    assert saved._update_served_site() is True
    [(_, _, banner), _] = saved.served.calls
    assert "no archive" in banner and banner == saved.preview_banner


@pytest.mark.parametrize("why", ["incremental off", "no full build yet", "other inputs changed", "template error",
                                 "update refused"])
def test_a_save_gets_a_full_build_when_only_a_full_build_can_show_it(saved, monkeypatch, why: str) -> None:
    from jinja2 import TemplateError

    if why == "incremental off":
        saved.config.incremental = False
    elif why == "no full build yet":
        saved.served = None
    elif why == "other inputs changed":
        monkeypatch.setattr(saved, "_other_inputs", lambda config: {"mkdocs.yml": 2})
    elif why == "template error":
        monkeypatch.setattr(saved, "_generate", lambda config: (_ for _ in ()).throw(TemplateError("x")))
    else:
        saved.served.updated = False
    served = saved.served
    assert saved._update_served_site() is False
    if served is not None and why != "update refused":
        assert served.calls == []


def test_after_a_save_the_server_falls_back_to_its_full_build_only_when_needed(saved, tmp_path: Path,
                                                                                monkeypatch) -> None:
    server = type("Server", (), {})()
    full_builds: list[int] = []
    server.builder = lambda: full_builds.append(1)
    monkeypatch.setattr(plugin_module, "FolderWatch", lambda server, folders: None)
    saved.content_dir, saved.templates_dir, saved.base = tmp_path / "content", tmp_path / "templates", tmp_path
    assert saved.on_serve(server, config=MkDocsConfig(), builder=None) is server
    answers = iter([True, False])
    monkeypatch.setattr(saved, "_update_served_site", lambda: next(answers))
    last = saved.served
    server.builder()
    assert full_builds == [] and saved.served is last
    server.builder()
    assert full_builds == [1] and saved.served is None


def test_a_build_error_forgets_the_served_build(saved) -> None:
    saved.on_build_error(error=RuntimeError("x"))
    assert saved.served is None


def test_a_template_error_in_the_preview_keeps_the_tables_of_contents_of_the_last_good_pages(tmp_path: Path,
                                                                                          caplog) -> None:
    from jinja2 import TemplateError

    from generator.render import GeneratedFile

    plugin = FactCheckPlugin()
    plugin.load_config({})
    plugin.serving, plugin.base, plugin.templates_dir = True, tmp_path, tmp_path / "templates"
    toc = ((1, "toll", "Toll"),)
    plugin.generated = [GeneratedFile("index.md", b"home", toc=toc), GeneratedFile("claims/a/index.md", b"a", toc=toc),
                        GeneratedFile("feed.xml", b"<rss/>")]
    plugin._template_failed(TemplateError("unexpected '}'"))
    assert [g.path for g in plugin.generated] == ["index.md", "claims/a/index.md", "feed.xml"]
    assert plugin.generated[0].toc is None  # the error page, written as Markdown
    assert plugin.html_tocs == {"claims/a/index.md": toc}
    assert "error: unexpected &#39;}&#39;" in plugin.preview_banner  # escaped: a message can quote the template


def test_the_time_pagefind_took_is_logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    caplog.set_level(logging.INFO)
    plugin = FactCheckPlugin()
    plugin.staging_dir = tmp_path
    indexed = []
    monkeypatch.setattr(plugin_module, "index_site", indexed.append)
    clock = iter([100.0, 102.5])
    monkeypatch.setattr(plugin_module, "time", type("Clock", (), {"monotonic": staticmethod(lambda: next(clock))}))
    plugin._index_staged_site()
    assert indexed == [tmp_path]
    assert logged(caplog, logging.INFO) == ["generator: Pagefind indexed the site in 2.50 s"]
