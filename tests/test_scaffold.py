"""`python -m generator new`: files that list every field, validate once filled, and never overwrite;
and `python -m generator init`: a new desk's repository that validates and builds, only in an empty folder."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date as Date
from importlib import metadata
from pathlib import Path

import pytest
from PIL import Image
import yaml

from generator.content import load_content
from generator import scaffold
from generator.scaffold import (NEW_FILE_KINDS, NEW_KINDS, ScaffoldError, plan_new, plan_translation, suggest_id,
                                write_new)
from generator.schemas import ALL_SCHEMA_FILES, SCHEMA_FILES, schema_for
from sitebuild import mkdocs_build

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests" / "fixtures" / "minimal"

# Values an editor would type, per kind and field. The new claim uses the new claimant and
# source and the new report lists the new claim, so that the four files only make sense together.
FILL: dict[str, dict[str, str]] = {
    "claim": {"claim": "The bridge was closed for a week.", "claimant": "new-claimant", "date": "2016-09-18",
              "rating": "mixed", "summary": "It was closed for three days.", "source": "new-source",
              "appearance": "briefing-2016-09-17", "context": "Said on the radio.", "quote": "closed on Monday",
              "note": "The notice gives the dates.", "author": "new-person", "updated": "2030-01-02",
              "previous_rating": "unproven",
              "url": "https://example.org/video", "archive_url": "https://web.archive.org/web/2016/https://example.org/video",
              "file": "new-claim.png", "alt": "The closed bridge", "authenticity": "OriginalMediaContext"},
    "person": {"name": "New Person", "role": "Fact-checker", "background": "Ten years at a news agency.",
               "title": "Profile", "url": "https://example.org/new-person"},
    "claimant": {"name": "New Claimant", "kind": "person", "description": "A *local* official.",
                 "url": "https://example.org/official"},
    "source": {"title": "Road closure notice", "publisher": "City council", "url": "https://example.org/notice",
               "kind": "statement", "archive_url": "https://web.archive.org/web/2016/https://example.org/notice",
               "published": "2016-09-19", "original_publisher": "Example Gazette"},
    "report": {"title": "Review of the radio interview", "source": "new-source", "-": "new-claim"},
}
KEY_LINE = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>\w+):(?P<value>[^#]*?)(?P<comment>\s*#.*)?$")
ITEM_LINE = re.compile(r"^(?P<lead>\s*-)(?P<value>\s*)(?P<comment>#.*)?$")
COMMENTED_FIELD = re.compile(r"^(?P<indent>\s*)# (?P<rest>(?:- )?\w+:.*)$")
COMMENTED_CONTINUATION = re.compile(r"^(?P<indent>\s*)#(?P<rest> {2,}\S.*)$")


def fill(text: str, kind: str, *, only_required: bool) -> str:
    """Type a value into each empty field (only those marked "# required", or every one)."""
    lines = []
    for line in text.splitlines():
        key_match, item_match = KEY_LINE.match(line), ITEM_LINE.match(line)
        wanted = "# required" in line or not only_required
        if key_match and wanted and key_match["value"].strip() in ("", '""') and key_match["key"] in FILL[kind]:
            line = f"{key_match['lead']}{key_match['key']}: {FILL[kind][key_match['key']]}{key_match['comment'] or ''}"
        elif item_match and wanted and "-" in FILL[kind]:
            line = f"{item_match['lead']} {FILL[kind]['-']}  {item_match['comment'] or ''}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def uncomment_optional_fields(text: str) -> str:
    """Delete the "# " in front of every optional field, as the header tells editors to."""
    lines = []
    for line in text.splitlines():
        match = COMMENTED_FIELD.match(line) or COMMENTED_CONTINUATION.match(line)
        lines.append(f"{match['indent']}{match['rest']}" if match else line)
    return "\n".join(lines) + "\n"


def required_lines(path: Path) -> set[int]:
    return {number for number, line in enumerate(path.read_text().splitlines(), 1) if "# required" in line}


def to_publish_lines(path: Path) -> set[int]:
    return {number for number, line in enumerate(path.read_text().splitlines(), 1) if "# to publish" in line}


def published(text: str) -> str:
    """The editor's last step: the status changed from draft to published."""
    assert text.count("\nstatus: draft ") == 1
    return text.replace("\nstatus: draft ", "\nstatus: published ")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    return content


