"""Built-site tests: real `mkdocs build --strict` runs, read back with the standard HTML parser.

Three content trees are built once each: the repository's demo (content/ with mkdocs.yml),
tests/fixtures/minimal and tests/fixtures/hostile (plain text full of markup, and Arabic).
What each page must show is computed from the content model, never written out by hand.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import extruct
import feedparser
import pytest
import yaml

from generator.content import Content, load_valid_content
from generator.integrity import independent_publishers
from htmltree import Element, main_content, parse, parse_file
from sitebuild import FIXTURES, PUBLISHER, REPO, build_or_fail, build_site, mkdocs_build, mkdocs_env, write_project

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class BuiltSite:
    name: str
    content: Content
    root: Path  # the built site folder
    site_url: str
    publisher: str

    def page(self, url: str) -> Element:
        """The parsed page at a directory URL such as 'claims/x/' ('' for the home page)."""
        return _parse_cached(self.root / url / "index.html")

    def claim_url(self, claim_id: str) -> str:
        return self.site_url + f"claims/{claim_id}/"


@cache
def _parse_cached(path: Path) -> Element:
    return parse_file(path)


def _demo_settings() -> tuple[str, str]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["factcheck"] for p in config["plugins"] if isinstance(p, dict) and "factcheck" in p)
    return config["site_url"], options["publisher"]["name"]


@pytest.fixture(scope="module", params=["demo", "minimal", "hostile"])
def built(request: pytest.FixtureRequest) -> BuiltSite:
    """The demo site and the minimal and hostile fixture sites, each built once."""
    if request.param == "hostile":
        return request.getfixturevalue("hostile")
    if request.param == "demo":
        site_url, publisher = _demo_settings()
        return BuiltSite("demo", load_valid_content(REPO / "content")[0], request.getfixturevalue("demo_site"),
                         site_url, publisher)
    return BuiltSite("minimal", load_valid_content(FIXTURES / "minimal")[0], request.getfixturevalue("minimal_site"),
                     "https://facts.example.org/", PUBLISHER["name"])


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    root = tmp_path_factory.mktemp("hostile") / "site"
    return build_site(FIXTURES / "hostile", root), root


@pytest.fixture(scope="module")
def hostile(hostile_build: tuple[subprocess.CompletedProcess[str], Path]) -> BuiltSite:
    result, root = hostile_build
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed for the hostile fixture:\n{result.stderr}", pytrace=False)
    return BuiltSite("hostile", load_valid_content(FIXTURES / "hostile")[0], root,
                     "https://facts.example.org/", PUBLISHER["name"])


def same_text(shown: str, written: str) -> bool:
    """Shown exactly as written; only line breaks and runs of spaces may differ, as HTML collapses them."""
    return shown == " ".join(written.split())


def resolve(from_url: str, href: str) -> str:
    """A link's target as a site path ('claims/x/'), from the page's own directory URL."""
    return urlsplit(urljoin("http://site.invalid/" + from_url, href)).path.lstrip("/")


def section_after(heading: Element) -> list[Element]:
    """The elements after a heading up to the next heading of the same or a higher level."""
    level = int(heading.tag[1])
    section = []
    for sibling in heading.following_siblings():
        if re.fullmatch(r"h[1-6]", sibling.tag) and int(sibling.tag[1]) <= level:
            break
        section.append(sibling)
    return section


def links_in(elements: list[Element]) -> list[Element]:
    return [a for element in elements for a in ([element] if element.tag == "a" else []) + element.find_all("a")]


def badge_in(element: Element) -> Element:
    badges = element.find_all(classes="fc-badge")
    assert len(badges) == 1, f"expected one badge, found {len(badges)}"
    return badges[0]


def expected_pages(content: Content) -> set[str]:
    pages = {f"claims/{i}/index.html" for i in content.claims}
    pages |= {f"reports/{i}/index.html" for i in content.reports}
    pages |= {f"claimants/{i}/index.html" for i in content.claimants}
    pages |= {f"ratings/{i}/index.html" for i in content.ratings}
    pages |= {"index.html", "claims/index.html", "reports/index.html", "claimants/index.html", "sources/index.html",
              "methodology/index.html", "tags/index.html", "feed.xml", "claimreview.json",
              "assets/stylesheets/ratings.css"}
    return pages


# --- every page, and what it shows -------------------------------------------------------


def test_every_page_of_the_content_exists(built: BuiltSite) -> None:
    missing = sorted(p for p in expected_pages(built.content) if not (built.root / p).is_file())
    assert not missing, f"{built.name}: pages not built: {missing}"


def test_no_claim_page_is_built_for_content_that_does_not_exist(built: BuiltSite) -> None:
    claim_pages = {p.parent.name for p in (built.root / "claims").glob("*/index.html")}
    assert claim_pages == set(built.content.claims)


def test_claim_page_shows_the_claim_its_badge_and_its_evidence(built: BuiltSite) -> None:
    content = built.content
    for claim in content.claims.values():
        article = main_content(built.page(f"claims/{claim.id}/"))
        assert same_text(article.one("h1").text(), claim.claim)
        rating = content.ratings[claim.verdict.rating]
        badge = badge_in(article.one("p", classes="fc-verdict"))
        assert f"fc-rating-{rating.id}" in badge.classes
        assert same_text(badge.text(), rating.label)
        assert same_text(article.one(classes="fc-summary").text(), "In short: " + claim.verdict.summary)
        claimant_links = [a for a in article.one(classes="fc-meta").find_all("a")
                          if resolve(f"claims/{claim.id}/", a.attrs["href"]) == f"claimants/{claim.claimant}/"]
        assert [a.text() for a in claimant_links] == [" ".join(content.claimants[claim.claimant].name.split())]

        evidence = article.one("h2", id="evidence")
        items = [li for ol in section_after(evidence) if ol.tag == "ol" for li in ol.find_all("li")]
        assert len(items) == len(claim.verdict.evidence), claim.id
        for item, cited in zip(items, claim.verdict.evidence, strict=True):
            source = content.sources[cited.source]
            title_link = item.one("strong").one("a")
            assert same_text(title_link.text(), source.title)
            assert unquote(title_link.attrs["href"]) == unquote(source.url)
            if cited.quote:
                assert same_text(item.one("blockquote").text(), cited.quote)


def test_report_lists_its_claims_in_document_order_with_badges_and_a_chart(built: BuiltSite) -> None:
    content = built.content
    for report in content.reports.values():
        url = f"reports/{report.id}/"
        article = main_content(built.page(url))
        assert same_text(article.one("h1").text(), report.title)
        headings = article.find_all("h3")
        assert [h.attrs.get("id") for h in headings] == list(report.claims)
        for number, (heading, claim_id) in enumerate(zip(headings, report.claims, strict=True), start=1):
            claim = content.claims[claim_id]
            assert same_text(heading.text(), f"{number}. {claim.claim}")
            section = section_after(heading)
            badges = [b for element in section for b in element.find_all(classes="fc-badge")]
            assert len(badges) == 1 and f"fc-rating-{claim.verdict.rating}" in badges[0].classes
            assert f"claims/{claim_id}/" in {resolve(url, a.attrs["href"]) for a in links_in(section)}
        chart = article.one("figure", classes="fc-chart")
        svg = chart.one("svg")
        assert chart.find("figcaption") is not None
        expected = _tally(content, report.claims)
        assert _chart_tally(svg) == expected


def _tally(content: Content, claim_ids) -> dict[str, int]:
    counts: dict[str, int] = {}
    for claim_id in claim_ids:
        label = content.ratings[content.claims[claim_id].verdict.rating].label
        counts[" ".join(label.split())] = counts.get(" ".join(label.split()), 0) + 1
    return counts


def _chart_tally(svg: Element) -> dict[str, int]:
    """Rating label -> count, read from the bars of an inline SVG chart."""
    labels = [t.text() for t in svg.find_all("text", classes="fc-chart__label")]
    counts = [int(t.text()) for t in svg.find_all("text", classes="fc-chart__count")]
    assert len(labels) == len(counts) == len(svg.find_all("rect", classes="fc-chart__bar"))
    return dict(zip(labels, counts, strict=True))


def test_claimant_page_tallies_the_claimants_verdicts(built: BuiltSite) -> None:
    content = built.content
    for claimant in content.claimants.values():
        url = f"claimants/{claimant.id}/"
        article = main_content(built.page(url))
        assert same_text(article.one("h1").text(), claimant.name)
        own = [c.id for c in content.claims.values() if c.claimant == claimant.id]
        assert f"{len(own)} claim{'s' if len(own) != 1 else ''} checked" in article.one(classes="fc-meta").text()
        if not own:
            assert article.find("figure", classes="fc-chart") is None
            continue
        assert _chart_tally(article.one("figure", classes="fc-chart").one("svg")) == _tally(content, own)
        rows = article.one("table").one("tbody").find_all("tr")
        linked = {resolve(url, a.attrs["href"]) for row in rows for a in row.find_all("a")}
        assert {f"claims/{i}/" for i in own} <= linked
        assert len(rows) == len(own)


def test_claims_index_has_one_row_per_claim(built: BuiltSite) -> None:
    rows = main_content(built.page("claims/")).one("table").one("tbody").find_all("tr")
    linked = [resolve("claims/", a.attrs["href"]) for row in rows for a in row.find_all("a")
              if resolve("claims/", a.attrs["href"]).startswith("claims/")]
    assert sorted(linked) == sorted(f"claims/{i}/" for i in built.content.claims)


def test_sources_index_has_an_anchor_per_source_and_backlinks_to_citing_claims(built: BuiltSite) -> None:
    content = built.content
    article = main_content(built.page("sources/"))
    for source in content.sources.values():
        heading = article.one(id=source.id)
        assert same_text(heading.text(), source.title)
        citing = {f"claims/{c.id}/" for c in content.claims.values() if source.id in {e.source for e in c.verdict.evidence}}
        linked = {resolve("sources/", a.attrs["href"]) for a in links_in(section_after(heading))}
        assert {link for link in linked if link.startswith("claims/")} == citing, source.id


def test_methodology_lists_every_rating_with_its_badge(built: BuiltSite) -> None:
    article = main_content(built.page("methodology/"))
    for rating in built.content.ratings.values():
        heading = article.one("h2", id=rating.id)
        assert same_text(heading.text(), rating.label)
        badges = [b for element in section_after(heading) for b in element.find_all(classes="fc-badge")]
        assert [b.text() for b in badges] == [" ".join(rating.label.split())]
        assert f"fc-rating-{rating.id}" in badges[0].classes


def test_rating_pages_list_exactly_the_claims_with_that_rating(built: BuiltSite) -> None:
    for rating in built.content.ratings.values():
        url = f"ratings/{rating.id}/"
        article = main_content(built.page(url))
        expected = {f"claims/{c.id}/" for c in built.content.claims.values() if c.verdict.rating == rating.id}
        table = article.find("table")
        linked = {resolve(url, a.attrs["href"]) for a in table.find_all("a")} if table is not None else set()
        assert {link for link in linked if link.startswith("claims/")} == expected


def test_tags_page_lists_every_tag_with_its_claims(built: BuiltSite) -> None:
    article = main_content(built.page("tags/"))
    shown: dict[str, set[str]] = {}
    for heading in article.find_all("h2"):
        if heading.attrs.get("id") == "feeds-by-tag":
            continue  # the list of each tag's feed, after the tags
        (tag,) = heading.find_all(classes="md-tag")
        listing = next((e for e in heading.following_siblings() if e.tag in ("ul", "h2")), None)
        claims = links_in([listing]) if listing is not None and listing.tag == "ul" else []
        shown[tag.text()] = {resolve("tags/", a.attrs["href"]) for a in claims}
    expected: dict[str, set[str]] = {}
    for claim in built.content.claims.values():
        for tag in claim.tags:
            expected.setdefault(" ".join(tag.split()), set()).add(f"claims/{claim.id}/")
    assert shown == expected


# --- ClaimReview JSON-LD, feeds and search ---------------------------------------------------


def json_ld_scripts(page: Element) -> tuple[list[Element], list[Element]]:
    """The ld+json scripts inside <head>, and those anywhere else."""
    head = page.one("head")
    in_head = head.find_all("script", type="application/ld+json")
    everywhere = page.find_all("script", type="application/ld+json")
    return in_head, [s for s in everywhere if s not in in_head]


def test_claim_pages_carry_claimreview_json_ld_in_the_head(built: BuiltSite) -> None:
    content = built.content
    best, worst = content.best_value, content.worst_value
    for claim in content.claims.values():
        in_head, elsewhere = json_ld_scripts(built.page(f"claims/{claim.id}/"))
        assert len(in_head) == 1 and not elsewhere, claim.id
        data = json.loads(in_head[0].raw_text())
        rating = content.ratings[claim.verdict.rating]
        assert data["@type"] == "ClaimReview"
        assert data["claimReviewed"] == claim.claim
        assert data["url"] == built.claim_url(claim.id)
        assert data["datePublished"] == claim.verdict.published.isoformat()
        assert data["author"]["@type"] == "Organization" and data["author"]["name"] == built.publisher
        review = data["reviewRating"]
        assert review["alternateName"] == rating.label
        if rating.value is None:
            assert not {"ratingValue", "bestRating", "worstRating"} & review.keys()
        else:
            assert (review["ratingValue"], review["bestRating"], review["worstRating"]) == (rating.value, best, worst)
        item = data["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["name"] == content.claimants[claim.claimant].name
        assert item["datePublished"] == claim.date.isoformat()
        if claim.appearance:
            assert item["appearance"]["url"] == content.sources[claim.appearance].url
        else:
            assert "appearance" not in item


def test_only_claim_pages_carry_claimreview(built: BuiltSite) -> None:
    for page in ("", "claims/", "sources/", "methodology/"):
        in_head, elsewhere = json_ld_scripts(built.page(page))
        assert not in_head and not elsewhere, page


def test_atom_feed_parses_and_has_an_entry_per_claim(built: BuiltSite) -> None:
    feed = feedparser.parse((built.root / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    links = {entry.link for entry in feed.entries}
    assert links == {built.claim_url(i) for i in built.content.claims}
    for entry in feed.entries:
        claim = built.content.claims[urlsplit(entry.link).path.rstrip("/").rsplit("/", 1)[-1]]
        assert claim.claim in entry.title
        assert entry.summary == claim.verdict.summary


def test_claimreview_json_is_a_data_feed_of_every_claim(built: BuiltSite) -> None:
    feed = json.loads((built.root / "claimreview.json").read_text(encoding="utf-8"))
    assert feed["@type"] == "DataFeed"
    elements = feed["dataFeedElement"]
    assert all(e["@type"] == "ClaimReview" for e in elements)
    assert sorted(e["url"] for e in elements) == sorted(built.claim_url(i) for i in built.content.claims)
    assert sorted(e["claimReviewed"] for e in elements) == sorted(c.claim for c in built.content.claims.values())


def _search_entries(site: BuiltSite) -> dict[str, dict]:
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: doc for doc in index["docs"]}


def _visible(fragment: str) -> str:
    return parse(fragment).text()


def test_search_index_finds_claim_claimant_verdict_and_summary(built: BuiltSite) -> None:
    entries = _search_entries(built)
    content = built.content
    for claim in content.claims.values():
        entry = entries[f"claims/{claim.id}/"]
        searchable = _visible(entry["title"]) + " " + _visible(entry["text"])
        for expected in (claim.claim, content.claimants[claim.claimant].name,
                         content.ratings[claim.verdict.rating].label, claim.verdict.summary):
            assert " ".join(expected.split()) in searchable, (claim.id, expected)


# --- hostile plain text ----------------------------------------------------------------------

MARKUP_IN_FIXTURE = ["<script>alert(1)</script>", "*bold*", "_x_", "[x](javascript:alert(1))", "|", "`", "&amp;",
                     "{: .x }", "<!--", "# ", "1. ", "> ", "قال الجيش السوري إن الضربات دليل قاطع"]


def _plain_texts(content: Content) -> list[str]:
    texts = [c.claim for c in content.claims.values()] + [c.verdict.summary for c in content.claims.values()]
    texts += [c.name for c in content.claimants.values()] + [s.title for s in content.sources.values()]
    texts += [r.label for r in content.ratings.values()] + [e.quote or "" for c in content.claims.values()
                                                             for e in c.verdict.evidence]
    return texts


def test_hostile_fixture_holds_every_kind_of_markup(hostile: BuiltSite) -> None:
    """The escaping tests below are only as good as the fixture: each pattern must be in it."""
    texts = _plain_texts(hostile.content)
    missing = [m for m in MARKUP_IN_FIXTURE if not any(m in t for t in texts)]
    assert not missing
    assert any(t.startswith(("# ", "1. ", "> ")) for t in texts)


def _html_files(site: BuiltSite) -> list[Path]:
    return sorted(site.root.rglob("*.html"))


def test_no_injected_script_handler_or_javascript_link_anywhere(hostile: BuiltSite) -> None:
    for path in _html_files(hostile):
        page = parse_file(path)
        where = path.relative_to(hostile.root)
        for element in page.iter():
            if element.tag == "script":
                assert "alert" not in element.raw_text() or element.attrs.get("type") == "application/ld+json", where
            for name, value in element.attrs.items():
                assert not value.strip().lower().startswith("javascript:"), (where, element.tag, name, value)
                assert not (name.startswith("on") and "alert" in value), (where, element.tag, name)
        article = page.find("article")
        if article is not None:
            snippet = {id(e) for pre in article.find_all("pre", classes="fc-embed-code") for e in pre.iter()}
            made = [e.tag for e in article.iter() if id(e) not in snippet and (e.tag in {"img", "iframe", "code", "pre"}
                    or (e.tag in EMPHASIS and e.text() in EMPHASISED_IN_FIXTURE))]
            assert not made, f"{where}: plain text became markup: {made}"


EMPHASIS = {"em", "strong", "i", "b"}
# Words the fixture wraps in *, _, ** or HTML tags in its plain-text fields (not in its Markdown fields).
EMPHASISED_IN_FIXTURE = {"bold", "x", "the", "first", "true", "or", "not", "tag", "Org", "typo", "Agency", "Co", "Desk",
                         "nor", "all", "paragraphs"}


def test_claim_pages_show_hostile_plain_text_exactly(hostile: BuiltSite) -> None:
    content = hostile.content
    for claim in content.claims.values():
        page = hostile.page(f"claims/{claim.id}/")
        article = main_content(page)
        assert same_text(article.one("h1").text(), claim.claim), claim.id
        assert same_text(page.one("title").text(), f"Fact-check: {claim.claim} - Test Fact Desk")
        description = page.one("head").one("meta", name="description").attrs["content"]
        assert same_text(description, claim.verdict.summary)
        if claim.context:
            assert same_text(article.one(classes="fc-context").text(), claim.context)
        assert same_text(badge_in(article.one(classes="fc-verdict")).text(), content.ratings[claim.verdict.rating].label)
        assert same_text(article.one(classes="fc-summary").text(), "In short: " + claim.verdict.summary)
        meta_links = [a.text() for a in article.one(classes="fc-meta").find_all("a")]
        assert " ".join(content.claimants[claim.claimant].name.split()) in meta_links
        if claim.appearance:
            assert " ".join(content.sources[claim.appearance].title.split()) in meta_links
        items = [li for ol in section_after(article.one("h2", id="evidence")) for li in ol.find_all("li")]
        for item, cited in zip(items, claim.verdict.evidence, strict=True):
            assert same_text(item.one("strong").text(), content.sources[cited.source].title)
            paragraphs = [p.text() for p in item.find_all("p")]
            if cited.quote:
                assert same_text(item.one("blockquote").text(), cited.quote)
            if cited.note:
                assert " ".join(cited.note.split()) in paragraphs
        history = [li.text() for ul in section_after(article.one("h2", id="corrections-and-updates"))
                   for li in ul.find_all("li")]
        for entry in claim.history:
            day = f"{entry.date.day} {entry.date.strftime('%B %Y')}"
            assert f"{day} · {entry.kind.capitalize()}: {' '.join(entry.note.split())}" in history
        if claim.verdict.author:
            about = [li.text() for ul in section_after(article.one("h2", id="about-this-fact-check"))
                     for li in ul.find_all("li")]
            assert f"Written by: {claim.verdict.author}" in about  # written as text: no person to link
        tags = [a.text() for a in page.find_all("a", classes="md-tag")]
        assert sorted(tags) == sorted(" ".join(t.split()) for t in claim.tags)


def _table_rows(article: Element) -> tuple[list[str], list[dict[str, Element]]]:
    """A table's column headings, and each body row as heading -> cell (rows must be complete)."""
    table = article.one("table")
    headings = [th.text() for th in table.one("thead").find_all("th")]
    rows = []
    for row in table.one("tbody").find_all("tr"):
        cells = row.find_all("td")
        assert len(cells) == len(headings), f"a row has {len(cells)} cells, not {len(headings)}: {[c.text() for c in cells]}"
        rows.append(dict(zip(headings, cells, strict=True)))
    return headings, rows


