"""`python -m generator` in-process: what each command prints, the files it writes and its exit code.

The subprocess tests elsewhere (test_scaffold.py, test_parallel.py, test_golden.py, ...) run the
same commands as an editor does; these call generator.cli.main in this process, so that each
line of the command line is checked by the tests that call it.
"""

from __future__ import annotations

import json
import runpy
import shutil
import sys
from pathlib import Path

import pytest
from sitebuild import FIXTURES, REPO, TEMPLATES

from generator import cli, parallel
from generator.output import MARKER
from generator.schemas import ALL_SCHEMA_FILES, schema_texts

MINIMAL = FIXTURES / "minimal"
TRANSLATED = FIXTURES / "translated"
BROKEN = REPO / "tests" / "broken"
MINIMAL_COUNTS = "3 claims, 1 report, 3 sources, 2 claimants, 6 ratings"
JOBS_HELP = "processes that read and render content (default: one per CPU core on large sites)"


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse wraps help and usage lines at the terminal's width: one wide enough that none wraps."""
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder: tests/fixtures/minimal in content/ (the page templates are the package's)."""
    shutil.copytree(MINIMAL, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def jobs_asked(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The jobs each step shared among processes was asked for; the work itself runs in this process."""
    asked: list[int | None] = []

    def in_one_process(count: int, jobs: int | None = None) -> int:
        asked.append(jobs)
        return 1

    monkeypatch.setattr(parallel, "jobs_for", in_one_process)
    return asked


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """main's exit code (argparse's too), and what it printed on stdout and stderr."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exit:
        code = exit.code
    printed = capsys.readouterr()
    return code, printed.out, printed.err


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def lines_of(case: str, prefix: str = "") -> list[str]:
    return [prefix + line for line in (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()]


# The parser: help, usage errors, --jobs


def test_help_lists_the_commands(capsys) -> None:
    assert run(capsys, "--help") == (0, """\
usage: python -m generator [-h] {validate,schemas,new,init,build,changes,check-links} ...

Command line: python -m generator validate | schemas | build | new | init | changes | check-links.

positional arguments:
  {validate,schemas,new,init,build,changes,check-links}
    validate            check content and print every problem (exit 1 on errors)
    schemas             write the JSON Schema of each content kind
    new                 start a content file from a template (never overwrites)
    init                start a new desk's repository in a new or empty folder
    build               write the generated pages to a folder (no MkDocs needed)
    changes             summarise, in Markdown, what changed in the content since a git revision or another folder
    check-links         ask every url and archive_url whether it still answers (exit 1 when a link is dead)

options:
  -h, --help            show this help message and exit
""", "")


@pytest.mark.parametrize("command, expected", [
    ("validate", f"""\
usage: python -m generator validate [-h] [--jobs N] [content]

positional arguments:
  content     content folder (default: content)

options:
  -h, --help  show this help message and exit
  --jobs N    {JOBS_HELP}
"""),
    ("schemas", """\
usage: python -m generator schemas [-h] [--out OUT]

options:
  -h, --help  show this help message and exit
  --out OUT   folder to write into (default: schemas)
"""),
    ("new", """\
usage: python -m generator new [-h] [--content CONTENT] [--lang LANGUAGE] {claim,claimant,person,source,report} id

positional arguments:
  {claim,claimant,person,source,report}
                        what to create
  id                    its id, which becomes the file name: lowercase letters, digits, hyphens

options:
  -h, --help            show this help message and exit
  --content CONTENT     content folder (default: content)
  --lang LANGUAGE       a translation of the existing claim, report, claimant or source ID into this language (content/translations/LANGUAGE/), e.g. ar
"""),
    ("init", """\
usage: python -m generator init [-h] folder

positional arguments:
  folder      where to start it (created when missing; refused unless empty)

options:
  -h, --help  show this help message and exit
"""),
    ("build", f"""\
usage: python -m generator build [-h] --out OUT [--content CONTENT] [--config CONFIG] [--drafts] [--jobs N]

options:
  -h, --help         show this help message and exit
  --out OUT          folder to write the pages into (replaced as a whole)
  --content CONTENT  content folder (default: the plugin's content_dir in mkdocs.yml)
  --config CONFIG    mkdocs.yml to read site settings from
  --drafts           a preview: include claims and reports in draft or review, marked as such
  --jobs N           {JOBS_HELP}
"""),
    ("changes", """\
usage: python -m generator changes [-h] (--base REVISION | --old-content DIR) [content]

positional arguments:
  content            content folder (default: content)

options:
  -h, --help         show this help message and exit
  --base REVISION    compare with the content folder at this git revision, e.g. origin/main
  --old-content DIR  compare with the content in this folder
"""),
])
def test_each_commands_help_describes_its_options(command: str, expected: str, capsys) -> None:
    assert run(capsys, command, "--help") == (0, expected, "")


def test_a_command_is_required(capsys) -> None:
    assert run(capsys) == (2, "", """\
usage: python -m generator [-h] {validate,schemas,new,init,build,changes,check-links} ...
python -m generator: error: the following arguments are required: command
""")


def test_build_requires_the_output_folder(project: Path, capsys) -> None:
    code, out, err = run(capsys, "build")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "python -m generator build: error: the following arguments are required: --out"
    assert sorted(p.name for p in project.iterdir()) == ["content"]


@pytest.mark.parametrize("command", ["validate", "build --out pages"])
@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", ""])
def test_jobs_must_be_a_whole_number_of_at_least_1(command: str, value: str, project: Path, capsys) -> None:
    code, out, err = run(capsys, *command.split(), "--jobs", value)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (f"python -m generator {command.split()[0]}: error: argument --jobs: "
                                    f"expected a whole number of at least 1, not {value!r}")
    assert not (project / "pages").exists()


@pytest.mark.parametrize("value", ["-1", "abc", "1.5", ""])
def test_check_links_retries_must_be_a_whole_number(value: str, project: Path, capsys) -> None:
    code, out, err = run(capsys, "check-links", "--retries", value)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (f"python -m generator check-links: error: argument --retries: "
                                    f"expected a whole number, not {value!r}")


def test_check_links_takes_retries_as_a_number(project: Path) -> None:
    assert cli.build_parser().parse_args(["check-links", "--retries", "0"]).retries == 0
    assert cli.build_parser().parse_args(["check-links", "--retries", "12"]).retries == 12


@pytest.mark.parametrize("jobs", ["1", "2", "12"])
def test_validate_passes_the_jobs_asked_for_to_the_loader(jobs: str, project: Path, jobs_asked, capsys) -> None:
    assert run(capsys, "validate", "--jobs", jobs)[0] == 0
    assert jobs_asked == [int(jobs)]


def test_without_jobs_the_loader_chooses(project: Path, jobs_asked, capsys) -> None:
    assert run(capsys, "validate")[0] == 0
    assert jobs_asked == [None]


def test_an_interrupted_command_exits_with_130(project: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load_content", interrupted)
    assert run(capsys, "validate") == (130, "", "")


def test_python_dash_m_generator_exits_with_the_commands_code(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys) -> None:
    monkeypatch.setattr(sys, "argv", ["python -m generator", "validate", "nowhere"])
    with pytest.raises(SystemExit) as exit:
        runpy.run_module("generator", run_name="__main__")
    assert exit.value.code == 1
    assert capsys.readouterr().out.splitlines()[-1] == "nowhere: 1 error, 0 warnings"


# validate


def test_validate_reads_the_content_folder_by_default_and_counts_what_it_holds(project: Path, capsys) -> None:
    assert run(capsys, "validate") == (0, f"content: 0 errors, 0 warnings ({MINIMAL_COUNTS})\n", "")


def test_validate_prints_each_error_and_the_totals_without_counts(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(BROKEN / "missing-required-field")
    code, out, err = run(capsys, "validate", ".")
    assert (code, err) == (1, "")
    assert out.splitlines() == [*lines_of("missing-required-field"), ".: 2 errors, 1 warning"]


def test_validate_passes_content_with_only_warnings(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(BROKEN / "warnings")
    code, out, err = run(capsys, "validate", ".")
    assert (code, err) == (0, "")
    assert out.splitlines() == [*lines_of("warnings"),
                                ".: 0 errors, 7 warnings (2 claims, 1 report, 2 sources, 1 claimant, 3 ratings)"]


def test_validate_names_a_missing_folder(project: Path, capsys) -> None:
    code, out, err = run(capsys, "validate", "nowhere")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "nowhere:1:1: error: content folder does not exist "
        "(hint: pass the folder that holds ratings.yaml, claims/, sources/ …)",
        "nowhere: 1 error, 0 warnings",
    ]


# schemas


def test_schemas_writes_one_file_per_kind_and_names_each(tmp_path: Path, capsys) -> None:
    out = tmp_path / "editor" / "schemas"
    code, printed, err = run(capsys, "schemas", "--out", str(out))
    assert (code, err) == (0, "")
    assert printed.splitlines() == [f"wrote {out / name}" for name in ALL_SCHEMA_FILES]
    assert {name: (out / name).read_text(encoding="utf-8") for name in ALL_SCHEMA_FILES} == schema_texts()


def test_schemas_writes_into_schemas_by_default(project: Path, capsys) -> None:
    code, printed, _ = run(capsys, "schemas")
    assert code == 0
    assert printed.splitlines() == [f"wrote schemas/{name}" for name in ALL_SCHEMA_FILES]
    assert files_in(project / "schemas") == set(ALL_SCHEMA_FILES)


# new


def test_new_creates_the_file_and_says_what_to_do_next(project: Path, capsys) -> None:
    assert run(capsys, "new", "claim", "fresh-claim") == (0, (
        "created content/claims/fresh-claim.yaml, a draft: fill in the fields marked 'required' (a preview shows it "
        "then), set 'status: published' when it is ready, and run: python -m generator validate content\n"), "")
    text = (project / "content" / "claims" / "fresh-claim.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("# Claim 'fresh-claim' (the id is the file name), started ")


def test_new_writes_into_the_content_folder_given(project: Path, capsys) -> None:
    shutil.move(project / "content", project / "desk")
    assert run(capsys, "new", "source", "notice", "--content", "desk") == (0, (
        "created desk/sources/notice.yaml: fill in the fields marked 'required', "
        "then run: python -m generator validate desk\n"), "")
    assert (project / "desk" / "sources" / "notice.yaml").is_file()


def test_new_with_a_language_writes_a_translation_and_says_what_to_do(project: Path, capsys) -> None:
    shutil.rmtree(project / "content")
    shutil.copytree(TRANSLATED, project / "content")
    assert run(capsys, "new", "claim", "--lang", "ar", "no-civilians-nearby") == (0, (
        "created content/translations/ar/claims/no-civilians-nearby.yaml: write the fields marked 'required' in Arabic "
        "(the original's words are beside them), then run: python -m generator validate content\n"), "")
    assert (project / "content" / "translations" / "ar" / "claims" / "no-civilians-nearby.yaml").is_file()


def test_new_refuses_to_overwrite_a_file(project: Path, capsys) -> None:
    existing = project / "content" / "claims" / "toll-62-killed.yaml"
    before = existing.read_bytes()
    assert run(capsys, "new", "claim", "toll-62-killed") == (1, "", (
        "error: content/claims/toll-62-killed.yaml already exists; not overwriting it "
        "(hint: edit that file, or choose another id for a new claim)\n"))
    assert existing.read_bytes() == before


def test_new_refuses_an_invalid_id_and_suggests_one(project: Path, capsys) -> None:
    assert run(capsys, "new", "claimant", "Jane Doe") == (2, "", (
        "error: 'Jane Doe' is not a valid id (hint: ids are 1-80 lowercase letters, digits and hyphens, "
        "starting with a letter or digit; try 'jane-doe')\n"))
    assert sorted(p.name for p in (project / "content" / "claimants").iterdir()) == [
        "defence-ministry.yaml", "jane-doe.yaml"]


def test_new_names_a_missing_content_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "new", "report", "review") == (1, "", (
        "error: content folder 'content' does not exist (hint: run from the project folder, or pass --content DIR)\n"))
    assert list(tmp_path.iterdir()) == []


def test_new_offers_only_the_kinds_it_has_templates_for(project: Path, capsys) -> None:
    code, out, err = run(capsys, "new", "rating", "true")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1].startswith(
        "python -m generator new: error: argument kind: invalid choice: 'rating' (choose from ")
    assert all(kind in err.splitlines()[-1] for kind in ("claim", "claimant", "source", "report"))


# build


def test_build_reads_mkdocs_yml_in_the_working_folder(project: Path, capsys) -> None:
    shutil.move(project / "content", project / "articles")
    (project / "mkdocs.yml").write_text(
        "site_name: Test\nsite_url: https://facts.example.org/\n"
        "plugins:\n  - factcheck:\n      content_dir: articles\n      publisher:\n        name: Test Desk\n",
        encoding="utf-8")
    code, out, err = run(capsys, "build", "--out", "pages")
    written = files_in(project / "pages")
    assert (code, out, err) == (0, f"wrote {len(written) - 1} files to pages\n", "")
    assert {MARKER, "index.md", "claims/toll-62-killed.md", "claimreview.json"} <= written
    feed = json.loads((project / "pages" / "claimreview.json").read_text(encoding="utf-8"))
    assert (feed["name"], feed["url"]) == ("Test Desk: fact-checks", "https://facts.example.org/claimreview.json")


def test_build_without_mkdocs_yml_uses_the_content_beside_it_and_the_package_templates(project: Path, capsys) -> None:
    code, out, _ = run(capsys, "build", "--out", "pages")
    assert code == 0, out
    feed = json.loads((project / "pages" / "claimreview.json").read_text(encoding="utf-8"))
    assert (feed["name"], feed["url"]) == ("Fact-check desk: fact-checks", "claimreview.json")


def test_build_finds_the_default_folders_beside_the_config_given(project: Path, tmp_path_factory, monkeypatch,
                                                                 capsys) -> None:
    (project / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    code, out, _ = run(capsys, "build", "--config", str(project / "mkdocs.yml"), "--out", "pages")
    assert (code, out) == (0, f"wrote {len(files_in(elsewhere / 'pages')) - 1} files to pages\n")
    assert "claims/toll-62-killed.md" in files_in(elsewhere / "pages")


def test_the_content_option_wins_over_content_dir(project: Path, capsys) -> None:
    (project / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - factcheck:\n      content_dir: missing\n",
                                        encoding="utf-8")
    shutil.move(project / "content", project / "desk")
    code, out, _ = run(capsys, "build", "--content", "desk", "--out", "pages")
    assert code == 0, out
    assert "claims/toll-62-killed.md" in files_in(project / "pages")


def test_templates_in_overrides_dir_replace_the_defaults(project: Path, capsys) -> None:
    (project / "mine").mkdir()
    (project / "mine" / "claim.md.j2").write_text("Override {{ claim.id }}\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - factcheck:\n      overrides_dir: mine\n",
                                        encoding="utf-8")
    assert run(capsys, "build", "--out", "pages")[0] == 0
    claim_page = project / "pages" / "claims" / "toll-62-killed.md"
    assert claim_page.read_text(encoding="utf-8") == "Override toll-62-killed\n"
    assert (project / "pages" / "methodology.md").read_text(encoding="utf-8").startswith("---\n")


DRAFT_PAGES = {"claims/drone-over-hospital.md", "claims/fuel-convoy-turned-back.md",
               "reports/convoy-statements-review.md", "claimants/convoy-spokesman.md"}


@pytest.mark.parametrize("argv, option, variable, preview", [
    ([], "", None, False),
    (["--drafts"], "", None, True),
    ([], "      drafts: true\n", None, True),
    ([], "", "1", True),
    ([], "", "on", True),
    ([], "      drafts: false\n", "0", False),
    (["--drafts"], "", "0", True),  # asked for on the command line
])
def test_build_includes_drafts_only_in_a_preview(argv: list[str], option: str, variable: str | None, preview: bool,
                                                 project: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    shutil.rmtree(project / "content")
    shutil.copytree(FIXTURES / "drafts", project / "content")
    (project / "mkdocs.yml").write_text(f"site_name: Test\nplugins:\n  - factcheck:\n{option}", encoding="utf-8")
    if variable is None:
        monkeypatch.delenv("FACTCHECK_DRAFTS", raising=False)
    else:
        monkeypatch.setenv("FACTCHECK_DRAFTS", variable)
    code, out, _ = run(capsys, "build", "--out", "pages", *argv)
    written = files_in(project / "pages")
    assert out.splitlines()[-1] == f"wrote {len(written) - 1} files to pages" + (
        " (a preview: drafts included)" if preview else "")
    assert code == 0
    assert (DRAFT_PAGES <= written) is preview and (DRAFT_PAGES & written == set()) is not preview


@pytest.mark.parametrize("argv, config_jobs, expected", [
    (["--jobs", "2"], None, 2),
    ([], 3, 3),
    ([], 1, 1),
    (["--jobs", "2"], 3, 2),
])
def test_build_asks_for_the_jobs_of_the_command_line_or_else_mkdocs_yml(
        argv: list[str], config_jobs: object, expected: int, project: Path, jobs_asked, capsys) -> None:
    option = f"      jobs: {config_jobs}\n" if config_jobs is not None else ""
    (project / "mkdocs.yml").write_text(f"site_name: Test\nplugins:\n  - factcheck:\n{option}", encoding="utf-8")
    code, out, _ = run(capsys, "build", "--out", "pages", *argv)
    assert code == 0, out
    assert set(jobs_asked) == {expected}


@pytest.mark.parametrize("value, shown", [("many", "'many'"), ("0", "0"), ("-2", "-2"), ("1.5", "1.5"),
                                          ("true", "True"), ("[2]", "[2]")])
@pytest.mark.parametrize("argv", [[], ["--jobs", "2"]])  # mkdocs.yml is checked whole, as `mkdocs build` does
def test_build_refuses_bad_jobs_in_mkdocs_yml_at_their_position(value: str, shown: str, argv: list[str],
                                                                project: Path, capsys) -> None:
    (project / "mkdocs.yml").write_text(
        f"site_name: Test\nplugins:\n  - factcheck:\n      content_dir: content\n      jobs: {value}\n",
        encoding="utf-8")
    assert run(capsys, "build", "--out", "pages", *argv) == (1, (
        f"mkdocs.yml:5:13: error: the factcheck plugin's jobs must be a whole number of at least 1, not {shown} "
        "(hint: leave it out for one process per CPU core on large sites)\n"
        "mkdocs.yml: 1 error, 0 warnings; nothing was written\n"), "")
    assert not (project / "pages").exists()


@pytest.mark.parametrize("settings, message", [
    ("site_name: x\nplugins: [\n", "mkdocs.yml:3:1: error: cannot read the site settings: "
                                   "expected the node content, but found '<stream end>'"),
    ("- a list\n", "mkdocs.yml:1:1: error: the site settings must be a mapping (name: value)"),
])
def test_build_refuses_unreadable_site_settings(settings: str, message: str, project: Path, capsys) -> None:
    (project / "mkdocs.yml").write_text(settings, encoding="utf-8")
    assert run(capsys, "build", "--out", "pages") == (
        1, f"{message}\nmkdocs.yml: 1 error, 0 warnings; nothing was written\n", "")
    assert not (project / "pages").exists()


def test_build_of_invalid_content_prints_each_error_and_keeps_the_previous_pages(project: Path, capsys) -> None:
    assert run(capsys, "build", "--out", "pages")[0] == 0
    before = {name: (project / "pages" / name).read_bytes() for name in files_in(project / "pages")}
    shutil.copytree(BROKEN / "missing-required-field", project / "broken")
    code, out, err = run(capsys, "build", "--content", "broken", "--out", "pages")
    assert (code, err) == (1, "")
    assert out.splitlines() == [*lines_of("missing-required-field", "broken/"),
                                "broken: 2 error(s); nothing was written"]
    assert {name: (project / "pages" / name).read_bytes() for name in files_in(project / "pages")} == before


def test_build_names_the_template_line_of_a_template_error(project: Path, capsys) -> None:
    shutil.copytree(TEMPLATES, project / "desk-templates")
    (project / "desk-templates" / "claim.html.j2").write_text("<h1>{{ claim.claim|text }}</h1>\n\n{{ no_such_value }}\n",
                                                             encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Test\nplugins:\n  - factcheck:\n      templates_dir: desk-templates\n", encoding="utf-8")
    assert run(capsys, "build", "--out", "pages") == (
        1, "desk-templates/claim.html.j2:3: error: 'no_such_value' is undefined\n", "")
    assert not (project / "pages").exists()


def test_build_refuses_a_folder_it_did_not_write(project: Path, capsys) -> None:
    (project / "pages").mkdir()
    (project / "pages" / "thesis.tex").write_text("someone's work\n", encoding="utf-8")
    assert run(capsys, "build", "--out", "pages") == (
        1, "error: pages has files this generator did not write; choose an empty or new folder\n", "")
    assert files_in(project / "pages") == {"thesis.tex"}


def test_build_reports_a_folder_it_cannot_make(project: Path, capsys) -> None:
    (project / "notes").write_text("a file, not a folder\n", encoding="utf-8")
    assert run(capsys, "build", "--out", "notes/pages") == (1, "error: [Errno 17] File exists: 'notes'\n", "")
    assert (project / "notes").read_text(encoding="utf-8") == "a file, not a folder\n"


def test_init_starts_a_desk_that_validates_and_refuses_a_folder_in_use(capsys: pytest.CaptureFixture[str],
                                                                        tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    code, out, err = run(capsys, "init", str(desk))
    assert (code, err) == (0, "")
    assert out == (f"created a new desk in {desk.as_posix()}: content/ (an example claim, claimant and source, and "
                   "the rating scale), docs/ (About and corrections pages to fill in), mkdocs.yml, schemas/, "
                   ".github/workflows/site.yml and preview.yml, .pre-commit-config.yaml, .vscode/, requirements.txt\n"
                   f"next: write your site_url and repo_url in {desk.as_posix()}/mkdocs.yml, then run: cd "
                   f"{desk.as_posix()} && python -m generator validate && mkdocs serve\n")
    assert f"next: write your site_url and repo_url in {desk.as_posix()}/mkdocs.yml" in out
    assert (desk / "content" / "ratings.yaml").is_file() and (desk / "mkdocs.yml").is_file()
    code, out, err = run(capsys, "init", str(desk))
    assert code == 2 and out == "" and err.startswith("error: ")
