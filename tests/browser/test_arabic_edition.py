"""The Arabic edition in Chromium, beside the English one (tests/fixtures/translated built as `make site`
builds the repository's: English into site/, Arabic into site/ar/): right to left at desktop and phone
width, with screenshots; no serious or critical accessibility violations (axe-core); the language
selector leading to the same page in the other edition; and a search in Arabic finding the Arabic claim,
with Material's search and with Pagefind. Any request to another host fails the test (open_page)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from serving import served
from sitebuild import FIXTURES, build_editions

from test_pages import BLOCKING_IMPACTS, WIDEST_ELEMENTS, describe

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARABIC_DOCS = {"about.md": "# من نحن\n\nصفحة مكتوبة باليد.\n", "corrections.md": "# سياسة التصحيح\n\nصفحة.\n"}
CLAIM_ID = "toll-62-killed"
CLAIM_TEXT = "أربع غارات جوية قتلت 62 جنديًا وأصابت نحو 100 آخرين."
PAGES = {"home": "ar/", "claim": f"ar/claims/{CLAIM_ID}/", "claims-index": "ar/claims/"}


def built_editions(tmp_path_factory: pytest.TempPathFactory, name: str, **factcheck) -> Path:
    project = tmp_path_factory.mktemp(name) / "project"
    site, _ = build_editions(FIXTURES / "translated", project, "ar", ARABIC_DOCS, factcheck)
    return site


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Both editions of the translated fixture, served as one site."""
    with served(built_editions(tmp_path_factory, "arabic-edition")) as url:
        yield url


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("name", PAGES)
def test_arabic_pages_read_right_to_left_and_fit_the_screen(open_page, screenshots_dir, name, viewport) -> None:
    page = open_page(PAGES[name], viewport)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    (screenshots_dir / f"arabic-{name}-{viewport}.png").write_bytes(page.screenshot(full_page=True))
    assert page.evaluate("[document.documentElement.lang, document.body.dir]") == ["ar", "rtl"]
    # Right to left: the article's first heading starts at the right edge of the text.
    h1 = page.locator("article h1, .md-content h1").first
    assert h1.evaluate("e => getComputedStyle(e).direction") == "rtl"
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, (
        f"{name} scrolls sideways at {inner_width}px ({scroll_width}px): " + ", ".join(page.evaluate(WIDEST_ELEMENTS)))


def test_the_claim_pages_summary_bar_and_names_follow_the_direction(open_page) -> None:
    page = open_page(PAGES["claim"])
    summary = page.locator(".fc-summary")
    # The bar is on the side where Arabic lines begin: the right.
    assert summary.evaluate("e => getComputedStyle(e).borderRightWidth") != "0px"
    assert summary.evaluate("e => getComputedStyle(e).borderLeftWidth") == "0px"
    # An English name kept as published is marked as English and isolated from the Arabic around it.
    english = page.locator("bdi[lang=en]").first
    expect(english).to_have_text("Example Times")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("name", [*PAGES, "methodology", "report", "claimants"])
def test_arabic_pages_have_no_serious_accessibility_violations(open_page, name, color_scheme) -> None:
    from axe_playwright_python.sync_playwright import Axe

    path = {**PAGES, "methodology": "ar/methodology/", "report": "ar/reports/briefing-review/",
            "claimants": "ar/claimants/"}[name]
    page = open_page(path, color_scheme=color_scheme)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(f"axe-core on Arabic {name} ({color_scheme}):\n" + "\n".join(describe(v) for v in blocking),
                    pytrace=False)


def choose_language(page, language: str) -> None:
    page.locator(".md-header__option .md-select button").hover()
    page.locator(f".md-select__link[hreflang={language}]").click()


@pytest.mark.parametrize("start, language, arrives", [
    (f"claims/{CLAIM_ID}/", "ar", f"/ar/claims/{CLAIM_ID}/"),
    (f"ar/claims/{CLAIM_ID}/", "en", f"/claims/{CLAIM_ID}/"),
    ("claims/no-civilians-nearby/", "ar", "/ar/"),  # untranslated: the Arabic edition's home
    ("ar/about/", "en", "/about/"),
])
def test_the_language_selector_leads_to_the_same_page_in_the_other_edition(open_page, start, language, arrives) -> None:
    page = open_page(start)
    choose_language(page, language)
    page.wait_for_url(re.compile(re.escape(arrives) + "$"))
    assert urlsplit(page.url).path == arrives
    assert page.evaluate("document.documentElement.lang") == language


# --- search in Arabic -------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["material", "pagefind"])
def search_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = built_editions(tmp_path_factory, f"arabic-{request.param}", search=request.param)
    if request.param == "pagefind":
        assert not (site / "ar" / "search" / "search_index.json").exists()
        # Pagefind read the pages' lang="ar": an index of Arabic, with its word splitting and stemming.
        entry = json.loads((site / "ar" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == ["ar"]
    else:
        assert (site / "ar" / "search" / "search_index.json").is_file()
    with served(site) as url:
        yield url


def test_an_arabic_query_finds_the_arabic_claim(browser, search_site, page_watch, screenshots_dir) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page_watch.attach(page)
        context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc ==
                      urlsplit(search_site).netloc else (page_watch.problems.append(
                          f"request to another host: {route.request.url}"), route.abort("blockedbyclient")))
        page.goto(search_site + "ar/", wait_until="load")
        page.keyboard.press("/")
        pagefind = page.evaluate("!!document.querySelector('script[src*=pagefind-search]')")
        if not pagefind:
            # Material ignores queries typed before its worker has loaded the index ("Type to start searching").
            expect(page.locator(".md-search-result__meta")).to_have_text("اكتب لبدء البحث")
        page.locator("input.md-search__input").press_sequentially("غارات جوية", delay=30)
        item = page.locator(".md-search-result__item", has=page.locator(f"a[href*='claims/{CLAIM_ID}/']")).first
        item.wait_for()
        expect(item).to_contain_text("غارات")
        page.wait_for_timeout(300)
        (screenshots_dir / f"arabic-search-{'pagefind' if pagefind else 'material'}-desktop.png").write_bytes(page.screenshot())
        item.locator("a").first.click()
        page.wait_for_url(re.compile(f"/ar/claims/{CLAIM_ID}/"))
        expect(page.locator("h1").first).to_contain_text(CLAIM_TEXT[:20])
    finally:
        context.close()
    assert not page_watch.problems, "\n".join(page_watch.problems)
