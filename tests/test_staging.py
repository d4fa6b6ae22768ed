"""Builds into a staging folder (generator.staging): `mkdocs build` replaces site_dir only when the
build succeeded, strict warnings included, and `python -m generator build` its output folder; a
failed or killed build leaves the previous site byte for byte and no staging folder behind."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import staging
from generator.cli import main
from generator.output import MARKER, write_files
from generator.render import GeneratedFile
from sitebuild import FIXTURES, TEMPLATES, build_site, mkdocs_env, write_project

CLAIM_FILE = Path("content/claims/toll-62-killed.yaml")
BROKEN_LINK_PAGE = {"broken.md": "# Broken\n\nSee [a page that does not exist](missing.md).\n"}


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder` (None for folders), to compare byte for byte."""
    return {path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
            for path in sorted(folder.rglob("*"))}


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}-"))


def umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The minimal fixture built once into tmp/site (its project, content included, in tmp/site-project)."""
    out = tmp_path / "site"
    result = build_site(FIXTURES / "minimal", out)
    assert result.returncode == 0, result.stdout + result.stderr
    (out / ".nojekyll").write_text("", encoding="utf-8")  # hidden: MkDocs keeps such files in site_dir
    return out


def rebuild(site: Path, *, docs: dict[str, str] | None = None, strict: bool = True,
            options: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    config = write_project(site.with_name("site-project") / "content", site.with_name("site-project"), docs=docs)
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config), "--site-dir", str(site),
               *(["--strict"] if strict else []), *options]
    return subprocess.run(command, cwd=config.parent, capture_output=True, text=True, timeout=300, env=mkdocs_env())


def break_claim(site: Path) -> None:
    path = site.with_name("site-project") / CLAIM_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2016-09-17", "date: [2016-09-17", 1),
                    encoding="utf-8")


@pytest.mark.slow
def test_a_good_build_replaces_the_site_readable_by_all_and_leaves_nothing_beside_it(site: Path) -> None:
    (site / "stale.html").write_text("from an older build", encoding="utf-8")
    summary = site.with_name("site-project") / CLAIM_FILE
    summary.write_text(summary.read_text(encoding="utf-8").replace(
        "The toll was never independently confirmed.", "Rebuilt, and the toll stays unconfirmed."), encoding="utf-8")
    result = rebuild(site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Rebuilt, and the toll stays unconfirmed." in (site / "claims/toll-62-killed/index.html").read_text("utf-8")
    assert not (site / "stale.html").exists(), "a file of the previous build was left in the site"
    assert (site / ".nojekyll").exists(), "a hidden file MkDocs keeps in site_dir was lost"
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~umask(), "the site folder must be readable as the umask allows"
    assert leftovers(site) == []


@pytest.mark.slow
def test_a_content_error_leaves_the_previous_site_as_it_was(site: Path) -> None:
    before = snapshot(site)
    break_claim(site)
    result = rebuild(site)
    assert result.returncode != 0
    assert "YAML syntax error" in result.stdout + result.stderr
    assert snapshot(site) == before
    assert leftovers(site) == []


@pytest.mark.slow
def test_a_strict_warning_leaves_the_previous_site_as_it_was(site: Path) -> None:
    """MkDocs aborts a strict build for its warnings only after every plugin's on_post_build."""
    before = snapshot(site)
    result = rebuild(site, docs=BROKEN_LINK_PAGE)
    assert result.returncode != 0
    assert "missing.md" in result.stdout + result.stderr and "strict mode" in result.stdout + result.stderr
    assert snapshot(site) == before
    assert leftovers(site) == []

    result = rebuild(site, docs=BROKEN_LINK_PAGE, strict=False)  # the same warning, not strict: published
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "broken/index.html").is_file()
    assert leftovers(site) == []


@pytest.mark.slow
def test_a_dirty_build_starts_from_the_previous_site(site: Path) -> None:
    (site / "kept-by-dirty.html").write_text("MkDocs --dirty does not clean", encoding="utf-8")
    result = rebuild(site, options=("--dirty",), strict=False)  # MkDocs warns about every dirty build
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "kept-by-dirty.html").is_file()
    assert (site / "claims/toll-62-killed/index.html").is_file()
    assert leftovers(site) == []


