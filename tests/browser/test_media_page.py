"""A claim about an image (tests/fixtures/media) in Chromium: the screenshot loads from the site
itself under its Content-Security-Policy, fits a phone's screen, carries its alt text, and the
page has no serious accessibility violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.content import load_valid_content
from serving import served
from sitebuild import FIXTURES, build_or_fail
from test_pages import BLOCKING_IMPACTS, WIDEST_ELEMENTS, describe

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CLAIM = "smoke-photo-from-2013"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The media fixture's site, in place of the demo's, for open_page."""
    site = build_or_fail(FIXTURES / "media", tmp_path_factory.mktemp("media") / "site")
    with served(site) as url:
        yield url


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_screenshot_loads_fits_and_says_what_it_shows(open_page, screenshots_dir: Path, viewport: str) -> None:
    screenshot = load_valid_content(FIXTURES / "media")[0].claims[CLAIM].media.screenshot
    page = open_page(f"claims/{CLAIM}/", viewport)
    image = page.locator("figure.fc-media img")
    image.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    (screenshots_dir / f"media-claim-{viewport}.png").write_bytes(page.screenshot(full_page=True))
    assert image.get_attribute("alt") == screenshot.alt
    natural, shown, room = image.evaluate("i => [i.naturalWidth, i.getBoundingClientRect().width, "
                                          "i.closest('article').getBoundingClientRect().width]")
    assert natural == 480  # the copied file, decoded
    assert 0 < shown <= room  # never wider than the text
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, ", ".join(page.evaluate(WIDEST_ELEMENTS))


def test_the_media_claims_page_has_no_serious_accessibility_violations(open_page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(f"claims/{CLAIM}/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    assert not blocking, "\n".join(describe(v) for v in blocking)
