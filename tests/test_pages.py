"""generator.pages in-process: which pages the fixtures give, in which order, with which template,
source file, date and context; the indexes, tallies and orders the templates receive.

Related claims are tested in test_pages_related.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.content import Content, load_valid_content, newest_first
from generator.pages import (
    HOME_LATEST,
    RATINGS_CSS_PATH,
    TAGS_PATH,
    Listed, ListedReport,
    Page,
    ShownEntry,
    build_indexes,
    plan_pages,
    rating_of,
    related_claims,
    tally,
)
from generator.site import Publisher, Site

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
VARIED = FIXTURES / "varied"
DRAFTS = FIXTURES / "drafts"  # minimal, and drafts (see its README.md)
SITE = Site(publisher=Publisher("Pages Desk", "https://pages.example.org/"), site_url="https://pages.example.org/")

# The varied fixture's claims, newest verdict first; two verdicts of 2025-04-10, the later claim first.
VARIED_NEWEST_FIRST = ["fuel-subsidy-cut", "hospital-reopened", "border-crossing-open", "curfew-lifted",
                       "vaccine-stock", "bread-price-doubled", "export-record"]


@pytest.fixture(scope="module")
def minimal() -> Content:
    return load_valid_content(MINIMAL, jobs=1)[0]


@pytest.fixture(scope="module")
def varied() -> Content:
    return load_valid_content(VARIED, jobs=1)[0]


@pytest.fixture(scope="module")
def drafts() -> Content:
    """The drafts fixture as a preview plans it: drafts included."""
    return load_valid_content(DRAFTS, jobs=1)[0]


def ids(items) -> list[str]:
    """Ids of entities, or of the claims or reports of listed rows."""
    return [(item.claim if isinstance(item, Listed) else item.report if isinstance(item, ListedReport) else item).id
            for item in items]


def by_path(pages: list[Page]) -> dict[str, Page]:
    return {page.path: page for page in pages}


def shown(source: Path | None) -> str | None:
    return None if source is None else source.relative_to(FIXTURES).as_posix()


def test_constants_name_the_paths_the_templates_link_to() -> None:
    assert TAGS_PATH == "tags.md"
    assert RATINGS_CSS_PATH == "assets/stylesheets/ratings.css"
    assert HOME_LATEST == 10


def test_the_minimal_site_has_these_pages_in_this_order(minimal: Content) -> None:
    planned = [(p.path, p.template, shown(p.source), p.updated, p.deferred is not None)
               for p in plan_pages(minimal, SITE)]
    assert planned == [
        ("claims/no-civilians-nearby.md", "claim.html.j2", "minimal/claims/no-civilians-nearby.yaml", date(2026, 11, 21), True),
        ("claims/strike-was-halted.md", "claim.html.j2", "minimal/claims/strike-was-halted.yaml", date(2026, 11, 20), True),
        ("claims/toll-62-killed.md", "claim.html.j2", "minimal/claims/toll-62-killed.yaml", date(2026, 11, 22), True),
        ("claims/no-civilians-nearby/embed.md", "embed.html.j2", "minimal/claims/no-civilians-nearby.yaml", date(2026, 11, 21), True),
        ("claims/strike-was-halted/embed.md", "embed.html.j2", "minimal/claims/strike-was-halted.yaml", date(2026, 11, 20), True),
        ("claims/toll-62-killed/embed.md", "embed.html.j2", "minimal/claims/toll-62-killed.yaml", date(2026, 11, 22), True),
        ("reports/briefing-review.md", "report.html.j2", "minimal/reports/briefing-review.yaml", date(2026, 11, 22), True),
        ("claimants/defence-ministry.md", "claimant.html.j2", "minimal/claimants/defence-ministry.yaml", None, True),
        ("claimants/jane-doe.md", "claimant.html.j2", "minimal/claimants/jane-doe.yaml", None, True),
        ("ratings/true.md", "rating.html.j2", "minimal/ratings.yaml", None, False),
        ("ratings/mostly-true.md", "rating.html.j2", "minimal/ratings.yaml", None, False),
        ("ratings/mixed.md", "rating.html.j2", "minimal/ratings.yaml", None, False),
        ("ratings/mostly-false.md", "rating.html.j2", "minimal/ratings.yaml", None, False),
        ("ratings/false.md", "rating.html.j2", "minimal/ratings.yaml", None, False),
        ("ratings/unproven.md", "rating.html.j2", "minimal/ratings.yaml", None, False),
        ("corrections-log.md", "corrections_log.html.j2", None, None, False),
        ("claims/index.md", "claims_index.html.j2", None, None, False),
        ("reports/index.md", "reports_index.html.j2", None, None, False),
        ("claimants/index.md", "claimants_index.html.j2", None, None, False),
        ("sources.md", "sources.html.j2", None, None, False),
        ("methodology.md", "methodology.html.j2", "minimal/ratings.yaml", None, False),
        ("tags.md", "tags.md.j2", None, None, False),
        ("index.md", "home.html.j2", None, None, False),
    ]


def test_the_varied_site_has_a_page_per_entity_and_each_index(varied: Content) -> None:
    pages = plan_pages(varied, SITE)
    assert [p.path for p in pages] == [
        *(f"claims/{i}.md" for i in varied.claims), *(f"claims/{i}/embed.md" for i in varied.claims),
        *(f"reports/{i}.md" for i in varied.reports),
        *(f"claimants/{i}.md" for i in varied.claimants), *(f"ratings/{i}.md" for i in varied.ratings),
        "corrections-log.md", "claims/index.md", "reports/index.md", "claimants/index.md", "sources.md", "methodology.md",
        "tags.md", "index.md",
    ]
    # A claim's page is dated by its last update, a report's by its publication.
    dated = {p.path: p.updated for p in pages if p.updated is not None and p.template != "embed.html.j2"}
    embeds = {p.path.removesuffix("/embed.md") + ".md": p.updated for p in pages if p.template == "embed.html.j2"}
    assert embeds == {path: day for path, day in dated.items() if path.startswith("claims/")}
    assert dated == {
        "claims/border-crossing-open.md": date(2025, 4, 2), "claims/bread-price-doubled.md": date(2025, 2, 15),
        "claims/curfew-lifted.md": date(2025, 3, 20), "claims/export-record.md": date(2025, 1, 15),
        "claims/fuel-subsidy-cut.md": date(2025, 4, 10), "claims/hospital-reopened.md": date(2025, 4, 10),
        "claims/vaccine-stock.md": date(2025, 3, 1),
        "reports/council-session-review.md": date(2025, 3, 20), "reports/fuel-subsidy-review.md": date(2025, 4, 10),
        "reports/health-statement-review.md": date(2025, 3, 1),
        "reports/knesset-committee-review.md": date(2025, 4, 10), "reports/trade-figures-review.md": date(2025, 2, 1),
    }


def test_pages_that_look_across_the_content_share_it_and_the_others_get_only_what_they_show(varied: Content) -> None:
    pages = plan_pages(varied, SITE)
    indexes = by_path(pages)["tags.md"].context["indexes"]
    for page in pages:
        assert page.context["site"] is SITE, page.path
        if page.reusable:  # a preview reuses it while its context is equal: nothing else may reach its page
            assert "content" not in page.context and "indexes" not in page.context, page.path
        else:
            assert page.context["content"] is varied, page.path
            assert page.context["indexes"] is indexes, page.path
    assert sorted(p.path for p in pages if not p.reusable) == ["claimants/index.md", "corrections-log.md",
                                                               "methodology.md", "sources.md", "tags.md"]
    assert set(by_path(pages)["tags.md"].context) == {"content", "site", "indexes", "social", "feeds"}
    assert ids(indexes.by_tag["economy"]) == ["fuel-subsidy-cut", "bread-price-doubled", "export-record"]


def test_index_pages_list_their_entries_in_reading_order(varied: Content) -> None:
    pages = by_path(plan_pages(varied, SITE))
    claims_index = pages["claims/index.md"].context
    assert set(claims_index) == {"site", "claims", "tally", "social"}
    assert ids(claims_index["claims"]) == VARIED_NEWEST_FIRST
    assert [(t.rating.id, t.count) for t in claims_index["tally"]] == [
        ("accurate", 2), ("misleading", 1), ("mostly-false", 1), ("false", 2), ("unproven", 1)]
    # Newest first, ties by id from z to a.
    assert ids(pages["reports/index.md"].context["reports"]) == [
        "knesset-committee-review", "fuel-subsidy-review", "council-session-review", "health-statement-review",
        "trade-figures-review"]
    assert ids(pages["claimants/index.md"].context["claimants"]) == [
        "city-council", "trade-ministry", "dana-levi", "reza-ahmadi", "health-directorate"]
    assert ids(pages["sources.md"].context["sources"]) == [
        "council-minutes", "crossing-log", "tehran-daily", "knesset-transcript", "trade-bulletin-2025-01",
        "price-survey", "health-statement"]
    assert ids(pages["methodology.md"].context["ratings"]) == ["accurate", "misleading", "mostly-false", "false", "unproven"]
    home = pages["index.md"].context
    assert set(home) == {"site", "claims", "reports", "tally", "social"}
    assert ids(home["claims"]) == VARIED_NEWEST_FIRST
    assert ids(home["reports"]) == ids(pages["reports/index.md"].context["reports"])
    assert home["tally"] == claims_index["tally"]


def test_sorting_by_name_ignores_case(minimal: Content) -> None:
    content = Content(root=MINIMAL, ratings=minimal.ratings, paths={
                          **minimal.paths, **{("claimants", i): Path(f"{i}.yaml") for i in "xyz"}}, sources={
                          "b": minimal.sources["briefing-2016-09-17"].model_copy(update={"id": "b", "publisher": "banana", "title": "B"}),
                          "a": minimal.sources["briefing-2016-09-17"].model_copy(update={"id": "a", "publisher": "Banana", "title": "a"}),
                          "c": minimal.sources["briefing-2016-09-17"].model_copy(update={"id": "c", "publisher": "apple", "title": "z"}),
                      }, claimants={
                          "x": minimal.claimants["jane-doe"].model_copy(update={"id": "x", "name": "bob"}),
                          "y": minimal.claimants["jane-doe"].model_copy(update={"id": "y", "name": "Alice"}),
                          "z": minimal.claimants["jane-doe"].model_copy(update={"id": "z", "name": "Carol"}),
                      })
    pages = by_path(plan_pages(content, SITE))
    assert ids(pages["claimants/index.md"].context["claimants"]) == ["y", "x", "z"]
    assert ids(pages["sources.md"].context["sources"]) == ["c", "a", "b"]


def test_a_claim_page_gets_its_claim_now_and_the_rest_when_rendered(varied: Content) -> None:
    pages = by_path(plan_pages(varied, SITE))
    page = pages["claims/bread-price-doubled.md"]
    claim = varied.claims["bread-price-doubled"]
    assert set(page.context) == {"site", "claim", "social", "embed_snippet"}
    assert page.context["claim"] is claim
    assert page.claim is claim  # its ClaimReview is made with the page (generator.build)
    more = page.deferred()
    assert more == {
        "claimant": varied.claimants["trade-ministry"],
        "rating": varied.ratings["misleading"],
        "appearance": varied.sources["trade-bulletin-2025-01"],
        "evidence": [(claim.verdict.evidence[0], varied.sources["price-survey"]),
                     (claim.verdict.evidence[1], varied.sources["trade-bulletin-2025-01"])],
        "reports": [varied.reports["trade-figures-review"]],
        "related": [Listed(varied.claims["export-record"], varied.ratings["false"], varied.claimants["trade-ministry"], 2),
                    Listed(varied.claims["fuel-subsidy-cut"], varied.ratings["mostly-false"], varied.claimants["reza-ahmadi"], 2)],
        "author": None,  # written as text: no person of people/
        "reviewers": [],
        "publishers": ["Example Statistics Office", "Ministry of Trade"],  # the bulletin reprints the ministry
        "history": [ShownEntry(entry, None) for entry in claim.history[::-1]],
    }


def test_listed_claims_come_with_their_rating_and_claimant(varied: Content) -> None:
    pages = by_path(plan_pages(varied, SITE))
    listings = [page.context["claims"] for page in pages.values() if "claims" in page.context]
    assert len(listings) == len(varied.claimants) + len(varied.ratings) + len(varied.reports) + 2  # and index, home
    for row in (row for rows in listings for row in rows):
        assert row.rating is varied.ratings[row.claim.verdict.rating]
        assert row.claimant is varied.claimants[row.claim.claimant]


def test_a_claim_without_appearance_report_or_tags_gets_empty_values(minimal: Content, varied: Content) -> None:
    more = by_path(plan_pages(varied, SITE))["claims/curfew-lifted.md"].deferred()
    assert more["appearance"] is None
    assert more["related"] == []
    assert more["reports"] == [varied.reports["council-session-review"]]
    lone = minimal.claims["strike-was-halted"].model_copy(update={"id": "lone"})
    content = Content(root=MINIMAL, ratings=minimal.ratings, claimants=minimal.claimants, sources=minimal.sources,
                      claims={"lone": lone}, paths={("claims", "lone"): Path("lone.yaml"), **minimal.paths})
    more = by_path(plan_pages(content, SITE))["claims/lone.md"].deferred()
    assert more["reports"] == [] and more["related"] == []


def test_a_report_page_lists_its_claims_in_its_order_and_tallies_them(varied: Content) -> None:
    page = by_path(plan_pages(varied, SITE))["reports/health-statement-review.md"]
    assert set(page.context) == {"site", "report", "source", "claims", "social"}
    assert page.context["report"] is varied.reports["health-statement-review"]
    assert page.context["source"] is varied.sources["health-statement"]
    assert ids(page.context["claims"]) == ["hospital-reopened", "vaccine-stock"]  # as listed, not by date
    assert [(t.rating.id, t.count, t.share) for t in page.deferred()["tally"]] == [("accurate", 2, 1.0)]
    mixed = by_path(plan_pages(varied, SITE))["reports/trade-figures-review.md"]
    assert ids(mixed.context["claims"]) == ["bread-price-doubled", "export-record"]
    assert [(t.rating.id, t.count, t.share) for t in mixed.deferred()["tally"]] == [
        ("misleading", 1, 0.5), ("false", 1, 0.5)]


def test_claimant_and_rating_pages_list_their_claims_newest_first(varied: Content) -> None:
    pages = by_path(plan_pages(varied, SITE))
    claimant = pages["claimants/trade-ministry.md"]
    assert set(claimant.context) == {"site", "claimant", "claims", "social", "feeds"}
    assert claimant.context["claimant"] is varied.claimants["trade-ministry"]
    assert ids(claimant.context["claims"]) == ["bread-price-doubled", "export-record"]
    assert [(t.rating.id, t.count, t.share) for t in claimant.deferred()["tally"]] == [
        ("misleading", 1, 0.5), ("false", 1, 0.5)]
    rating = pages["ratings/false.md"]
    assert set(rating.context) == {"site", "rating", "claims", "social", "feeds"}
    assert rating.context["rating"] is varied.ratings["false"]
    assert ids(rating.context["claims"]) == ["border-crossing-open", "export-record"]
    assert ids(pages["ratings/accurate.md"].context["claims"]) == ["hospital-reopened", "vaccine-stock"]


def test_a_claimant_or_rating_without_claims_gets_empty_lists(minimal: Content) -> None:
    nobody = minimal.claimants["jane-doe"].model_copy(update={"id": "nobody"})
    content = Content(root=MINIMAL, ratings=minimal.ratings, sources=minimal.sources, claims=minimal.claims,
                      reports=minimal.reports, claimants={**minimal.claimants, "nobody": nobody},
                      paths={("claimants", "nobody"): Path("nobody.yaml"), **minimal.paths})
    pages = by_path(plan_pages(content, SITE))
    assert pages["claimants/nobody.md"].context["claims"] == []
    assert pages["claimants/nobody.md"].deferred() == {"tally": []}
    assert pages["ratings/mostly-true.md"].context["claims"] == []


def many_claims(minimal: Content, count: int) -> Content:
    """`count` claims and as many reports, claim n's verdict and report n published on day n + 1 of a month."""
    claim = minimal.claims["strike-was-halted"]
    report = minimal.reports["briefing-review"]
    content = Content(root=MINIMAL, ratings=minimal.ratings, claimants=minimal.claimants, sources=minimal.sources,
                      paths=dict(minimal.paths))
    for n in range(count):
        verdict = claim.verdict.model_copy(update={"published": date(2026, 1, n + 1)})
        content.claims[f"c{n:02}"] = claim.model_copy(update={"id": f"c{n:02}", "verdict": verdict})
        content.reports[f"r{n:02}"] = report.model_copy(update={"id": f"r{n:02}", "claims": [f"c{n:02}"],
                                                               "published": date(2026, 1, n + 1)})
        content.paths[("claims", f"c{n:02}")] = Path(f"c{n:02}.yaml")
        content.paths[("reports", f"r{n:02}")] = Path(f"r{n:02}.yaml")
    return content


