"""`python -m generator build --out DIR`: the folder it writes is marked as its own, so a rebuild
replaces it whole (stale pages gone, nothing left beside it), and an empty folder is taken as new."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pngs import comparable

from generator.cli import main
from generator.build import Settings, build_site
from generator.config import defaults
from generator import output
from generator.output import MARKER, OutputError, SettingsError, option_problems, site_from_mkdocs_yml, write_files
from generator.render import GeneratedFile
from generator.site import Publisher, Site
from sitebuild import FIXTURES, REPO, TEMPLATES

VARIED = FIXTURES / "varied"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with the varied content and a mkdocs.yml naming the default templates."""
    shutil.copytree(VARIED, tmp_path / "content")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Output test\nplugins:\n  - factcheck:\n      templates_dir: {TEMPLATES}\n", encoding="utf-8")
    return tmp_path


def build(project: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["build", "--content", str(project / "content"), "--config", str(project / "mkdocs.yml"),
                 "--out", str(out)])
    return code, capsys.readouterr().out


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_a_build_marks_its_folder_and_a_rebuild_replaces_it_whole(project: Path, capsys) -> None:
    out = project / "out"
    assert build(project, out, capsys)[0] == 0
    first = files_in(out)
    assert MARKER in first and "claims/curfew-lifted.md" in first

    (project / "content" / "claims" / "curfew-lifted.yaml").unlink()
    report = project / "content" / "reports" / "council-session-review.yaml"
    report.unlink()
    (out / "notes.txt").write_text("left in the generated folder\n", encoding="utf-8")
    code, printed = build(project, out, capsys)

    assert code == 0, printed
    # Gone with them: the claim's embeddable card, its share card and the report's.
    assert files_in(out) == {p for p in first if not p.startswith(("claims/curfew-lifted", "reports/council-session-review"))}
    assert {"claims/curfew-lifted/embed.md", "claims/curfew-lifted/share.png", "reports/council-session-review/share.png"} < first
    # Beside mkdocs.yml: the share cards' cache, no staging or previous copy of the folder.
    assert sorted(p.name for p in project.iterdir()) == [".cache", "content", "mkdocs.yml", "out"], \
        "a rebuild leaves no staging or previous copy beside the folder"


def test_a_folder_holding_only_the_marker_is_replaced(project: Path, capsys) -> None:
    out = project / "out"
    out.mkdir()
    (out / MARKER).write_text("", encoding="utf-8")
    code, printed = build(project, out, capsys)
    assert code == 0, printed
    assert "claims/curfew-lifted.md" in files_in(out)


def test_an_empty_existing_folder_is_written_into(project: Path, capsys) -> None:
    out = project / "out"
    out.mkdir()
    code, printed = build(project, out, capsys)
    assert code == 0, printed
    assert {MARKER, "index.md", "claims/curfew-lifted.md"} <= files_in(out)


def test_a_marker_in_a_subfolder_does_not_make_the_folder_ours(project: Path, capsys) -> None:
    out = project / "out"
    (out / "old-build").mkdir(parents=True)
    (out / "old-build" / MARKER).write_text("", encoding="utf-8")
    (out / "thesis.tex").write_text("someone's work\n", encoding="utf-8")
    code, printed = build(project, out, capsys)
    assert code == 1
    assert f"error: {out} has files this generator did not write" in printed
    assert files_in(out) == {f"old-build/{MARKER}", "thesis.tex"}


# --- in-process: the site settings, the option positions, writing the folder ----------------------

GOLDEN = REPO / "tests" / "golden"


