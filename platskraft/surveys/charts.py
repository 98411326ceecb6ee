"""Vega-Lite specifications of the results charts, as plain dictionaries.

Each page puts a spec into the page with `json_script` and `static/surveys/charts.js`
draws it with vega-embed. The charts repeat what the data tables beside them say (the
tables are what screen readers and printouts use), so the charts leave hidden figures
out rather than mark them. Figures arrive as the selectors computed them: shares are
fractions (0.0–1.0), labels are text.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
COLOUR = "#1f5f8b"
# Promoters, passives, detractors: told apart by the table and the labels, not only colour.
NPS_COLOURS = ["#1b7837", "#8c8c8c", "#b2182b"]
CONFIG = {
    "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 220},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "labelLimit": 260},
    "view": {"stroke": None},
    # The table beside each chart is what assistive technology reads.
    "aria": False,
}


PER_DAY_COLOUR = "#6b8fb8"  # 3.4:1 on white, lighter than the line


def _spec(description: str, values: list[dict], **spec) -> dict | None:
    """A chart of `values`; None when every figure is hidden (the table says why)."""
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


def _percent_axis(title: str) -> dict:
    return {"title": title, "format": ".0%", "grid": True, "tickCount": 5}


def share_bars(lines, *, description: str) -> dict | None:
    """One bar per category: its share of those answering (hidden lines left out)."""
    values = [
        {"label": line.label, "share": line.share, "count": line.count}
        for line in lines
        if line.share is not None
    ]
    order = [line.label for line in lines]
    y = {"field": "label", "type": "nominal", "sort": order, "title": None}
    x = {
        "field": "share",
        "type": "quantitative",
        "scale": {"domain": [0, 1]},
        "axis": _percent_axis(_("Share of those answering")),
    }
    return _spec(
        description,
        values,
        height={"step": 26},
        layer=[
            {"mark": {"type": "bar", "color": COLOUR}, "encoding": {"y": y, "x": x}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"y": y, "x": x, "text": {"field": "share", "format": ".0%"}},
            },
        ],
    )


def nps_bars(lines, *, description: str) -> dict | None:
    values = [
        {"label": line.label, "share": line.share} for line in lines if line.share is not None
    ]
    order = [line.label for line in lines]
    return _spec(
        description,
        values,
        height={"step": 30},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "label", "type": "nominal", "sort": order, "title": None},
            "x": {
                "field": "share",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                "axis": _percent_axis(_("Share of those answering")),
            },
            "color": {
                "field": "label",
                "type": "nominal",
                "scale": {"domain": order, "range": NPS_COLOURS},
                "legend": None,
            },
        },
    )


def stacked_rows(rows, points, *, description: str) -> dict | None:
    """Matrix questions: one bar per row, divided by the points of the scale."""
    values = [
        {"row": row.label, "point": line.label, "order": i, "share": line.share}
        for row in rows
        for i, line in enumerate(row.lines)
        if line.share is not None
    ]
    return _spec(
        description,
        values,
        height={"step": 30},
        mark={"type": "bar"},
        encoding={
            "y": {
                "field": "row",
                "type": "nominal",
                "sort": [r.label for r in rows],
                "title": None,
            },
            "x": {
                "field": "share",
                "type": "quantitative",
                "stack": "zero",  # hidden figures leave a gap: shares are of the whole row
                "scale": {"domain": [0, 1]},
                "axis": _percent_axis(_("Share of those rating the row")),
            },
            "color": {
                "field": "point",
                "type": "ordinal",
                "sort": [p.label for p in points],
                "scale": {"scheme": "blues"},
                "title": None,
            },
            "order": {"field": "order", "type": "quantitative"},
        },
    )


def points_bars(items, *, description: str, title: str) -> dict | None:
    """Rankings: the points each option got (more is more important)."""
    values = [
        {"label": item.label, "points": item.points} for item in items if item.points is not None
    ]
    return _spec(
        description,
        values,
        height={"step": 26},
        mark={"type": "bar", "color": COLOUR},
        encoding={
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": [i.label for i in items],
                "title": None,
            },
            "x": {"field": "points", "type": "quantitative", "axis": {"title": title}},
        },
    )


def count_columns(lines, *, description: str, x_title: str) -> dict | None:
    """A histogram, or answers per month: one column per interval, in order."""
    values = [
        {"label": line.label, "count": line.count} for line in lines if line.count is not None
    ]
    return _spec(
        description,
        values,
        height=220,
        mark={"type": "bar", "color": COLOUR},
        encoding={
            "x": {
                "field": "label",
                "type": "ordinal",
                "sort": [line.label for line in lines],
                "axis": {"title": x_title, "labelAngle": -45},
            },
            "y": {"field": "count", "type": "quantitative", "axis": {"title": _("Respondents")}},
        },
    )


def responses_over_time(days, *, target: int | None, description: str) -> dict | None:
    """Responses so far (a line, with the target as a dashed rule) and per day (columns)."""
    values = [
        {"day": day.isoformat(), "count": count, "cumulative": cumulative}
        for day, count, cumulative in days
    ]
    x = {
        "field": "day",
        "type": "temporal",
        "timeUnit": "utcyearmonthdate",
        "scale": {"type": "utc"},
        "axis": {"title": None, "format": "%Y-%m-%d", "labelAngle": -45},
    }
    cumulative_layers = [
        {
            "mark": {"type": "line", "color": COLOUR, "point": len(values) <= 60},
            "encoding": {
                "x": x,
                "y": {
                    "field": "cumulative",
                    "type": "quantitative",
                    "axis": {"title": _("Responses so far")},
                },
            },
        }
    ]
    if target:
        cumulative_layers.append(
            {
                "data": {"values": [{"target": target}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#444"},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
    # One layered view (columns per day, the running total on its own axis), because
    # only a single or layered view can take the width of its container.
    per_day = {
        "mark": {"type": "bar", "color": PER_DAY_COLOUR},
        "encoding": {
            "x": x,
            "y": {
                "field": "count",
                "type": "quantitative",
                "axis": {"title": _("Per day"), "orient": "right"},
            },
        },
    }
    return _spec(
        description,
        values,
        height=260,
        layer=[per_day, {"layer": cumulative_layers}],
        resolve={"scale": {"y": "independent"}},
    )


def grouped_shares(
    shares: list[tuple[str, str, float]],
    *,
    categories: list[str],
    groups: list[str],
    description: str,
    value_title: str,
) -> dict | None:
    """Cross-tabulations and round comparisons: per category, one bar per group (a
    segment, or a round), each the category's share of its group."""
    values = [
        {"category": category, "group": group, "share": share} for category, group, share in shares
    ]
    return _spec(
        description,
        values,
        height={"step": 16},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "category", "type": "nominal", "sort": categories, "title": None},
            "yOffset": {"field": "group", "type": "nominal", "sort": groups},
            "x": {
                "field": "share",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                "axis": _percent_axis(value_title),
            },
            "color": {
                "field": "group",
                "type": "nominal",
                "sort": groups,
                "scale": {"scheme": "tableau10"},
                "title": None,
            },
        },
    )
