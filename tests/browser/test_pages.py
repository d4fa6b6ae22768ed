"""The main pages at desktop and phone width: screenshots for people, no sideways scrolling,
and no serious or critical accessibility violations (axe-core)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAIN_PAGES = ("home", "report", "claim", "claims-index", "methodology")
VIEWPORTS = ("desktop", "phone")
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", MAIN_PAGES)
def test_page_fits_the_screen(open_page, demo, screenshots_dir, name, viewport):
    page = open_page(demo.main_pages[name], viewport)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=screenshots_dir / f"{name}-{viewport}.png", full_page=True)

    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, (
        f"{name} scrolls sideways at {inner_width}px: the page is {scroll_width}px wide; widest elements: "
        + ", ".join(page.evaluate(WIDEST_ELEMENTS))
    )


# Names the elements that stick out past the right edge, to say what to fix.
WIDEST_ELEMENTS = """
() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
  .slice(0, 5)
  .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`
            + ` (right edge ${Math.round(e.getBoundingClientRect().right)}px)`)
"""


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_page_has_no_serious_accessibility_violations(open_page, demo, name):
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(demo.main_pages[name])
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(f"axe-core on {name}:\n" + "\n".join(describe(v) for v in blocking), pytrace=False)


def describe(violation: dict) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
    summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ") if violation["nodes"] else ""
    return (f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)\n"
            f"      e.g. {'; '.join(targets)}\n      {summary}")
