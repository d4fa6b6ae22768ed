"""The 404 page in Chromium, served where the published site is (under site_url's path, which its
links are relative to): its search opens Material's search with the words typed, and its links lead
to the latest fact-checks and the list of all of them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from serving import served

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def published_root(site_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The demo site at mkdocs.yml's site_url path (/factcheck-site/) of a local server."""
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    prefix = urlsplit(settings["site_url"]).path.strip("/")
    root = tmp_path_factory.mktemp("published")
    (root / prefix).symlink_to(site_dir, target_is_directory=True)
    with served(root) as url:
        yield f"{url}{prefix}/"


def test_a_lost_reader_can_search_or_go_to_the_latest_fact_checks(browser, published_root: str, screenshots_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    problems: list[str] = []
    host = urlsplit(published_root).netloc

    def only_this_host(route) -> None:
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort("blockedbyclient")

    try:
        context.route("**/*", only_this_host)
        page = context.new_page()
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("response", lambda response: problems.append(f"HTTP {response.status} {response.url}")
                if response.status >= 400 else None)
        page.goto(published_root + "404.html", wait_until="networkidle")
        (screenshots_dir / "not-found-phone.png").write_bytes(page.screenshot(full_page=True))
        latest = page.locator("ul.fc-lost-latest a")
        assert latest.count() == 10
        page.fill("#fc-lost-query", "ceasefire")
        page.click("form.fc-lost-search button")
        page.wait_for_url("**/claims/?q=ceasefire")
        results = page.locator(".md-search-result__item")
        results.first.wait_for()
        assert page.locator(".md-search__input").input_value() == "ceasefire"
        page.goto(published_root + "404.html", wait_until="networkidle")
        first = latest.first.inner_text()
        latest.first.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").first.inner_text().rstrip("¶").strip() == first
        assert problems == []
    finally:
        context.close()
