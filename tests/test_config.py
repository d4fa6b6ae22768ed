"""generator.config in-process: the factcheck plugin's options, declared once, checked the same way by
MkDocs for the plugin and by `python -m generator build` and `validate` for mkdocs.yml.

Each bad value is reported as `mkdocs.yml:line:column: error: message (hint: ...)`, never as a traceback.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from sitebuild import FIXTURES

from generator import cli
from generator.config import (DRAFTS_VARIABLE, FEED_SIZE_MAX, FactCheckConfig, Flag, OptionError, Text, WholeNumber,
                              defaults, include_drafts, validate_options)
from generator.i18n import Localizer
from generator.output import site_from_mkdocs_yml
from generator.plugin import FactCheckPlugin
from generator.site import Site, site_from_settings

FEED_HINT = "(hint: the number of latest fact-checks the Atom feed lists)"
ONE_TO_MAX = f"must be a whole number from 1 to {FEED_SIZE_MAX}"


@pytest.fixture(autouse=True)
def fresh_mkdocs() -> Iterator[None]:
    """MkDocs keeps a plugin that has on_startup for the next load_config of the process: not this one's."""
    cache = MkDocsConfig.plugins.plugin_cache
    logger = logging.getLogger("mkdocs")
    propagate = logger.propagate
    cache.clear()
    logger.propagate = True  # to caplog
    yield
    cache.clear()
    logger.propagate = propagate


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder: the minimal content, docs/, and no mkdocs.yml yet."""
    shutil.copytree(FIXTURES / "minimal", tmp_path / "content")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def with_options(project: Path, *lines: str) -> Path:
    """mkdocs.yml whose factcheck entry holds these option lines; the first is at line 5, column 7."""
    path = project / "mkdocs.yml"
    path.write_text("site_name: Test\nplugins:\n  - search\n  - factcheck:\n"
                    + "".join(f"      {line}\n" for line in lines), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("line, message", [
    ('feed_size: "ten"',
     f"mkdocs.yml:5:18: error: the factcheck plugin's feed_size {ONE_TO_MAX}, not 'ten' {FEED_HINT}"),
    ("feed_size: 0", f"mkdocs.yml:5:18: error: the factcheck plugin's feed_size {ONE_TO_MAX}, not 0 {FEED_HINT}"),
    ("feed_size: 1001", f"mkdocs.yml:5:18: error: the factcheck plugin's feed_size {ONE_TO_MAX}, not 1001 {FEED_HINT}"),
    ("feed_size: 2.5", f"mkdocs.yml:5:18: error: the factcheck plugin's feed_size {ONE_TO_MAX}, not 2.5 {FEED_HINT}"),
    ("feed_size: true", f"mkdocs.yml:5:18: error: the factcheck plugin's feed_size {ONE_TO_MAX}, not True {FEED_HINT}"),
    ("feed_size:", f"mkdocs.yml:5:17: error: the factcheck plugin's feed_size {ONE_TO_MAX}, not null {FEED_HINT}"),
    ("content_dir: null", "mkdocs.yml:5:20: error: the factcheck plugin's content_dir must be non-empty text, not null "
                          "(hint: a folder relative to mkdocs.yml, such as content)"),
    ('content_dir: ""', "mkdocs.yml:5:20: error: the factcheck plugin's content_dir must not be empty "
                        "(hint: a folder relative to mkdocs.yml, such as content)"),
    ("about_page: 5", "mkdocs.yml:5:19: error: the factcheck plugin's about_page must be text, not 5 "
                      "(hint: a page in docs_dir such as about.md, or '' for no link)"),
    ("corrections_page: [a.md]", "mkdocs.yml:5:25: error: the factcheck plugin's corrections_page must be text, "
                                 "not ['a.md'] (hint: a page in docs_dir such as corrections.md, or '' for no link)"),
    ("jobs: 0", "mkdocs.yml:5:13: error: the factcheck plugin's jobs must be a whole number of at least 1, not 0 "
                "(hint: leave it out for one process per CPU core on large sites)"),
    ("publisher: {name: Desk, url: 3}", "mkdocs.yml:5:36: error: the factcheck plugin's publisher.url must be "
                                        "non-empty text, not 3 (hint: an address such as https://desk.example.org/)"),
    ("publisher: Desk", "mkdocs.yml:5:18: error: the factcheck plugin's publisher must be a mapping of options "
                        "(name: value), not 'Desk' (hint: its options are: name, url, logo)"),
    ("drafts: 1", "mkdocs.yml:5:15: error: the factcheck plugin's drafts must be true or false, not 1 "
                  "(hint: true to show drafts in a preview; leave it out for the published site)"),
    ("drafts: 'yes'", "mkdocs.yml:5:15: error: the factcheck plugin's drafts must be true or false, not 'yes' "
                      "(hint: true to show drafts in a preview; leave it out for the published site)"),
    ("drafts:", "mkdocs.yml:5:14: error: the factcheck plugin's drafts must be true or false, not null "
                "(hint: true to show drafts in a preview; leave it out for the published site)"),
    ("incremental: 0", "mkdocs.yml:5:20: error: the factcheck plugin's incremental must be true or false, not 0 "
                       "(hint: false to have `mkdocs serve` rebuild the whole site after every save)"),
    ("search: lunr", "mkdocs.yml:5:15: error: the factcheck plugin's search must be one of auto, material, pagefind, "
                     "not 'lunr' (hint: auto (Pagefind on large sites), material or pagefind)"),
    ("search: true", "mkdocs.yml:5:15: error: the factcheck plugin's search must be one of auto, material, pagefind, "
                     "not True (hint: auto (Pagefind on large sites), material or pagefind)"),
    ("pagefind_from_pages: 0", "mkdocs.yml:5:28: error: the factcheck plugin's pagefind_from_pages must be a whole "
                               "number of at least 1, not 0 (hint: the number of pages from which `search: auto` uses "
                               "Pagefind)"),
    ("digits: arab", "mkdocs.yml:5:15: error: the factcheck plugin's digits must be one of latn, native, not 'arab' "
                     "(hint: latn for the digits 0-9, or native for the language's own digits)"),
])
def test_each_bad_value_is_refused_at_its_line_and_column(line: str, message: str, project: Path, capsys) -> None:
    with_options(project, line)
    assert run(capsys, "build", "--out", "pages") == (
        1, f"{message}\nmkdocs.yml: 1 error, 0 warnings; nothing was written\n", "")
    assert not (project / "pages").exists()
    code, out, _ = run(capsys, "validate")
    assert (code, out.splitlines()[0], out.splitlines()[-1]) == (1, message, "content: 1 error, 0 warnings")


def test_every_bad_option_is_reported_in_one_run(project: Path, capsys) -> None:
    """MkDocs' own validation stops at the first bad option; each one is reported."""
    with_options(project, 'feed_size: "ten"', "content_dir: null", "about_page: 5")
    code, out, _ = run(capsys, "build", "--out", "pages")
    assert code == 1
    assert [line.split(": error: ")[0] for line in out.splitlines()] == [
        "mkdocs.yml:5:18", "mkdocs.yml:6:20", "mkdocs.yml:7:19",
        "mkdocs.yml: 3 errors, 0 warnings; nothing was written"]


