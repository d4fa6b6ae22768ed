"""Golden output: the pages `python -m generator build` writes for tests/fixtures/minimal.

The expected files are checked in under tests/golden/minimal/, rendered with the site
settings of tests/golden/mkdocs.yml. After an intended change to the templates or the
generator, regenerate them and review the difference before committing:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
    git diff tests/golden/

A run with UPDATE_GOLDEN=1 rewrites the files and reports the test as skipped, never as passed.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pngs import comparable
from sitebuild import REPO

GOLDEN = REPO / "tests" / "golden"
EXPECTED = GOLDEN / "minimal"
CONFIG = GOLDEN / "mkdocs.yml"
CONTENT = REPO / "tests" / "fixtures" / "minimal"


def generate(out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", "build", "--content", str(CONTENT.relative_to(REPO)),
               "--config", str(CONFIG.relative_to(REPO)), "--out", str(out)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, env={**os.environ, **env})


def files_in(folder: Path) -> dict[str, str]:
    """Each file's text; a share card (PNG) as its size, the golden copy being a PNG of the same size."""
    return {p.relative_to(folder).as_posix(): comparable(p.name, p.read_bytes()).decode("utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "out"
    result = generate(out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_generated_pages_match_the_golden_files(generated: Path) -> None:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(generated, EXPECTED)
        pytest.skip(f"golden files rewritten in {EXPECTED.relative_to(REPO)}: review them with git diff")
    actual, expected = files_in(generated), files_in(EXPECTED)
    assert sorted(actual) == sorted(expected), "the set of generated files changed (UPDATE_GOLDEN=1 to accept)"
    differences = [
        "".join(difflib.unified_diff(expected[name].splitlines(keepends=True), actual[name].splitlines(keepends=True),
                                     f"golden/{name}", f"generated/{name}"))
        for name in expected if actual[name] != expected[name]
    ]
    assert not differences, "generated files differ from tests/golden (UPDATE_GOLDEN=1 to accept):\n" + "\n".join(
        differences)[:20000]


def test_output_does_not_depend_on_the_clock_or_time_zone(generated: Path, tmp_path: Path) -> None:
    """Feeds and sitemaps take their dates from the content, so a rebuild elsewhere is identical."""
    result = generate(tmp_path / "out", TZ="Pacific/Kiritimati", LC_ALL="C")
    assert result.returncode == 0, result.stdout + result.stderr
    assert files_in(tmp_path / "out") == files_in(generated)


def test_golden_files_show_the_settings_of_the_golden_config() -> None:
    """Guards the golden set itself: it was rendered from tests/golden/mkdocs.yml, not other settings."""
    expected = files_in(EXPECTED)
    assert expected["feed.xml"].count("<entry>") == 2  # feed_size: 2
    assert "https://golden.example.org/claims/" in expected["claimreview.json"]
    assert "Golden Fact Desk" in expected["claimreview.json"]


def test_invalid_content_writes_nothing_and_keeps_the_previous_output(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(generated, out)
    broken = tmp_path / "content"
    shutil.copytree(CONTENT, broken)
    claim = broken / "claims" / "toll-62-killed.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("rating: unproven", "rating: unprovn"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(broken),
                             "--config", str(CONFIG), "--out", str(out)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "claims/toll-62-killed.yaml:" in result.stdout and ": error: " in result.stdout
    assert files_in(out) == files_in(generated)


@pytest.mark.parametrize("settings, message", [
    ("site_name: x\nplugins: [\n", ":3:1: error: cannot read the site settings"),
    ("- a list\n", ":1:1: error: the site settings must be a mapping"),
])
def test_unreadable_site_settings_are_reported_with_their_position(tmp_path: Path, settings: str,
                                                                   message: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(settings, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(CONTENT),
                             "--config", str(config), "--out", str(tmp_path / "out")],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{config}{message}" in result.stdout
    assert not (tmp_path / "out").exists()
