"""The share cards benchmark (benchmarks/cards.py) runs end to end on 30 claims: it must keep working.

No timing is asserted (machines differ); the test checks that each figure was measured and that
the cold build drew every card and the warm one none.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CARDS = REPO / "benchmarks" / "cards.py"

pytestmark = pytest.mark.slow


def test_the_cards_benchmark_measures_a_card_and_cold_warm_and_cardless_builds(tmp_path: Path) -> None:
    completed = subprocess.run([sys.executable, str(CARDS), "--claims", "30", "--repeat", "1", "--sample", "5",
                                "--workdir", str(tmp_path / "work")],
                               cwd=REPO, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, f"benchmark failed:\n{completed.stdout}\n{completed.stderr[-4000:]}"
    table = {cells[0]: cells[1] for line in completed.stdout.splitlines() if line.startswith("| ")
             for cells in [[c.strip() for c in line.strip().strip("|").split("|")]]}
    reports = len(list((tmp_path / "work" / "cards" / "content" / "reports").glob("*.yaml")))
    cards = 1 + 30 + reports  # the site's, each claim's and each report's
    assert reports and table["cards in the site"].startswith(f"{cards} ")
    for label in ("`mkdocs build`, cold cache (every card drawn), s", "`mkdocs build`, warm cache (none drawn), s",
                  "`mkdocs build`, `share_cards: false`, s"):
        assert float(table[label]) > 0, label
    raw = json.loads(completed.stdout.strip().splitlines()[-1])
    assert raw["card"]["cards"] == 5 + 1 and raw["card"]["seconds"] > 0 and raw["card"]["bytes"] > 1000
    assert not list((tmp_path / "work" / "no-cards").rglob("share.png"))
    assert len(list((tmp_path / "work" / "cards" / "site").rglob("share.png"))) == cards
