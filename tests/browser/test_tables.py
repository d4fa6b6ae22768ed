"""The claims table of the varied fixture sorted by each column, in Chromium, both ways.

The varied site has claims on several dates (two on one day), verdicts with the same label,
claimants in three scripts: every column has different values to sort by, Date included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.content import load_valid_content
from serving import served
from sitebuild import FIXTURES, build_or_fail

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VARIED = FIXTURES / "varied"
COLUMNS = ("Verdict", "Claim", "Claimant", "Date", "Publishers")

# Each row as a reader's script sees it: the claim's id (from its link) and each cell's text,
# which Tablesort compares (textContent, trimmed and lower-cased).
ROWS = """
table => [...table.tBodies[0].rows].map(row => ({
  id: row.cells[1].querySelector('a').getAttribute('href').split('/').filter(Boolean).pop(),
  cells: [...row.cells].map(cell => cell.textContent.trim()),
}))
"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The varied site, built and served on a free loopback port; open_page (conftest) opens its pages."""
    # font: false, as in the real mkdocs.yml: the theme would otherwise load fonts from another host.
    site = build_or_fail(VARIED, tmp_path_factory.mktemp("varied-browser") / "site",
                         extra_config={"theme": {"font": False}})
    with served(site) as url:
        yield url


def sort_key(text: str) -> str:
    return text.strip().lower()  # Tablesort's default comparison


def test_claims_table_sorts_by_every_column_both_ways(open_page) -> None:
    content = load_valid_content(VARIED)[0]
    page = open_page("claims/")
    table = page.locator("article table").first
    headers = table.locator("thead th")
    assert [t.strip() for t in headers.all_inner_texts()] == list(COLUMNS)
    before = table.evaluate(ROWS)
    assert {row["id"] for row in before} == set(content.claims)

    for index, column in enumerate(COLUMNS):
        values = [row["cells"][index] for row in before]
        assert len(set(values)) > 2, f"the {column} column needs several different values to show sorting"
        header = headers.nth(index)
        for direction in ("ascending", "descending"):
            header.click()
            assert header.get_attribute("aria-sort") == direction, column
            rows = table.evaluate(ROWS)
            assert sorted(map(str, rows)) == sorted(map(str, before)), f"sorting by {column} broke rows apart"
            shown = [row["cells"][index] for row in rows]
            expected = sorted(values, key=sort_key, reverse=direction == "descending")
            assert [sort_key(v) for v in shown] == [sort_key(v) for v in expected], (column, direction, shown)
            if column == "Date":
                days = [content.claims[row["id"]].date for row in rows]
                assert days == sorted(days, reverse=direction == "descending"), \
                    f"Date {direction} is not in date order: {[d.isoformat() for d in days]}"
