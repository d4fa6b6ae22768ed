"""The package as a desk gets it: a wheel installed in a fresh virtualenv, `python -m generator init`,
then `mkdocs build --strict` in a folder holding only what init wrote. Also an editable install.

Slow (a virtualenv with MkDocs and Material, from pip's cache when it has them): a minute or two.
Nothing of this checkout is importable in the virtualenvs: PYTHONPATH is cleared, and the
package is built from a copy of the files the build reads (pyproject.toml, README.md,
generator/, site_templates/).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from tools import missing

from htmltree import Element, parse
from sitebuild import REPO

pytestmark = pytest.mark.slow

INSTALL_TIMEOUT = 900
BUILD_FILES = ["pyproject.toml", "README.md"]
BUILD_FOLDERS = ["generator", "site_templates"]
CLAIM_PAGE = Path("claims/example-claim/index.html")
ASSETS = ["assets/stylesheets/factcheck.css", "assets/stylesheets/ratings.css",
          "assets/javascripts/tablesort.min.js", "assets/javascripts/tables.js"]


def clean_env() -> dict[str, str]:
    """The environment without what would let a virtualenv import this checkout or the test's Python."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def run(command: list[str | Path], cwd: Path, timeout: int = INSTALL_TIMEOUT) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=clean_env(), capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}"
    return result


def source_copy(folder: Path) -> Path:
    """The files the build reads, as in a checkout (generator/site_templates stays a link)."""
    folder.mkdir()
    for name in BUILD_FILES:
        shutil.copy2(REPO / name, folder / name)
    for name in BUILD_FOLDERS:
        shutil.copytree(REPO / name, folder / name, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return folder


def virtualenv(folder: Path) -> Path:
    """A fresh virtualenv with pip; its python."""
    try:
        import venv  # noqa: F401
        import ensurepip  # noqa: F401
    except ImportError:
        missing("Python's venv module with pip", "apt-get install python3-venv")
    run([sys.executable, "-m", "venv", folder], cwd=folder.parent, timeout=300)
    return folder / "bin" / "python"


@dataclass
class Desk:
    wheel: Path
    build_log: str  # pip wheel's verbose output, setuptools' warnings included
    python: Path  # the virtualenv's
    folder: Path  # what init wrote
    site: Path
    seconds: dict[str, float]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Desk:
    work = tmp_path_factory.mktemp("packaging")
    seconds = {}
    start = time.perf_counter()
    source = source_copy(work / "source")
    built = run([sys.executable, "-m", "pip", "wheel", "--verbose", "--no-deps", "--wheel-dir", work / "dist", source],
                cwd=work)
    (wheel,) = (work / "dist").glob("factcheck_site_generator-*.whl")
    seconds["wheel"] = time.perf_counter() - start
    start = time.perf_counter()
    python = virtualenv(work / "venv")
    run([python, "-m", "pip", "install", wheel], cwd=work)  # with its dependencies; pip's cache is reused
    seconds["install"] = time.perf_counter() - start
    start = time.perf_counter()
    run([python, "-m", "generator", "init", "desk"], cwd=work)
    run([python, "-m", "generator", "validate", "content"], cwd=work / "desk")
    run([python.parent / "mkdocs", "build", "--strict", "--site-dir", work / "site"], cwd=work / "desk")
    seconds["init+validate+build"] = time.perf_counter() - start
    print(f"wheel {wheel.stat().st_size / 1024:.0f} KiB; " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()))
    return Desk(wheel, built.stdout + built.stderr, python, work / "desk", work / "site", seconds)


def claim_page(desk: Desk) -> Element:
    return parse((desk.site / CLAIM_PAGE).read_text(encoding="utf-8"))


def test_the_wheel_holds_every_file_of_site_templates(desk: Desk) -> None:
    expected = {f"generator/site_templates/{p.relative_to(REPO / 'site_templates').as_posix()}"
                for p in (REPO / "site_templates").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    with zipfile.ZipFile(desk.wheel) as wheel:
        names = set(wheel.namelist())
    assert expected <= names
    assert not {n for n in names if n.startswith("site_templates/")}  # only inside the package
    assert "is absent from the `packages` configuration" not in desk.build_log  # every folder is declared


def test_the_desk_has_only_what_init_wrote_and_imports_the_installed_package(desk: Desk) -> None:
    # .cache: the share cards the build drew, kept for the next build, and ignored by the desk's git.
    assert sorted(p.name for p in desk.folder.iterdir()) == [
        ".cache", ".github", ".gitignore", ".pre-commit-config.yaml", ".vscode", "content", "docs", "mkdocs.yml",
        "requirements.txt", "schemas"]
    assert ".cache/" in (desk.folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    probe = run([desk.python, "-c", "import generator.resources as r; print(r.SITE_TEMPLATES)"], cwd=desk.folder)
    templates = Path(probe.stdout.strip())
    assert templates.is_relative_to(desk.python.parents[1]) and templates.parts[-2:] == ("generator", "site_templates")


def test_the_example_claim_page_has_its_verdict_badge_and_claimreview(desk: Desk) -> None:
    page = claim_page(desk)
    assert [badge.text() for badge in page.find_all(classes="fc-badge")][:1] == ["Mostly false"]
    (json_ld,) = [s for s in page.find_all("script", type="application/ld+json") if "ClaimReview" in s.raw_text()]
    assert '"claimReviewed"' in "".join(c for c in json_ld.children if isinstance(c, str))


def test_the_plugins_stylesheets_and_scripts_are_in_the_site_and_linked(desk: Desk) -> None:
    for asset in ASSETS:
        assert (desk.site / asset).is_file(), asset
    page = claim_page(desk)
    linked = {link.attrs["href"] for link in page.find_all("link", rel="stylesheet")}
    scripts = {script.attrs.get("src") for script in page.find_all("script")}
    assert {f"../../{a}" for a in ASSETS if a.endswith(".css")} <= linked
    assert {f"../../{a}" for a in ASSETS if a.endswith(".js")} <= scripts


def test_an_editable_install_finds_the_same_files_in_the_checkout(tmp_path: Path) -> None:
    source = source_copy(tmp_path / "source")
    python = virtualenv(tmp_path / "venv")
    run([python, "-m", "pip", "install", "--editable", source], cwd=tmp_path)
    probe = run([python, "-c", "import generator.resources as r; print(r.SITE_TEMPLATES)"], cwd=tmp_path)
    assert Path(probe.stdout.strip()) == (source / "site_templates").resolve()
    run([python, "-m", "generator", "init", "desk"], cwd=tmp_path)
    assert "0 errors" in run([python, "-m", "generator", "validate"], cwd=tmp_path / "desk").stdout