def test_the_home_page_shows_only_the_latest_ten_claims_and_reports(minimal: Content) -> None:
    content = many_claims(minimal, HOME_LATEST + 2)
    pages = by_path(plan_pages(content, SITE))
    newest = [f"c{n:02}" for n in range(HOME_LATEST + 1, -1, -1)]
    assert ids(pages["index.md"].context["claims"]) == newest[:10]
    assert ids(pages["index.md"].context["reports"]) == [f"r{c[1:]}" for c in newest[:10]]
    assert ids(pages["claims/index.md"].context["claims"]) == newest
    assert ids(pages["reports/index.md"].context["reports"]) == [f"r{c[1:]}" for c in newest]
    tallied = [(t.rating.id, t.count, t.share) for t in pages["index.md"].context["tally"]]
    assert tallied == [("true", 12, 1.0)], "the home page tallies every claim, not only the ten shown"


def test_newest_first_orders_by_verdict_then_claim_date_then_id(minimal: Content, varied: Content) -> None:
    assert ids(newest_first(varied.claims.values())) == VARIED_NEWEST_FIRST
    claim = minimal.claims["strike-was-halted"]
    same_day = [claim.model_copy(update={"id": i}) for i in ("b", "c", "a")]
    assert ids(newest_first(same_day)) == ["c", "b", "a"]
    assert newest_first([]) == []


