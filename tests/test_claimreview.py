"""ClaimReview JSON-LD and the DataFeed, built from model objects made here."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.claimreview import (
    claim_review,
    claim_review_json,
    claim_review_script,
    data_feed,
    data_feed_json,
    json_ld_script,
    media_review,
)
from generator.content import Content, load_valid_content, newest_first
from generator.model import Claim, Claimant, Person, Rating, Source
from generator.site import Publisher, Site

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
SITE = Site(publisher=Publisher(name="Example Desk", url="https://desk.example/", logo="assets/logo.png"),
            site_url="https://checks.example/site/", language="en")
HOSTILE = "</script><script>alert(1)</script> <!-- & &amp; \u2028\u2029 '\" </SCRIPT>"
ARABIC = "قال الوزير إن ٦٢ جندياً قُتلوا في الغارة"


def make_content(*claims: Claim) -> Content:
    content = Content(root=Path("."))
    content.ratings = {r.id: r for r in (
        Rating(id="true", label="True", value=3, description="Accurate."),
        Rating(id="mixed", label="Mixed", value=2, description="Partly."),
        Rating(id="false", label="False", value=-1, description="Not accurate."),
        Rating(id="unproven", label="Unproven", description="Cannot tell."),
    )}
    content.claimants = {c.id: c for c in (
        Claimant(id="minister", name="A Minister", kind="person", url="https://example.org/minister"),
        Claimant(id="ministry", name="The Ministry", kind="organization"),
    )}
    content.sources = {s.id: s for s in (
        Source(id="speech", title="The speech", publisher="Example Radio", url="https://radio.example/speech",
               published=date(2020, 1, 2), kind="interview", language="ar"),
        Source(id="report", title="A report", publisher="Example Times", url="https://times.example/r", kind="report"),
    )}
    content.claims = {c.id: c for c in claims}
    return content


def make_claim(id: str = "a-claim", *, text: str = "Sixty-two were killed.", rating: str = "false",
               claimant: str = "minister", appearance: str | None = "speech", published: date = date(2020, 2, 1),
               updated: date | None = None, history: list[dict] | None = None,
               summary: str = "Fewer were killed.") -> Claim:
    return Claim.model_validate({
        "id": id, "claim": text, "claimant": claimant, "date": date(2020, 1, 2), "appearance": appearance,
        "verdict": {"rating": rating, "summary": summary, "evidence": [{"source": "report"}],
                    "published": published, "updated": updated},
        "history": history or [],
    })


def extract_json(script: str) -> Any:
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', script, re.DOTALL)
    assert match, script
    return json.loads(match.group(1))


def nulls_in(value: Any, where: str = "$") -> list[str]:
    if value is None:
        return [where]
    if isinstance(value, dict):
        return [n for key, item in value.items() for n in nulls_in(item, f"{where}.{key}")]
    if isinstance(value, list):
        return [n for index, item in enumerate(value) for n in nulls_in(item, f"{where}[{index}]")]
    return []


def test_claim_review_has_every_required_field_from_the_model():
    claim = make_claim(rating="mixed")
    review = claim_review(claim, make_content(claim), SITE)

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == "https://checks.example/site/claims/a-claim/"
    assert review["claimReviewed"] == claim.claim
    assert review["datePublished"] == "2020-02-01"
    assert review["author"] == {"@type": "Organization", "name": "Example Desk", "url": "https://desk.example/",
                                "logo": {"@type": "ImageObject", "url": "https://checks.example/site/assets/logo.png"}}
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Mixed", "ratingValue": 2,
                                      "bestRating": 3, "worstRating": -1, "ratingExplanation": claim.verdict.summary}
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "A Minister", "sameAs": "https://example.org/minister"}
    assert item["datePublished"] == "2020-01-02"
    appearance = {"@type": "CreativeWork", "url": "https://radio.example/speech", "headline": "The speech",
                  "publisher": {"@type": "Organization", "name": "Example Radio"}, "datePublished": "2020-01-02",
                  "inLanguage": "ar"}
    assert item["appearance"] == appearance
    assert item["firstAppearance"] == appearance


def test_the_review_shows_the_claims_share_card_as_its_image():
    claim = make_claim()
    review = claim_review(claim, make_content(claim), SITE)
    assert review["image"] == {"@type": "ImageObject", "url": "https://checks.example/site/claims/a-claim/share.png",
                               "width": 1200, "height": 630}
    without_cards = claim_review(claim, make_content(claim), replace(SITE, share_cards=False))
    assert "image" not in without_cards
    assert {key: value for key, value in review.items() if key != "image"} == without_cards


def test_off_scale_rating_has_a_label_but_no_value_or_scale():
    claim = make_claim(rating="unproven")
    rating = claim_review(claim, make_content(claim), SITE)["reviewRating"]

    assert rating["alternateName"] == "Unproven"
    assert rating["ratingExplanation"] == claim.verdict.summary
    assert not {"ratingValue", "bestRating", "worstRating"} & rating.keys()


def test_missing_optional_values_are_left_out_not_null():
    claim = make_claim(claimant="ministry", appearance=None)
    review = claim_review(claim, make_content(claim), Site())

    assert nulls_in(review) == []
    assert "appearance" not in review["itemReviewed"]
    assert "firstAppearance" not in review["itemReviewed"]
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "The Ministry"}
    assert review["author"] == {"@type": "Organization", "name": Publisher().name}
    assert "dateModified" not in review
    assert review["url"] == "claims/a-claim/"


def test_source_without_date_or_language_leaves_them_out():
    claim = make_claim(appearance="report")
    appearance = claim_review(claim, make_content(claim), SITE)["itemReviewed"]["appearance"]
    assert appearance == {"@type": "CreativeWork", "url": "https://times.example/r", "headline": "A report",
                          "publisher": {"@type": "Organization", "name": "Example Times"}}


@pytest.mark.parametrize(("updated", "history", "expected"), [
    (None, [], None),
    (date(2020, 3, 1), [], "2020-03-01"),
    (None, [{"date": date(2020, 4, 1), "note": "Corrected the toll."}], "2020-04-01"),
    (date(2020, 5, 1), [{"date": date(2020, 4, 1), "note": "Corrected the toll."}], "2020-05-01"),
])
def test_date_modified_is_the_last_update_when_there_is_one(updated, history, expected):
    claim = make_claim(updated=updated, history=history)
    assert claim_review(claim, make_content(claim), SITE).get("dateModified") == expected


@pytest.mark.parametrize("logo", ["https://cdn.example/logo.svg", "http://cdn.example/logo.svg"])
def test_publisher_logo_given_as_an_absolute_url_is_kept(logo: str):
    site = Site(publisher=Publisher(name="D", logo=logo), site_url="https://checks.example/")
    claim = make_claim()
    assert claim_review(claim, make_content(claim), site)["author"]["logo"]["url"] == logo


def test_json_ld_script_cannot_be_broken_out_of_by_hostile_text():
    claim = make_claim(text=HOSTILE, summary=HOSTILE)
    script = json_ld_script(claim_review(claim, make_content(claim), SITE))

    assert script.lower().count("</script") == 1 and script.endswith("</script>")
    assert "<!--" not in script
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert not set("<>&\u2028\u2029") & set(body)
    assert "\n" not in body, "a blank line would end a raw HTML block in Markdown"
    data = extract_json(script)
    assert data["claimReviewed"] == claim.claim
    assert data["reviewRating"]["ratingExplanation"] == claim.verdict.summary


HTML_PIECES = st.lists(st.sampled_from(["</script>", "</SCRIPT ", "<!--", "-->", "<", ">", "&", "&lt;", "\u2028",
                                         "\u2029", "\\", '"', "x", "ق"])).map("".join)


@given(st.one_of(st.text(), HTML_PIECES))
def test_json_ld_script_round_trips_any_text(text):
    script = json_ld_script({"text": text})
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert not set("<>&") & set(body)
    assert extract_json(script) == {"text": text}


def test_arabic_text_round_trips_readably():
    claim = make_claim(text=ARABIC, summary=ARABIC)
    script = json_ld_script(claim_review(claim, make_content(claim), SITE))

    assert ARABIC in script, "non-ASCII text is kept as is, not \\u-escaped"
    assert extract_json(script)["claimReviewed"] == ARABIC


def test_data_feed_lists_every_review_newest_first_as_the_claims_index_does():
    claims = [make_claim("b-old", published=date(2020, 1, 5), history=[{"date": date(2021, 1, 1), "note": "Later."}]),
              make_claim("c-new", published=date(2020, 6, 1)),
              make_claim("z-tie", published=date(2020, 3, 1)),
              make_claim("a-tie", published=date(2020, 3, 1), rating="unproven")]
    content = make_content(*claims)
    feed = data_feed(content, SITE)

    assert feed["@context"] == "https://schema.org"
    assert feed["@type"] == "DataFeed"
    assert feed["url"] == "https://checks.example/site/claimreview.json"
    assert "Example Desk" in feed["name"]
    assert feed["dateModified"] == "2021-01-01"
    elements = feed["dataFeedElement"]
    listed = [e["url"].rsplit("/", 2)[-2] for e in elements]
    assert listed == ["c-new", "z-tie", "a-tie", "b-old"]  # a tie: later claim date, then ids in reverse
    assert listed == [c.id for c in newest_first(claims)]
    assert all(e["@type"] == "ClaimReview" and "@context" not in e for e in elements)
    by_id = {c.id: c for c in claims}
    for element in elements:
        claim = by_id[element["url"].rsplit("/", 2)[-2]]
        assert element == {k: v for k, v in claim_review(claim, content, SITE).items() if k != "@context"}
    assert nulls_in(feed) == []


def test_data_feed_of_no_claims_is_empty_without_a_date():
    feed = data_feed(make_content(), SITE)
    assert feed["dataFeedElement"] == []
    assert "dateModified" not in feed


def test_data_feed_json_is_the_feed_as_utf8_json():
    claim = make_claim(text=ARABIC)
    content = make_content(claim)
    text = data_feed_json(content, SITE)
    assert ARABIC in text
    assert json.loads(text) == data_feed(content, SITE)


@pytest.mark.parametrize("claims", [0, 1, 4])
def test_data_feed_json_put_together_from_each_claims_json_is_json_dumps_of_the_feed(claims):
    content = make_content(*[make_claim(id=f"c-{n}", text=f"{ARABIC} </script> {n}") for n in range(claims)])
    assert data_feed_json(content, SITE) == json.dumps(data_feed(content, SITE), ensure_ascii=False) + "\n"


def test_a_claim_page_script_made_from_the_feed_element_is_the_claims_json_ld():
    claim = make_claim(text=f"{ARABIC} </script><!-- & \u2028")
    content = make_content(claim)
    review_json = claim_review_json(claim, content, SITE)
    assert claim_review_script(review_json) == json_ld_script(claim_review(claim, content, SITE))


def test_every_fixture_claim_gives_a_complete_review():
    content, _ = load_valid_content(FIXTURE)
    assert content.claims, "the fixture has claims"
    for claim in content.claims.values():
        review = claim_review(claim, content, SITE)
        assert nulls_in(review) == []
        assert review["url"].startswith("https://checks.example/site/claims/")
        assert review["claimReviewed"] == claim.claim
        rating = content.ratings[claim.verdict.rating]
        assert review["reviewRating"]["alternateName"] == rating.label
        assert ("ratingValue" in review["reviewRating"]) == (rating.value is not None)
        assert review["itemReviewed"]["author"]["name"] == content.claimants[claim.claimant].name
        assert ("appearance" in review["itemReviewed"]) == (claim.appearance is not None)


# --- MediaReview -----------------------------------------------------------------------------------

def media_claim(**media: Any) -> Claim:
    return Claim(id="video-claim", claim="This video shows the strike.", claimant="ministry", date=date(2016, 9, 18),
                 verdict={"rating": "false", "summary": "Staged.", "evidence": [{"source": "report"}],
                          "published": date(2026, 11, 20)},
                 media={"type": "video", "url": "https://video.example/v/1", "authenticity": "StagedContent", **media})


def test_mediareview_names_the_video_its_copy_and_the_moment_reviewed() -> None:
    claim = media_claim(archive_url="https://web.archive.org/web/2016/https://video.example/v/1", timestamp="1:02:03",
                        screenshot={"file": "frames/v1.png", "alt": "A man filming a burning car"},
                        context="Filmed at a training ground in 2015.")
    review = media_review(claim, make_content(claim), SITE)
    assert review == {
        "@context": "https://schema.org", "@type": "MediaReview",
        "url": "https://checks.example/site/claims/video-claim/", "datePublished": "2026-11-20", "inLanguage": "en",
        "author": {"@type": "Organization", "name": "Example Desk", "url": "https://desk.example/",
                   "logo": {"@type": "ImageObject", "url": "https://checks.example/site/assets/logo.png"}},
        "mediaAuthenticityCategory": "StagedContent",
        "originalMediaContextDescription": "Filmed at a training ground in 2015.",
        "itemReviewed": {"@type": "VideoObject", "contentUrl": "https://video.example/v/1",
                         "archivedAt": "https://web.archive.org/web/2016/https://video.example/v/1",
                         "thumbnailUrl": "https://checks.example/site/media/frames/v1.png",
                         "description": "A man filming a burning car",
                         "hasPart": {"@type": "Clip", "startOffset": 3723}}}


def test_mediareview_leaves_out_what_the_claim_does_not_say_and_stays_inside_its_script() -> None:
    claim = media_claim(context=HOSTILE)
    review = media_review(claim, make_content(claim), SITE)
    assert review["itemReviewed"] == {"@type": "VideoObject", "contentUrl": "https://video.example/v/1"}
    script = json_ld_script(review)
    assert script.count("</script") == 1 and "<!--" not in script
    assert json.loads(script.removeprefix('<script type="application/ld+json">').removesuffix("</script>"))[
        "originalMediaContextDescription"] == HOSTILE


# --- the people behind a fact-check, and its corrections ------------------------------------------

def test_the_organisation_stays_the_author_and_the_people_are_contributor_and_editors() -> None:
    claim = make_claim().model_copy(update={"verdict": make_claim().verdict.model_copy(
        update={"author": "ana", "reviewers": ["bo", "cy", "bo"]})})
    content = make_content(claim)
    content.people = {p.id: p for p in (Person(id="ana", name="Ana Example", role="Fact-checker"),
                                        Person(id="bo", name="Bo Example", role="Editor"),
                                        Person(id="cy", name=HOSTILE, role="Editor"))}
    review = claim_review(claim, content, SITE)
    assert review["author"] == {"@type": "Organization", "name": "Example Desk", "url": "https://desk.example/",
                                "logo": {"@type": "ImageObject", "url": "https://checks.example/site/assets/logo.png"}}
    assert review["contributor"] == {"@type": "Person", "name": "Ana Example", "jobTitle": "Fact-checker",
                                     "url": "https://checks.example/site/people/ana/"}
    assert [editor["name"] for editor in review["editor"]] == ["Bo Example", HOSTILE]  # each once, in order
    assert extract_json(claim_review_script(claim_review_json(claim, content, SITE)))["editor"][1]["name"] == HOSTILE


def test_an_author_written_as_text_and_no_reviewers_add_no_people() -> None:
    claim = make_claim().model_copy(update={"verdict": make_claim().verdict.model_copy(update={"author": "The desk"})})
    review = claim_review(claim, make_content(claim), SITE)
    assert "contributor" not in review and "editor" not in review and nulls_in(review) == []


@pytest.mark.parametrize("updated, history, modified", [
    (None, [], None),
    (None, [{"date": "2020-02-05", "kind": "correction", "previous_rating": "true", "note": "n"},
            {"date": "2020-02-03", "note": "n"}], "2020-02-05"),
    (date(2020, 2, 4), [{"date": "2020-02-09", "kind": "clarification", "note": "n"}], "2020-02-09"),
    (date(2020, 2, 10), [{"date": "2020-02-09", "note": "n"}], "2020-02-10"),
])
def test_date_modified_follows_the_latest_history_entry(updated: date | None, history: list, modified: str | None) -> None:
    claim = make_claim(updated=updated, history=history)
    assert claim_review(claim, make_content(claim), SITE).get("dateModified") == modified
