"""Sharing and embedding, on built sites: the Open Graph and Twitter metadata of every kind of page,
the share cards, the embeddable cards, the feeds' autodiscovery, the 404 page and the cards' cache.

tests/fixtures/varied (right-to-left claims, several of everything) and tests/fixtures/hostile
(markup in every plain-text field) are built once per module with `mkdocs build --strict`.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from PIL import Image

from generator.cards import CARD_CACHE
from generator.content import Content, load_valid_content, newest_first
from htmltree import Element, parse_file
from sitebuild import BASE_CONFIG, FIXTURES, build_or_fail

pytestmark = pytest.mark.slow

SITE_URL = BASE_CONFIG["site_url"]
VARIED, HOSTILE = FIXTURES / "varied", FIXTURES / "hostile"


class Built:
    def __init__(self, root: Path, content: Content) -> None:
        self.root, self.content = root, content

    def page(self, url: str) -> Element:
        return parse_file(self.file(url))

    def file(self, url: str) -> Path:
        """The built file at a URL of the site (absolute, or relative to its root)."""
        relative = url.removeprefix(SITE_URL)
        assert not relative.startswith(("http:", "https:")), f"{url} is not under {SITE_URL}"
        return self.root / (relative + "index.html" if relative.endswith("/") or not relative else relative)


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = build_or_fail(VARIED, tmp_path_factory.mktemp("varied-sharing") / "site")
    return Built(out, load_valid_content(VARIED, jobs=1)[0])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = build_or_fail(HOSTILE, tmp_path_factory.mktemp("hostile-sharing") / "site")
    return Built(out, load_valid_content(HOSTILE, jobs=1)[0])


def meta(page: Element) -> dict[str, str]:
    """The page's Open Graph, article and Twitter values, each once."""
    values: dict[str, str] = {}
    for element in page.find_all("meta"):
        key = element.attrs.get("property") or element.attrs.get("name") or ""
        if key.startswith(("og:", "article:", "twitter:")):
            assert key not in values, f"{key} given twice"
            values[key] = element.attrs["content"]
    return values


def canonical(page: Element) -> str:
    return page.one("link", rel="canonical").attrs["href"]


def png(path: Path) -> Image.Image:
    image = Image.open(io.BytesIO(path.read_bytes()))
    image.load()
    return image


def check_common(built: Built, page: Element, kind: str) -> dict[str, str]:
    values = meta(page)
    assert values["og:type"] == kind
    assert values["og:site_name"] == BASE_CONFIG["site_name"]
    assert values["og:locale"] == "en"
    assert values["og:url"] == canonical(page)
    for key in ("og:url", "og:image", "twitter:image"):
        assert values[key].startswith(SITE_URL), (key, values[key])  # absolute, under site_url
    assert values["og:image"] == values["twitter:image"]
    assert (values["og:image:width"], values["og:image:height"], values["og:image:type"]) == ("1200", "630", "image/png")
    assert values["og:image:alt"] == values["twitter:image:alt"] and values["og:image:alt"]
    assert values["twitter:card"] == "summary_large_image"
    assert values["twitter:title"] == values["og:title"] and values["twitter:description"] == values["og:description"]
    image = png(built.file(values["og:image"]))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    return values


# --- Open Graph and Twitter cards ------------------------------------------------------------------


def test_a_claim_page_is_an_article_with_its_share_card_in_the_rating_colour(varied: Built) -> None:
    for claim in varied.content.claims.values():
        page = varied.page(f"claims/{claim.id}/")
        values = check_common(varied, page, "article")
        assert values["og:title"] == f"Fact-check: {claim.claim}"
        assert values["og:description"] == claim.verdict.summary
        assert values["og:url"] == f"{SITE_URL}claims/{claim.id}/"
        assert values["article:published_time"] == claim.verdict.published.isoformat()
        assert values["article:modified_time"] == claim.last_updated.isoformat()
        assert values["og:image"] == f"{SITE_URL}claims/{claim.id}/share.png"
        color = varied.content.ratings[claim.verdict.rating].color or "#595959"  # as ratings.css draws it
        rgb = Image.new("RGB", (1, 1), color).getpixel((0, 0))
        shown = sum(n for n, value in png(varied.file(values["og:image"])).getcolors(1 << 20) if value == rgb)
        assert shown > 20_000, claim.id


def test_a_report_page_is_an_article_with_its_tally_card(varied: Built) -> None:
    for report in varied.content.reports.values():
        values = check_common(varied, varied.page(f"reports/{report.id}/"), "article")
        assert values["og:title"] == f"Report: {report.title}"
        assert values["article:published_time"] == report.published.isoformat()
        assert values["og:image"] == f"{SITE_URL}reports/{report.id}/share.png"


@pytest.mark.parametrize("url, title", [("", "Test Fact Desk"), ("claims/", "All fact-checks"),
                                        ("claimants/", "Claimants"), ("tags/", "Tags"), ("about/", "About")])