def test_tally_counts_each_rating_in_scale_order_and_leaves_out_the_absent(varied: Content) -> None:
    claims = [varied.claims[i] for i in ("export-record", "vaccine-stock", "border-crossing-open", "curfew-lifted")]
    tallied = tally(varied, claims)
    assert [(t.rating, t.count, t.share) for t in tallied] == [
        (varied.ratings["accurate"], 1, 0.25), (varied.ratings["false"], 2, 0.5), (varied.ratings["unproven"], 1, 0.25)]
    assert tally(varied, [varied.claims["curfew-lifted"]])[0].share == 1.0
    assert tally(varied, []) == []


def test_indexes_group_claims_newest_first_and_reports_by_source(varied: Content) -> None:
    indexes = build_indexes(varied)
    assert {k: ids(v) for k, v in indexes.by_claimant.items()} == {
        "reza-ahmadi": ["fuel-subsidy-cut"], "health-directorate": ["hospital-reopened", "vaccine-stock"],
        "dana-levi": ["border-crossing-open"], "city-council": ["curfew-lifted"],
        "trade-ministry": ["bread-price-doubled", "export-record"]}
    assert {k: ids(v) for k, v in indexes.by_rating.items()} == {
        "mostly-false": ["fuel-subsidy-cut"], "accurate": ["hospital-reopened", "vaccine-stock"],
        "false": ["border-crossing-open", "export-record"], "unproven": ["curfew-lifted"],
        "misleading": ["bread-price-doubled"]}
    assert {k: ids(v) for k, v in indexes.by_tag.items()} == {
        "economy": ["fuel-subsidy-cut", "bread-price-doubled", "export-record"],
        "health": ["hospital-reopened", "vaccine-stock"], "borders": ["border-crossing-open"],
        "prices": ["bread-price-doubled", "export-record"]}
    assert {k: ids(v) for k, v in indexes.reviewed_in.items()} == {
        "council-minutes": ["council-session-review"], "tehran-daily": ["fuel-subsidy-review"],
        "health-statement": ["health-statement-review"], "knesset-transcript": ["knesset-committee-review"],
        "trade-bulletin-2025-01": ["trade-figures-review"]}
    assert indexes.citing == varied.claims_citing()
    assert indexes.reports_of == varied.reports_of()
    assert "no-such-tag" not in indexes.by_tag


