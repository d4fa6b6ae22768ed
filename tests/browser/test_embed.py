"""The embeddable card in Chromium: the claim page's snippet pasted into another page, the card it
shows in the iframe (with and without JavaScript), and its link, which opens the full fact-check."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE_URL = "https://open-fact-desk.github.io/factcheck-site/"  # mkdocs.yml's site_url, which the snippet names
HOST_PAGE = "embed-host-test-page.html"  # not in the site: the test serves it, as another site would


def snippet_for(page, base_url: str) -> str:
    """The claim page's snippet, pointed at the local server instead of the published site."""
    code = page.locator("pre.fc-embed-code code").inner_text()
    assert code.startswith(f'<iframe src="{SITE_URL}claims/') and code.endswith("></iframe>")
    return code.replace(SITE_URL, base_url)


def host_page(snippet: str) -> str:
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A news site</title></head>"
            f"<body><h1>A news site</h1><p>Our partners checked this claim:</p>{snippet}</body></html>")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_claim_page_offers_the_snippet_without_widening_the_page(open_page, demo, screenshots_dir, viewport):
    page = open_page(demo.main_pages["claim"], viewport)
    page.wait_for_load_state("networkidle")
    snippet = page.locator("pre.fc-embed-code")
    snippet.scroll_into_view_if_needed()
    assert snippet.is_visible()
    (screenshots_dir / f"claim-embed-snippet-{viewport}.png").write_bytes(page.screenshot())
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width


def test_the_snippet_shows_the_card_in_an_iframe_and_its_link_opens_the_claim(open_page, demo, base_url,
                                                                             screenshots_dir):
    page = open_page(demo.main_pages["claim"])
    snippet = snippet_for(page, base_url)
    page.route(base_url + HOST_PAGE, lambda route: route.fulfill(content_type="text/html; charset=utf-8",
                                                                 body=host_page(snippet)))
    page.goto(base_url + HOST_PAGE, wait_until="load")
    frame = page.frame_locator("iframe")
    card = frame.locator(".fc-embed")
    card.wait_for()
    assert card.locator("blockquote").inner_text().strip() == demo.claim_text
    assert card.locator(".fc-badge").inner_text().strip() == demo.rating_label
    assert demo.claimant_name in card.locator(".fc-embed__by").inner_text()
    (screenshots_dir / "embed-in-an-iframe.png").write_bytes(page.screenshot())
    # The card fits the iframe the snippet makes: nothing to scroll inside it.
    iframe_height = page.locator("iframe").evaluate("e => e.getBoundingClientRect().height")
    inner = page.frames[1].evaluate("[document.documentElement.scrollHeight, document.documentElement.scrollWidth,"
                                    " window.innerWidth]")
    assert inner[0] <= iframe_height and inner[1] <= inner[2], inner
    with page.context.expect_page() as opened:
        card.locator("a.fc-embed__link").click()
    claim_page = opened.value
    claim_page.wait_for_load_state("load")
    assert claim_page.url == base_url + demo.main_pages["claim"]
    assert claim_page.locator("h1").first.inner_text().rstrip("¶").strip() == demo.claim_text
    assert claim_page.evaluate("window.opener") is None  # rel="noopener"


def test_the_card_is_readable_without_javascript_at_the_narrowest_width(browser, demo, base_url, screenshots_dir):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 360})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(base_url + demo.main_pages["claim"] + "embed/", wait_until="load")
        assert page.locator(".fc-embed blockquote").is_visible()
        assert page.locator(".fc-embed .fc-badge").inner_text().strip() == demo.rating_label
        assert page.locator("a.fc-embed__link").is_visible()
        (screenshots_dir / "embed-card-320px-no-javascript.png").write_bytes(page.screenshot())
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll_width <= inner_width
        assert errors == []
    finally:
        context.close()
