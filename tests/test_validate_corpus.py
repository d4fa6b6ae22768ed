"""`python -m generator validate` on broken content trees: exact file, line, column and message.

Each folder under tests/broken/ is a small content tree with one kind of defect and an
expected.txt holding the exact problem lines the validator prints for it (paths relative to
the tree). Inputs too large to keep as files (10 MB, 100k-deep nesting, 100k-digit numbers)
and symlinks or FIFOs are built in a temporary copy of tests/fixtures/minimal instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.content import load_content
from generator.loading import DEFAULT_LOADER
from tools import time_limit

C_LOADER = DEFAULT_LOADER.__name__ == "CSafeLoader"

TESTS = Path(__file__).parent
REPO = TESTS.parent
BROKEN = TESTS / "broken"
MINIMAL = TESTS / "fixtures" / "minimal"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expected.txt").is_file())
TIME_LIMIT = 2.0  # seconds, for loading a tree with one hostile file


def run_validate(tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The validator run from inside tree (on "." unless args say otherwise), as an editor would."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "generator", "validate", *(args or (".",))], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=60)


def problem_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Every printed line but the final summary."""
    lines = result.stdout.splitlines()
    assert lines, f"no output; stderr: {result.stderr}"
    return lines[:-1]


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert result.stderr == "", result.stderr


def test_the_corpus_covers_every_case_of_the_issue() -> None:
    required = {"yaml-syntax-error", "duplicate-key", "unknown-field", "missing-required-field", "wrong-type",
                "invalid-date", "unknown-ids", "same-id-yaml-yml", "ids-differing-in-case", "invalid-file-name",
                "non-http-urls", "empty-file", "top-level-not-mapping", "ratings-not-a-list",
                "duplicate-rating-values", "not-utf8", "alias-bomb", "deep-nesting", "huge-numbers",
                "several-errors-in-one-file", "warnings", "ignored-files", "published-report-lists-drafts"}
    assert required <= set(CASES)


def test_the_corpus_covers_the_mistakes_editors_make() -> None:
    required = {"dedented-field", "mis-indented-key", "missing-list-dash", "list-without-dashes",
                "field-outside-its-mapping", "tab-indentation", "non-breaking-space-indentation",
                "content-like-file-names", "misnamed-content-folders", "invalid-date", "day-that-does-not-exist",
                "rating-spelling", "file-of-another-kind"}
    assert required <= set(CASES)


def test_the_corpus_covers_the_integrity_rules() -> None:
    # Media claims' fields, their screenshots (missing, not the type their name says); a source
    # without an archived copy is a warning, in the case `warnings`.
    assert {"media-claim-fields", "screenshot-files", "warnings"} <= set(CASES)
    assert "has no archive_url" in (BROKEN / "warnings" / "expected.txt").read_text(encoding="utf-8")


def test_the_corpus_covers_each_rule_of_editorial_integrity() -> None:
    required = {"bylines", "invalid-person", "history-rating-change", "history-dates", "single-publisher",
                "organisation-incomplete", "organisation-invalid"}
    assert required <= set(CASES)


