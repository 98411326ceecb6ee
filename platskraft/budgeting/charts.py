"""Vega-Lite specifications of the results charts, as plain dictionaries.

They are drawn as the survey charts are (`static/surveys/charts.js` with vega-embed) and
say what the tables beside them say: the tables are what screen readers and printouts
use, so the charts are hidden from assistive technology.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from platskraft.surveys.charts import CONFIG, SCHEMA

FUNDED_COLOUR = "#1f5f8b"
NOT_FUNDED_COLOUR = "#9aa9b8"
RULE_COLOURS = ["#9aa9b8", "#1f5f8b"]  # greedy, Method of Equal Shares


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


def _project_values(district, field: str) -> list[dict]:
    funded, not_funded = _("Funded"), _("Not funded")
    return [
        {
            "project": line.label,
            "value": getattr(line, field),
            "funded": funded if line.selected else not_funded,
        }
        for line in district.projects
    ]


def _project_bars(district, field: str, *, title: str, description: str, fmt: str) -> dict | None:
    values = _project_values(district, field)
    order = [line.label for line in district.projects]
    y = {"field": "project", "type": "nominal", "sort": order, "title": None}
    x = {"field": "value", "type": "quantitative", "title": title, "axis": {"format": fmt}}
    colour = {
        "field": "funded",
        "type": "nominal",
        "title": None,
        "scale": {
            "domain": [_("Funded"), _("Not funded")],
            "range": [FUNDED_COLOUR, NOT_FUNDED_COLOUR],
        },
    }
    return _spec(
        description,
        values,
        height={"step": 24},
        layer=[
            {"mark": {"type": "bar"}, "encoding": {"y": y, "x": x, "color": colour}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"y": y, "x": x, "text": {"field": "value", "format": fmt}},
            },
        ],
    )


def votes_bars(district, *, points: bool = False) -> dict | None:
    """Votes (or points) per project, funded projects told apart by colour and legend."""
    title = _("Points") if points else _("Votes")
    return _project_bars(
        district,
        "votes",
        title=title,
        description=_("Votes per project, funded or not"),
        fmt=",d",
    )


def cost_bars(district) -> dict | None:
    """Cost per project in kronor, funded or not."""
    return _project_bars(
        district,
        "cost",
        title=_("Cost (SEK)"),
        description=_("Cost per project, funded or not"),
        fmt=",d",
    )


def comparison_bars(districts) -> dict | None:
    """Share of voters with at least one funded project, greedy and MES, per district."""
    values = [
        {
            "district": d.name or _("The whole municipality"),
            "rule": side.label,
            "share": side.share_reached,
        }
        for d in districts
        for side in d.comparison
        if side.share_reached is not None
    ]
    rules = [side.label for side in districts[0].comparison] if districts else []
    return _spec(
        _("Share of voters with at least one funded project, by rule"),
        values,
        height={"step": 44},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "district", "type": "nominal", "title": None},
            "yOffset": {"field": "rule", "type": "nominal", "sort": rules},
            "x": {
                "field": "share",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                "axis": {"format": ".0%", "title": _("Share of voters with a funded project")},
            },
            "color": {
                "field": "rule",
                "type": "nominal",
                "sort": rules,
                "title": None,
                "scale": {"domain": rules, "range": RULE_COLOURS},
            },
        },
    )