@pytest.mark.slow
def test_what_a_killed_build_left_is_cleared_by_the_next_build(site: Path) -> None:
    before = snapshot(site)
    project = site.with_name("site-project")
    config = write_project(project / "content", project)
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config), "--site-dir", str(site)],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=mkdocs_env(), start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not staging.staging_path(site).exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert process.poll() is None, "the build ended before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert snapshot(site) == before, "a killed build changed the site"

    # Killed between its two renames: the previous site is beside the missing one.
    os.replace(site, staging.previous_path(site))
    break_claim(site)
    result = rebuild(site)
    assert result.returncode != 0
    assert snapshot(site) == before, "the previous site was not put back"
    assert leftovers(site) == []


# --- python -m generator build --out ----------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "content")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Staging test\nplugins:\n  - factcheck:\n      templates_dir: {TEMPLATES}\n", encoding="utf-8")
    return tmp_path


def generator_build(project: Path, out: Path) -> int:
    return main(["build", "--content", str(project / "content"), "--config", str(project / "mkdocs.yml"),
                 "--out", str(out)])


def test_the_command_refuses_a_folder_of_hand_written_files_in_one_line(project: Path, capsys, monkeypatch) -> None:
    docs = project / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("# About\n\nHand-written.\n", encoding="utf-8")
    (docs / "assets").mkdir()
    (docs / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    before = snapshot(docs)
    monkeypatch.chdir(project)  # as an editor types it, in the project's folder
    assert main(["build", "--out", "docs"]) == 1
    output = capsys.readouterr().out
    assert output == "error: docs has files this generator did not write; choose an empty or new folder\n"
    assert snapshot(docs) == before
    assert leftovers(docs) == []


def test_the_command_writes_a_folder_readable_by_all(project: Path, capsys) -> None:
    out = project / "pages"
    assert generator_build(project, out) == 0, capsys.readouterr().out
    assert (out / MARKER).is_file() and (out / "index.md").is_file()
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~umask()
    assert leftovers(out) == []


def test_a_failed_write_leaves_the_previous_output_and_no_staging_folder(project: Path, capsys) -> None:
    out = project / "pages"
    assert generator_build(project, out) == 0
    before = snapshot(out)
    clashing = [GeneratedFile("claims/index.md", b"# A page\n"), GeneratedFile("claims/index.md/x.md", b"# Under a file\n")]
    with pytest.raises(OSError):
        write_files(clashing, out)
    assert snapshot(out) == before
    assert leftovers(out) == []


# --- generator.staging in-process -----------------------------------------------------------------


def test_the_staging_and_previous_folders_sit_beside_the_target(tmp_path: Path) -> None:
    assert staging.staging_path(tmp_path / "site") == tmp_path / ".site-staging"
    assert staging.previous_path(tmp_path / "site") == tmp_path / ".site-previous"


def a_site(target: Path) -> Path:
    """A site folder with a page, a hidden file, a hidden folder and hidden symlinks, the files dated in 2001."""
    (target / ".git").mkdir(parents=True)
    (target / ".git" / "HEAD").write_text("ref\n", encoding="utf-8")
    (target / ".git" / "current").symlink_to("HEAD")
    (target / ".nojekyll").write_text("", encoding="utf-8")
    (target / "index.html").write_text("<p>old</p>", encoding="utf-8")
    (target / ".link").symlink_to("index.html")
    (target / ".git-link").symlink_to(".git")
    for path in (target / ".nojekyll", target / "index.html", target / ".git" / "HEAD"):
        os.utime(path, (978307200, 978307200))
    return target


def test_staging_starts_empty_by_default(tmp_path: Path) -> None:
    folder = staging.start_staging(a_site(tmp_path / "site"))
    assert folder == tmp_path / ".site-staging"
    assert list(folder.iterdir()) == []
    assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask()


def test_staging_can_start_with_the_hidden_entries_of_the_site(tmp_path: Path) -> None:
    folder = staging.start_staging(a_site(tmp_path / "site"), copy="hidden")
    assert sorted(p.name for p in folder.iterdir()) == [".git", ".git-link", ".link", ".nojekyll"]
    assert (folder / ".git" / "HEAD").read_text(encoding="utf-8") == "ref\n"
    assert (folder / ".link").is_symlink() and os.readlink(folder / ".link") == "index.html"
    assert (folder / ".git-link").is_symlink() and os.readlink(folder / ".git-link") == ".git"
    assert (folder / ".git" / "current").is_symlink(), "symlinks in a hidden folder are copied as symlinks"
    assert (folder / ".nojekyll").stat().st_mtime == 978307200


def test_staging_can_start_as_a_copy_of_the_whole_site(tmp_path: Path) -> None:
    site = a_site(tmp_path / "site")
    (site / "pages").mkdir()
    (site / "pages" / "home.html").symlink_to("../index.html")
    folder = staging.start_staging(site, copy="everything")
    assert snapshot(folder) == snapshot(site)
    assert os.readlink(folder / "pages" / "home.html") == "../index.html", "symlinks are copied as symlinks"
    assert (folder / "index.html").stat().st_mtime == 978307200, "a dirty build compares these times"


@pytest.mark.parametrize("copy", ["nothing", "hidden", "everything"])
def test_staging_for_a_new_site_starts_empty_and_makes_its_parent(tmp_path: Path, copy: str) -> None:
    folder = staging.start_staging(tmp_path / "new" / "deeper" / "site", copy=copy)
    assert folder == tmp_path / "new" / "deeper" / ".site-staging"
    assert list(folder.iterdir()) == []


def test_a_failed_copy_leaves_no_staging_folder(tmp_path: Path) -> None:
    site = a_site(tmp_path / "site")
    os.mkfifo(site / ".pipe")  # shutil refuses to copy a named pipe, whoever runs the test
    with pytest.raises(shutil.SpecialFileError):
        staging.start_staging(site, copy="hidden")
    assert leftovers(site) == []


def test_recover_puts_back_a_site_left_aside_and_removes_a_staging_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    a_site(staging.previous_path(site))
    before = snapshot(staging.previous_path(site))
    staging.staging_path(site).mkdir()
    (staging.staging_path(site) / "half.html").write_text("", encoding="utf-8")
    staging.recover(site)
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_recover_drops_the_aside_copy_when_the_site_is_in_place(tmp_path: Path) -> None:
    site = a_site(tmp_path / "site")
    (staging.previous_path(site)).mkdir()
    (staging.previous_path(site) / "older.html").write_text("", encoding="utf-8")
    before = snapshot(site)
    staging.recover(site)
    assert snapshot(site) == before
    assert leftovers(site) == []
    staging.recover(site)  # nothing left to do
    assert snapshot(site) == before


def test_start_staging_first_recovers_what_a_killed_build_left(tmp_path: Path) -> None:
    site = tmp_path / "site"
    a_site(staging.previous_path(site))
    staging.staging_path(site).mkdir()
    (staging.staging_path(site) / "half.html").write_text("", encoding="utf-8")
    folder = staging.start_staging(site, copy="hidden")
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>old</p>"
    assert sorted(p.name for p in folder.iterdir()) == [".git", ".git-link", ".link", ".nojekyll"]
    assert leftovers(site) == [".site-staging"]


def test_replace_swaps_the_staging_folder_in(tmp_path: Path) -> None:
    site = a_site(tmp_path / "site")
    folder = staging.start_staging(site)
    (folder / "new.html").write_text("<p>new</p>", encoding="utf-8")
    staging.previous_path(site).mkdir()  # a stale copy from long ago, which a rename could not replace
    (staging.previous_path(site) / "stale.html").write_text("", encoding="utf-8")
    staging.replace(site, folder)
    assert snapshot(site) == {"new.html": b"<p>new</p>"}
    assert leftovers(site) == []


def test_replace_moves_the_staging_folder_to_a_new_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    folder = staging.start_staging(site)
    (folder / "new.html").write_text("<p>new</p>", encoding="utf-8")
    staging.replace(site, folder)
    assert snapshot(site) == {"new.html": b"<p>new</p>"}
    assert leftovers(site) == []


def test_discard_removes_the_staging_folder_and_ignores_a_missing_one(tmp_path: Path) -> None:
    folder = staging.start_staging(a_site(tmp_path / "site"), copy="everything")
    staging.discard(folder)
    assert not folder.exists()
    staging.discard(folder)
    assert leftovers(tmp_path / "site") == []
