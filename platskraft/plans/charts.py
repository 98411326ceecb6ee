"""Vega-Lite specifications of the follow-up page's charts, as plain dictionaries.

They are drawn as the survey and budget charts are (`static/surveys/charts.js` with
vega-embed) and repeat what the tables beside them say: the tables are what screen
readers, printouts and pages without JavaScript use, so the charts are hidden from
assistive technology.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from platskraft.surveys.charts import CONFIG, SCHEMA

from .models import Status

# Done, ongoing, not started, paused, cancelled: told apart by the legend and the table too.
STATUS_COLOURS = {
    Status.DONE: "#1b7837",
    Status.ONGOING: "#1f5f8b",
    Status.NOT_STARTED: "#8c8c8c",
    Status.PAUSED: "#b35806",
    Status.CANCELLED: "#b2182b",
}
PLANNED_COLOUR = "#9aa9b8"
SPENT_COLOUR = "#1f5f8b"


def _spec(description: str, values: list[dict], **spec) -> dict | None:
    if not values:
        return None
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "data": {"values": values},
        "config": CONFIG,
        **spec,
    }


def status_by_area(blocks, statuses) -> dict | None:
    """One bar per priority area, divided by the status of its sub-projects."""
    labels = [str(status.label) for status in statuses]
    values = [
        {
            "area": f"{block.area.code}. {block.area.title}",
            "status": str(status.label),
            "order": i,
            "count": block.counts[status.value],
        }
        for block in blocks
        for i, status in enumerate(statuses)
        if block.counts[status.value]
    ]
    return _spec(
        _("Sub-projects per priority area, by status"),
        values,
        height={"step": 26},
        mark={"type": "bar"},
        encoding={
            "y": {
                "field": "area",
                "type": "nominal",
                "sort": [f"{b.area.code}. {b.area.title}" for b in blocks],
                "title": None,
            },
            "x": {
                "field": "count",
                "type": "quantitative",
                "stack": "zero",
                "axis": {"title": _("Sub-projects"), "format": "d", "tickMinStep": 1},
            },
            "color": {
                "field": "status",
                "type": "nominal",
                "sort": labels,
                "title": None,
                "scale": {
                    "domain": labels,
                    "range": [STATUS_COLOURS[status] for status in statuses],
                },
            },
            "order": {"field": "order", "type": "quantitative"},
        },
    )


def budget_by_financier(lines) -> dict | None:
    """Planned and spent amounts per financier, side by side."""
    planned, spent = _("Planned"), _("Spent")
    values = [
        {"financier": line.financier, "kind": kind, "amount": amount}
        for line in lines
        for kind, amount in ((planned, line.planned), (spent, line.spent))
    ]
    return _spec(
        _("Planned and spent amounts per financier"),
        values,
        height={"step": 22},
        mark={"type": "bar"},
        encoding={
            "y": {
                "field": "financier",
                "type": "nominal",
                "sort": [line.financier for line in lines],
                "title": None,
            },
            "yOffset": {"field": "kind", "type": "nominal", "sort": [planned, spent]},
            "x": {
                "field": "amount",
                "type": "quantitative",
                "axis": {"title": _("SEK"), "format": ",d"},
            },
            "color": {
                "field": "kind",
                "type": "nominal",
                "sort": [planned, spent],
                "title": None,
                "scale": {"domain": [planned, spent], "range": [PLANNED_COLOUR, SPENT_COLOUR]},
            },
        },
    )
