"""Related claims (generator/pages.py): the same ids as before, found in bounded work."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from generator.content import Content, load_valid_content
from generator.model import Claim, Report
from generator.pages import RELATED_LIMIT, Indexes, build_indexes, related_claims
from tools import time_limit

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def related_claims_before(claim: Claim, indexes: Indexes) -> list[str]:
    """related_claims as it was before its search stopped at the limit: the reference for its results."""
    related: dict[str, None] = {}
    for report in indexes.reports_of.get(claim.id, []):
        for other in report.claims:
            if other != claim.id:
                related.setdefault(other, None)
    ids = [i for i in related if i][:RELATED_LIMIT]
    for tag in claim.tags:
        for other in indexes.by_tag.get(tag, [])[: RELATED_LIMIT * 2]:
            if len(ids) >= RELATED_LIMIT:
                break
            if other.id != claim.id and other.id not in ids:
                ids.append(other.id)
    return ids


@pytest.fixture(scope="module")
def minimal() -> Content:
    return load_valid_content(MINIMAL)[0]


def made_up(minimal: Content, claims: dict[str, list[str]], reports: dict[str, list[str]]) -> Content:
    """Content with the given claims (id: tags, published a day apart) and reports (id: claim ids)."""
    claim = minimal.claims["toll-62-killed"]
    report = minimal.reports["briefing-review"]
    content = Content(root=MINIMAL, ratings=minimal.ratings, claimants=minimal.claimants, sources=minimal.sources)
    for n, (claim_id, tags) in enumerate(claims.items()):
        verdict = claim.verdict.model_copy(update={"published": claim.verdict.published.replace(day=1 + n % 28)})
        content.claims[claim_id] = claim.model_copy(update={"id": claim_id, "tags": tags, "verdict": verdict})
    for report_id, listed in reports.items():
        content.reports[report_id] = report.model_copy(update={"id": report_id, "claims": listed})
    return content


def assert_same_as_before(content: Content) -> None:
    indexes = build_indexes(content)
    for claim in content.claims.values():
        assert related_claims(claim, indexes) == related_claims_before(claim, indexes), claim.id


def test_related_claims_of_the_minimal_site_are_as_before(minimal: Content) -> None:
    indexes = build_indexes(minimal)
    assert related_claims(minimal.claims["toll-62-killed"], indexes) == ["strike-was-halted", "no-civilians-nearby"]
    assert_same_as_before(minimal)


def test_related_claims_come_from_reports_in_order_then_tags(minimal: Content) -> None:
    claims = {f"c{i}": tags for i, tags in enumerate(
        [["a"], ["a", "b"], ["b"], [], ["a"], ["c"], ["c"], ["a", "c"], [], ["b", "c"], ["a"], []])}
    reports = {"r1": ["c0", "c1", "c2"], "r2": ["c2", "c3", "c4", "c5", "c6", "c7"], "r3": ["c8"],
               "r4": ["c9", "c2", "c0"]}
    content = made_up(minimal, claims, reports)
    indexes = build_indexes(content)
    assert related_claims(content.claims["c2"], indexes) == ["c0", "c1", "c3", "c4", "c5"]
    assert related_claims(content.claims["c8"], indexes) == []
    assert related_claims(content.claims["c9"], indexes) == ["c2", "c0", "c1", "c7", "c6"]  # then its tags, newest first
    assert_same_as_before(content)


@pytest.mark.parametrize("seed", range(5))
def test_related_claims_of_random_sites_are_as_before(minimal: Content, seed: int) -> None:
    chooser = random.Random(seed)
    claim_ids = [f"claim-{i}" for i in range(80)]
    claims = {i: chooser.sample(["a", "b", "c", "d", "e", "f"], chooser.randrange(4)) for i in claim_ids}
    reports = {f"report-{r}": chooser.sample(claim_ids, chooser.randrange(1, 12)) for r in range(15)}
    assert_same_as_before(made_up(minimal, claims, reports))


@pytest.mark.timing
def test_a_report_of_ten_thousand_claims_costs_each_only_a_few_steps(minimal: Content) -> None:
    claim_ids = [f"claim-{i}" for i in range(10_000)]
    content = made_up(minimal, dict.fromkeys(claim_ids, ["a"]), {"everything": claim_ids})
    indexes = build_indexes(content)
    started = time.perf_counter()
    related = [related_claims(claim, indexes) for claim in content.claims.values()]
    assert time.perf_counter() - started < time_limit(2)  # each claim went through all 10,000: 15 s or more
    assert related[0] == claim_ids[1:6]
    assert related[-1] == claim_ids[:5]
    assert all(len(ids) == RELATED_LIMIT for ids in related)