def test_options_that_are_not_a_mapping_are_refused_at_the_entry(project: Path, capsys) -> None:
    (project / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - factcheck: 5\n", encoding="utf-8")
    assert run(capsys, "build", "--out", "pages")[:2] == (1, (
        "mkdocs.yml:3:16: error: the factcheck plugin's options must be a mapping (name: value), not 5 "
        "(hint: indent each option under `- factcheck:`, such as `content_dir: content`)\n"
        "mkdocs.yml: 1 error, 0 warnings; nothing was written\n"))


def test_an_unknown_option_is_a_warning_naming_the_closest_one(project: Path, capsys) -> None:
    with_options(project, "feedsize: 3")
    code, out, _ = run(capsys, "build", "--out", "pages")
    assert code == 0
    assert out.splitlines()[0] == ("mkdocs.yml:5:7: warning: the factcheck plugin has no option 'feedsize' "
                                   "(hint: did you mean 'feed_size'?)")


def test_a_good_feed_size_reaches_the_site(project: Path) -> None:
    path = with_options(project, f"feed_size: {FEED_SIZE_MAX}", "about_page: ''")
    site, options, warnings = site_from_mkdocs_yml(path)
    assert (site.feed_size, site.about_page, options.feed_size, warnings) == (FEED_SIZE_MAX, None, FEED_SIZE_MAX, [])


def test_the_digits_reach_the_site(project: Path) -> None:
    site, options, warnings = site_from_mkdocs_yml(with_options(project, "digits: native"))
    assert (site.digits, options.digits, warnings) == ("native", "native", [])
    assert site.localizer == Localizer("en", "native")


def test_validate_options_reports_each_failure_and_keeps_the_good_values() -> None:
    config, failures, warnings = validate_options({"feed_size": 0, "jobs": "x", "about_page": "us.md", "extra": 1})
    assert [name for name, _ in failures] == ["feed_size", "jobs"]
    assert config.about_page == "us.md"
    assert warnings == [("extra", "Unrecognised configuration name: extra")]


# --- the plugin: the same declarations, the same defaults, the same messages --------------------


def test_the_plugin_declares_its_options_with_these_classes() -> None:
    assert FactCheckPlugin.config_class is FactCheckConfig


def test_the_defaults_are_the_plugins(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - factcheck\n", encoding="utf-8")
    plugin_options = load_config(config_file=str(project / "mkdocs.yml")).plugins["factcheck"].config
    site, options, warnings = site_from_mkdocs_yml(project / "mkdocs.yml")
    assert dict(plugin_options) == dict(options) == dict(defaults())
    assert dict(defaults()) == {
        "content_dir": "content", "templates_dir": None, "overrides_dir": None,
        "publisher": {"name": "Fact-check desk", "url": None, "logo": None}, "feed_size": 50,
        "about_page": "about.md", "corrections_page": "corrections.md", "jobs": None, "drafts": False, "share_cards": True,
        "incremental": True, "search": "auto", "pagefind_from_pages": 500, "digits": "latn", "edition": None,
    }
    assert site == Site(name="Test") == site_from_settings(plugin_options, site_url=None, description=None, language=None,
                                                           name="Test")
    assert warnings == []


def test_feed_size_0_is_refused_by_the_plugin_and_the_command_line(project: Path, caplog, capsys) -> None:
    path = with_options(project, "content_dir: content", "feed_size: 0")
    message = f"mkdocs.yml:6:18: error: the factcheck plugin's feed_size {ONE_TO_MAX}, not 0 {FEED_HINT}"
    with pytest.raises(Abort):
        load_config(config_file=str(path))
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [f"Config value 'plugins': {message}"]
    assert run(capsys, "build", "--out", "pages")[:2] == (
        1, f"{message}\nmkdocs.yml: 1 error, 0 warnings; nothing was written\n")


def test_the_plugin_reports_every_bad_option_at_its_position(project: Path) -> None:
    path = with_options(project, "feed_size: 0", "jobs: -1")
    with pytest.raises(ValidationError) as raised:
        FactCheckPlugin().load_config({"feed_size": 0, "jobs": -1}, str(path))
    assert [line.split(": error: ")[0] for line in str(raised.value).splitlines()] == [
        "mkdocs.yml:5:18", "mkdocs.yml:6:13"]


def test_an_edition_is_a_language_tag_in_lowercase(project: Path) -> None:
    path = with_options(project, "edition: Arabic")
    with pytest.raises(ValidationError) as raised:
        FactCheckPlugin().load_config({"edition": "Arabic"}, str(path))
    assert str(raised.value) == (
        "mkdocs.yml:5:16: error: the factcheck plugin's edition must be a language tag in lowercase, such as ar, "
        "not 'Arabic' (hint: a folder of content/translations/, such as ar; leave it out for the default edition)")
    assert FactCheckPlugin().load_config({"edition": "ar"}, str(with_options(project, "edition: ar"))) == ([], [])


def test_the_plugin_accepts_good_options(project: Path) -> None:
    path = with_options(project, "feed_size: 1", "about_page: ''")
    plugin = FactCheckPlugin()
    assert plugin.load_config({"feed_size": 1, "about_page": ""}, str(path)) == ([], [])
    assert (plugin.config.feed_size, plugin.config.about_page) == (1, "")


# --- drafts: the option, FACTCHECK_DRAFTS and `mkdocs serve` ---------------------------------------


def test_drafts_are_off_unless_asked_for(project: Path) -> None:
    assert defaults().drafts is False
    site, options, warnings = site_from_mkdocs_yml(with_options(project, "drafts: true"))
    assert (options.drafts, warnings) == (True, [])


@pytest.mark.parametrize("option, serving, variable, included", [
    (False, False, None, False),  # mkdocs build, python -m generator build: the published site
    (True, False, None, True),
    (False, False, "1", True), (False, False, " TRUE ", True), (False, False, "yes", True), (False, False, "on", True),
    (False, False, "0", False), (False, False, "", False),
    (False, True, None, True),  # mkdocs serve: a preview
    (False, True, "", True),
    (False, True, "0", False), (False, True, "false", False),  # the site as it would be published
    (True, True, "0", True),  # the option asks for them
])
def test_include_drafts(option: bool, serving: bool, variable: str | None, included: bool) -> None:
    environ = {} if variable is None else {DRAFTS_VARIABLE: variable}
    assert include_drafts(option, serving=serving, environ=environ) is included


def test_the_variable_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert DRAFTS_VARIABLE == "FACTCHECK_DRAFTS"
    monkeypatch.setenv(DRAFTS_VARIABLE, "1")
    assert include_drafts(False, serving=False)
    monkeypatch.setenv(DRAFTS_VARIABLE, "0")
    assert not include_drafts(False, serving=True)


def test_an_option_error_reads_as_its_message_and_hint() -> None:
    """As MkDocs prints it for a plugin configured without a mkdocs.yml (a build in code)."""
    assert str(OptionError("must be true or false, not 1", "leave it out")) == "must be true or false, not 1 (hint: leave it out)"
    assert str(OptionError("must not be empty")) == "must not be empty"
    error = OptionError("must be text", "a page", ("url",))
    assert (error.message, error.hint, error.names) == ("must be text", "a page", ("url",))


def test_option_kinds_made_here_hold_what_they_are_given() -> None:
    """Options are made when generator.config is imported; these are made by the test itself."""
    number = WholeNumber(minimum=2, maximum=4, default=3, hint="two to four")
    assert (number.minimum, number.maximum, number.default, number.hint) == (2, 4, 3, "two to four")
    assert number.run_validation(4) == 4
    with pytest.raises(OptionError, match="from 2 to 4, not 5"):
        number.run_validation(5)
    assert WholeNumber(minimum=1).run_validation(None) is None
    text = Text()
    assert (text.default, text.optional, text.may_be_empty, text.hint) == (None, False, True, None)
    with pytest.raises(OptionError, match="must be text, not null"):
        text.run_validation(None)
    assert text.run_validation("") == ""
    assert Text(optional=True).run_validation(None) is None
    flag = Flag(default=True, hint="yes or no")
    assert (flag.default, flag.hint) == (True, "yes or no")