CLAIMS_TABLE = {"Verdict", "Claim", "Claimant", "Date", "Publishers"}


def _claim_in(row: dict[str, Element], from_url: str, content: Content):
    return content.claims[resolve(from_url, row["Claim"].one("a").attrs["href"]).split("/")[1]]


def test_claims_index_table_keeps_its_cells_and_shows_hostile_text_exactly(hostile: BuiltSite) -> None:
    content = hostile.content
    headings, rows = _table_rows(main_content(hostile.page("claims/")))
    assert set(headings) == CLAIMS_TABLE and len(rows) == len(content.claims)
    for row in rows:
        claim = _claim_in(row, "claims/", content)
        assert same_text(row["Date"].text(), claim.date.isoformat())
        assert same_text(row["Claimant"].text(), content.claimants[claim.claimant].name)
        assert same_text(row["Claim"].text(), claim.claim)
        assert same_text(row["Verdict"].text(), content.ratings[claim.verdict.rating].label)
        assert row["Publishers"].text() == str(len(independent_publishers(claim, content.sources)))


def test_claimant_tables_keep_their_cells_and_show_hostile_text_exactly(hostile: BuiltSite) -> None:
    content = hostile.content
    headings, rows = _table_rows(main_content(hostile.page("claimants/")))
    assert "Claimant" in headings and len(rows) == len(content.claimants)
    for row in rows:
        claimant_id = resolve("claimants/", row["Claimant"].one("a").attrs["href"]).split("/")[1]
        assert same_text(row["Claimant"].text(), content.claimants[claimant_id].name)
    for claimant in content.claimants.values():
        url = f"claimants/{claimant.id}/"
        article = main_content(hostile.page(url))
        assert same_text(article.one("h1").text(), claimant.name)
        headings, rows = _table_rows(article)
        assert CLAIMS_TABLE <= set(headings)
        for row in rows:
            if "Claimant" in row:
                assert same_text(row["Claimant"].text(), claimant.name)
            assert same_text(row["Claim"].text(), _claim_in(row, url, content).claim)


