"""Attack payloads in every Markdown field, opened in Chromium as a reader would open them.

For each page: no dialog opens, the page does not navigate away, nothing is requested from
another host, and the evidence section is there and not covered by anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from serving import served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def attack_url(attack_site) -> Iterator[str]:
    with served(attack_site.path) as url:
        yield url


# Is anything painted over the evidence heading? (What a fixed overlay or a fake verdict would do.)
COVERED = """(heading) => {
  heading.scrollIntoView({block: "center"});
  const box = heading.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
  return top === heading || heading.contains(top) ? null : (top ? top.outerHTML.slice(0, 120) : "nothing");
}"""


def visit(browser, url: str) -> list[str]:
    """Open url; return everything a reader should never meet there."""
    problems: list[str] = []
    own_host = urlsplit(url).netloc
    context = browser.new_context()
    try:
        def route(request_route) -> None:
            if urlsplit(request_route.request.url).netloc == own_host:
                request_route.continue_()
            else:
                problems.append(f"request to another host: {request_route.request.url}")
                request_route.abort("blockedbyclient")

        context.route("**/*", route)
        page = context.new_page()

        def on_dialog(dialog) -> None:
            problems.append(f"{dialog.type} dialog: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.keyboard.press("Tab")  # focus handlers (autofocus onfocus=…) would fire now
        page.mouse.move(200, 300)
        if page.url.split("#")[0] != url:
            problems.append(f"navigated away to {page.url}")
        return problems + evidence_problems(page)
    finally:
        context.close()


def evidence_problems(page) -> list[str]:
    if page.locator("footer.md-footer").count() != 1:  # what a payload that swallows the page would hide
        return ["the page ends early: no footer"]
    if "/claims/attack-" not in page.url:
        return []
    heading = page.locator("article h2#evidence")
    if heading.count() != 1 or not heading.is_visible():
        return ["the evidence section is missing or hidden"]
    if not page.locator("article h2#evidence ~ ol li").first.is_visible():
        return ["the evidence list is missing or hidden"]
    covered = heading.evaluate(COVERED)
    return [f"the evidence heading is covered by {covered}"] if covered else []


def test_claim_pages_with_payloads_are_inert(browser, attack_site, attack_url: str) -> None:
    found = {}
    for claim_id in sorted(attack_site.claims):
        problems = visit(browser, f"{attack_url}claims/{claim_id}/")
        if problems:
            found[claim_id] = problems
    assert not found


@pytest.mark.parametrize("path", ["reports/briefing-review/", "claimants/jane-doe/", "methodology/",
                                  "ratings/false/", ""])
def test_pages_with_every_payload_together_are_inert(browser, attack_url: str, path: str) -> None:
    assert visit(browser, f"{attack_url}{path}") == []
