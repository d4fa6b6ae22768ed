"""The preview benchmark runs end to end at 1,000 claims (one save in each server): it must keep
working in CI. No timing is asserted (CI machines differ): the test checks that each measurement
was made and reported, and that the page really changed after each save."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks" / "preview.py"

pytestmark = pytest.mark.slow

ROWS = [
    "**save → page shown, incremental, s**",
    "range over saves, s",
    "**save → page shown, full rebuild, s**",
    "range over saves, s",
    "**ratio incremental / full rebuild**",
    "server start → first page, incremental, s",
    "server start → first page, full rebuild, s",
    "server memory after the saves, incremental: resident / peak, MB",
    "server memory after the saves, full rebuild: resident / peak, MB",
    "saves per figure",
]


def test_the_preview_benchmark_measures_both_servers_at_1000_claims(tmp_path: Path) -> None:
    raw = tmp_path / "results.json"
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "1000", "--saves", "1", "--workdir", str(tmp_path / "trees"),
         "--json", str(raw)], cwd=REPO, capture_output=True, text=True, timeout=1200)
    assert completed.returncode == 0, f"benchmark failed:\n{completed.stdout}\n{completed.stderr[-4000:]}"
    labels = [line.split("|")[1].strip() for line in completed.stdout.splitlines() if line.startswith("| ")]
    assert labels[:2] == ["", "---"] and labels[2:] == ROWS, completed.stdout
    [result] = json.loads(raw.read_text(encoding="utf-8"))
    assert result["claims"] == 1000
    assert [run["mode"] for run in result["runs"]] == ["incremental", "full rebuild"]
    for run in result["runs"]:
        assert len(run["save_s"]) == 1 and run["save_s"][0] > 0
        assert run["start_s"] > 0 and 0 < run["rss_mb"] <= run["peak_rss_mb"]
    logs = {path.name: path.read_text(encoding="utf-8", errors="replace")
            for path in (tmp_path / "trees" / "n1000").glob("serve-*.log")}
    assert "Rendered the " in logs["serve-incremental.log"], "the incremental server rebuilt in full"
    assert "Rendered the " not in logs["serve-full-rebuild.log"]
