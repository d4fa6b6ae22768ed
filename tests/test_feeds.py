"""The Atom feed: read back by a real feed parser and a strict XML parser."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import Content, load_valid_content
from generator.feeds import atom_feed, corrections_feed, latest_claims, subject_feeds, tag_feed_path, tag_slugs, xml_text
from generator.model import Claim, Claimant, Rating, Source
from generator.site import Publisher, Site

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
SITE = Site(publisher=Publisher(name="Example Desk", url="https://desk.example/"),
            site_url="https://checks.example/site/", language="en", feed_size=50)
A = "{http://www.w3.org/2005/Atom}"
# Lone surrogates cannot reach a model (pydantic refuses them); xml_text drops them all the same.
FORBIDDEN_IN_XML = "\x00\x01\x08\x0b\x0c\x1b\x1f\ufffe\uffff"
SURROGATES = "\ud800\udfff"
ARABIC = "قال الوزير إن ٦٢ جندياً قُتلوا في الغارة"


def sha(tag: str) -> str:
    return hashlib.sha256(tag.encode("utf-8")).hexdigest()[:10]


def make_content(*claims: Claim) -> Content:
    content = Content(root=Path("."))
    content.ratings = {r.id: r for r in (Rating(id="mixed", label="Mixed", value=2, description="Partly."),
                                         Rating(id="false", label="False", value=1, description="Not accurate."))}
    content.claimants = {"minister": Claimant(id="minister", name="A Minister", kind="person")}
    content.sources = {"report": Source(id="report", title="A report", publisher="Example Times",
                                        url="https://times.example/r", kind="report")}
    content.claims = {c.id: c for c in claims}
    return content


def make_claim(id: str = "a-claim", *, text: str = "Sixty-two were killed.", rating: str = "false",
               published: date = date(2020, 2, 1), updated: date | None = None,
               history: list[dict] | None = None, summary: str = "Fewer were killed.") -> Claim:
    return Claim.model_validate({
        "id": id, "claim": text, "claimant": "minister", "date": date(2020, 1, 2),
        "verdict": {"rating": rating, "summary": summary, "evidence": [{"source": "report"}],
                    "published": published, "updated": updated},
        "history": history or [],
    })


def parse(feed: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(feed)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_feed_parses_cleanly_and_entries_carry_every_field():
    claim = make_claim("toll", rating="mixed", updated=date(2020, 3, 1), summary="Fewer were killed.")
    claim = claim.model_copy(update={"tags": ["casualties", "air strike"]})
    parsed = parse(atom_feed(make_content(claim), SITE))

    assert parsed.feed.id == "https://checks.example/site/"
    assert parsed.feed.title == "Example Desk: fact-checks"
    assert parsed.feed.updated == "2020-03-01T00:00:00Z"
    assert parsed.feed.author_detail.name == "Example Desk"
    assert parsed.feed.author_detail.href == "https://desk.example/"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"self": "https://checks.example/site/feed.xml", "alternate": "https://checks.example/site/"}
    [entry] = parsed.entries
    assert entry.id == "https://checks.example/site/claims/toll/"
    assert entry.link == "https://checks.example/site/claims/toll/"
    assert entry.title == "Mixed: Sixty-two were killed."
    assert entry.summary == "Fewer were killed."
    assert entry.summary_detail.type == "text/plain"
    assert entry.published == "2020-02-01T00:00:00Z"
    assert entry.updated == "2020-03-01T00:00:00Z"
    assert [(t.term, t.label) for t in entry.tags] == [("mixed", "Mixed"), ("casualties", "casualties"),
                                                        ("air strike", "air strike")]
    assert entry.tags[0].scheme == "https://checks.example/site/ratings/mixed/"


def test_feed_holds_the_latest_feed_size_claims_newest_update_first():
    claims = [make_claim("old", published=date(2020, 1, 1)),
              make_claim("revised", published=date(2019, 1, 1), history=[{"date": date(2021, 1, 1), "note": "Fixed."}]),
              make_claim("new-b", published=date(2020, 6, 1)),
              make_claim("new-a", published=date(2020, 6, 1)),
              make_claim("oldest", published=date(2019, 6, 1))]
    feed = atom_feed(make_content(*claims), replace(SITE, feed_size=4))
    ids = [entry.id.rsplit("/", 2)[-2] for entry in parse(feed).entries]
    assert ids == ["revised", "new-a", "new-b", "old"]


def test_without_a_site_url_ids_are_tag_uris_and_links_relative():
    claims = [make_claim("one", published=date(2020, 2, 1)), make_claim("two", published=date(2020, 3, 1))]
    site = Site(publisher=Publisher(name="Example Desk", url="https://desk.example/"))
    parsed = parse(atom_feed(make_content(*claims), site))

    assert parsed.feed.id == "tag:desk.example,2000:feed.xml"
    assert {link.rel: link.href for link in parsed.feed.links} == {"self": "feed.xml", "alternate": "./"}
    assert [(e.id, e.link) for e in parsed.entries] == [("tag:desk.example,2020-03-01:claims/two", "claims/two/"),
                                                        ("tag:desk.example,2020-02-01:claims/one", "claims/one/")]
    assert all(not hasattr(tag, "scheme") or not tag.scheme for e in parsed.entries for tag in e.tags)


@pytest.mark.parametrize(("name", "authority"), [
    ("Le Desk — Faits", "le-desk-faits.invalid"), ("— Le Desk! —", "le-desk.invalid"), ("— ! —", "factcheck.invalid"),
])
def test_tag_uri_authority_made_from_the_publisher_name(name: str, authority: str):
    parsed = parse(atom_feed(make_content(make_claim()), Site(publisher=Publisher(name=name))))
    assert parsed.feed.id == f"tag:{authority},2000:feed.xml"


def test_tag_uri_authority_without_any_publisher_url_is_a_reserved_name():
    parsed = parse(atom_feed(make_content(make_claim()), Site(publisher=Publisher(name="Le Desk — Faits"))))
    assert parsed.feed.id == "tag:le-desk-faits.invalid,2000:feed.xml"
    assert parsed.entries[0].id.startswith("tag:le-desk-faits.invalid,2020-02-01:")
    assert "uri" not in ET.tostring(ET.fromstring(atom_feed(make_content(), Site())).find(f"{A}author"), "unicode")


def test_hostile_text_stays_text_and_the_feed_stays_well_formed():
    hostile = "<script>alert(1)</script> & &amp; ]]> \"quoted\" 'single'"
    # Validation refuses control characters in text (generator.model); the feed must hold even without it.
    claim = make_claim(text="x", summary="y")
    claim = claim.model_copy(update={"claim": f"{hostile}{FORBIDDEN_IN_XML}end", "tags": [f"{hostile}\x1b"],
                                     "verdict": claim.verdict.model_copy(update={"summary": f"{hostile}\x00\x0c summary"})})
    feed = atom_feed(make_content(claim), replace(SITE, publisher=Publisher(name=f"{hostile}\x07")))

    root = ET.fromstring(feed.encode("utf-8"))  # strict: raises on any ill-formed byte
    entry = root.find(f"{A}entry")
    assert entry.find(f"{A}title").text == f"False: {hostile}end"
    assert entry.find(f"{A}summary").text == f"{hostile} summary"
    assert [c.get("term") for c in entry.findall(f"{A}category")] == ["false", hostile]
    assert root.find(f"{A}author/{A}name").text == hostile
    assert root.find(f"{A}script") is None and "<script>" not in feed
    parsed = parse(feed)
    assert parsed.entries[0].title == f"False: {hostile}end"


def test_arabic_text_round_trips():
    claim = make_claim(text=ARABIC, summary=ARABIC).model_copy(update={"tags": ["غارة"]})
    feed = atom_feed(make_content(claim), replace(SITE, language="ar"))
    parsed = parse(feed)

    assert parsed.feed.language == "ar"
    assert parsed.entries[0].title == f"False: {ARABIC}"
    assert parsed.entries[0].summary == ARABIC
    assert parsed.entries[0].tags[1].term == "غارة"
    assert ARABIC in feed, "kept as characters, not numeric references"


def test_empty_content_is_still_a_valid_feed():
    parsed = parse(atom_feed(make_content(), SITE))
    assert parsed.entries == []
    assert parsed.feed.updated == "1970-01-01T00:00:00Z"


def test_fixture_feed_has_one_entry_per_claim_with_unique_ids():
    content, _ = load_valid_content(FIXTURE)
    parsed = parse(atom_feed(content, SITE))
    assert len(parsed.entries) == len(content.claims) > 0
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)
    for entry in parsed.entries:
        claim = content.claims[entry.link.rsplit("/", 2)[-2]]
        assert entry.title.endswith(claim.claim)
        assert entry.summary == claim.verdict.summary


def test_xml_text_drops_only_characters_xml_forbids():
    assert xml_text(f"a{FORBIDDEN_IN_XML}{SURROGATES}b\tc\nd\r\ne\rf\x85g\U0001f600") == "ab\tc\nd\ne\nf\x85g\U0001f600"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1).filter(lambda t: t.strip()))
def test_any_claim_text_gives_a_well_formed_feed(text):
    """Any text at all, including what validation refuses (control characters)."""
    claim = make_claim(text="x", summary="y")
    claim = claim.model_copy(update={"claim": text.strip(),
                                     "verdict": claim.verdict.model_copy(update={"summary": text.strip()})})
    feed = atom_feed(make_content(claim), SITE)
    entry = ET.fromstring(feed.encode("utf-8")).find(f"{A}entry")
    assert entry.find(f"{A}title").text == xml_text(f"False: {claim.claim}")
    assert (entry.find(f"{A}summary").text or "") == xml_text(claim.verdict.summary)


# --- the corrections and updates log ---------------------------------------------------------------

def test_the_corrections_feed_lists_every_history_entry_newest_first_with_rating_changes() -> None:
    older = make_claim("older", history=[{"date": "2020-02-03", "note": "Added the report."}])
    changed = make_claim("changed", text="Tanks <crossed> & left.", history=[
        {"date": "2020-02-05", "kind": "correction", "previous_rating": "mixed", "note": "We misread the table."},
        {"date": "2020-02-05", "kind": "clarification", "note": "Reworded the summary."}])
    parsed = feedparser.parse(corrections_feed(make_content(older, changed, make_claim("untouched")), SITE))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Example Desk: corrections and updates"
    assert parsed.feed.link == "https://checks.example/site/corrections-log/"
    assert parsed.feed.updated == "2020-02-05T00:00:00Z"
    assert [(e.title, e.updated[:10]) for e in parsed.entries] == [
        ("Clarification: Tanks <crossed> & left.", "2020-02-05"),
        ("Correction: Tanks <crossed> & left.", "2020-02-05"),
        ("Update: Sixty-two were killed.", "2020-02-03")]
    assert parsed.entries[1].summary == "We misread the table. Rated Mixed until 5 February 2020, then False."
    assert parsed.entries[1].link == "https://checks.example/site/claims/changed/#corrections-and-updates"
    assert [e.tags[0].term for e in parsed.entries] == ["clarification", "correction", "update"]
    ids = [e.id for e in parsed.entries]
    assert len(set(ids)) == 3 and ids[1] == "tag:desk.example,2020-02-05:claims/changed/history/0"


def test_the_corrections_feed_keeps_the_latest_feed_size_entries_and_may_be_empty() -> None:
    claims = [make_claim(f"c{day}", history=[{"date": f"2020-02-{day:02d}", "note": "n"}]) for day in range(2, 9)]
    parsed = feedparser.parse(corrections_feed(make_content(*claims), replace(SITE, feed_size=3)))
    assert [e.updated[:10] for e in parsed.entries] == ["2020-02-08", "2020-02-07", "2020-02-06"]
    empty = feedparser.parse(corrections_feed(make_content(make_claim()), SITE))
    assert not empty.bozo and empty.entries == [] and empty.feed.updated == "1970-01-01T00:00:00Z"


# --- feeds per claimant, rating and tag -------------------------------------------------------------

VARIED = Path(__file__).parent / "fixtures" / "varied"
DRAFTS = Path(__file__).parent / "fixtures" / "drafts"


def test_each_claimant_rating_and_tag_has_a_feed_of_its_claims_newest_first():
    content, _ = load_valid_content(VARIED, jobs=1)
    feeds = {feed.path: feed for feed in subject_feeds(content, SITE)}
    expected = {
        **{f"feed-claimant-{c}.xml": [i for i in content.claims if content.claims[i].claimant == c]
           for c in content.claimants},
        **{f"feed-rating-{r}.xml": [i for i in content.claims if content.claims[i].verdict.rating == r]
           for r in content.ratings},
        **{f"feed-tag-{slug}.xml": [i for i in content.claims if tag in content.claims[i].tags]
           for tag, slug in tag_slugs({t for c in content.claims.values() for t in c.tags}).items()},
    }
    assert set(feeds) == set(expected)
    for path, claim_ids in expected.items():
        parsed = parse(atom_feed(content, SITE, feeds[path]))
        newest_first = [c.id for c in latest_claims(Content(root=VARIED, claims={i: content.claims[i] for i in claim_ids}),
                                                    50)]
        assert [entry.link for entry in parsed.entries] == [f"https://checks.example/site/claims/{i}/"
                                                            for i in newest_first], path
        assert parsed.feed.id == f"https://checks.example/site/{path}"
        assert [link.href for link in parsed.feed.links if link.rel == "self"] == [parsed.feed.id]


def test_a_subject_feed_names_its_subject_and_links_its_page():
    content, _ = load_valid_content(VARIED, jobs=1)
    feeds = {feed.path: feed for feed in subject_feeds(content, SITE)}
    claimant = parse(atom_feed(content, SITE, feeds["feed-claimant-trade-ministry.xml"]))
    assert claimant.feed.title == "Example Desk: fact-checks of Ministry of Trade"
    assert claimant.feed.link == "https://checks.example/site/claimants/trade-ministry/"
    rating = parse(atom_feed(content, SITE, feeds["feed-rating-false.xml"]))
    assert rating.feed.title == "Example Desk: claims rated False"
    assert rating.feed.link == "https://checks.example/site/ratings/false/"
    tag = parse(atom_feed(content, SITE, feeds["feed-tag-economy.xml"]))
    assert tag.feed.title == "Example Desk: fact-checks tagged economy"
    assert tag.feed.link == "https://checks.example/site/tags/"


def test_subject_feeds_are_cut_at_the_feed_size():
    content, _ = load_valid_content(VARIED, jobs=1)
    small = replace(SITE, feed_size=1)
    feed = next(f for f in subject_feeds(content, small) if f.path == "feed-tag-economy.xml")
    assert len(parse(atom_feed(content, small, feed)).entries) == 1


def test_without_a_site_url_subject_feeds_have_tag_uris():
    content, _ = load_valid_content(VARIED, jobs=1)
    site = replace(SITE, site_url="")
    feed = next(f for f in subject_feeds(content, site) if f.path == "feed-rating-false.xml")
    assert parse(atom_feed(content, site, feed)).feed.id == "tag:desk.example,2000:feed-rating-false.xml"


def test_drafts_are_in_no_feed_even_in_a_preview():
    content, _ = load_valid_content(DRAFTS, jobs=1)
    drafts = {c.id for c in content.claims.values() if not c.is_published}
    assert drafts
    feeds = subject_feeds(content, SITE)
    # A claimant named only by drafts has a page in a preview, so a feed, with no entry.
    assert "feed-claimant-convoy-spokesman.xml" in {f.path for f in feeds}
    for feed in feeds:
        links = {entry.link for entry in parse(atom_feed(content.published(), SITE, feed)).entries}
        assert not {f"https://checks.example/site/claims/{i}/" for i in drafts} & links, feed.path
    assert {f.path for f in subject_feeds(content.published(), SITE)} == {f.path for f in feeds} - {
        "feed-claimant-convoy-spokesman.xml"}


@pytest.mark.parametrize("tags, slugs", [
    (["economy", "Air strike"], {"economy": "economy", "Air strike": "air-strike"}),
    (["Fuel", "fuel"], {"Fuel": "fuel-" + sha("Fuel"), "fuel": "fuel-" + sha("fuel")}),
    (["سوريا", "<i>tag</i> & more"], {"سوريا": sha("سوريا"), "<i>tag</i> & more": "i-tag-i-more"}),
])
def test_a_tag_feed_is_named_by_the_tag_in_ascii_and_never_shared(tags, slugs):
    assert tag_slugs(tags) == slugs
    assert tag_feed_path(slugs[tags[0]]) == f"feed-tag-{slugs[tags[0]]}.xml"


@given(st.lists(st.text(min_size=1, max_size=20), unique=True, max_size=8))
@settings(max_examples=100, deadline=None)
def test_every_tag_gets_a_different_url_safe_slug(tags):
    slugs = tag_slugs(tags)
    assert len(set(slugs.values())) == len(tags)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug) for slug in slugs.values())
