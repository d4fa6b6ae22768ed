"""The scale benchmark runs end to end at N=100 (one run each): it must keep working in CI.

No timing is asserted (CI machines differ); the test checks that every measurement was made
and reported, and that the synthetic content it measures is valid and as large as asked.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks" / "bench.py"
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.slow

TABLE_ROWS = [
    "pages generated",
    "load+validate, s",
    "generate Markdown, s",
    "**load+validate+generate, s**",
    "processes used",
    "the same in one process, s",
    "mkdocs build with factcheck, s",
    "mkdocs build of the same pages as files (plain), s",
    "**ratio factcheck / plain**",
    "peak memory, factcheck build, MB",
    "search_index.json, MB (gzip)",
    "Pagefind option: build without search + index, s",
    "first query, material: kB downloaded (gzip)",
    "first query, pagefind: kB downloaded (gzip)",
]


@pytest.fixture(scope="module")
def benchmark_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is needed for the first-query measurement; `make test` installs it")
    work = tmp_path_factory.mktemp("benchmark")
    raw = work / "results.json"
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "100", "--repeat", "1", "--workdir", str(work / "trees"),
         "--json", str(raw)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, f"benchmark failed:\n{completed.stdout}\n{completed.stderr[-4000:]}"
    return completed, json.loads(raw.read_text(encoding="utf-8"))


def table_cells(stdout: str, label: str) -> list[str]:
    for line in stdout.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and cells[0] == label:
            return cells[1:]
    raise AssertionError(f"row {label!r} is missing from the table:\n{stdout}")


def test_prints_a_table_with_every_measurement(benchmark_run):
    completed, _ = benchmark_run
    assert table_cells(completed.stdout, "")[0] == "N = 100"
    for label in TABLE_ROWS:
        (cell,) = table_cells(completed.stdout, label)
        assert re.search(r"\d", cell) and "nan" not in cell, f"{label}: {cell!r}"


def test_measures_the_whole_synthetic_site(benchmark_run):
    _, (result,) = benchmark_run
    assert result["claims"] == 100
    # 100 claim pages, their reports, claimants and ratings, the indexes and the two feeds.
    assert result["pages"] > 100
    assert all(seconds > 0 for seconds in result["build_s"] + result["plain_s"] + result["load_s"])
    assert result["search_index_bytes"] > 100 * 1000, "the search index should hold every claim's text"
    assert result["build_rss_mb"][0] > 10 and result["plain_rss_mb"][0] > 10


def test_first_query_downloads_what_each_search_needs(benchmark_run):
    _, (result,) = benchmark_run
    material = result["first_query"]["material"]["files"]
    pagefind = result["first_query"]["pagefind"]["files"]
    assert "/search/search_index.json" in material
    assert material["/search/search_index.json"][0] == result["search_index_bytes"]
    assert "/pagefind/pagefind.js" in pagefind
    assert any(name.endswith(".pf_index") for name in pagefind), "Pagefind loaded no index chunk"
    assert any(name.endswith(".pf_fragment") for name in pagefind), "Pagefind showed no result"


def test_generate_only_measures_loading_and_rendering_both_ways(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "100", "--repeat", "1", "--generate-only", "--workdir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    for label in ("load+validate, s", "generate Markdown, s", "the same in one process, s", "processes used"):
        (cell,) = table_cells(completed.stdout, label)
        assert re.search(r"\d", cell) and "nan" not in cell, f"{label}: {cell!r}"
    assert "mkdocs build" not in completed.stdout


def test_compare_runs_the_same_tree_by_two_versions(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "compare.py"), "--tree", str(REPO / "tests" / "fixtures" / "minimal"),
         "--runs", "1", "HEAD", "HEAD:1"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    for version in ("HEAD", "HEAD:1"):
        cells = table_cells(completed.stdout, version)
        assert len(cells) == 3 and all(re.fullmatch(r"\d+\.\d\d", cell) for cell in cells), cells
