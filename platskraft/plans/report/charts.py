"""Bar charts as SVG drawn on the server, for the report's page and its PDF.

Each chart is a horizontal bar chart: one row per category, one bar per series. The
chart carries its title and a one-line description (``role="img"``, ``<title>``,
``<desc>``); the table printed beside it holds the same figures for screen readers.
Text is escaped; numbers are laid out by the caller's ``label`` function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 120
BAR_HEIGHT = 16
BAR_GAP = 4
ROW_GAP = 12
TOP = 8
LEGEND_HEIGHT = 26
TEXT = "#1a1a1a"
FONT = "font-family:'DejaVu Sans',Arial,sans-serif;font-size:12px"

_ids = count(1)


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: Sequence[float]


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    label: Callable[[float], str] = lambda v: f"{v:g}",
) -> SafeString:
    """A horizontal bar chart as inline SVG markup (empty for no categories)."""
    if not categories or not series:
        return mark_safe("")
    uid = next(_ids)
    top = max((v for s in series for v in s.values), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / top
    legend = LEGEND_HEIGHT if len(series) > 1 else 0
    row = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_GAP
    height = TOP + legend + len(categories) * row
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="chart-{uid}-title chart-{uid}-desc" style="{FONT}">',
        f'<title id="chart-{uid}-title">{escape(title)}</title>',
        f'<desc id="chart-{uid}-desc">{escape(description)}</desc>',
    ]
    if legend:
        x = LABEL_WIDTH
        for s in series:
            parts.append(
                f'<rect x="{x}" y="{TOP}" width="12" height="12" fill={quoteattr(s.colour)}/>'
                f'<text x="{x + 18}" y="{TOP + 11}" fill="{TEXT}">{escape(s.name)}</text>'
            )
            x += 30 + 8 * len(s.name)
    y = TOP + legend
    for i, category in enumerate(categories):
        label_y = y + (len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP) / 2 + 4
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{label_y:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_clip(category))}</text>"
        )
        for s in series:
            value = s.values[i]
            width = max(value * scale, 0)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f"fill={quoteattr(s.colour)}/>"
                f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + BAR_HEIGHT - 4}" '
                f'fill="{TEXT}">{escape(label(value))}</text>'
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP - BAR_GAP
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