def test_sources_and_report_show_hostile_text_exactly(hostile: BuiltSite) -> None:
    content = hostile.content
    sources = main_content(hostile.page("sources/"))
    for source in content.sources.values():
        heading = sources.one(id=source.id)
        assert same_text(heading.text(), source.title)
        link_texts = [a.text() for a in links_in(section_after(heading))]
        assert " ".join(source.publisher.split()) in link_texts
        for claim in content.claims.values():
            if source.id in {e.source for e in claim.verdict.evidence}:
                assert " ".join(claim.claim.split()) in link_texts
    for report in content.reports.values():
        article = main_content(hostile.page(f"reports/{report.id}/"))
        assert same_text(article.one("h1").text(), report.title)
        for number, heading in enumerate(article.find_all("h3"), start=1):
            assert same_text(heading.text(), f"{number}. {content.claims[heading.attrs['id']].claim}")


def test_claimreview_json_ld_keeps_hostile_text_and_cannot_end_its_script(hostile: BuiltSite) -> None:
    for claim in hostile.content.claims.values():
        path = hostile.root / "claims" / claim.id / "index.html"
        in_head, _ = json_ld_scripts(parse_file(path))
        assert json.loads(in_head[0].raw_text())["claimReviewed"] == claim.claim
        script = path.read_text(encoding="utf-8").split('<script type="application/ld+json">', 1)[1]
        assert "<" not in script.split("</script>", 1)[0]


