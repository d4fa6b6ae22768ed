"""The content folder as it was at a git revision: read from the repository, never by touching
the working tree, the index or the branches."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from gitrepo import commit_all, git, git_env, new_repository

from generator.changes import load_base
from generator import revisions
from generator.revisions import FETCH_HINT, RevisionError, content_at

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests" / "fixtures" / "minimal"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with tests/fixtures/minimal committed in content/; git here runs without this machine's settings."""
    for name, value in git_env().items():
        monkeypatch.setenv(name, value)
    shutil.copytree(MINIMAL, tmp_path / "desk" / "content")
    return new_repository(tmp_path / "desk")


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_committed_content_is_copied_whatever_the_working_tree_and_index_hold(desk: Path) -> None:
    committed = files_in(desk / "content")
    (desk / "content" / "claims" / "toll-62-killed.yaml").write_text("claim: edited\n", encoding="utf-8")
    (desk / "content" / "claims" / "new.yaml").write_text("claim: new\n", encoding="utf-8")
    git("add", "content/claims/new.yaml", cwd=desk)
    status = git("status", "--porcelain", cwd=desk)
    with content_at("main", desk / "content") as base:
        assert base.folder is not None and base.shown_as == "main:content"
        assert files_in(base.folder) == committed
        copy = base.folder
    assert not copy.exists()  # removed afterwards
    assert git("status", "--porcelain", cwd=desk) == status
    assert (desk / "content" / "claims" / "toll-62-killed.yaml").read_text(encoding="utf-8") == "claim: edited\n"


def test_an_older_revision(desk: Path) -> None:
    (desk / "content" / "claims" / "toll-62-killed.yaml").unlink()
    commit_all(desk, "Removed a claim")
    with content_at("main~1", desk / "content") as base:
        assert base.shown_as == "main~1:content" and base.folder is not None
        assert files_in(base.folder) == files_in(MINIMAL)
    with content_at("main", desk / "content") as base:
        assert base.folder is not None and "claims/toll-62-killed.yaml" not in files_in(base.folder)


def test_a_content_folder_at_the_top_of_its_repository_is_named_as_git_names_it(desk: Path) -> None:
    content = desk.parent / "content-repository"
    shutil.copytree(MINIMAL, content)
    new_repository(content)
    (content / "claims" / "toll-62-killed.yaml").write_text("claimnt: x\n", encoding="utf-8")
    commit_all(content, "Broken")
    with content_at("main", content) as base:
        assert base.shown_as == "main:" and base.folder is not None
        _, errors = load_base(base.folder, base.shown_as)
    assert errors and {problem.path for problem in errors} == {"main:claims/toll-62-killed.yaml"}


def test_a_revision_without_the_content_folder_has_none(desk: Path) -> None:
    (desk / "docs").mkdir()
    (desk / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    commit_all(desk, "About")
    git("checkout", "-q", "--orphan", "empty", cwd=desk)
    git("rm", "-q", "-r", "--cached", "content", cwd=desk)
    git("commit", "-q", "-m", "Only the pages", cwd=desk)  # content/ stays in the working tree, untracked
    with content_at("empty", desk / "content") as base:
        assert (base.folder, base.shown_as) == (None, "empty:content")
    with content_at("main", desk / "docs") as base:
        assert base.folder is not None and files_in(base.folder) == {"about.md": b"# About\n"}


@pytest.mark.parametrize("revision", ["origin/main", "no-such-branch", "--output=stolen.tar", "main:content"])
def test_what_is_not_a_commit_is_refused_with_what_to_do(revision: str, desk: Path) -> None:
    with pytest.raises(RevisionError) as error:
        with content_at(revision, desk / "content"):
            pass
    assert str(error.value) == f"error: '{revision}' is not a commit of this repository (hint: {FETCH_HINT})"
    assert not (desk / "stolen.tar").exists()


def test_a_folder_outside_any_repository_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above tmp_path is looked for
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RevisionError) as error:
        with content_at("main", Path("content")):
            pass
    assert str(error.value).startswith("error: no git repository holds content: fatal: not a git repository")
    assert str(error.value).endswith("(hint: run this in the desk's repository, or compare with a folder: "
                                     "--old-content DIR)")


def test_without_git_there_is_a_message_not_a_traceback(desk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(desk / "no-programs-here"))
    with pytest.raises(RevisionError) as error:
        with content_at("main", desk / "content"):
            pass
    assert str(error.value) == "error: git is not installed (hint: install git, or compare with a folder: --old-content DIR)"


def test_a_link_out_of_the_content_folder_is_left_out_of_the_copy(desk: Path) -> None:
    (desk / "secret.yaml").write_text("claim: not content\n", encoding="utf-8")
    os.symlink("../../secret.yaml", desk / "content" / "claims" / "linked-out.yaml")
    os.symlink("toll-62-killed.yaml", desk / "content" / "claims" / "linked-in.yaml")
    commit_all(desk, "Links")
    with content_at("main", desk / "content") as base:
        assert base.folder is not None
        assert not (base.folder / "claims" / "linked-out.yaml").exists()
        assert not (base.folder / "claims" / "linked-out.yaml").is_symlink()
        assert (base.folder / "claims" / "linked-in.yaml").read_bytes() == \
            (MINIMAL / "claims" / "toll-62-killed.yaml").read_bytes()


def test_an_error_reads_as_its_message_and_its_hint_when_it_has_one() -> None:
    assert str(RevisionError("no such commit")) == "error: no such commit"
    assert str(RevisionError("no such commit", "fetch it")) == "error: no such commit (hint: fetch it)"


def test_git_failing_silently_is_named_by_its_command(desk: Path) -> None:
    with pytest.raises(RevisionError) as failed:
        revisions._git(["rev-parse", "--verify", "--quiet", "no-such-branch"], desk)
    assert failed.value.message == "git rev-parse failed"
    with pytest.raises(RevisionError) as loud:
        revisions._git(["rev-parse", "--verify", "no-such-branch"], desk)
    assert "no-such-branch" in loud.value.message or "single revision" in loud.value.message