def test_related_claims_of_the_varied_site(varied: Content) -> None:
    indexes = build_indexes(varied)
    related = {claim.id: related_claims(claim, indexes) for claim in varied.claims.values()}
    assert related == {
        "border-crossing-open": [],
        "bread-price-doubled": ["export-record", "fuel-subsidy-cut"],
        "curfew-lifted": [],
        "export-record": ["bread-price-doubled", "fuel-subsidy-cut"],
        "fuel-subsidy-cut": ["bread-price-doubled", "export-record"],
        "hospital-reopened": ["vaccine-stock"],
        "vaccine-stock": ["hospital-reopened"],
    }


def test_related_claims_stop_at_the_limit_in_reports_and_in_tags(minimal: Content) -> None:
    content = many_claims(minimal, 8)
    listed = ["c00", "c01", "c02", "c03", "c04", "c05", "c06"]
    content.reports["r00"] = content.reports["r00"].model_copy(update={"claims": listed})
    for claim_id in listed + ["c07"]:
        content.claims[claim_id] = content.claims[claim_id].model_copy(update={"tags": ["t"]})
    indexes = build_indexes(content)
    assert related_claims(content.claims["c00"], indexes) == ["c01", "c02", "c03", "c04", "c05"]
    # c07 is in a report of its own: the five newest others of its tag, newest first.
    assert related_claims(content.claims["c07"], indexes) == ["c06", "c05", "c04", "c03", "c02"]


