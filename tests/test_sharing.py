"""generator.sharing: what pages give for sharing and embedding: Open Graph values, share cards, feeds, the embed snippet."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import pytest

from generator.cards import ClaimCard, SiteCard, Tally
from generator.content import Content, load_valid_content
from generator.sharing import (claim_card, claim_social, embed_snippet, page_social, planned_cards, report_card,
                               report_social, tag_feed_links)
from generator.site import Publisher, Site
from htmltree import parse
from sitebuild import FIXTURES

SITE = Site(Publisher("Share Desk", "https://share.example.org/"), site_url="https://share.example.org/facts/",
            description="Sourced fact-checks.", name="Share Desk site")


@pytest.fixture(scope="module")
def varied() -> Content:
    return load_valid_content(FIXTURES / "varied", jobs=1)[0]


@pytest.fixture(scope="module")
def drafts() -> Content:
    return load_valid_content(FIXTURES / "drafts", jobs=1)[0]


def test_a_claim_card_shows_the_claim_who_said_it_when_and_the_verdict_in_its_colour(varied: Content) -> None:
    assert claim_card(varied.claims["bread-price-doubled"], varied, SITE) == ClaimCard(
        claim="The price of bread doubled in January.", claimant="Ministry of Trade", date="10 January 2025",
        verdict="Misleading", color=varied.ratings["misleading"].color, site_name="Share Desk site")


def test_a_report_card_tallies_its_verdicts_in_the_order_of_the_scale(varied: Content) -> None:
    report = varied.reports["trade-figures-review"]
    card = report_card(report, varied, SITE)
    assert card.title == report.title and card.site_name == "Share Desk site"
    counted = [varied.claims[i].verdict.rating for i in report.claims]
    assert card.tally == tuple(Tally(r.label, r.color or "#595959", counted.count(r.id))
                               for r in varied.ratings.values() if r.id in counted)


def test_cards_are_planned_for_the_site_and_each_published_claim_and_report(varied: Content, drafts: Content) -> None:
    paths = [path for path, _ in planned_cards(varied, SITE)]
    assert paths == ["share.png", *(f"claims/{i}/share.png" for i in varied.claims),
                     *(f"reports/{i}/share.png" for i in varied.reports)]
    assert planned_cards(varied, SITE)[0][1] == SiteCard("Share Desk site", "Sourced fact-checks.")
    # A preview holds drafts: they get no card.
    planned = {path for path, _ in planned_cards(drafts, SITE)}
    assert "claims/drone-over-hospital/share.png" not in planned
    assert "claims/fuel-convoy-turned-back/share.png" not in planned
    assert "reports/convoy-statements-review/share.png" not in planned
    assert planned == {path for path, _ in planned_cards(drafts.published(), SITE)}
    assert planned_cards(varied, replace(SITE, share_cards=False)) == []


def test_a_published_claim_is_an_article_with_its_dates_and_its_card(varied: Content) -> None:
    claim = varied.claims["bread-price-doubled"]
    assert claim_social(claim, varied, SITE) == {
        "title": "Fact-check: The price of bread doubled in January.",
        "description": claim.verdict.summary,
        "type": "article",
        "published": claim.verdict.published.isoformat(),
        "modified": claim.last_updated.isoformat(),
        "image": "https://share.example.org/facts/claims/bread-price-doubled/share.png",
        "image_width": 1200, "image_height": 630,
        "image_alt": "Misleading: \u201cThe price of bread doubled in January.\u201d, said by Ministry of Trade on "
                     "10 January 2025. Share Desk site",
    }


def test_a_report_is_an_article_whose_image_describes_its_tally(varied: Content) -> None:
    report = varied.reports["trade-figures-review"]
    social = report_social(report, "A review.", varied, SITE)
    assert social["type"] == "article" and social["published"] == report.published.isoformat()
    assert social["image"] == "https://share.example.org/facts/reports/trade-figures-review/share.png"
    tally = report_card(report, varied, SITE).tally
    assert social["image_alt"] == (f"Report: {report.title}. Verdicts: "
                                   + ", ".join(f"{t.label} {t.count}" for t in tally) + ". Share Desk site")


def test_other_pages_are_websites_with_the_sites_card() -> None:
    assert page_social("Claimants", "Everyone we checked.", SITE) == {
        "title": "Claimants", "description": "Everyone we checked.", "type": "website",
        "image": "https://share.example.org/facts/share.png", "image_width": 1200, "image_height": 630,
        "image_alt": "Share Desk site: Sourced fact-checks."}
    assert page_social("Home", None, SITE)["description"] == "Sourced fact-checks."


@pytest.mark.parametrize("site", [replace(SITE, share_cards=False), replace(SITE, site_url="")])
def test_no_image_without_cards_or_without_the_absolute_address_open_graph_needs(site: Site, varied: Content) -> None:
    assert "image" not in page_social("Home", None, site)
    assert "image" not in claim_social(varied.claims["bread-price-doubled"], varied, site)


def test_drafts_are_shared_as_plain_pages_without_card_or_dates(drafts: Content) -> None:
    claim = drafts.claims["drone-over-hospital"]
    assert claim_social(claim, drafts, SITE) == {"title": f"Fact-check: {claim.claim}", "description": SITE.description,
                                                 "type": "website"}
    report = drafts.reports["convoy-statements-review"]
    assert set(report_social(report, "x", drafts, SITE)) == {"title", "description", "type"}
    assert embed_snippet(claim, SITE) is None


def test_the_embed_snippet_is_an_iframe_of_the_claims_embed_page_with_its_title_escaped(varied: Content) -> None:
    claim = varied.claims["bread-price-doubled"].model_copy(update={"claim": 'A "quoted" <b>claim</b> & more'})
    snippet = embed_snippet(claim, SITE).code
    iframe = parse(snippet).one("iframe")
    assert iframe.attrs["src"] == "https://share.example.org/facts/claims/bread-price-doubled/embed/"
    assert iframe.attrs["title"] == 'Fact-check: A "quoted" <b>claim</b> & more'
    assert iframe.attrs["loading"] == "lazy" and iframe.attrs["height"] == "360"
    assert "<b>" not in snippet and html.escape('"quoted"') in snippet
    assert embed_snippet(claim, replace(SITE, site_url="")) is None  # another site needs the absolute address


def test_the_snippet_is_shown_escaped_with_the_claim_isolated(varied: Content) -> None:
    claim = varied.claims["hospital-reopened"].model_copy(update={"claim": "أعيد فتح <b>المستشفى</b>"})
    snippet = embed_snippet(claim, SITE)
    code = parse(f"<code>{snippet.html}</code>").one("code")
    assert code.text() == snippet.code  # what a reader copies is the code
    assert code.one("bdi").text() == html.escape(f"Fact-check: {claim.claim}")
    assert [e.tag for e in code.iter()] == ["code", "bdi"]  # nothing else became markup


def test_each_tag_of_a_published_claim_has_a_feed_link(drafts: Content) -> None:
    links = tag_feed_links(drafts, SITE)
    published_tags = sorted({t for c in drafts.claims.values() if c.is_published for t in c.tags})
    assert [link["label"] for link in links] == published_tags
    assert all(link["href"].startswith("feed-tag-") and link["href"].endswith(".xml") for link in links)
    assert links[0]["title"] == f"Share Desk: fact-checks tagged {published_tags[0]}"
