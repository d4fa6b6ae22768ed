"""The theme's search box, with both engines (generator.search): Material's on the demo site, and
Pagefind on the demo content built with `search: pagefind`. A reader types in the header's box,
sees the claim with its verdict badge, claimant and date, and follows it to the claim page; the
page asks no other host for anything (open_page fails the test on any such request)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from serving import served
from sitebuild import DEFAULT_DOCS, build_or_fail

from generator.content import load_content
from generator.render import long_date

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=["material", "pagefind"])
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def base_url(engine: str, site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site as published (Material's search: it has fewer pages than the threshold), or
    the same content forced to Pagefind; open_page opens its pages."""
    folder = site_dir
    if engine == "pagefind":
        folder = build_or_fail(REPO / "content", tmp_path_factory.mktemp("pagefind-demo") / "site",
                               extra_config={"factcheck": {"search": "pagefind"}}, docs=DEFAULT_DOCS)
        assert not (folder / "search" / "search_index.json").exists()
    else:
        assert (folder / "search" / "search_index.json").is_file() and not (folder / "pagefind").exists()
    with served(folder) as url:
        yield url


@pytest.fixture(scope="module")
def claim(demo) -> dict[str, str]:
    content, _ = load_content(REPO / "content")
    found = content.claims[demo.claim_id]
    return {"id": found.id, "text": found.claim, "rating": found.verdict.rating, "label": demo.rating_label,
            "claimant": demo.claimant_name, "date": long_date(found.date)}


def query_for(claim_text: str) -> str:
    """A few distinctive English words of the claim, as a reader would remember them."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", claim_text) if len(w) > 3]
    return " ".join(words[:3])


def search(page, query: str, engine: str) -> None:
    box = page.locator("input.md-search__input")
    if engine == "material":
        # Material ignores queries typed before its worker has loaded the index.
        expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    box.press_sequentially(query, delay=20)


def result_for(page, claim: dict[str, str]):
    item = page.locator(".md-search-result__item", has=page.locator(f"a[href*='claims/{claim['id']}/']")).first
    item.wait_for()
    return item


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_the_keyboard_shortcut_focuses_the_header_search_box(open_page, engine, key) -> None:
    page = open_page("")
    page.keyboard.press(key)
    assert page.locator("input.md-search__input").evaluate("box => box === document.activeElement"), \
        f"{key!r} did not focus the search box ({engine})"


def test_a_search_shows_the_claim_with_its_badge_claimant_and_date_and_leads_to_it(
        open_page, engine, claim, screenshots_dir) -> None:
    page = open_page("")
    page.keyboard.press("/")
    search(page, query_for(claim["text"]), engine)
    item = result_for(page, claim)
    badge = item.locator(".fc-search-meta .fc-badge")
    expect(badge).to_have_text(claim["label"])
    assert f"fc-rating-{claim['rating']}" in badge.get_attribute("class").split()
    # The badge has its rating's colour, as on the site's pages (ratings.css), not the default grey.
    colour = badge.evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour != "rgb(89, 89, 89)", "the badge did not get its rating's colour"
    expect(item.locator(".fc-search-meta")).to_contain_text(claim["claimant"])
    expect(item.locator(".fc-search-meta")).to_contain_text(claim["date"])
    expect(item.locator("h1, h2").first).to_contain_text(claim["text"][:40])
    page.wait_for_timeout(300)  # the dropdown's opening transition
    (screenshots_dir / f"search-{engine}-desktop.png").write_bytes(page.screenshot())

    item.locator("a").first.click()
    page.wait_for_url(re.compile(f"/claims/{claim['id']}/"))
    assert urlsplit(page.url).path.endswith(f"/claims/{claim['id']}/")
    expect(page.locator("h1").first).to_contain_text(claim["text"][:40])


def test_the_results_fit_a_phone_and_enter_opens_the_best(open_page, engine, claim, screenshots_dir) -> None:
    page = open_page("", viewport="phone")
    page.locator("label.md-header__button[for=__search]").click()
    search(page, query_for(claim["text"]), engine)
    item = result_for(page, claim)
    expect(item.locator(".fc-badge")).to_be_visible()
    page.wait_for_timeout(300)
    (screenshots_dir / f"search-{engine}-phone.png").write_bytes(page.screenshot())
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"the results scroll sideways at {inner_width}px ({scroll_width}px)"
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/").endswith(urlsplit(first).path.rstrip("/").split("..")[-1]))