def settings(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_bytes(text.encode(encoding))
    return path


def test_the_golden_pages_are_generated_in_process(tmp_path: Path) -> None:
    """The counterpart of test_golden.py's `python -m generator build`, in this process."""
    site, options, warnings = site_from_mkdocs_yml(GOLDEN / "mkdocs.yml")
    assert warnings == []
    build = build_site(GOLDEN / options.content_dir, site, Settings(GOLDEN / options.templates_dir, jobs=1))
    write_files(build.files, tmp_path / "out")
    written = {p.relative_to(tmp_path / "out").as_posix(): comparable(p.name, p.read_bytes())
               for p in sorted((tmp_path / "out").rglob("*")) if p.is_file()}
    expected = {p.relative_to(GOLDEN / "minimal").as_posix(): comparable(p.name, p.read_bytes())
                for p in sorted((GOLDEN / "minimal").rglob("*")) if p.is_file()}
    assert sorted(written) == sorted(expected)
    assert [name for name in written if written[name] != expected[name]] == []


def test_site_settings_come_from_mkdocs_yml_and_the_plugin_options(tmp_path: Path) -> None:
    path = settings(tmp_path, (
        "site_name: x\nsite_url: https://s.example.org/\nsite_description: About facts.\n"
        "theme:\n  name: material\n  language: fr\n"
        "plugins:\n  - search\n  - factcheck:\n      feed_size: 7\n      about_page: ''\n"
        "      publisher: {name: Desk, url: https://d.example.org/, logo: logo.png}\n"
        "extra: !ENV [HOME]\nhooks: !!python/name:os.getcwd\n"))
    site, options, warnings = site_from_mkdocs_yml(path)
    assert site == Site(publisher=Publisher("Desk", "https://d.example.org/", "logo.png"),
                        site_url="https://s.example.org/", description="About facts.", language="fr",
                        about_page=None, corrections_page="corrections.md", feed_size=7, name="x")
    assert dict(options) == {**defaults(), "feed_size": 7, "about_page": "", "publisher": {
        "name": "Desk", "url": "https://d.example.org/", "logo": "logo.png"}}
    assert warnings == []


@pytest.mark.parametrize("text", [
    "site_name: x\n",
    "site_name: x\nplugins:\n  - search\n  - factcheck:\n  - other: {}\ntheme: material\n",
    "",
])
def test_site_settings_without_plugin_options_are_the_defaults(tmp_path: Path, text: str) -> None:
    assert site_from_mkdocs_yml(settings(tmp_path, text)) == (Site(name="x" if text else ""), defaults(), [])


def test_a_missing_mkdocs_yml_gives_the_defaults(tmp_path: Path) -> None:
    assert site_from_mkdocs_yml(tmp_path / "mkdocs.yml") == (Site(), defaults(), [])
    (tmp_path / "folder.yml").mkdir()
    assert site_from_mkdocs_yml(tmp_path / "folder.yml") == (Site(), defaults(), [])


def test_the_last_factcheck_entry_gives_the_options(tmp_path: Path) -> None:
    path = settings(tmp_path, "plugins:\n  - factcheck: {feed_size: 1}\n  - factcheck: {feed_size: 2}\n")
    assert site_from_mkdocs_yml(path)[1].feed_size == 2


@pytest.mark.parametrize("text, encoding, message", [
    ("site_name: x\nplugins: [\n", "utf-8",
     ":3:1: error: cannot read the site settings: expected the node content, but found '<stream end>'"),
    ("- a list\n", "utf-8", ":1:1: error: the site settings must be a mapping (name: value)"),
    ("site_name: x\nrepo_name: é\n", "latin-1",
     ":2:12: error: cannot read the site settings: invalid continuation byte (hint: save mkdocs.yml as UTF-8)"),
])
def test_unreadable_site_settings_are_refused_at_their_position(tmp_path: Path, text: str, encoding: str,
                                                                message: str) -> None:
    path = settings(tmp_path, text, encoding)
    with pytest.raises(SettingsError) as raised:
        site_from_mkdocs_yml(path)
    assert str(raised.value) == f"{path}{message}"


OPTIONS = "site_name: x\nplugins:\n  - search\n  - factcheck:\n      content_dir: c\n      jobs: 0\n"
JOBS = "the factcheck plugin's jobs must be a whole number of at least 1, not 0"


@pytest.mark.parametrize("text, position", [
    (OPTIONS, ":6:13"),
    ("plugins:\n- factcheck: {jobs: 1}\n- factcheck: {jobs: 0}\n", ":3:21"),  # the last entry, as MkDocs takes
    ("plugins:\n  - search\n  - factcheck:\n      content_dir: c\n", ":4:7"),  # not in the file: at its entry
    ("plugins:\n  - factcheck\n", ":1:1"),
    ("plugins:\n  factcheck: {jobs: 0}\n", ":1:1"),
    ("- jobs: 0\n", ":1:1"),
    ("plugins: [\n", ":1:1"),
])
def test_an_option_is_found_at_its_line_and_column(tmp_path: Path, text: str, position: str) -> None:
    path = settings(tmp_path, text)
    _, problems = option_problems({"jobs": 0}, path)
    assert [str(problem) for problem in problems] == [
        f"{path}{position}: error: {JOBS} (hint: leave it out for one process per CPU core on large sites)"]


def test_an_option_of_an_unreadable_file_is_placed_at_the_file(tmp_path: Path) -> None:
    _, problems = option_problems({"jobs": 0}, tmp_path / "missing.yml")
    assert [(problem.path, problem.line, problem.column) for problem in problems] == [(f"{tmp_path}/missing.yml", 1, 1)]
    path = settings(tmp_path, OPTIONS.replace("x", "é"), "latin-1")
    _, problems = option_problems({"jobs": 0}, path)
    assert [(problem.path, problem.line, problem.column) for problem in problems] == [(str(path), 1, 1)]


def test_write_files_writes_each_file_and_the_marker(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    write_files([GeneratedFile("index.md", b"# Home\n"), GeneratedFile("a/b/c.md", "é".encode())], out)
    assert files_in(out) == {"index.md", "a/b/c.md", MARKER}
    assert (out / "a/b/c.md").read_text(encoding="utf-8") == "é"
    assert (out / MARKER).read_text(encoding="utf-8") == "Pages generated from content/ by python -m generator build.\n"
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_write_files_refuses_a_file_in_the_folders_place(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("a file\n", encoding="utf-8")
    with pytest.raises(OutputError) as raised:
        write_files([GeneratedFile("index.md", b"# Home\n")], out)
    assert str(raised.value) == f"{out} has files this generator did not write; choose an empty or new folder"
    assert out.read_text(encoding="utf-8") == "a file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_write_files_puts_back_a_folder_a_killed_run_left_aside_before_checking_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    aside = tmp_path / ".out-previous"
    aside.mkdir()
    (aside / "thesis.tex").write_text("someone's work\n", encoding="utf-8")
    with pytest.raises(OutputError, match="has files this generator did not write"):
        write_files([GeneratedFile("index.md", b"# Home\n")], out)
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "someone's work\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_write_files_replaces_its_own_folder_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_files([GeneratedFile("old.md", b"old\n")], out)
    write_files([GeneratedFile("new.md", b"new\n")], out)
    assert files_in(out) == {"new.md", MARKER}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_write_is_discarded_and_raised(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(IsADirectoryError):
        write_files([GeneratedFile("a/b.md", b"x"), GeneratedFile("a", b"y")], out)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_file_that_inherits_another_gets_its_settings_under_its_own(tmp_path: Path) -> None:
    """MkDocs' INHERIT (mkdocs.ar.yml inherits mkdocs.yml): mappings merged key by key, other values
    replaced; the plugin's options, and the line of a bad one, are the parent's when the file lists none."""
    (tmp_path / "base.yml").write_text(
        "site_name: Desk\nsite_url: https://x.example/\ntheme:\n  name: material\n  language: en\n"
        "use_directory_urls: false\nplugins:\n  - factcheck:\n      feed_size: 7\n", encoding="utf-8")
    (tmp_path / "edition.yml").write_text("INHERIT: middle.yml\ntheme:\n  language: ar\n", encoding="utf-8")
    (tmp_path / "middle.yml").write_text("INHERIT: base.yml\nsite_url: https://x.example/ar/\n", encoding="utf-8")
    site, options, warnings = site_from_mkdocs_yml(tmp_path / "edition.yml")
    assert (site.name, site.site_url, site.language, site.directory_urls, site.feed_size, warnings) == (
        "Desk", "https://x.example/ar/", "ar", False, 7, [])
    (tmp_path / "base.yml").write_text("plugins:\n  - factcheck:\n      feed_size: 0\n", encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        site_from_mkdocs_yml(tmp_path / "edition.yml")
    assert str(raised.value.problems.errors[0]).startswith(f"{tmp_path / 'base.yml'}:3:18: error: ")
    (tmp_path / "middle.yml").write_text("INHERIT: gone.yml\n", encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        site_from_mkdocs_yml(tmp_path / "edition.yml")
    assert "gone.yml:1:1: error: cannot read the site settings: No such file or directory" in str(raised.value.problems.errors[0])


def test_inherited_settings_merge_mappings_at_every_depth_and_drop_inherit() -> None:
    parent = {"theme": {"name": "material", "palette": {"primary": "red", "accent": "blue"}}, "extra": [1], "INHERIT": "x.yml"}
    child = {"theme": {"palette": {"primary": "teal"}}, "extra": [2], "INHERIT": "base.yml"}
    assert output._merged(parent, child) == {
        "theme": {"name": "material", "palette": {"primary": "teal", "accent": "blue"}}, "extra": [2]}


@pytest.mark.parametrize("data, offset, position", [
    (b"a: 1\nb: 2\nc: \xff", 13, (3, 4)),  # the third line, after "c: "
    ("a: 1\nname: caf\u00e9 ".encode("utf-8") + b"\xff", 17, (2, 12)),  # characters, not bytes
    (b"\xff", 0, (1, 1)),
])
def test_an_undecodable_byte_is_placed_at_its_line_and_column(data: bytes, offset: int, position: tuple[int, int]) -> None:
    assert output._position_of_byte(data, offset) == position


def test_options_are_placed_in_a_settings_file_with_mkdocs_own_tags(tmp_path: Path) -> None:
    mkdocs_yml = tmp_path / "mkdocs.yml"
    mkdocs_yml.write_text("site_name: !ENV [SITE_NAME, Desk]\nplugins:\n  - factcheck:\n      jobs: many\n",
                          encoding="utf-8")
    _, problems = option_problems({"jobs": "many"}, mkdocs_yml)
    assert [(p.line, p.column) for p in problems.errors] == [(4, 13)]


def settings_file(folder: Path, text: str, name: str = "mkdocs.yml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    """What site_from_mkdocs_yml says when it refuses path's settings."""
    with pytest.raises(SettingsError) as raised:
        site_from_mkdocs_yml(path)
    return str(raised.value)


def test_settings_errors_are_listed_one_a_line_with_their_hint(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "plugins:\n  - factcheck:\n      feed_size: abc\n      jobs: [1]\n")
    assert refusal(path) == (
        f"{path}:3:18: error: the factcheck plugin's feed_size must be a whole number from 1 to 1000, not 'abc' "
        "(hint: the number of latest fact-checks the Atom feed lists)\n"
        f"{path}:4:13: error: the factcheck plugin's jobs must be a whole number of at least 1, not [1] "
        "(hint: leave it out for one process per CPU core on large sites)")


def test_a_character_yaml_refuses_is_reported_from_the_start_of_the_file(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "site_name: \x07x\n")
    assert refusal(path) == (f"{path}:1:1: error: cannot read the site settings: unacceptable character #x0007: "
                                 'special characters are not allowed\n  in "<unicode string>", position 11')


def test_a_missing_inherited_file_is_named_with_what_inherit_means(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "INHERIT: missing.yml\nsite_name: x\n")
    assert refusal(path) == (f"{tmp_path / 'missing.yml'}:1:1: error: cannot read the site settings: No such file "
                                 "or directory (hint: INHERIT names a settings file relative to the one that inherits it)")


def test_inheritance_follows_ten_files_at_most(tmp_path: Path) -> None:
    """A chain (or a loop) of INHERIT: the file itself and ten it inherits from are read, no more."""
    for number in range(12):
        settings_file(tmp_path, f"INHERIT: f{number + 1}.yml\nextra:\n  from_{number}: true\n", f"f{number}.yml")
    settings = output._settings_with_inherited(tmp_path / "f0.yml")[2]
    assert sorted(settings["extra"]) == sorted(f"from_{number}" for number in range(11))
    settings_file(tmp_path, "INHERIT: f0.yml\n", "f1.yml")  # a loop: read ten times round, then stopped
    assert output._settings_with_inherited(tmp_path / "f0.yml")[2]["extra"] == {"from_0": True}


def test_a_file_with_plugins_of_its_own_has_its_options_placed_in_it(tmp_path: Path) -> None:
    settings_file(tmp_path, "plugins:\n  - factcheck:\n      feed_size: 5\n", "base.yml")
    path = settings_file(tmp_path, "INHERIT: base.yml\nplugins:\n  - search\n  - factcheck:\n      feed_size: abc\n")
    assert refusal(path).startswith(f"{path}:5:18: error: the factcheck plugin's feed_size must be")


@pytest.mark.parametrize("extensions, permalink, bottom", [
    ("  - attr_list\n  - toc:\n      permalink: '#'\n      slugify: !!python/name:pymdownx.slugs.uslugify\n"
     "      toc_depth: 3\n", "#", 3),
    ("  - toc\n", None, 6),  # named without options: the defaults
])
def test_the_toc_options_of_mkdocs_yml_shape_the_headings(tmp_path: Path, extensions: str, permalink: str | None,
                                                          bottom: int) -> None:
    site, _, _ = site_from_mkdocs_yml(settings_file(tmp_path, f"site_name: x\nmarkdown_extensions:\n{extensions}"))
    assert (site.headings.permalink, site.headings.bottom) == (permalink, bottom)
    assert site.headings.slugify.__module__ != "pymdownx.slugs"  # a Python name only MkDocs loads: the default


def test_an_option_of_an_undecodable_file_is_placed_at_its_start(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_bytes(b"site_name: \xff\n")
    assert str(output.option_problem(path, "search", "a message", "a hint")) == f"{path}:1:1: error: a message (hint: a hint)"


def test_mkdocs_own_errors_and_warnings_of_a_declared_option_are_placed_at_it(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Every option now fails with generator.config's own error; one declared with MkDocs' own types
    would fail with MkDocs' ValidationError, or warn (a deprecated option): still at its line."""
    from mkdocs.config.base import ValidationError

    monkeypatch.setattr(output, "validate_options", lambda options: (
        defaults(), [("feed_size", ValidationError("expected an integer"))], [("search", "it is deprecated")]))
    path = settings_file(tmp_path, "plugins:\n  - factcheck:\n      search: auto\n      feed_size: abc\n")
    with pytest.raises(SettingsError) as raised:
        site_from_mkdocs_yml(path)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{path}:3:15: warning: the factcheck plugin's search: it is deprecated",
        f"{path}:4:18: error: the factcheck plugin's feed_size: expected an integer"]


def test_an_unknown_option_inside_a_known_one_is_a_warning_about_the_known_one(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "plugins:\n  - factcheck:\n      publisher:\n        nmae: Desk\n      feedsize: 3\n")
    _, _, warnings = site_from_mkdocs_yml(path)
    assert [str(warning) for warning in warnings] == [
        f"{path}:4:9: warning: the factcheck plugin's publisher: Sub-option 'nmae': Unrecognised configuration name: nmae",
        f"{path}:5:7: warning: the factcheck plugin has no option 'feedsize' (hint: did you mean 'feed_size'?)"]
