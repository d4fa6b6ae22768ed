"""The main pages at desktop and phone width: screenshots for people, no sideways scrolling,
and no serious or critical accessibility violations (axe-core)."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAIN_PAGES = ("home", "report", "claim", "claims-index", "methodology", "corrections-log", "people", "transparency")
VIEWPORTS = ("desktop", "phone")
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", MAIN_PAGES)
def test_page_fits_the_screen(open_page, demo, screenshots_dir, name, viewport):
    page = open_page(demo.main_pages[name], viewport)
    page.wait_for_load_state("networkidle")
    # Written here: Playwright writes a `path=` in its event loop's thread pool, whose threads would
    # stay for the whole session (and generator.parallel never forks a threaded process).
    (screenshots_dir / f"{name}-{viewport}.png").write_bytes(page.screenshot(full_page=True))

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


# mkdocs.yml follows the reader's system preference (prefers-color-scheme): check both.
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("name", MAIN_PAGES)
def test_page_has_no_serious_accessibility_violations(open_page, demo, name, color_scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(demo.main_pages[name], color_scheme=color_scheme)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)  # let the theme's fade-in transitions finish before colours are measured
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(f"axe-core on {name} ({color_scheme}):\n" + "\n".join(describe(v) for v in blocking),
                    pytrace=False)


def describe(violation: dict) -> str:
    """The rule, then each distinct failure with the elements that show it (a few of each)."""
    by_failure: dict[str, list[str]] = {}
    for node in violation["nodes"]:
        failure = " ".join(node.get("failureSummary", "").split()).removeprefix("Fix any of the following: ")
        by_failure.setdefault(failure, []).append(" ".join(map(str, node["target"])))
    lines = [f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({len(violation['nodes'])} elements)"]
    for failure, targets in by_failure.items():
        lines.append(f"      {failure}\n        at {'; '.join(targets[:4])}{' …' if len(targets) > 4 else ''}")
    return "\n".join(lines)


# Each badge's text colour and the background colour painted behind it, as "rgb(r, g, b)".
BADGE_COLOURS = """
() => [...document.querySelectorAll('.fc-badge')].map(badge => {
  let background = 'rgba(0, 0, 0, 0)';
  for (let e = badge; e && /rgba\\(.*, 0\\)$|transparent/.test(background); e = e.parentElement) {
    background = getComputedStyle(e).backgroundColor;
  }
  return {text: badge.innerText.trim(), color: getComputedStyle(badge).color, background,
          visible: badge.getClientRects().length > 0};
})
"""


def relative_luminance(rgb: str) -> float:
    def channel(value: str) -> float:
        c = int(value) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast_ratio("rgb(118, 118, 118)", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("name", ["claims-index", "claim", "methodology"])
def test_verdict_badges_carry_their_label_and_meet_aa_contrast(open_page, demo, name):
    page = open_page(demo.main_pages[name])
    badges = [b for b in page.evaluate(BADGE_COLOURS) if b["visible"]]
    assert badges, f"no verdict badge on {name}"
    unlabelled = [b for b in badges if b["text"] not in demo.rating_labels]
    assert not unlabelled, f"badges whose text is not a rating label: {unlabelled[:5]}"
    low = {f"{b['text']}: {b['color']} on {b['background']} = {contrast_ratio(b['color'], b['background']):.2f}"
           for b in badges if contrast_ratio(b["color"], b["background"]) < 4.5}
    assert not low, "verdict badges below WCAG AA contrast (4.5:1):\n  " + "\n  ".join(sorted(low))
