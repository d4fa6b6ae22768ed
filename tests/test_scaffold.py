"""`python -m generator new`: files that list every field, validate once filled, and never overwrite."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date as Date
from pathlib import Path

import pytest

from generator.content import load_content
from generator.model import KINDS
from generator.scaffold import FOLDERS, NEW_KINDS, ScaffoldError, plan_new, suggest_id, write_new

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests" / "fixtures" / "minimal"

# Values an editor would type, per kind and field. The new claim uses the new claimant and
# source and the new report lists the new claim, so that the four files only make sense together.
FILL: dict[str, dict[str, str]] = {
    "claim": {"claim": "The bridge was closed for a week.", "claimant": "new-claimant", "date": "2016-09-18",
              "rating": "mixed", "summary": "It was closed for three days.", "source": "new-source",
              "appearance": "briefing-2016-09-17", "context": "Said on the radio.", "quote": "closed on Monday",
              "note": "The notice gives the dates.", "author": "Example desk", "updated": "2030-01-02"},
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


def test_filled_required_fields_make_valid_content(tree: Path) -> None:
    for kind, path in scaffold_all(tree).items():
        path.write_text(fill(path.read_text(), kind, only_required=True))
    content, problems = load_content(tree)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    assert not [p for p in problems.warnings if "new-" in p.path], "the four new files reference each other"
    claim = content.claims["new-claim"]
    assert (claim.claimant, claim.verdict.evidence[0].source) == ("new-claimant", "new-source")
    assert claim.verdict.published == Date.today()
    assert content.sources["new-source"].accessed == Date.today()
    assert content.reports["new-report"].claims == ["new-claim"]


def test_every_optional_field_can_be_uncommented(tree: Path) -> None:
    for kind, path in scaffold_all(tree).items():
        path.write_text(fill(uncomment_optional_fields(path.read_text()), kind, only_required=False))
    content, problems = load_content(tree)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    claim = content.claims["new-claim"]
    assert claim.verdict.analysis and claim.verdict.author and claim.verdict.updated and claim.history
    assert claim.appearance and claim.context and claim.verdict.evidence[0].quote and claim.verdict.evidence[0].note
    source = content.sources["new-source"]
    assert source.archive_url and source.published and source.language and source.original_publisher
    assert content.claimants["new-claimant"].description and content.claimants["new-claimant"].url
    assert content.reports["new-report"].summary


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
    model = KINDS[FOLDERS[kind]]

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


def test_cli_writes_and_reports_the_file(tree: Path) -> None:
    result = run_cli("new", "claim", "fresh-claim", cwd=tree.parent)
    assert result.returncode == 0, result.stderr
    assert "content/claims/fresh-claim.yaml" in result.stdout
    assert (tree / "claims" / "fresh-claim.yaml").is_file()


def test_cli_refuses_to_overwrite(tree: Path) -> None:
    existing = tree / "claims" / "toll-62-killed.yaml"
    before = existing.read_bytes()
    result = run_cli("new", "claim", "toll-62-killed", cwd=tree.parent)
    assert result.returncode == 1
    assert "already exists" in result.stderr and "Traceback" not in result.stderr
    assert existing.read_bytes() == before


def test_cli_refuses_an_id_that_exists_as_yml(tree: Path) -> None:
    (tree / "sources" / "old.yml").write_text("title: x\n")
    result = run_cli("new", "source", "old", cwd=tree.parent)
    assert result.returncode == 1 and "old.yml already exists" in result.stderr
    assert not (tree / "sources" / "old.yaml").exists()


def test_cli_refuses_an_invalid_id_without_traceback(tree: Path) -> None:
    result = run_cli("new", "claim", "Bad Id", "--content", "content", cwd=tree.parent)
    assert result.returncode == 2
    assert "'Bad Id' is not a valid id" in result.stderr and "try 'bad-id'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not list((tree / "claims").glob("*ad*"))


def test_cli_refuses_a_missing_content_folder(tmp_path: Path) -> None:
    result = run_cli("new", "claim", "x", "--content", "nowhere", cwd=tmp_path)
    assert result.returncode == 1 and "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_cli_rejects_an_unknown_kind(tree: Path) -> None:
    result = run_cli("new", "rating", "x", cwd=tree.parent)
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_missing_templates_give_a_message_not_a_traceback(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.scaffold as scaffold

    monkeypatch.setattr(scaffold, "TEMPLATES", tree / "no-templates-here")
    with pytest.raises(ScaffoldError, match="template .* is missing"):
        write_new("claim", "x", tree)
    assert not (tree / "claims" / "x.yaml").exists()