def test_content_without_ratings_plans_the_index_pages_alone(tmp_path: Path) -> None:
    pages = plan_pages(Content(root=tmp_path), SITE)
    assert [(p.path, p.source) for p in pages] == [
        ("corrections-log.md", None), ("claims/index.md", None), ("reports/index.md", None), ("claimants/index.md", None),
        ("sources.md", None),
        ("methodology.md", None), ("tags.md", None), ("index.md", None)]
    assert by_path(pages)["index.md"].context["claims"] == [] and by_path(pages)["index.md"].context["tally"] == []


def test_lists_of_reports_come_with_their_source_looked_up(varied: Content) -> None:
    pages = {page.path: page for page in plan_pages(varied, Site())}
    rows = pages["reports/index.md"].context["reports"]
    assert all(row.source is varied.sources[row.report.source] for row in rows) and rows
    assert pages["index.md"].context["reports"] == rows[:10]


# --- drafts, in a preview ------------------------------------------------------------------------

def test_only_published_claims_give_a_claimreview(drafts: Content) -> None:
    pages = by_path(plan_pages(drafts, SITE))
    assert {path: page.claim.id for path, page in pages.items() if page.claim} == {
        f"claims/{id}.md": id for id in ("no-civilians-nearby", "strike-was-halted", "toll-62-killed")}
    for id in ("drone-over-hospital", "fuel-convoy-turned-back"):
        page = pages[f"claims/{id}.md"]
        assert page.context["json_ld"] is None  # what the template shows instead of a ClaimReview
        assert page.context["claim"] is drafts.claims[id]