def scaffold_all(content: Path) -> dict[str, Path]:
    return {kind: write_new(kind, f"new-{kind}", content) for kind in NEW_KINDS}


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(REPO)]))}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_filled_required_fields_make_a_valid_draft(tree: Path) -> None:
    paths = scaffold_all(tree)
    for kind, path in paths.items():
        path.write_text(fill(path.read_text(), kind, only_required=True))
    content, problems = load_content(tree)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    claim = content.claims["new-claim"]
    assert (claim.status, content.reports["new-report"].status) == ("draft", "draft")
    assert claim.claimant == "new-claimant" and claim.verdict.evidence == [] and claim.verdict.rating is None
    assert claim.verdict.published == Date.today()
    assert content.sources["new-source"].accessed == Date.today()
    assert content.reports["new-report"].claims == ["new-claim"]
    # What is left to do before publishing: a warning at each line marked "to publish", and no other.
    shown = paths["claim"].relative_to(tree.parent).as_posix()
    warned = {p.line for p in problems.warnings if p.path.endswith(shown)}
    assert warned == to_publish_lines(paths["claim"]) and len(warned) == 3
    assert all(p.message.endswith("is not filled in yet") for p in problems.warnings if p.path.endswith(shown))
    assert not to_publish_lines(paths["report"])


def test_every_optional_field_can_be_uncommented_and_the_files_published(tree: Path) -> None:
    (tree / "media").mkdir()
    Image.new("RGB", (4, 3)).save(tree / "media" / "new-claim.png")  # the screenshot the claim names
    for kind, path in scaffold_all(tree).items():
        path.write_text(fill(uncomment_optional_fields(path.read_text()), kind, only_required=False))
    for kind in ("claim", "report"):
        path = tree / f"{kind}s" / f"new-{kind}.yaml"
        path.write_text(published(path.read_text()))
    content, problems = load_content(tree)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    # The new files reference each other; the new claim's one source is its one publisher.
    assert [p.message for p in problems.warnings if "new-" in p.path] == [
        "the verdict rests on a single publisher (Example Gazette)"]
    claim = content.claims["new-claim"]
    assert claim.is_published and content.reports["new-report"].is_published
    assert (claim.verdict.rating, claim.verdict.summary) == ("mixed", "It was closed for three days.")
    assert [e.source for e in claim.verdict.evidence] == ["new-source"]
    assert claim.verdict.analysis and claim.verdict.author and claim.verdict.updated and claim.history
    assert claim.appearance and claim.context and claim.verdict.evidence[0].quote and claim.verdict.evidence[0].note
    source = content.sources["new-source"]
    assert source.archive_url and source.published and source.language and source.original_publisher
    assert content.claimants["new-claimant"].description and content.claimants["new-claimant"].url
    assert content.reports["new-report"].summary
    person = content.people["new-person"]
    assert claim.verdict.author == person.id and person.background and person.languages and person.links
    assert claim.history[0].kind == "update" and claim.history[0].previous_rating == "unproven"


def test_unfilled_file_has_errors_exactly_at_the_required_fields(tree: Path) -> None:
    paths = scaffold_all(tree)
    _, problems = load_content(tree)
    for kind, path in paths.items():
        shown = path.relative_to(tree.parent).as_posix()
        error_lines = {p.line for p in problems.errors if p.path.endswith(shown)}
        assert error_lines == required_lines(path), f"{kind}: errors at {error_lines}"
    assert len(problems.errors) == sum(len(required_lines(p)) for p in paths.values())


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_template_lists_every_field_of_the_model(kind: str, tree: Path) -> None:
    text = plan_new(kind, "x", tree).text
    keys = {m["key"] for line in text.splitlines()
            if (m := KEY_LINE.match(re.sub(r"^(\s*)# ", r"\1", line)))}
    model = NEW_FILE_KINDS[kind].model

    def fields(model_class, prefix: str = "") -> set[str]:
        names = set()
        for name, info in model_class.model_fields.items():
            names.add(name)
            nested = getattr(info.annotation, "__args__", (info.annotation,))
            for inner in (info.annotation, *nested):
                if isinstance(inner, type) and hasattr(inner, "model_fields"):
                    names |= fields(inner)
        return names

    assert fields(model) - {"id"} <= keys


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_first_line_points_the_editor_at_the_schema(kind: str, tree: Path) -> None:
    path = write_new(kind, "x", tree)
    first = path.read_text().splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert match[1].startswith("../../schemas/")
    assert (path.parent / match[1]).resolve().is_file()


def test_uses_todays_date(tree: Path) -> None:
    text = write_new("report", "dated", tree, today=Date(2030, 5, 6)).read_text()
    assert "published: 2030-05-06" in text


def test_new_file_goes_into_the_kinds_folder_even_when_missing(tmp_path: Path) -> None:
    path = write_new("claimant", "someone", tmp_path)
    assert path == tmp_path / "claimants" / "someone.yaml"


