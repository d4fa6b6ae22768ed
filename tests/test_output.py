"""`python -m generator build --out DIR`: the folder it writes is marked as its own, so a rebuild
replaces it whole (stale pages gone, nothing left beside it), and an empty folder is taken as new."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.output import MARKER
from sitebuild import FIXTURES, TEMPLATES

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
    assert files_in(out) == first - {"claims/curfew-lifted.md", "reports/council-session-review.md"}
    assert sorted(p.name for p in project.iterdir()) == ["content", "mkdocs.yml", "out"], \
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
