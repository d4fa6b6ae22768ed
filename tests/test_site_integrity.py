"""Editorial integrity on a built site: person pages and bylines, the corrections log and its feed,
the Transparency page, independent publishers, and the people in ClaimReview.

tests/fixtures/minimal, with two people, an organisation and a correction that changed the rating,
is built once with `mkdocs build --strict`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import pytest

from htmltree import Element, main_content, parse_file
from sitebuild import FIXTURES, build_or_fail

pytestmark = pytest.mark.slow

HOSTILE_NAME = "Bo <script>alert(1)</script> *Example*"
PEOPLE = {
    "ana": "name: Ana Example\nrole: Fact-checker\nbackground: Demo profile, ten years at a news agency.\n"
           "languages: [Arabic, English]\nlinks:\n  - title: Profile\n    url: https://example.org/ana\n",
    "bo": f"name: \"{HOSTILE_NAME}\"\nrole: Editor\n",
}
ORGANISATION = """\
name: Test Fact Desk
note: Demo data, not a real organisation's.
mission: We check claims, *one by one*.
independence: No funder sees a fact-check before it is published.
funders:
  - name: Example Foundation
    year: 2025
    amount: EUR 40,000
  - name: Example Trust
    year: 2026
    band: EUR 10,000 to 25,000
    purpose: Training
contact:
  email: desk@example.org
  tip_line: Signal +00 000 000
"""
CORRECTION = """\
  - date: 2026-11-23
    kind: correction
    previous_rating: false
    note: We first rated this False; the investigation's figure is a minimum.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("integrity") / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    (content / "people").mkdir()
    for id, text in PEOPLE.items():
        (content / "people" / f"{id}.yaml").write_text(text, encoding="utf-8")
    (content / "organisation.yaml").write_text(ORGANISATION, encoding="utf-8")
    claim = content / "claims" / "toll-62-killed.yaml"
    text = claim.read_text(encoding="utf-8")
    text = text.replace("  author: Example desk\n", "  author: ana\n  reviewers: [bo]\n")
    text = text.replace("  updated: 2026-11-22\n", "  updated: 2026-11-23\n") + CORRECTION
    claim.write_text(text, encoding="utf-8")
    return build_or_fail(content, content.parent / "site")


def article(site: Path, url: str) -> Element:
    return main_content(parse_file(site / url / "index.html"))


def links(element: Element) -> dict[str, str]:
    return {a.text(): a.attrs["href"] for a in element.find_all("a") if "href" in a.attrs}


def test_the_claim_page_shows_the_byline_and_reviewer_linked_to_their_pages(site: Path) -> None:
    page = article(site, "claims/toll-62-killed")
    byline = page.one("p", classes="fc-byline")
    assert byline.text() == f"By Ana Example · reviewed by {HOSTILE_NAME}"
    assert links(byline) == {"Ana Example": "../../people/ana/", HOSTILE_NAME: "../../people/bo/"}
    assert page.find("script") is None  # the reviewer's name is text
    about = [li.text() for li in page.find_all("li") if li.text().startswith(("Written by", "Reviewed by"))]
    assert about == ["Written by: Ana Example, Fact-checker", f"Reviewed by: {HOSTILE_NAME}"]


def test_a_correction_shows_its_kind_and_the_rating_it_replaced(site: Path) -> None:
    page = article(site, "claims/toll-62-killed")
    heading = page.one("h2", id="corrections-and-updates")
    entries = [li.text() for li in next(heading.following_siblings()).find_all("li")]
    assert entries == [
        "23 November 2026 · Correction: We first rated this False; the investigation's figure is a minimum. "
        "Rated False until 23 November 2026.",
        "22 November 2026 · Update: Added the findings of the investigation."]
    assert page.one("span", classes="fc-rating-change").text() == "Rated False until 23 November 2026."


def test_the_claim_page_and_the_claims_table_count_independent_publishers(site: Path) -> None:
    page = article(site, "claims/toll-62-killed")
    assert page.one("p", classes="fc-publishers").text() == (
        "From 2 independent publishers: Example Times, Example News Agency. A reprint counts as its original publisher.")
    table = article(site, "claims").one("table")
    assert [th.text() for th in table.find_all("th")][-1] == "Publishers"
    assert {row.find_all("td")[-1].text() for row in table.find("tbody").find_all("tr")} == {"2"}