def test_home_index_and_hand_written_pages_show_the_sites_card(varied: Built, url: str, title: str) -> None:
    values = check_common(varied, varied.page(url), "website")
    assert values["og:title"] == title
    assert values["og:image"] == f"{SITE_URL}share.png"
    assert "article:published_time" not in values


def test_plain_text_from_the_content_is_escaped_in_the_metadata(hostile: Built) -> None:
    for claim in hostile.content.claims.values():
        page = hostile.page(f"claims/{claim.id}/")
        values = meta(page)
        assert values["og:title"] == f"Fact-check: {claim.claim}", claim.id  # read back exactly as written
        assert values["og:description"] == claim.verdict.summary, claim.id
        assert claim.claim in values["og:image:alt"]
        head = page.one("head")
        scripts = [e for e in head.find_all("script") if e.attrs.get("type") != "application/ld+json"]
        assert not [e for e in scripts if "alert(" in e.raw_text()], claim.id  # only ever text in the JSON-LD
        assert not head.find_all("img") and not head.find_all("i"), claim.id


def test_without_share_cards_pages_have_no_image(tmp_path: Path) -> None:
    out = build_or_fail(FIXTURES / "minimal", tmp_path / "site", extra_config={"factcheck": {"share_cards": False}})
    assert not list(out.rglob("share.png"))
    values = meta(parse_file(out / "claims" / "toll-62-killed" / "index.html"))
    assert "og:image" not in values and values["twitter:card"] == "summary"
    assert '"image"' not in (out / "claimreview.json").read_text(encoding="utf-8")
    assert not (tmp_path / "site-project" / CARD_CACHE).exists()


def test_claimreview_carries_the_share_card_as_its_image(varied: Built) -> None:
    feed = json.loads((varied.root / "claimreview.json").read_text(encoding="utf-8"))
    for review in feed["dataFeedElement"]:
        claim_id = review["url"].removeprefix(f"{SITE_URL}claims/").strip("/")
        assert review["image"] == {"@type": "ImageObject", "url": f"{SITE_URL}claims/{claim_id}/share.png",
                                   "width": 1200, "height": 630}
        # The fields Google's ClaimReview documentation requires or recommends are all still there.
        assert {"url", "claimReviewed", "author", "reviewRating", "itemReviewed", "datePublished"} <= review.keys()
        assert {"author", "datePublished"} <= review["itemReviewed"].keys()
        assert "alternateName" in review["reviewRating"]


# --- the embeddable card ---------------------------------------------------------------------------


def test_each_claim_offers_an_escaped_iframe_snippet_of_its_embed_page(varied: Built, hostile: Built) -> None:
    for built in (varied, hostile):
        for claim in built.content.claims.values():
            code = built.page(f"claims/{claim.id}/").one("pre", classes="fc-embed-code").one("code")
            iframe = parse_snippet(code.raw_text())
            assert iframe.attrs["src"] == f"{SITE_URL}claims/{claim.id}/embed/"
            assert iframe.attrs["title"] == f"Fact-check: {claim.claim}"


def parse_snippet(text: str) -> Element:
    from htmltree import parse

    return parse(text).one("iframe")