ARABIC_CLAIM = "قال الجيش السوري إن الضربات دليل قاطع"


def _elements_showing(page: Element, text: str) -> list[Element]:
    """The innermost elements whose own text nodes hold `text`."""
    return [e for e in page.iter() if any(isinstance(c, str) and text in c for c in e.children)
            and e.tag not in {"title", "script"}]


def isolated(element) -> bool:
    """<bdi> (names and titles) or dir="auto" (other text): either keeps right-to-left text from reordering its surroundings."""
    return element.tag == "bdi" or element.attrs.get("dir") == "auto"


def test_right_to_left_text_is_isolated_with_dir_auto(hostile: BuiltSite) -> None:
    pages = [hostile.page("claims/arabic-claim/"), hostile.page("claims/"), hostile.page("reports/hostile-review/"),
             hostile.page("sources/")]
    for page in pages:
        holders = _elements_showing(main_content(page), ARABIC_CLAIM)
        assert holders, "the Arabic claim is not on the page"
        for element in holders:
            assert isolated(element), f"<{element.tag} {element.attrs}> holds Arabic without isolation"
    name = hostile.content.claimants["arabic-army"].name
    holders = _elements_showing(main_content(hostile.page("claimants/")), name)
    assert holders and all(isolated(element) for element in holders)