@pytest.mark.parametrize("bad, suggestion", [("Toll 62 Killed!", "toll-62-killed"), ("été", "ete"),
                                              ("-leading", "leading"), ("a" * 81, "a" * 80), ("a_b", "a-b")])
def test_invalid_id_is_refused_with_a_suggestion(bad: str, suggestion: str, tree: Path) -> None:
    with pytest.raises(ScaffoldError) as error:
        plan_new("claim", bad, tree)
    assert error.value.exit_code == 2
    assert f"try '{suggestion}'" in str(error.value)
    assert suggest_id(bad) == suggestion


def test_no_suggestion_when_nothing_usable_remains() -> None:
    assert suggest_id("!!!") is None


@pytest.mark.slow  # the command line in another process
def test_cli_writes_and_reports_the_file(tree: Path) -> None:
    result = run_cli("new", "claim", "fresh-claim", cwd=tree.parent)
    assert result.returncode == 0, result.stderr
    assert "content/claims/fresh-claim.yaml" in result.stdout
    assert (tree / "claims" / "fresh-claim.yaml").is_file()


@pytest.mark.slow  # the command line in another process
def test_cli_refuses_to_overwrite(tree: Path) -> None:
    existing = tree / "claims" / "toll-62-killed.yaml"
    before = existing.read_bytes()
    result = run_cli("new", "claim", "toll-62-killed", cwd=tree.parent)
    assert result.returncode == 1
    assert "already exists" in result.stderr and "Traceback" not in result.stderr
    assert existing.read_bytes() == before


@pytest.mark.slow  # the command line in another process
def test_cli_refuses_an_id_that_exists_as_yml(tree: Path) -> None:
    (tree / "sources" / "old.yml").write_text("title: x\n")
    result = run_cli("new", "source", "old", cwd=tree.parent)
    assert result.returncode == 1 and "old.yml already exists" in result.stderr
    assert not (tree / "sources" / "old.yaml").exists()


@pytest.mark.slow  # the command line in another process
def test_cli_refuses_an_invalid_id_without_traceback(tree: Path) -> None:
    result = run_cli("new", "claim", "Bad Id", "--content", "content", cwd=tree.parent)
    assert result.returncode == 2
    assert "'Bad Id' is not a valid id" in result.stderr and "try 'bad-id'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not list((tree / "claims").glob("*ad*"))


@pytest.mark.slow  # the command line in another process
def test_cli_refuses_a_missing_content_folder(tmp_path: Path) -> None:
    result = run_cli("new", "claim", "x", "--content", "nowhere", cwd=tmp_path)
    assert result.returncode == 1 and "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.slow  # the command line in another process
