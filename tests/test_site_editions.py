"""The English and Arabic editions of the translated fixture, built as `make site` builds the repository's
(English into site/, then Arabic into site/ar/, both `mkdocs build --strict`), read as built."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from htmltree import Element, parse_file
from sitebuild import FIXTURES, build_editions

pytestmark = pytest.mark.slow

SITE_URL = "https://facts.example.org/"
ARABIC_DOCS = {"about.md": "# من نحن\n\nصفحة مكتوبة باليد.\n", "corrections.md": "# سياسة التصحيح\n\nصفحة.\n"}
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Editions:
    site: Path  # the English site; the Arabic one is site/ar
    logs: str

    def page(self, url: str) -> Element:
        """The page at an absolute URL under SITE_URL."""
        return parse_file(self.file(url))

    def file(self, url: str) -> Path:
        assert url.startswith(SITE_URL), url
        path = self.site / url.removeprefix(SITE_URL)
        return path / "index.html" if url.endswith("/") else path


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    project = tmp_path_factory.mktemp("editions") / "project"
    site, logs = build_editions(FIXTURES / "translated", project, "ar", ARABIC_DOCS)
    return Editions(site, logs)


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "/embed/" not in p.as_posix())


def alternates(page: Element) -> dict[str, str]:
    return {link.attrs["hreflang"]: link.attrs["href"] for link in page.find_all("link")
            if "alternate" in link.attrs.get("rel", "").split() and "hreflang" in link.attrs}


def claim_reviews(page: Element) -> list[dict]:
    scripts = page.find_all("script", type="application/ld+json")
    found = [json.loads("".join(c for c in s.children if isinstance(c, str))) for s in scripts]
    return [item for item in found if item.get("@type") == "ClaimReview"]


def test_each_edition_has_its_language_and_direction(editions: Editions) -> None:
    english, arabic = editions.page(SITE_URL), editions.page(SITE_URL + "ar/")
    assert english.find("html").attrs["lang"] == "en" and english.find("body").attrs["dir"] == "ltr"
    assert arabic.find("html").attrs["lang"] == "ar" and arabic.find("body").attrs["dir"] == "rtl"


def test_an_untranslated_claim_is_absent_from_the_arabic_edition_with_its_warning(editions: Editions) -> None:
    assert (editions.site / "claims" / "no-civilians-nearby" / "index.html").is_file()
    assert not (editions.site / "ar" / "claims" / "no-civilians-nearby").exists()
    everything = "".join(p.read_text(encoding="utf-8") for p in (editions.site / "ar").rglob("*")
                         if p.is_file() and p.suffix in (".html", ".xml", ".json"))
    assert "no-civilians-nearby" not in everything
    assert ("claims/no-civilians-nearby.yaml:1:1: warning: claim 'no-civilians-nearby' has no Arabic translation: "
            "it is left out of the Arabic edition") in editions.logs


def test_every_hreflang_link_resolves_to_a_page_that_links_back(editions: Editions) -> None:
    linked = 0
    for path in html_pages(editions.site):
        page = parse_file(path)
        links = alternates(page)
        if not links:
            continue
        own = page.find("link", rel="canonical").attrs["href"]
        assert links["x-default"] == links["en"] and set(links) == {"en", "ar", "x-default"}, path
        assert own in (links["en"], links["ar"]), path
        for language in ("en", "ar"):
            other = editions.page(links[language])
            assert alternates(other) == links, (path, language)
        linked += 1
    assert linked >= 20  # every generated page kind, both hand-written pages, in each edition


def test_pages_of_one_edition_only_have_no_hreflang_links(editions: Editions) -> None:
    assert alternates(editions.page(SITE_URL + "claims/no-civilians-nearby/")) == {}


def test_hreflang_links_are_kept_from_materials_sitemap_lookup(editions: Editions) -> None:
    # Material fetches a sitemap.xml beside each link whose rel is exactly "alternate" (the feeds', at the root).
    text = (editions.site / "ar" / "claims" / "toll-62-killed" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate " hreflang="ar" href="https://facts.example.org/ar/claims/toll-62-killed/">' in text
    assert 'rel="alternate" hreflang' not in text


def test_the_language_selector_goes_to_the_same_page_else_to_the_editions_home(editions: Editions) -> None:
    def selector(url: str) -> dict[str, str]:
        page = editions.page(url)
        return {a.attrs["hreflang"]: urljoin(url, a.attrs["href"]) for a in page.find_all("a", classes="md-select__link")}

    assert selector(SITE_URL + "claims/toll-62-killed/") == {
        "en": SITE_URL + "claims/toll-62-killed/", "ar": SITE_URL + "ar/claims/toll-62-killed/"}
    assert selector(SITE_URL + "ar/claims/toll-62-killed/")["en"] == SITE_URL + "claims/toll-62-killed/"
    assert selector(SITE_URL + "claims/no-civilians-nearby/")["ar"] == SITE_URL + "ar/"
    assert selector(SITE_URL + "ar/about/")["en"] == SITE_URL + "about/"
    for url in (SITE_URL + "claims/toll-62-killed/", SITE_URL + "ar/sources/"):
        for target in selector(url).values():
            assert editions.file(target).is_file(), target


def test_claimreview_is_in_the_pages_language_with_the_translated_claim(editions: Editions) -> None:
    (english,) = claim_reviews(editions.page(SITE_URL + "claims/toll-62-killed/"))
    (arabic,) = claim_reviews(editions.page(SITE_URL + "ar/claims/toll-62-killed/"))
    assert english["inLanguage"] == "en" and english["claimReviewed"].startswith("Four air strikes")
    assert arabic["inLanguage"] == "ar" and arabic["claimReviewed"] == "أربع غارات جوية قتلت 62 جنديًا وأصابت نحو 100 آخرين."
    assert arabic["url"] == SITE_URL + "ar/claims/toll-62-killed/"
    assert arabic["reviewRating"]["alternateName"] == "غير مثبت"
    assert arabic["reviewRating"]["ratingExplanation"] == "لم تتأكد الحصيلة من مصدر مستقل قط."
    assert arabic["itemReviewed"]["author"]["name"] == "وزارة الدفاع"


def test_each_edition_has_its_own_datafeed(editions: Editions) -> None:
    english = json.loads((editions.site / "claimreview.json").read_text(encoding="utf-8"))
    arabic = json.loads((editions.site / "ar" / "claimreview.json").read_text(encoding="utf-8"))
    assert english["inLanguage"] == "en" and len(english["dataFeedElement"]) == 3
    assert arabic["inLanguage"] == "ar" and arabic["url"] == SITE_URL + "ar/claimreview.json"
    assert sorted(e["url"] for e in arabic["dataFeedElement"]) == [
        SITE_URL + "ar/claims/strike-was-halted/", SITE_URL + "ar/claims/toll-62-killed/"]
    assert {e["inLanguage"] for e in arabic["dataFeedElement"]} == {"ar"}


def test_each_edition_has_its_own_feeds_in_its_language(editions: Editions) -> None:
    feed = ET.parse(editions.site / "ar" / "feed.xml").getroot()
    assert feed.get(XML_LANG) == "ar" and feed.findtext(f"{ATOM}id") == SITE_URL + "ar/"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["غير مثبت: أربع غارات جوية قتلت 62 جنديًا وأصابت نحو 100 آخرين.",
                      "صحيح: أُوقفت الغارة فور الإبلاغ عن الخطأ."]
    english = ET.parse(editions.site / "feed.xml").getroot()
    assert english.get(XML_LANG) == "en" and len(english.findall(f"{ATOM}entry")) == 3
    claimant = ET.parse(editions.site / "ar" / "feed-claimant-defence-ministry.xml").getroot()
    assert "وزارة الدفاع" in claimant.findtext(f"{ATOM}title")


def test_each_editions_sitemap_lists_its_own_pages(editions: Editions) -> None:
    sitemap = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = [loc.text for loc in ET.parse(editions.site / "ar" / "sitemap.xml").getroot().iter(f"{sitemap}loc")]
    assert urls and all(url.startswith(SITE_URL + "ar/") for url in urls)
    assert SITE_URL + "ar/claims/toll-62-killed/" in urls and SITE_URL + "ar/about/" in urls
    english = [loc.text for loc in ET.parse(editions.site / "sitemap.xml").getroot().iter(f"{sitemap}loc")]
    assert not any(url.startswith(SITE_URL + "ar/") for url in english)  # docs/ar/ is the Arabic build's


def test_untranslated_names_are_marked_english_and_translated_ones_not(editions: Editions) -> None:
    page = editions.page(SITE_URL + "ar/claimants/")
    names = {"".join(c for c in bdi.children if isinstance(c, str)): bdi.attrs.get("lang")
             for bdi in page.find_all("bdi")}
    assert names["Jane Doe"] == "en" and names["وزارة الدفاع"] is None


def test_a_translated_quote_says_it_is_ours(editions: Editions) -> None:
    arabic = editions.page(SITE_URL + "ar/claims/toll-62-killed/")
    assert len(arabic.find_all("p", classes="fc-quote-translated")) == 1
    english = editions.page(SITE_URL + "claims/toll-62-killed/")
    assert english.find_all("p", classes="fc-quote-translated") == []


def test_the_arabic_report_lists_only_the_translated_claims(editions: Editions) -> None:
    page = editions.page(SITE_URL + "ar/reports/briefing-review/")
    links = {urlsplit(urljoin(SITE_URL + "ar/reports/briefing-review/", a.attrs["href"])).path
             for a in page.find_all("a") if "/claims/" in a.attrs.get("href", "")}
    assert {"/ar/claims/strike-was-halted/", "/ar/claims/toll-62-killed/"} <= links
    assert not any("no-civilians" in link for link in links)