def test_every_name_and_title_is_isolated(hostile: BuiltSite) -> None:
    """Left-to-right names too: on a right-to-left page (or beside Arabic) they must not reorder their surroundings."""
    page = main_content(hostile.page("claims/"))
    for claimant in hostile.content.claimants.values():
        if "\n" in claimant.name:
            continue  # shown on one line in tables
        holders = _elements_showing(page, claimant.name)
        assert holders and all(isolated(element) for element in holders), claimant.name


# --- strict builds, failed builds, overrides and hand-written pages --------------------------


def test_strict_build_of_hostile_content_succeeds_without_warnings(
        hostile_build: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, _ = hostile_build
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "Traceback" not in result.stderr


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


BREAKAGES = {
    "yaml-syntax": ("claims/toll-62-killed.yaml", "date: 2016-09-17", "date: [2016-09-17"),
    "unknown-rating": ("claims/strike-was-halted.yaml", "rating: true", "rating: ture"),
    "missing-field": ("sources/briefing-2016-09-17.yaml", "publisher: Example News Agency\n", ""),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_invalid_content_fails_the_build_and_leaves_the_previous_site_untouched(breakage: str, tmp_path: Path) -> None:
    config = write_project(FIXTURES / "minimal", tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(config, site).returncode == 0
    before = _snapshot(site)

    file, old, new = BREAKAGES[breakage]
    path = tmp_path / "project" / "content" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = mkdocs_build(config, site)

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert re.search(rf"content/{re.escape(file)}:\d+:\d+: error: ", output), output
    validate = subprocess.run([sys.executable, "-m", "generator", "validate", "content"], cwd=tmp_path / "project",
                              capture_output=True, text=True, timeout=60, env=mkdocs_env())
    errors = [line for line in validate.stdout.splitlines() if ": error: " in line]
    assert errors and all(line in output for line in errors), (errors, output)
    assert _snapshot(site) == before


def test_a_site_template_override_replaces_the_default(tmp_path: Path) -> None:
    overrides = tmp_path / "my-templates"
    overrides.mkdir()
    (overrides / "claim.md.j2").write_text(
        "# {{ claim.claim|text }}\n\nOverridden claim page for {{ claim.id }}.\n", encoding="utf-8")
    site = build_or_fail(FIXTURES / "minimal", tmp_path / "site", extra_config={"factcheck": {"overrides_dir": str(overrides)}})
    content = load_valid_content(FIXTURES / "minimal")[0]
    for claim_id in content.claims:
        article = main_content(parse_file(site / "claims" / claim_id / "index.html"))
        assert f"Overridden claim page for {claim_id}." in article.text()
        assert article.find(classes="fc-badge") is None
    reports = main_content(parse_file(site / "reports" / next(iter(content.reports)) / "index.html"))
    assert reports.find_all(classes="fc-badge"), "templates that are not overridden still come from the defaults"


def test_a_hand_written_page_wins_over_the_generated_one(tmp_path: Path) -> None:
    result = build_site(FIXTURES / "minimal", tmp_path / "site", strict=False,
                        docs={"index.md": "# Our own home page\n\nWritten by hand.\n"})
    assert result.returncode == 0, result.stderr
    assert re.search(r"WARNING .*index\.md is hand-written", result.stderr), result.stderr
    home = main_content(parse_file(tmp_path / "site" / "index.html"))
    assert home.one("h1").text() == "Our own home page"
    assert "Written by hand." in home.text()
    assert (tmp_path / "site" / "claims" / "index.html").is_file()


REPO_SETTINGS = {"repo_url": "https://github.com/example/facts", "edit_uri": "edit/main/docs/",
                 "theme": {"features": ["content.action.edit"]}}


def _edit_links(page: Path) -> list[str]:
    return [a.attrs["href"] for a in parse_file(page).find_all("a", rel="edit")]


def test_edit_links_of_generated_pages_point_at_their_yaml(tmp_path: Path) -> None:
    site = build_or_fail(FIXTURES / "minimal", tmp_path / "site", extra_config=REPO_SETTINGS)
    for claim_id in load_valid_content(FIXTURES / "minimal")[0].claims:
        links = _edit_links(site / "claims" / claim_id / "index.html")
        assert links == [f"https://github.com/example/facts/edit/main/content/claims/{claim_id}.yaml"]
    assert _edit_links(site / "methodology" / "index.html") == [
        "https://github.com/example/facts/edit/main/content/ratings.yaml"]


def test_content_outside_the_project_folder_builds_without_edit_links(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "content"
    shutil.copytree(FIXTURES / "minimal", outside)
    site = build_or_fail(FIXTURES / "minimal", tmp_path / "site",
                         extra_config={**REPO_SETTINGS, "factcheck": {"content_dir": str(outside)}})
    assert (site / "claims" / "toll-62-killed" / "index.html").is_file()
    assert _edit_links(site / "claims" / "toll-62-killed" / "index.html") == []


# --- drafts: left out of the published site, shown in a preview -----------------------------------

# What tests/fixtures/drafts holds only in its draft, its claim in review and its draft report, and in
# the claimant and source that only they name: ids, then texts as written.
DRAFT_TRACES = ["drone-over-hospital", "fuel-convoy-turned-back", "convoy-statements-review", "convoy-spokesman",
                "customs-ledger-2016-09", "drone-sightings",
                "A drone circled over the eastern hospital", "The fuel convoy was turned back",
                "Customs ledgers show the convoy crossing", "Review of the convoy statements",
                "Convoy operator spokesman", "Border crossing ledger", "example.org/customs"]
DRAFT_URLS = ["claims/drone-over-hospital/", "claims/fuel-convoy-turned-back/", "reports/convoy-statements-review/"]


@pytest.fixture(scope="module")
def drafts_published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/drafts built for publishing (`mkdocs build --strict`)."""
    return build_or_fail(FIXTURES / "drafts", tmp_path_factory.mktemp("drafts") / "site")


@pytest.fixture(scope="module")
def drafts_preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/drafts built as a preview (the drafts option)."""
    return build_or_fail(FIXTURES / "drafts", tmp_path_factory.mktemp("preview") / "site",
                         extra_config={"factcheck": {"drafts": True}})


def every_file_as_text(site: Path) -> dict[str, str]:
    """Each file of a built site as text (sitemap.xml.gz unpacked), search index and feeds included."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        texts[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return texts


def test_a_published_site_holds_no_trace_of_drafts(drafts_published: Path) -> None:
    texts = every_file_as_text(drafts_published)
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "feed.xml", "claimreview.json"} <= texts.keys()
    assert "claims/toll-62-killed/index.html" in texts  # the published claims are there
    for name, text in texts.items():
        for trace in DRAFT_TRACES:
            assert trace.lower() not in text.lower(), (name, trace)
        assert ("noindex" not in text or name.endswith("/embed/index.html")) and 'class="fc-status' not in text, name
    # Nor a share card or an embeddable card of a draft.
    assert not [name for name in texts if name.startswith(("claims/drone-over-hospital/", "claims/fuel-convoy-turned-back/",
                                                           "reports/convoy-statements-review/"))]


def test_a_preview_shows_drafts_marked_not_indexed_and_without_claimreview(drafts_preview: Path) -> None:
    marks = {"claims/drone-over-hospital/": "Draft", "claims/fuel-convoy-turned-back/": "In review",
             "reports/convoy-statements-review/": "Draft"}
    for url, mark in marks.items():
        page = parse_file(drafts_preview / url / "index.html")
        assert page.one("meta", name="robots").attrs["content"] == "noindex", url
        note = page.one("p", classes="fc-status-note")
        assert note.one("span", classes="fc-status").text() == mark, url
        assert note.text() == f"{mark} This {'report' if 'reports/' in url else 'fact-check'} is not published: " \
                              "it is left out of the published site."
        assert json_ld_scripts(page) == ([], []), url
    published = parse_file(drafts_preview / "claims" / "toll-62-killed" / "index.html")
    assert not published.find("meta", name="robots") and len(json_ld_scripts(published)[0]) == 1
    rows = {row.find("a").text(): row for row in parse_file(drafts_preview / "claims" / "index.html").find_all("tr")
            if row.find("a")}
    assert rows["A drone circled over the eastern hospital for an hour."].one("span", classes="fc-status").text() == "Draft"
    assert rows["A drone circled over the eastern hospital for an hour."].one(
        "span", classes="fc-badge").text() == "No verdict yet"
    assert rows["The fuel convoy was turned back at the northern crossing."].one(
        "span", classes="fc-status").text() == "In review"
    assert not rows["The strike was halted as soon as the error was reported."].find("span", classes="fc-status")
    reports = parse_file(drafts_preview / "reports" / "index.html")
    [draft_report] = [item for item in reports.find_all("li") if "Review of the convoy statements" in item.text()]
    assert draft_report.one("span", classes="fc-status").text() == "Draft"
    # Feeds and structured data never claim a verdict not yet published.
    for name in ("feed.xml", "claimreview.json"):
        text = (drafts_preview / name).read_text(encoding="utf-8")
        assert not [trace for trace in DRAFT_TRACES if trace.lower() in text.lower()], name


def test_the_preview_holds_every_trace_the_published_site_must_not(drafts_preview: Path) -> None:
    """So that looking for them in the published site means something: as written, they are found."""
    text = "\n".join(every_file_as_text(drafts_preview).values()).lower()
    assert [trace for trace in DRAFT_TRACES if trace.lower() not in text] == []


# --- a claim about an image (tests/fixtures/media) ---------------------------------------------

MEDIA_CLAIM = "smoke-photo-from-2013"


@pytest.fixture(scope="module")
def media_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = build_or_fail(FIXTURES / "media", tmp_path_factory.mktemp("media") / "site")
    return BuiltSite("media", load_valid_content(FIXTURES / "media")[0], root, "https://facts.example.org/",
                     PUBLISHER["name"])


def test_a_media_claims_page_shows_its_screenshot_with_its_alt_text_and_the_media_facts(media_site: BuiltSite) -> None:
    media = media_site.content.claims[MEDIA_CLAIM].media
    page = media_site.page(f"claims/{MEDIA_CLAIM}/")
    section = section_after(main_content(page).one("h2", id="the-image-we-checked"))
    (figure,) = [element for element in section if element.tag == "figure" and "fc-media" in element.attrs["class"]]
    image = figure.one("img")
    assert image.attrs["alt"] == media.screenshot.alt
    copied = media_site.root / "media" / media.screenshot.file
    assert resolve(f"claims/{MEDIA_CLAIM}/", image.attrs["src"]) == f"media/{media.screenshot.file}"
    assert copied.read_bytes() == (FIXTURES / "media" / "media" / media.screenshot.file).read_bytes()
    text = " ".join(element.text() for element in section)
    assert "Media verdict: Out of context: real, but shown with a false story" in text
    assert f"Original context: {media.context}" in text
    links = {a.text(): a.attrs["href"] for a in links_in(section)}
    assert (links["the original image"], links["archived copy"]) == (media.url, media.archive_url)


def test_a_media_claims_page_carries_mediareview_beside_claimreview(media_site: BuiltSite) -> None:
    claim = media_site.content.claims[MEDIA_CLAIM]
    html = (media_site.root / "claims" / MEDIA_CLAIM / "index.html").read_text(encoding="utf-8")
    found = extruct.extract(html, base_url=media_site.claim_url(MEDIA_CLAIM), syntaxes=["json-ld"])["json-ld"]
    assert [item["@type"] for item in found] == ["ClaimReview", "MediaReview"]
    review = found[1]
    assert review["url"] == media_site.claim_url(MEDIA_CLAIM)
    assert review["mediaAuthenticityCategory"] == "DecontextualizedContent"
    assert review["originalMediaContextDescription"] == claim.media.context
    assert review["author"]["name"] == media_site.publisher
    assert review["itemReviewed"] == {
        "@type": "ImageObject", "contentUrl": claim.media.url, "archivedAt": claim.media.archive_url,
        "thumbnailUrl": f"{media_site.site_url}media/{claim.media.screenshot.file}",
        "description": claim.media.screenshot.alt}
    for other in media_site.content.claims:  # claims about no image or video have no MediaReview
        if other != MEDIA_CLAIM:
            html = (media_site.root / "claims" / other / "index.html").read_text(encoding="utf-8")
            types = [item["@type"] for item in extruct.extract(html, syntaxes=["json-ld"])["json-ld"]]
            assert types == ["ClaimReview"], other


HOSTILE_TEXT = "<img src=x onerror=alert(1)> ](javascript:alert(1)) \"quoted\" & *stars* {: .fc-badge } قال"


def test_a_screenshots_alt_text_and_context_are_shown_exactly_as_written(tmp_path: Path) -> None:
    tree = tmp_path / "content"
    shutil.copytree(FIXTURES / "media", tree)
    claim_file = tree / "claims" / f"{MEDIA_CLAIM}.yaml"
    text = claim_file.read_text(encoding="utf-8")
    for field in ("alt", "context"):
        text = re.sub(rf"^(\s+{field}: ).*$", lambda m: m[1] + json.dumps(HOSTILE_TEXT), text, count=1, flags=re.M)
    claim_file.write_text(text, encoding="utf-8")
    root = build_or_fail(tree, tmp_path / "site")
    page = parse_file(root / "claims" / MEDIA_CLAIM / "index.html")
    section = section_after(main_content(page).one("h2", id="the-image-we-checked"))
    (figure,) = [element for element in section if element.tag == "figure"]
    (image,) = figure.find_all("img")  # the text made no element of its own
    assert image.attrs["alt"] == HOSTILE_TEXT
    assert not [a for a in links_in(section) if a.attrs["href"].startswith("javascript")]
    assert f"Original context: {HOSTILE_TEXT}" in " ".join(element.text() for element in section)
    html = (root / "claims" / MEDIA_CLAIM / "index.html").read_text(encoding="utf-8")
    (review,) = [item for item in extruct.extract(html, syntaxes=["json-ld"])["json-ld"] if item["@type"] == "MediaReview"]
    assert review["originalMediaContextDescription"] == HOSTILE_TEXT == review["itemReviewed"]["description"]
