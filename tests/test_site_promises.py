"""What the README promises, checked on a built site whose content has more than one of everything.

tests/fixtures/varied (see its README.md) is built once per session with `mkdocs build --strict`
and read back as a reader gets it: orderings of reports and claims, ClaimReview scores of a
0-valued rating, sitemap dates, tags with their claims, edit links on every page made from a
YAML file, right-to-left text in Arabic, Hebrew and Persian, and the plugin's page options.
What each page must show is computed from the content model, never written out by hand.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.content import Content, load_content
from htmltree import Element, main_content, parse_file
from sitebuild import FIXTURES, build_or_fail

pytestmark = pytest.mark.slow

VARIED = FIXTURES / "varied"
SITE_URL = "https://facts.example.org/"
REPOSITORY = "https://github.com/example/facts"
REPO_SETTINGS = {"repo_url": REPOSITORY, "edit_uri": "edit/main/docs/", "theme": {"features": ["content.action.edit"]}}


@dataclass(frozen=True)
class Site:
    content: Content
    root: Path

    def page(self, url: str) -> Element:
        """The parsed page at a directory URL such as 'claims/x/' ('' for the home page)."""
        return _parsed(self.root / url / "index.html")

    def article(self, url: str) -> Element:
        return main_content(self.page(url))


@cache
def _parsed(path: Path) -> Element:
    return parse_file(path)


def varied_content() -> Content:
    content, problems = load_content(VARIED)
    if problems.errors:
        pytest.fail(f"tests/fixtures/varied has errors:\n{problems}", pytrace=False)
    return content


@pytest.fixture(scope="session")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """tests/fixtures/varied built once, in a project whose repository settings turn edit links on."""
    root = build_or_fail(VARIED, tmp_path_factory.mktemp("varied") / "site", extra_config=REPO_SETTINGS)
    return Site(varied_content(), root)


def resolve(from_url: str, href: str) -> str:
    """A link's target as a site path ('claims/x/'), from the page's own directory URL."""
    return urlsplit(urljoin("http://site.invalid/" + from_url, href)).path.lstrip("/")


def linked(url: str, elements: list[Element], prefix: str) -> list[str]:
    """Targets under `prefix` ('reports/') of the links inside elements, in document order, each once."""
    targets = (resolve(url, a.attrs["href"]) for e in elements for a in e.find_all("a") if "href" in a.attrs)
    return list(dict.fromkeys(t for t in targets if t.startswith(prefix) and t != prefix))


def section(article: Element, heading: str) -> list[Element]:
    """The elements after the h2 whose text is `heading`, up to the next h1 or h2."""
    (start,) = [h for h in article.find_all("h2") if h.text() == heading]
    elements = []
    for sibling in start.following_siblings():
        if sibling.tag in ("h1", "h2"):
            break
        elements.append(sibling)
    return elements


def newest_reports(content: Content) -> list[str]:
    """Newest first; reports of the same day in reverse order of id."""
    reports = sorted(content.reports.values(), key=lambda r: (r.published, r.id), reverse=True)
    return [f"reports/{r.id}/" for r in reports]


def newest_claims(content: Content) -> list[str]:
    """Newest verdict first; then newest claim, then id, in reverse."""
    claims = sorted(content.claims.values(), key=lambda c: (c.verdict.published, c.date, c.id), reverse=True)
    return [f"claims/{c.id}/" for c in claims]


# --- the fixture holds what it is for ------------------------------------------------------


def test_varied_fixture_has_no_problem_but_the_archive_its_barest_source_lacks() -> None:
    """No error, and no warning but one: in particular none for a verdict published on the claim's own
    day. The source with every optional field absent has no archived copy, which is a warning."""
    _, problems = load_content(VARIED)
    assert [(p.path.rsplit("/", 1)[-1], p.severity, p.message) for p in problems] == [
        ("council-minutes.yaml", "warning", "source 'council-minutes' has no archive_url (an archived copy)")]


def test_varied_fixture_holds_the_cases_it_is_for() -> None:
    content = varied_content()
    assert len({r.published for r in content.reports.values()}) < len(content.reports) > 2, "reports sharing a day"
    assert len({c.date for c in content.claims.values()}) < len(content.claims), "claims sharing a day"
    assert len({c.date for c in content.claims.values()}) > 2, "claims on several days"
    assert any(c.verdict.published == c.date for c in content.claims.values()), "a verdict on the claim's day"
    assert 0 in {r.value for r in content.ratings.values()}, "a rating whose value is 0"
    assert None in {r.value for r in content.ratings.values()}, "a rating without value"
    used = {c.verdict.rating for c in content.claims.values()}
    assert {r.id for r in content.ratings.values() if r.value in (0, None)} <= used
    for script, pattern in RIGHT_TO_LEFT.items():
        assert any(pattern(c.claim) for c in content.claims.values()), f"a claim in {script}"
        assert any(pattern(c.name) for c in content.claimants.values()), f"a claimant named in {script}"
        assert any(pattern(r.title) for r in content.reports.values()), f"a report titled in {script}"


# --- a verdict published on the claim's day ------------------------------------------------


def test_only_a_verdict_published_before_its_claim_is_warned_about(tmp_path: Path) -> None:
    content = varied_content()
    same_day = next(c for c in content.claims.values() if c.verdict.published == c.date)
    copy = tmp_path / "content"
    shutil.copytree(VARIED, copy)
    path = copy / "claims" / f"{same_day.id}.yaml"
    text = path.read_text(encoding="utf-8")
    day_before = same_day.date - timedelta(days=1)
    written = f"  published: {same_day.verdict.published.isoformat()}\n"
    assert text.count(written) == 1
    path.write_text(text.replace(written, f"  published: {day_before.isoformat()}\n"), encoding="utf-8")

    _, problems = load_content(copy)
    assert not problems.errors
    (warning,) = [p for p in problems.warnings if "archive_url" not in p.message]  # the fixture's one archive warning aside
    assert warning.path.endswith(f"claims/{same_day.id}.yaml")
    assert warning.line == text.splitlines().index(written.rstrip("\n")) + 1
    assert "before the claim was made" in warning.message


# --- ClaimReview of a rating whose value is 0, and of one without value ------------------------


def claim_review(site: Site, claim_id: str) -> dict:
    (script,) = site.page(f"claims/{claim_id}/").one("head").find_all("script", type="application/ld+json")
    return json.loads(script.raw_text())


def test_claimreview_keeps_a_score_of_zero_and_leaves_out_the_score_of_an_off_scale_rating(varied: Site) -> None:
    content = varied.content
    feed = {e["url"]: e for e in json.loads((varied.root / "claimreview.json").read_text(encoding="utf-8"))
            ["dataFeedElement"]}
    values = [r.value for r in content.ratings.values() if r.value is not None]
    for claim in content.claims.values():
        rating = content.ratings[claim.verdict.rating]
        expected = {"@type": "Rating", "alternateName": rating.label, "ratingExplanation": claim.verdict.summary}
        if rating.value is not None:
            expected |= {"ratingValue": rating.value, "bestRating": max(values), "worstRating": min(values)}
        assert claim_review(varied, claim.id)["reviewRating"] == expected, claim.id
        assert feed[f"{SITE_URL}claims/{claim.id}/"]["reviewRating"] == expected, claim.id


def test_methodology_places_every_rating_on_the_scale_zero_included(varied: Site) -> None:
    article = varied.article("methodology/")
    values = [r.value for r in varied.content.ratings.values() if r.value is not None]
    for rating in varied.content.ratings.values():
        (heading,) = [h for h in article.find_all("h2") if h.attrs.get("id") == rating.id]
        scale = next(s for s in heading.following_siblings() if s.tag == "p").one(classes="fc-scale").text()
        expected = "off the scale" if rating.value is None else \
            f"{rating.value} on a scale from {min(values)} to {max(values)}"
        assert scale == expected, rating.id


# --- orderings -----------------------------------------------------------------------------------


def test_reports_index_lists_every_report_newest_first(varied: Site) -> None:
    article = varied.article("reports/")
    assert linked("reports/", article.find_all("li"), "reports/") == newest_reports(varied.content)


def test_home_page_lists_the_latest_reports_newest_first(varied: Site) -> None:
    shown = linked("", section(varied.article(""), "Latest reports"), "reports/")
    assert shown == newest_reports(varied.content)[:10]


def test_home_page_and_claims_index_list_claims_newest_first(varied: Site) -> None:
    expected = newest_claims(varied.content)
    assert linked("", section(varied.article(""), "Latest fact-checks"), "claims/") == expected[:10]
    rows = varied.article("claims/").one("table").one("tbody").find_all("tr")
    assert [linked("claims/", [row], "claims/")[0] for row in rows] == expected


# --- the sitemap -----------------------------------------------------------------------------------


def sitemap_dates(root: Path) -> dict[str, str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ElementTree.parse(root / "sitemap.xml").getroot().findall("s:url", namespace)
    return {u.findtext("s:loc", namespaces=namespace): u.findtext("s:lastmod", namespaces=namespace) for u in urls}


def test_sitemap_dates_claims_and_reports_by_their_content_not_by_the_build_day(varied: Site) -> None:
    dates = sitemap_dates(varied.root)
    expected = {f"{SITE_URL}claims/{c.id}/": c.last_updated.isoformat() for c in varied.content.claims.values()}
    expected |= {f"{SITE_URL}reports/{r.id}/": r.published.isoformat() for r in varied.content.reports.values()}
    assert {url: dates.get(url) for url in expected} == expected
    assert date.today().isoformat() not in expected.values(), "the fixture's dates must differ from the build day"


# --- tags ----------------------------------------------------------------------------------------------


def test_tags_page_lists_every_tag_with_exactly_its_claims(varied: Site) -> None:
    article = varied.article("tags/")
    shown = {}
    for heading in article.find_all("h2"):
        if heading.attrs.get("id") == "feeds-by-tag":
            continue  # the list of each tag's feed, after the tags
        (tag,) = heading.find_all(classes="md-tag")
        lists = [e for e in heading.following_siblings() if e.tag in ("ul", "h2")]
        shown[tag.text()] = set(linked("tags/", lists[:1] if lists and lists[0].tag == "ul" else [], "claims/"))
    expected: dict[str, set[str]] = {}
    for claim in varied.content.claims.values():
        for tag in claim.tags:
            expected.setdefault(tag, set()).add(f"claims/{claim.id}/")
    assert shown == expected


# --- edit links --------------------------------------------------------------------------------------------


def edit_links(site: Site, url: str) -> list[str]:
    return [a.attrs["href"] for a in site.page(url).find_all("a", rel="edit")]


def test_every_page_made_from_a_yaml_file_links_to_it_for_editing(varied: Site) -> None:
    content = varied.content
    expected = {"methodology/": "ratings.yaml"}
    expected |= {f"claims/{i}/": f"claims/{i}.yaml" for i in content.claims}
    expected |= {f"reports/{i}/": f"reports/{i}.yaml" for i in content.reports}
    expected |= {f"claimants/{i}/": f"claimants/{i}.yaml" for i in content.claimants}
    expected |= {f"ratings/{i}/": "ratings.yaml" for i in content.ratings}
    for url, file in expected.items():
        assert (VARIED / file).is_file()
        assert edit_links(varied, url) == [f"{REPOSITORY}/edit/main/content/{file}"], url


def test_pages_made_from_no_single_file_have_no_edit_link(varied: Site) -> None:
    for url in ("", "claims/", "reports/", "claimants/", "sources/", "tags/"):
        assert edit_links(varied, url) == [], url


# --- right-to-left text ---------------------------------------------------------------------------------

RIGHT_TO_LEFT = {
    "Hebrew": lambda text: any("\u05d0" <= ch <= "\u05ea" for ch in text),
    "Persian": lambda text: any(ch in "پچژگی" for ch in text),  # letters Arabic does not use
    "Arabic": lambda text: any("\u0621" <= ch <= "\u064a" for ch in text),
}


def elements_showing(article: Element, text: str) -> list[Element]:
    """The innermost elements whose own text nodes hold `text` (the svg <title> is not shown as text)."""
    return [e for e in article.iter() if any(isinstance(c, str) and text in c for c in e.children)
            and e.tag not in {"title", "script"}]


def right_to_left_texts(content: Content) -> dict[str, list[str]]:
    """Each right-to-left text (claims, names, titles, summaries, quotes, notes) and the pages that show it."""
    shown: dict[str, list[str]] = {}
    for claim in content.claims.values():
        in_reports = [f"reports/{r.id}/" for r in content.reports.values() if claim.id in r.claims]
        shown[claim.claim] = [f"claims/{claim.id}/", "claims/", f"claimants/{claim.claimant}/",
                              f"ratings/{claim.verdict.rating}/", "", *in_reports]
        shown[claim.verdict.summary] = [f"claims/{claim.id}/", "", *in_reports]
        for text in (claim.context, *(e.quote for e in claim.verdict.evidence), *(e.note for e in claim.verdict.evidence)):
            if text:
                shown[text] = [f"claims/{claim.id}/"]
    for claimant in content.claimants.values():
        claims = [c for c in content.claims.values() if c.claimant == claimant.id]
        shown[claimant.name] = [f"claimants/{claimant.id}/", "claimants/", "claims/", *(f"claims/{c.id}/" for c in claims)]
    for report in content.reports.values():
        shown[report.title] = [f"reports/{report.id}/", "reports/", ""]
    for source in content.sources.values():
        shown[source.title] = ["sources/"]
    return {text: pages for text, pages in shown.items() if any(is_in(text) for is_in in RIGHT_TO_LEFT.values())}


def isolated(element: Element) -> bool:
    """<bdi>, or any element with dir="auto": its text cannot reorder the words around it."""
    return element.tag == "bdi" or element.attrs.get("dir") == "auto"


def test_right_to_left_text_is_isolated_wherever_it_is_shown(varied: Site) -> None:
    texts = right_to_left_texts(varied.content)
    claims = varied.content.claims.values()
    for script, is_in in RIGHT_TO_LEFT.items():
        assert any(is_in(c.claim) for c in claims), f"no claim in {script}"
        assert any(is_in(c.verdict.summary) for c in claims), f"no plain-text summary in {script}"
    for text, pages in texts.items():
        for url in pages:
            holders = elements_showing(varied.article(url), text)
            assert holders, f"{text!r} is not shown on {url or 'the home page'}"
            for element in holders:
                if element.tag == "figcaption":
                    continue  # a chart's caption: test_chart_captions_isolate_right_to_left_names
                assert isolated(element), f"{url or 'home'}: <{element.tag} {element.attrs}> shows {text!r} unisolated"


def test_chart_captions_isolate_right_to_left_names(varied: Site) -> None:
    for claimant in varied.content.claimants.values():
        if any(is_in(claimant.name) for is_in in RIGHT_TO_LEFT.values()):
            caption = varied.article(f"claimants/{claimant.id}/").one("figcaption")
            assert all(isolated(e) for e in elements_showing(caption.parent, claimant.name)), claimant.id


# --- the about_page and corrections_page options ------------------------------------------------------------

def hand_written_links(root: Path, url: str) -> set[str]:
    """Targets of the article's links to pages that are neither generated nor the methodology."""
    generated = ("claims/", "reports/", "claimants/", "ratings/", "sources/", "tags/", "methodology/", "feed.xml")
    article = main_content(parse_file(root / url / "index.html"))
    hrefs = [a.attrs["href"] for a in article.find_all("a") if "href" in a.attrs]
    targets = {resolve(url, href) for href in hrefs if not urlsplit(href).scheme and not href.startswith("#")}
    return {t for t in targets if t and not t.startswith(generated) and t != url}


def test_default_about_and_corrections_pages_are_linked_from_home_and_claims(varied: Site) -> None:
    unrevised = next(c for c in varied.content.claims.values() if not c.history)
    assert hand_written_links(varied.root, "") == {"about/", "corrections/"}
    assert hand_written_links(varied.root, f"claims/{unrevised.id}/") == {"corrections/"}


def test_about_and_corrections_options_choose_the_pages_linked_or_none(tmp_path: Path) -> None:
    site = build_or_fail(VARIED, tmp_path / "site", docs={"team.md": "# Our team\n\nWho we are.\n"},
                         extra_config={"factcheck": {"about_page": "team.md", "corrections_page": ""}})
    unrevised = next(c for c in varied_content().claims.values() if not c.history)
    assert hand_written_links(site, "") == {"team/"}
    assert hand_written_links(site, f"claims/{unrevised.id}/") == set()
