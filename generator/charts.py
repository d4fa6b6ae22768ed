"""The verdict chart: an inline SVG bar chart of how many claims got each rating."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Protocol

from .model import Rating

BAR_HEIGHT = 28
GAP = 8
LABEL_WIDTH = 120  # labels are right-aligned in this space, left of the bars
BAR_SPACE = 260  # the longest bar
COUNT_SPACE = 60  # right of the longest bar, for its count
MIN_BAR = 2  # a bar of one claim among thousands stays visible
TEXT_BASELINE = 0.68  # of the bar's height: labels and counts sit level with the bar's middle


class Tallied(Protocol):
    rating: Rating
    count: int


def verdict_chart_svg(tally: Sequence[Tallied], title: str, id: str, count: Callable[[int], str] = str) -> str:
    """One line of SVG (Markdown ends an HTML block at a blank line), one bar per rating,
    labelled by `title` (the element `{id}-title`) for screen readers; `count` writes each bar's
    number as the page's language does."""
    width = LABEL_WIDTH + BAR_SPACE + COUNT_SPACE
    most = max((row.count for row in tally), default=1)
    bars = "".join(_bar(row, index * (BAR_HEIGHT + GAP), most, count) for index, row in enumerate(tally))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-title" '
            f'viewBox="0 0 {width} {len(tally) * (BAR_HEIGHT + GAP)}" width="100%" style="max-width: {width}px">'
            f'<title id="{id}-title">{html.escape(title)}</title>{bars}</svg>')


def _bar(row: Tallied, y: int, most: int, count: Callable[[int], str]) -> str:
    length = max(round(row.count / most * BAR_SPACE, 1), MIN_BAR)
    baseline = round(y + BAR_HEIGHT * TEXT_BASELINE, 1)
    return (f'<g><text x="{LABEL_WIDTH - 8}" y="{baseline}" text-anchor="end" class="fc-chart__label">'
            f'{html.escape(row.rating.label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" rx="3" '
            f'class="fc-chart__bar fc-rating-{html.escape(row.rating.id)}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{baseline}" class="fc-chart__count">{html.escape(count(row.count))}</text></g>')
