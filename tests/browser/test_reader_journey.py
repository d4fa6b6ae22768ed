"""A reader's path through the demo site: search, a claim page, its links, the claims table."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def path_of(page) -> str:
    return urlsplit(page.url).path


def heading(page) -> str:
    """The page's h1 as a reader sees it, without the permalink sign."""
    return page.locator("h1").first.inner_text().strip().removesuffix("¶").strip()


def search_phrase(claim_text: str) -> str:
    """A few distinctive words of the claim, the way a reader would remember them."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", claim_text) if len(w) > 3]
    return " ".join(words[:4])


def test_search_finds_a_claim_and_its_page_shows_the_verdict(open_page, demo):
    page = open_page("")
    page.keyboard.press("/")  # Material's shortcut to the search box
    search = page.locator("input.md-search__input")
    assert search.evaluate("input => input === document.activeElement"), "'/' did not focus the search box"
    # Material ignores queries typed before its search worker has loaded the index.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    search.press_sequentially(search_phrase(demo.claim_text), delay=20)
    page.locator(".md-search-result__item").first.wait_for()

    result = page.locator(f".md-search-result__item > a[href*='claims/{demo.claim_id}/']").first
    result.click()
    page.wait_for_url(re.compile(rf"/claims/{re.escape(demo.claim_id)}/"))

    assert heading(page) == demo.claim_text
    badge = page.locator(".fc-verdict .fc-badge")
    assert badge.is_visible(), "the verdict badge is not visible"
    assert badge.inner_text().strip() == demo.rating_label, "the badge must carry the rating's label"
    evidence = page.locator("h2#evidence + ol > li")
    assert evidence.count() == len(demo.evidence_source_ids)
    assert evidence.first.is_visible(), "the first piece of evidence is not visible"


def test_claim_page_links_lead_to_claimant_source_and_report(open_page, demo):
    page = open_page(f"claims/{demo.claim_id}/")

    page.locator(f"article a[href*='claimants/{demo.claimant_id}/']").first.click()
    page.wait_for_url(re.compile(rf"/claimants/{re.escape(demo.claimant_id)}/$"))
    assert demo.claimant_name in heading(page)
    page.go_back()

    source_id = demo.evidence_source_ids[0]
    page.locator(f"article a[href$='sources/#{source_id}']").first.click()
    page.wait_for_url(re.compile(rf"/sources/#{re.escape(source_id)}$"))
    target = page.locator(f"[id='{source_id}']")
    assert target.count() == 1, f"sources page has no element with id {source_id!r}"
    assert target.is_visible()
    page.go_back()

    page.locator(f"article a[href*='reports/{demo.report_id}/']").first.click()
    page.wait_for_url(re.compile(rf"/reports/{re.escape(demo.report_id)}/$"))
    assert demo.report_title in heading(page)
    assert page.locator(f"article a[href*='claims/{demo.claim_id}/']").count() >= 1, \
        "the report does not link back to its claim"


def column_texts(table, index: int) -> list[str]:
    return [text.strip() for text in table.locator(f"tbody tr td:nth-child({index + 1})").all_inner_texts()]


def test_claims_table_sorts_by_column(open_page):
    page = open_page("claims/")
    table = page.locator("article table").first
    headers = table.locator("thead th")
    names = [text.strip() for text in headers.all_inner_texts()]
    assert {"Date", "Claimant", "Claim"} <= set(names), f"unexpected columns {names}"
    rows = table.locator("tbody tr").count()
    assert rows >= 2, "the claims table needs at least two rows to show sorting"

    sorted_columns = []
    for column in ("Date", "Claimant", "Claim"):
        index = names.index(column)
        if len(set(column_texts(table, index))) < 2:
            continue  # every row shows the same value: sorting by it cannot be seen
        header = headers.nth(index)
        header.click()
        first = column_texts(table, index)
        assert first in (sorted(first, key=str.casefold), sorted(first, key=str.casefold, reverse=True)), \
            f"clicking {column!r} did not sort the table: {first}"
        assert header.get_attribute("aria-sort") in {"ascending", "descending"}
        header.click()
        assert column_texts(table, index) == first[::-1], \
            f"clicking {column!r} again did not reverse the order"
        assert table.locator("tbody tr").count() == rows
        sorted_columns.append(column)
    assert sorted_columns, "no column of the claims table has two different values to sort by"