def test_a_draft_without_a_verdict_has_no_rating_and_no_evidence(drafts: Content) -> None:
    claim = drafts.claims["drone-over-hospital"]
    assert rating_of(claim) is None and rating_of(drafts.claims["toll-62-killed"]) == "unproven"
    page = by_path(plan_pages(drafts, SITE))["claims/drone-over-hospital.md"]
    more = page.deferred()
    assert (more["rating"], more["evidence"], more["appearance"]) == (None, [], None)
    assert page.updated == claim.date
    assert build_indexes(drafts).listed[claim.id] == Listed(claim, None, drafts.claimants["jane-doe"])


def test_drafts_are_listed_but_tallied_only_with_a_rating(drafts: Content) -> None:
    pages = by_path(plan_pages(drafts, SITE))
    assert ids(pages["claims/index.md"].context["claims"]) == [
        "fuel-convoy-turned-back", "no-civilians-nearby", "toll-62-killed", "strike-was-halted", "drone-over-hospital"]
    assert [(t.rating.id, t.count, t.share) for t in pages["claims/index.md"].context["tally"]] == [
        ("true", 1, 0.25), ("mostly-false", 1, 0.25), ("false", 1, 0.25), ("unproven", 1, 0.25)]
    report = pages["reports/convoy-statements-review.md"]
    assert ids(report.context["claims"]) == ["fuel-convoy-turned-back", "drone-over-hospital", "strike-was-halted"]
    assert [(t.rating.id, t.count, t.share) for t in report.deferred()["tally"]] == [
        ("true", 1, 0.5), ("mostly-false", 1, 0.5)]
    assert "drone-over-hospital" not in {c.id for claims in build_indexes(drafts).by_rating.values() for c in claims}
    assert ids(pages["claimants/jane-doe.md"].context["claims"]) == ["no-civilians-nearby", "drone-over-hospital"]


def test_the_published_view_plans_the_minimal_sites_pages(drafts: Content, minimal: Content) -> None:
    published = {page.path: page.context.keys() for page in plan_pages(drafts.published(), SITE)}
    assert published == {page.path: page.context.keys() for page in plan_pages(minimal, SITE)}