def test_cli_rejects_an_unknown_kind(tree: Path) -> None:
    result = run_cli("new", "rating", "x", cwd=tree.parent)
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_missing_templates_give_a_message_not_a_traceback(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.scaffold as scaffold

    monkeypatch.setattr(scaffold, "TEMPLATES", tree / "no-templates-here")
    with pytest.raises(ScaffoldError) as error:
        write_new("claim", "x", tree)
    assert str(error.value) == (f"error: template {tree / 'no-templates-here' / 'claim.yaml.tmpl'} is missing "
                                "(hint: the package is incomplete: reinstall it with "
                                "pip install --force-reinstall factcheck-site-generator)")
    assert error.value.exit_code == 1
    assert not (tree / "claims" / "x.yaml").exists()


# In-process checks of each message and value, line by line (the CLI's are in test_cli.py).


def refusal(kind: str, new_id: str, content: Path) -> ScaffoldError:
    with pytest.raises(ScaffoldError) as error:
        write_new(kind, new_id, content)
    return error.value


def test_an_error_reads_error_message_and_hint() -> None:
    assert str(ScaffoldError("it broke", "fix it")) == "error: it broke (hint: fix it)"
    assert str(ScaffoldError("it broke")) == "error: it broke"
    assert ScaffoldError("it broke").exit_code == 1
    assert ScaffoldError("it broke", exit_code=2).exit_code == 2


def test_the_first_lines_name_the_schema_the_id_and_the_day(tree: Path) -> None:
    new = plan_new("claimant", "jane-roe", tree, today=Date(2030, 5, 6))
    assert new.path == tree / "claimants" / "jane-roe.yaml"
    assert new.text.splitlines()[:2] == [
        "# yaml-language-server: $schema=../../schemas/claimant.schema.json",
        "# Claimant 'jane-roe' (the id is the file name), started 2030-05-06.",
    ]


def test_the_written_file_holds_exactly_the_planned_text(tree: Path) -> None:
    planned = plan_new("source", "notice", tree, today=Date(2030, 5, 6))
    path = write_new("source", "notice", tree, today=Date(2030, 5, 6))
    assert (path, path.read_bytes()) == (planned.path, planned.text.encode("utf-8"))


def test_schemas_are_found_above_the_content_folder(tmp_path: Path) -> None:
    content = tmp_path / "site" / "editors" / "content"
    content.mkdir(parents=True)
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    first = plan_new("report", "r", content).text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../../schemas/report.schema.json"


def test_without_a_schemas_folder_the_usual_layout_is_assumed(tmp_path: Path) -> None:
    content = tmp_path / "deep" / "er" / "content"
    content.mkdir(parents=True)
    assert plan_new("source", "s", content).text.splitlines()[0] == \
        "# yaml-language-server: $schema=../../schemas/source.schema.json"


def test_a_schema_with_no_relative_path_is_named_by_its_uri(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def other_drive(path: str, start: str | None = None) -> str:
        raise ValueError("path is on mount 'C:', start on mount 'D:'")

    monkeypatch.setattr(scaffold.os.path, "relpath", other_drive)
    schema = (tree.parent / "schemas" / "claim.schema.json").resolve()
    assert plan_new("claim", "c", tree).text.splitlines()[0] == f"# yaml-language-server: $schema={schema.as_uri()}"


def test_an_id_with_nothing_usable_gets_the_rule_without_a_suggestion(tree: Path) -> None:
    error = refusal("claim", "!!!", tree)
    assert str(error) == ("error: '!!!' is not a valid id (hint: ids are 1-80 lowercase letters, digits and hyphens, "
                          "starting with a letter or digit)")
    assert error.exit_code == 2


def test_an_invalid_id_gets_the_rule_and_a_suggestion(tree: Path) -> None:
    error = refusal("source", "Road Notice", tree)
    assert str(error) == ("error: 'Road Notice' is not a valid id (hint: ids are 1-80 lowercase letters, digits and "
                          "hyphens, starting with a letter or digit; try 'road-notice')")
    assert error.exit_code == 2


def test_the_placeholder_id_is_never_suggested() -> None:
    assert suggest_id("Item!") is None
    assert suggest_id("items") == "items"


def test_an_unknown_kind_is_refused_with_the_choices(tree: Path) -> None:
    error = refusal("rating", "x", tree)
    assert str(error) == "error: unknown kind 'rating' (hint: choose one of claim, claimant, person, source, report)"
    assert error.exit_code == 2
    assert not (tree / "ratings").exists()


def test_a_missing_content_folder_is_named_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    error = refusal("claim", "x", Path("nowhere"))
    assert str(error) == ("error: content folder 'nowhere' does not exist "
                          "(hint: run from the project folder, or pass --content DIR)")
    assert error.exit_code == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_an_existing_file_is_named_with_what_to_do(suffix: str, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "sources" / f"old{suffix}").write_text("title: x\n", encoding="utf-8")
    monkeypatch.chdir(tree.parent)
    error = refusal("source", "old", tree)
    assert str(error) == (f"error: content/sources/old{suffix} already exists; not overwriting it "
                          "(hint: edit that file, or choose another id for a new source)")
    assert error.exit_code == 1
    assert (tree / "sources" / f"old{suffix}").read_text(encoding="utf-8") == "title: x\n"


def test_a_file_appearing_after_the_check_is_not_overwritten(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A dangling link passes the check (it names no existing file), but creating the file through it fails.
    link = tree / "claims" / "late.yaml"
    link.symlink_to(tree / "elsewhere.yaml")
    monkeypatch.chdir(tree.parent)
    error = refusal("claim", "late", tree)
    assert str(error) == "error: content/claims/late.yaml already exists; not overwriting it"
    assert error.exit_code == 1
    assert link.is_symlink() and not (tree / "elsewhere.yaml").exists()


@pytest.mark.parametrize("failure, shown", [
    (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
    (OSError("the disk went away"), "the disk went away"),
])
def test_a_file_that_cannot_be_written_is_named_with_the_reason(failure: OSError, shown: str, tree: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = tree / "claims" / "full.yaml"
    real_open = Path.open

    def failing_open(self: Path, *args, **kwargs):
        if self == target:
            raise failure
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing_open)
    monkeypatch.chdir(tree.parent)
    error = refusal("claim", "full", tree)
    assert str(error) == f"error: cannot write content/claims/full.yaml: {shown}"
    assert error.exit_code == 1


def test_a_kind_folder_that_is_a_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "claims").write_text("not a folder", encoding="utf-8")
    with pytest.raises(ScaffoldError, match=r"cannot create .*claims/: File exists"):
        write_new("claim", "x", tmp_path)


# --- python -m generator init DIR: a new desk's repository ------------------------------------


def written_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_writes_a_desk_whose_content_validates_without_errors_or_warnings(tmp_path: Path) -> None:
    written = scaffold.init_desk(tmp_path / "desk")
    content, problems = load_content(tmp_path / "desk" / "content")
    assert list(problems) == []
    assert [len(content.claims), len(content.reports), len(content.sources), len(content.claimants)] == [1, 1, 2, 1]
    assert len(content.ratings) >= 2
    assert sorted(written) == sorted(written_files(tmp_path / "desk"))


def test_init_writes_each_file_of_site_templates_init_and_the_schemas(tmp_path: Path) -> None:
    scaffold.init_desk(tmp_path / "desk")
    templates = [p.relative_to(scaffold.DESK_FILES).as_posix() for p in scaffold.DESK_FILES.rglob("*") if p.is_file()]
    expected = {name.removesuffix(".tmpl") for name in templates} | {f"schemas/{n}" for n in ALL_SCHEMA_FILES}
    written = written_files(tmp_path / "desk")
    assert set(written) == expected
    assert {".github/workflows/site.yml", ".github/workflows/preview.yml", ".pre-commit-config.yaml",
            ".vscode/settings.json", "mkdocs.yml",
            "docs/about.md", "docs/corrections.md", "content/ratings.yaml", "requirements.txt"} <= set(written)
    assert "docs/index.md" not in written  # the plugin generates the home page
    for name in templates:
        if not name.endswith(".tmpl"):
            assert written[name] == (scaffold.DESK_FILES / name).read_bytes(), name
    assert json.loads(written["schemas/claim.schema.json"]) == schema_for("claims")


def test_init_pins_this_version_and_writes_the_placeholder_addresses(tmp_path: Path) -> None:
    scaffold.init_desk(tmp_path / "desk")
    version = metadata.version("factcheck-site-generator")
    requirements = (tmp_path / "desk" / "requirements.txt").read_text(encoding="utf-8")
    assert f"factcheck-site-generator @ git+{scaffold.GENERATOR_REPOSITORY}@v{version}\n" in requirements
    pre_commit = yaml.safe_load((tmp_path / "desk" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert pre_commit["repos"] == [{"repo": scaffold.GENERATOR_REPOSITORY, "rev": f"v{version}",
                                    "hooks": [{"id": "factcheck-validate"}]}]
    settings = yaml.safe_load((tmp_path / "desk" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {key: settings[key] for key in scaffold.PLACEHOLDERS} == scaffold.PLACEHOLDERS
    assert settings["plugins"][:2] == ["search", "tags"] and "factcheck" in settings["plugins"][2]
    for template in scaffold.DESK_FILES.rglob("*.tmpl"):
        name = template.relative_to(scaffold.DESK_FILES).as_posix().removesuffix(".tmpl")
        assert "$" not in (tmp_path / "desk" / name).read_text(encoding="utf-8"), name  # every field filled


def test_the_desks_preview_summarises_with_the_command_of_the_version_it_pins(tmp_path: Path) -> None:
    """The preview workflow runs `python -m generator changes`, which the pinned generator (this one) has."""
    scaffold.init_desk(tmp_path / "desk")
    workflow = (tmp_path / "desk" / ".github" / "workflows" / "preview.yml").read_text(encoding="utf-8")
    assert 'python -m generator changes --base "origin/$BASE_REF" content' in workflow
    assert "pip install -r requirements.txt" in workflow  # the generator at the version init pinned
    result = run_cli("changes", "--old-content", "desk/content", "desk/content", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith("No claim, report, rating, claimant or source changed.\n")


def test_the_desks_editor_settings_are_this_repositorys() -> None:
    """Copies in site_templates/init/ of files this repository uses itself: they must not drift apart
    (the problem matcher's copy is checked in test_workflows.py)."""
    for name in (".vscode/settings.json", ".vscode/extensions.json"):
        assert (scaffold.DESK_FILES / name).read_bytes() == (REPO / name).read_bytes(), name


@pytest.mark.parametrize("existing", ["notes.txt", ".git"])
def test_init_refuses_a_folder_that_is_not_empty(existing: str, tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / existing).write_text("someone's work\n", encoding="utf-8")
    result = run_cli("init", "desk", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("error: desk is not empty; init starts a desk only in a new or empty folder "
                             "(hint: choose a new folder, e.g. python -m generator init my-desk)\n")
    assert written_files(tmp_path / "desk") == {existing: b"someone's work\n"}


def test_init_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "desk").write_text("a file\n", encoding="utf-8")
    result = run_cli("init", "desk", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("error: desk is a file, not a folder (hint: choose a new folder for the desk, "
                             "e.g. python -m generator init my-desk)\n")


def test_init_in_the_empty_working_folder_says_what_to_do_next(tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    result = run_cli("init", ".", cwd=tmp_path / "desk")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("created a new desk in .: content/")
    assert result.stdout.endswith("next: write your site_url and repo_url in ./mkdocs.yml, then run: "
                                  "cd . && python -m generator validate && mkdocs serve\n")
    assert (tmp_path / "desk" / "content" / "claims" / "example-claim.yaml").is_file()


@pytest.mark.parametrize("existed", [False, True])
def test_a_failed_init_leaves_nothing_behind(existed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    desk = tmp_path / "desk"
    if existed:
        desk.mkdir()
    real_open = Path.open

    def failing_open(self: Path, *args, **kwargs):
        if self.name == "mkdocs.yml":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing_open)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScaffoldError) as error:
        scaffold.init_desk(desk)
    assert str(error.value) == "error: cannot write the new desk in desk: No space left on device"
    assert (desk.exists(), list(desk.iterdir()) if existed else []) == (existed, [])


def test_missing_desk_files_give_a_message_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scaffold, "DESK_FILES", tmp_path / "no-files-here")
    with pytest.raises(ScaffoldError) as error:
        scaffold.init_desk(tmp_path / "desk")
    assert str(error.value) == (f"error: the new desk's files ({tmp_path / 'no-files-here'}) are missing (hint: the "
                                "package is incomplete: reinstall it with pip install --force-reinstall "
                                "factcheck-site-generator)")
    assert not (tmp_path / "desk").exists()


def test_an_unknown_version_is_an_error_not_an_unpinned_desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(scaffold.metadata, "version", not_installed)
    with pytest.raises(ScaffoldError, match="cannot tell which version of factcheck-site-generator this is"):
        scaffold.init_desk(tmp_path / "desk")
    assert not (tmp_path / "desk").exists()


def test_validate_warns_at_each_placeholder_address_until_it_is_replaced(tmp_path: Path) -> None:
    scaffold.init_desk(tmp_path / "desk")
    result = run_cli("validate", "desk/content", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "desk/mkdocs.yml:5:11: warning: site_url still holds the placeholder address written by "
        "`python -m generator init` (hint: write where the site is published)",
        "desk/mkdocs.yml:6:11: warning: repo_url still holds the placeholder address written by "
        "`python -m generator init` (hint: write this repository's address)",
        "desk/content: 0 errors, 2 warnings (1 claim, 1 report, 2 sources, 1 claimant, 6 ratings)",
    ]
    settings = tmp_path / "desk" / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace(scaffold.PLACEHOLDERS["site_url"], "https://facts.example.org/")
                        .replace(scaffold.PLACEHOLDERS["repo_url"], "https://github.com/example/facts"), encoding="utf-8")
    assert scaffold.placeholder_problems(settings) == []


@pytest.mark.parametrize("text", ["site_url: [\n", "- a list\n", "site_url: !ENV [SITE_URL, 'https://YOUR-REPOSITORY']\n"])
def test_site_settings_that_are_unreadable_or_not_addresses_give_no_placeholder_warning(text: str,
                                                                                        tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert scaffold.placeholder_problems(tmp_path / "mkdocs.yml") == []
    assert scaffold.placeholder_problems(tmp_path / "missing.yml") == []


def test_the_new_desk_builds_strictly_with_the_plugin_alone(tmp_path: Path) -> None:
    scaffold.init_desk(tmp_path / "desk")
    result = mkdocs_build(tmp_path / "desk" / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "claims" / "example-claim" / "index.html").read_text(encoding="utf-8")
    assert "Mostly false" in page and '"@type": "ClaimReview"' in page


# --- a translation of an existing file: new claim --lang ar ID ------------------------------------

TRANSLATED = REPO / "tests" / "fixtures" / "translated"
TODAY = Date(2024, 2, 29)  # not the day the tests run: a date taken from the clock instead shows


@pytest.fixture
def translated_tree(tmp_path: Path) -> Path:
    shutil.copytree(TRANSLATED, tmp_path / "content")
    return tmp_path / "content"


def test_a_claim_translation_lists_the_originals_words_and_validates_once_its_required_fields_are_written(
        translated_tree: Path) -> None:
    path = write_new("claim", "no-civilians-nearby", translated_tree, TODAY, language="ar")
    assert path == translated_tree / "translations" / "ar" / "claims" / "no-civilians-nearby.yaml"
    text = path.read_text(encoding="utf-8")
    assert "translated: 2024-02-29" in text
    assert "claim:                   # required; the original: There were no civilians anywhere near the site." in text
    assert "  summary:               # required; the original: The investigation found civilians within a kilometre." in text
    assert "#     note:              # the original: See the map in section 3." in text
    _, problems = load_content(translated_tree)
    assert [(p.path.rsplit("/", 1)[-1], p.line, p.message) for p in problems.errors] == [
        ("no-civilians-nearby.yaml", 7, "field 'claim' is empty")]
    filled = text.replace("claim:                   #", "claim: لم يكن هناك مدنيون قرب الموقع. #")
    filled = filled.replace("  summary:               #", "  summary: وجد التحقيق مدنيين على بعد كيلومتر. #")
    path.write_text(filled, encoding="utf-8")
    _, problems = load_content(translated_tree)
    assert problems.errors == [] and not any("no Arabic translation" in p.message for p in problems)


def test_a_report_source_and_claimant_translation_each_name_their_required_field(translated_tree: Path) -> None:
    (translated_tree / "translations" / "ar" / "reports" / "briefing-review.yaml").unlink()
    report = write_new("report", "briefing-review", translated_tree, TODAY, language="ar").read_text(encoding="utf-8")
    assert "title:                   # required; the original: Review of the ministry briefing" in report
    source = write_new("source", "interview-2016-09-20", translated_tree, TODAY, language="ar").read_text(encoding="utf-8")
    assert "title:                   # required; the original: Interview with Jane Doe" in source
    assert "# publisher:             # the original: Example Radio" in source
    claimant = write_new("claimant", "jane-doe", translated_tree, TODAY, language="ar").read_text(encoding="utf-8")
    assert "name:                    # required; the original: Jane Doe" in claimant


@pytest.mark.parametrize("kind, id, language, message", [
    ("claim", "no-civilian", "ar", "error: no claim 'no-civilian' to translate; did you mean 'no-civilians-nearby'? "
                                   "(hint: a translation is made of an existing file of content/claims/)"),
    ("claim", "toll-62-killed", "ar", "error: content/translations/ar/claims/toll-62-killed.yaml already exists; "
                                      "not overwriting it (hint: edit that file, and set its 'translated' date when it "
                                      "matches the original again)"),
    ("claim", "toll-62-killed", "Arabic", "error: 'Arabic' is not a language tag (hint: use the language's BCP 47 tag "
                                          "in lowercase, e.g. ar, fr or pt-br)"),
    ("person", "noor", "ar", "error: a person has no translation of its own (hint: translate one of: claimant, source, "
                             "claim, report)"),
])
def test_a_translation_is_refused_with_the_reason(kind: str, id: str, language: str, message: str,
                                                  translated_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(translated_tree.parent)
    with pytest.raises(ScaffoldError) as raised:
        write_new(kind, id, Path("content"), TODAY, language=language)
    assert str(raised.value) == message


def test_cli_writes_a_translation_and_says_what_to_do(translated_tree: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "new", "claim", "--lang", "ar", "no-civilians-nearby",
                             "--content", "content"], cwd=translated_tree.parent, capture_output=True, text=True,
                            timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("created content/translations/ar/claims/no-civilians-nearby.yaml: write the fields marked "
                             "'required' in Arabic (the original's words are beside them), then run: "
                             "python -m generator validate content\n")


# Every field a translation can hold, in each translated kind: the whole file is compared with
# tests/golden/translation-scaffold/ (UPDATE_GOLDEN=1 rewrites them, and the test then fails).
FULL_ORIGINALS = {
    "claims/full-claim.yaml": """\
claim: "A claim with   every field,\\nover two lines."
claimant: jane-doe
date: 2016-09-20
context: Said at a briefing.
verdict:
  rating: false
  summary: The record says otherwise.
  analysis: |
    First paragraph.

    Second paragraph.
  evidence:
    - source: investigation-2016-11-29
      quote: They were there.
      note: See the map.
    - source: briefing-2016-09-17
      note: Only a note.
    - source: interview-2016-09-20
      quote: Only a quote.
    - source: investigation-2016-11-29
      quote: The same source again, listed once.
    - source: briefing-2016-09-17
    - just text
  published: 2026-11-21
""",
    "claims/bare-claim.yaml": """\
claim: A claim with nothing else to translate.
claimant: jane-doe
date: 2016-09-20
verdict:
  rating: false
  evidence:
    - source: briefing-2016-09-17
  published: 2026-11-21
""",
    "reports/full-report.yaml": "title: A full report\nsource: briefing-2016-09-17\npublished: 2026-11-22\n"
                                "summary: |\n  A summary of " + "many words " * 12 + "\nclaims: [toll-62-killed]\n",
    "sources/full-source.yaml": "title: A full source\npublisher: Example Radio\nurl: https://example.org/a\nkind: news\n",
    "claimants/full-claimant.yaml": "name: Full Claimant\nkind: person\ndescription: Spokesperson.\n",
}
GOLDEN_TRANSLATIONS = REPO / "tests" / "golden" / "translation-scaffold"


@pytest.mark.parametrize("original", sorted(FULL_ORIGINALS))
def test_a_translation_holds_each_text_field_of_its_original_and_nothing_else(
        original: str, translated_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (translated_tree / original).write_text(FULL_ORIGINALS[original], encoding="utf-8")
    folder, name = original.split("/")
    kind = {"claims": "claim", "reports": "report", "sources": "source", "claimants": "claimant"}[folder]
    monkeypatch.chdir(translated_tree.parent)
    new = plan_translation(kind, name.removesuffix(".yaml"), "ar", Path("content"), TODAY)
    assert new.path == Path("content", "translations", "ar", folder, name)
    golden = GOLDEN_TRANSLATIONS / f"{folder}-{name}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(new.text, encoding="utf-8")
        pytest.fail(f"rewrote {golden.relative_to(REPO)}: check it, and run again without UPDATE_GOLDEN")
    assert new.text == golden.read_text(encoding="utf-8")


def test_a_translation_points_at_the_schemas_of_the_project_it_is_in(tmp_path: Path) -> None:
    content = tmp_path / "desk" / "site" / "content"
    shutil.copytree(TRANSLATED, content)
    schema = tmp_path / "desk" / "schemas" / "claim-translation.schema.json"
    schema.parent.mkdir()
    schema.write_text("{}", encoding="utf-8")

    def first_line() -> str:
        return plan_translation("claim", "no-civilians-nearby", "ar", content, TODAY).text.splitlines()[0]

    # From content/translations/ar/claims/ up to desk/: five folders.
    assert first_line() == "# yaml-language-server: $schema=../../../../../schemas/claim-translation.schema.json"
    schema.unlink()  # none found: where `python -m generator schemas` writes them, beside content/
    assert first_line() == "# yaml-language-server: $schema=../../../../schemas/claim-translation.schema.json"


def test_a_translation_into_a_new_language_makes_its_folders(translated_tree: Path) -> None:
    path = write_new("claimant", "jane-doe", translated_tree, TODAY, language="fr")
    assert path == translated_tree / "translations" / "fr" / "claimants" / "jane-doe.yaml"
    assert path.read_bytes().decode("utf-8").splitlines()[1] == (
        "# The French translation of claimant 'jane-doe' "
        f"({(translated_tree / 'claimants' / 'jane-doe.yaml').as_posix()}), started 2024-02-29.")


@pytest.mark.parametrize("kind, id, language, message, exit_code", [
    ("claim", "zzz", "ar", "error: no claim 'zzz' to translate (hint: a translation is made of an existing file of "
                           "content/claims/)", 1),
    ("claim", "toll-62-killed", "Arabic", "error: 'Arabic' is not a language tag (hint: use the language's BCP 47 "
                                          "tag in lowercase, e.g. ar, fr or pt-br)", 2),
    ("person", "noor", "ar", "error: a person has no translation of its own (hint: translate one of: claimant, source, "
                             "claim, report)", 2),
    ("tag", "casualties", "ar", "error: a tag has no translation of its own (hint: translate one of: claimant, source, "
                                "claim, report)", 2),
])
def test_a_refused_translation_gives_its_exit_code(kind: str, id: str, language: str, message: str, exit_code: int,
                                                  translated_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(translated_tree.parent)
    with pytest.raises(ScaffoldError) as raised:
        plan_translation(kind, id, language, Path("content"), TODAY)
    assert (str(raised.value), raised.value.exit_code) == (message, exit_code)


def test_a_translation_needs_the_content_folder_and_a_readable_original(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScaffoldError) as raised:
        plan_translation("claim", "x", "ar", Path("content"), TODAY)
    assert str(raised.value) == ("error: content folder 'content' does not exist (hint: run from the project folder, "
                                 "or pass --content DIR)")
    shutil.copytree(TRANSLATED, tmp_path / "content")
    (tmp_path / "content" / "claims" / "toll-62-killed.yaml").write_text("claim: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScaffoldError) as raised:
        plan_translation("claim", "toll-62-killed", "fr", Path("content"), TODAY)
    assert str(raised.value) == (
        "error: cannot read content/claims/toll-62-killed.yaml: YAML syntax error: while parsing a flow sequence, did "
        "not find expected ',' or ']' (it starts at line 1, column 8) (hint: fix it first: python -m generator validate)")
