"""generator.charts: the verdict chart's SVG."""

from __future__ import annotations

import re
from xml.etree.ElementTree import fromstring

from generator.charts import verdict_chart_svg
from generator.model import Rating
from generator.pages import RatingTally

TRUE = Rating(id="true", label="True", value=2, description="Right.")
FALSE = Rating(id="false", label="False <&>", value=-2, description="Wrong.")
SVG = "{http://www.w3.org/2000/svg}"


def test_each_rating_gets_a_bar_as_long_as_its_share_of_the_largest_count() -> None:
    svg = verdict_chart_svg([RatingTally(TRUE, 3, 0.75), RatingTally(FALSE, 1, 0.25)], "Verdicts", "fc-chart")
    assert svg == (
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="fc-chart-title" viewBox="0 0 440 72" '
        'width="100%" style="max-width: 440px"><title id="fc-chart-title">Verdicts</title>'
        '<g><text x="112" y="19.0" text-anchor="end" class="fc-chart__label">True</text>'
        '<rect x="120" y="0" width="260.0" height="28" rx="3" class="fc-chart__bar fc-rating-true"/>'
        '<text x="386.0" y="19.0" class="fc-chart__count">3</text></g>'
        '<g><text x="112" y="55.0" text-anchor="end" class="fc-chart__label">False &lt;&amp;&gt;</text>'
        '<rect x="120" y="36" width="86.7" height="28" rx="3" class="fc-chart__bar fc-rating-false"/>'
        '<text x="212.7" y="55.0" class="fc-chart__count">1</text></g></svg>')
    assert "\n" not in svg  # Markdown would end the HTML block at a blank line


def test_a_tiny_share_still_shows_a_bar_and_the_title_is_escaped() -> None:
    svg = verdict_chart_svg([RatingTally(TRUE, 1000, 0.999), RatingTally(FALSE, 1, 0.001)], 'A "B" <c>', "x")
    root = fromstring(svg)
    assert root.find(f"{SVG}title").text == 'A "B" <c>'
    assert [rect.get("width") for rect in root.iter(f"{SVG}rect")] == ["260.0", "2"]


def test_no_tally_gives_an_empty_chart() -> None:
    svg = verdict_chart_svg([], "Nothing", "empty")
    assert re.search(r'viewBox="0 0 440 0"', svg) and "<g>" not in svg
    assert fromstring(svg).get("aria-labelledby") == "empty-title"