def test_each_person_has_a_page_of_the_fact_checks_they_wrote_and_reviewed(site: Path) -> None:
    ana = article(site, "people/ana")
    assert ana.one("h1").text() == "Ana Example"
    assert "Fact-checker · works in Arabic, English · Profile" in ana.text()
    assert links(ana)["Profile"] == "https://example.org/ana"
    written, reviewed = ana.find_all("h2")[:2]
    assert written.text() == "Fact-checks written" and reviewed.text() == "Fact-checks reviewed"
    assert "../../claims/toll-62-killed/" in links(next(written.following_siblings())).values()
    assert next(reviewed.following_siblings()).text() == "None yet."
    bo = article(site, "people/bo")
    assert bo.one("h1").text() == HOSTILE_NAME and bo.find("script") is None
    assert "../../claims/toll-62-killed/" in links(bo).values()
    index = article(site, "people")
    rows = [[td.text() for td in tr.find_all("td")] for tr in index.one("tbody").find_all("tr")]
    assert rows == [["Ana Example", "Fact-checker", "1", "0"], [HOSTILE_NAME, "Editor", "0", "1"]]


def test_the_corrections_log_lists_every_entry_newest_first_and_links_its_feed(site: Path) -> None:
    page = article(site, "corrections-log")
    items = page.one("ul").find_all("li")
    assert [li.text()[:40] for li in items] == ["23 November 2026 · Correction · Four air",
                                                "22 November 2026 · Update · Four air str"]
    assert items[0].text().endswith("Rated False until 23 November 2026, then Unproven.")
    assert links(items[0]) == {"Four air strikes killed 62 soldiers and wounded about 100 others.":
                               "../claims/toll-62-killed/"}
    assert links(page)["Atom feed"] == "../corrections.xml"
    html = parse_file(site / "corrections-log" / "index.html")
    feeds = {link.attrs["title"]: link.attrs["href"] for link in html.find_all("link", type="application/atom+xml")}
    assert feeds == {"Test Fact Desk: latest fact-checks": "../feed.xml",
                     "Test Fact Desk: corrections and updates": "../corrections.xml"}  # on every page


def test_the_corrections_feed_is_valid_atom_with_links_to_the_claims(site: Path) -> None:
    feed = feedparser.parse((site / "corrections.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.link == "https://facts.example.org/corrections-log/"
    assert [(e.title[:12], e.link) for e in feed.entries] == [
        ("Correction: ", "https://facts.example.org/claims/toll-62-killed/#corrections-and-updates"),
        ("Update: Four", "https://facts.example.org/claims/toll-62-killed/#corrections-and-updates")]


def test_the_transparency_page_shows_the_organisation_funders_people_and_contact(site: Path) -> None:
    page = article(site, "transparency")
    assert page.one("p", classes="fc-note").text() == "About this page: Demo data, not a real organisation's."
    headings = [h.text() for h in page.find_all("h2")]
    assert headings == ["Mission", "Editorial independence", "Funding", "People", "Contact"]
    funding, people = page.find_all("table")
    assert [[td.text() for td in tr.find_all("td")] for tr in funding.one("tbody").find_all("tr")] == [
        ["2026", "Example Trust Training", "EUR 10,000 to 25,000 (band)"],
        ["2025", "Example Foundation", "EUR 40,000"]]
    assert links(people) == {"Ana Example": "../people/ana/", HOSTILE_NAME: "../people/bo/"}
    assert links(page)["desk@example.org"] == "mailto:desk@example.org"
    assert "Tip line: Signal +00 000 000" in page.text()
    assert page.find("em").text() == "one by one"  # the mission is Markdown


def test_claimreview_keeps_the_organisation_as_author_and_names_the_people(site: Path) -> None:
    page = parse_file(site / "claims" / "toll-62-killed" / "index.html")
    (script,) = [s for s in page.find_all("script") if s.attrs.get("type") == "application/ld+json"]
    review = json.loads(script.raw_text())
    assert review["author"]["@type"] == "Organization" and review["author"]["name"] == "Test Fact Desk"
    assert review["contributor"] == {"@type": "Person", "name": "Ana Example", "jobTitle": "Fact-checker",
                                     "url": "https://facts.example.org/people/ana/"}
    assert [editor["name"] for editor in review["editor"]] == [HOSTILE_NAME]
    assert review["dateModified"] == "2026-11-23"
    feed = json.loads((site / "claimreview.json").read_text(encoding="utf-8"))
    (element,) = [e for e in feed["dataFeedElement"] if e["url"].endswith("/toll-62-killed/")]
    assert element["contributor"]["name"] == "Ana Example" and element["dateModified"] == "2026-11-23"