def test_the_embed_page_is_a_small_page_without_the_theme_claimreview_or_indexing(varied: Built) -> None:
    sitemap = (varied.root / "sitemap.xml").read_text(encoding="utf-8")
    search = json.loads((varied.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = {entry["location"].split("#")[0] for entry in search["docs"]}
    for claim in varied.content.claims.values():
        url = f"claims/{claim.id}/embed/"
        page = varied.page(url)
        rating = varied.content.ratings[claim.verdict.rating]
        assert page.one("meta", name="robots").attrs["content"] == "noindex"
        assert page.one("meta", http_equiv="Content-Security-Policy").attrs["content"].startswith("default-src 'self';")
        assert not page.find_all("script")  # no ClaimReview, no theme script: readable without JavaScript
        assert not page.find_all(classes="md-header") and not page.find_all("nav") and not page.find_all("footer")
        card = page.one(classes="fc-embed")
        assert card.one("blockquote").text() == claim.claim
        assert varied.content.claimants[claim.claimant].name in card.one(classes="fc-embed__by").text()
        assert card.one(classes="fc-badge").text() == rating.label
        assert card.one(classes="fc-embed__summary").text() == claim.verdict.summary
        link = card.one("a", classes="fc-embed__link")
        assert (link.attrs["target"], link.attrs["rel"]) == ("_blank", "noopener")
        assert urljoin(SITE_URL + url, link.attrs["href"]) == f"{SITE_URL}claims/{claim.id}/"
        for stylesheet in page.find_all("link", rel="stylesheet"):
            assert varied.file(urljoin(SITE_URL + url, stylesheet.attrs["href"])).is_file()
        assert f"{SITE_URL}{url}" not in sitemap
        assert url not in indexed
    assert f"{SITE_URL}claims/" in sitemap  # the sitemap itself is still there


# --- feeds -----------------------------------------------------------------------------------------


SITE_FEEDS = ("feed.xml", "corrections.xml")  # linked from every page


def feed_links(page: Element) -> list[str]:
    return [link.attrs["href"] for link in page.find_all("link", rel="alternate", type="application/atom+xml")]


def own_feed_links(page: Element) -> list[str]:
    """The feeds a page links besides the site's (the latest fact-checks, corrections and updates)."""
    links = feed_links(page)
    assert [href.rpartition("/")[2] for href in links[:len(SITE_FEEDS)]] == list(SITE_FEEDS)
    return links[len(SITE_FEEDS):]


def parsed_feed(built: Built, page_url: str, href: str) -> feedparser.FeedParserDict:
    path = built.file(urljoin(SITE_URL + page_url, href))
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0 and parsed.version == "atom10", (path, parsed.get("bozo_exception"))
    return parsed


def claim_links(built: Built, claims) -> list[str]:
    return [f"{SITE_URL}claims/{c.id}/" for c in claims]


def test_every_page_links_the_site_feed_and_the_home_page_shows_it(varied: Built) -> None:
    for url in ("", "claims/", "about/", "claims/export-record/"):
        links = feed_links(varied.page(url))
        assert urljoin(SITE_URL + url, links[0]) == f"{SITE_URL}feed.xml"
    home = varied.page("")
    assert any(urljoin(SITE_URL, a.attrs["href"]) == f"{SITE_URL}feed.xml" for a in home.one("article").find_all("a"))
    parsed = parsed_feed(varied, "", "feed.xml")
    assert {e.link for e in parsed.entries} == set(claim_links(varied, varied.content.claims.values()))


def test_claimant_and_rating_pages_link_their_own_feed_of_their_claims(varied: Built) -> None:
    content = varied.content
    for claimant in content.claimants.values():
        url = f"claimants/{claimant.id}/"
        own = own_feed_links(varied.page(url))
        assert len(own) == 1
        parsed = parsed_feed(varied, url, own[0])
        expected = [c for c in content.claims.values() if c.claimant == claimant.id]
        assert sorted(e.link for e in parsed.entries) == sorted(claim_links(varied, expected))
    for rating in content.ratings.values():
        url = f"ratings/{rating.id}/"
        own = own_feed_links(varied.page(url))
        parsed = parsed_feed(varied, url, own[0])
        expected = [c for c in content.claims.values() if c.verdict.rating == rating.id]
        assert sorted(e.link for e in parsed.entries) == sorted(claim_links(varied, expected))
        assert parsed.feed.title == f"Test Fact Desk: claims rated {rating.label}"


def test_the_tags_page_links_a_feed_per_tag(varied: Built, hostile: Built) -> None:
    for built in (varied, hostile):
        tags = sorted({t for c in built.content.claims.values() for t in c.tags})
        links = own_feed_links(built.page("tags/"))
        assert len(links) == len(tags)
        for tag, href in zip(tags, links):
            parsed = parsed_feed(built, "tags/", href)
            assert parsed.feed.title == f"Test Fact Desk: fact-checks tagged {tag}"
            expected = [c for c in built.content.claims.values() if tag in c.tags]
            assert sorted(e.link for e in parsed.entries) == sorted(claim_links(built, expected))


# --- the 404 page ----------------------------------------------------------------------------------


def test_the_404_page_offers_a_search_the_latest_fact_checks_and_the_list_of_all(varied: Built) -> None:
    page = parse_file(varied.root / "404.html")
    article = page.one("article")
    form = article.one("form", role="search")
    assert urljoin(SITE_URL, form.attrs["action"]) == f"{SITE_URL}claims/"
    assert form.one("input").attrs["name"] == "q"
    assert article.one("label").attrs["for"] == form.one("input").attrs["id"]
    latest = article.one("ul", classes="fc-lost-latest").find_all("a")
    newest = newest_first(varied.content.claims.values())[:10]
    assert [urljoin(SITE_URL, a.attrs["href"]) for a in latest] == claim_links(varied, newest)
    assert [a.text() for a in latest] == [c.claim for c in newest]
    assert f"{SITE_URL}claims/" in [urljoin(SITE_URL, a.attrs["href"]) for a in article.find_all("a")]
    assert meta(page)["og:image"] == f"{SITE_URL}share.png"


# --- the cards' cache ------------------------------------------------------------------------------


def test_a_rebuild_draws_only_the_changed_cards(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    build_or_fail(content, tmp_path / "site")
    cache = tmp_path / "site-project" / CARD_CACHE
    first = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(first) == 1 + 3 + 1  # the site's, three claims', one report's
    build_or_fail(content, tmp_path / "site")
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == first  # nothing drawn again
    claim = tmp_path / "site-project" / "content" / "claims" / "toll-62-killed.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("Four air strikes", "Five air strikes"), encoding="utf-8")
    from sitebuild import mkdocs_build

    result = mkdocs_build(tmp_path / "site-project" / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    now = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(set(now) - set(first)) == 1 and {name: now[name] for name in first} == first
    assert not (tmp_path / "site" / ".cache").exists()  # the cache is outside the site