def test_the_corpus_covers_each_rule_of_translations() -> None:
    # A translation of nothing, an evidence key the original does not cite, a rating without its label,
    # a context or summary the original does not match, misnamed folders (errors); an untranslated
    # published claim and a stale translation (warnings; a draft left untranslated is not one).
    required = {"translation-orphans", "translation-evidence-keys", "translation-ratings", "translation-fields",
                "translation-folders", "translation-warnings"}
    assert required <= set(CASES)
    warnings = (BROKEN / "translation-warnings" / "expected.txt").read_text(encoding="utf-8")
    assert "has no Arabic translation" in warnings and "after this translation" in warnings
    assert "draft-claim' has no Arabic translation" not in warnings


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_broken_tree_reports_exactly_the_expected_problems(case: str) -> None:
    tree = BROKEN / case
    expected = (tree / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = run_validate(tree)
    assert_no_traceback(result)
    assert problem_lines(result) == expected
    has_errors = any(": error: " in line for line in expected)
    assert result.returncode == (1 if has_errors else 0)
    errors = sum(": error: " in line for line in expected)
    warnings = sum(": warning: " in line for line in expected)
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith(f".: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")


@pytest.mark.parametrize("case", CASES)
def test_broken_tree_gives_the_expected_problems_in_process(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same, without a process between: what `make mutation` can see of the loader.
    monkeypatch.chdir(BROKEN / case)  # expected.txt holds paths as `validate .` prints them there
    _, problems = load_content(Path("."), jobs=1)
    assert [str(problem) for problem in problems] == (BROKEN / case / "expected.txt").read_text(
        encoding="utf-8").splitlines()


def test_each_defect_case_has_an_error_and_each_file_is_tiny() -> None:
    for case in CASES:
        expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8")
        if case not in ("warnings", "ignored-files", "markup-removed-from-markdown", "single-publisher",
                        "organisation-incomplete", "translation-warnings"):
            assert ": error: " in expected, case
        for path in (BROKEN / case).rglob("*"):
            assert not path.is_file() or path.stat().st_size < 10_000, path


def test_the_minimal_fixture_is_valid() -> None:
    result = run_validate(MINIMAL)
    assert_no_traceback(result)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        ".: 0 errors, 0 warnings (3 claims, 1 report, 3 sources, 2 claimants, 6 ratings)"]


def test_validate_defaults_to_content_and_names_a_missing_folder(tmp_path: Path) -> None:
    result = run_validate(tmp_path, "--")  # no content/ here: the default folder is missing
    assert_no_traceback(result)
    assert result.returncode == 1
    assert problem_lines(result) == ["content:1:1: error: content folder does not exist "
                                     "(hint: pass the folder that holds ratings.yaml, claims/, sources/ …)"]


# --- hostile inputs built at test time -------------------------------------------------------

@pytest.fixture
def tree(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(MINIMAL, copy, symlinks=True)
    return copy


CLAIM = "claims/toll-62-killed.yaml"


def laughs(levels: int) -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        name, previous = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


HOSTILE = {
    "10 MB file": (lambda: "claim: " + "x" * 10_000_000 + "\n",
                   f"{CLAIM}:1:1: error: file is too large (10000008 bytes, the limit is 2000000) "
                   "(hint: one entity per file; content files are a few kilobytes)"),
    "billion laughs": (lambda: laughs(9),
                       f"{CLAIM}:6:4: error: document is too large (more than 100000 values after expanding aliases) "
                       "(hint: remove the anchors and aliases (&name / *name))"),
    "100k-deep flow nesting": (lambda: "tags: " + "[" * 100_000 + "]" * 100_000 + "\n",
                               # libyaml's scanner refuses at its own limit, 1000 levels, before PyYAML sees 65
                               f"{CLAIM}:1:{7 + (999 if C_LOADER else 63)}: error: document is nested more than 64 levels deep"),
    "100k-deep mapping nesting": (lambda: "tags: " + "{a: " * 100_000 + "}" * 100_000 + "\n",
                                  f"{CLAIM}:1:{7 + 63 * 4}: error: document is nested more than 64 levels deep"),
    "10**100000 int": (lambda: "claim: x\nvalue: 1" + "0" * 100_000 + "\n",
                       f"{CLAIM}:2:8: error: number is too long (100001 characters, the limit is 30) "
                       "(hint: put it in quotes if it is text)"),
    "sexagesimal int": (lambda: "claim: x\nvalue: 1" + ":59" * 20_000 + "\n",
                        f"{CLAIM}:2:8: error: number is too long (60001 characters, the limit is 30) "
                        "(hint: put it in quotes if it is text)"),
}


@pytest.mark.timing
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_refused_quickly_with_a_clear_message(tree: Path, name: str) -> None:
    make_text, expected = HOSTILE[name]
    (tree / CLAIM).write_text(make_text(), encoding="utf-8")
    started = time.perf_counter()
    _, problems = load_content(tree)
    assert time.perf_counter() - started < time_limit(TIME_LIMIT)
    assert problems.errors
    result = run_validate(tree)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert expected in problem_lines(result)


def test_symlinked_file_outside_the_content_folder_is_refused(tree: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: Secret\nkind: person\n", encoding="utf-8")
    (tree / "claimants" / "secret.yaml").symlink_to(secret)
    result = run_validate(tree)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert problem_lines(result) == [
        f"claimants/secret.yaml:1:1: error: symlink points outside the content folder: {secret} "
        "(hint: copy the file into the content folder instead)"]


def test_symlinked_folder_outside_the_content_folder_is_refused(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.yaml").write_text("name: X\nkind: person\n", encoding="utf-8")
    (tree / "claimants" / "more").symlink_to(outside, target_is_directory=True)
    result = run_validate(tree)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert problem_lines(result) == [
        f"claimants/more:1:1: error: symlink points outside the content folder: {outside} "
        "(hint: copy the file into the content folder instead)"]


@pytest.mark.timing
def test_a_fifo_is_reported_not_read(tree: Path) -> None:
    os.mkfifo(tree / "claimants" / "pipe.yaml")
    started = time.perf_counter()
    result = run_validate(tree)
    assert time.perf_counter() - started < time_limit(30)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert problem_lines(result) == [
        "claimants/pipe.yaml:1:1: error: not a regular file (hint: content files are plain text files)"]
