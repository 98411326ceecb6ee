"""Files of the analysis: the published cells of every layer as GeoJSON and CSV, and the
chosen layer as a static SVG map for reports. Hidden cells are never in them; the raw
drawings (staff only) are in `selectors.drawings`."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _

from platskraft.analysis.geo.svg import Label, MapImage, Shape, svg_map

from .selectors import map_analysis
from .selectors.features import cell_features, flow_features, hexagon, place_points


def layer_analyses(*, survey, filters, public: bool):
    """The analysis of every layer of the chosen map question, with the same filters."""
    first = map_analysis(survey=survey, filters=filters, public=public)
    yield first
    for layer in first.layers:
        if first.layer is not None and layer["key"] != first.layer["key"]:
            yield map_analysis(
                survey=survey, filters=replace(filters, layer=layer["key"]), public=public
            )


def _header(change: bool) -> list[str]:
    columns = ["layer", "layer_label", "category", "cell", "lat", "lon", "respondents", "share"]
    if change:
        columns += ["share_before", "change"]
    return columns


def csv_rows(*, survey, filters, public: bool):
    change = filters.round == "change"
    yield _header(change)
    for analysis in layer_analyses(survey=survey, filters=filters, public=public):
        if analysis.layer is None:
            continue
        for row in analysis.rows:
            line = [
                analysis.layer["key"],
                analysis.layer.get("label", ""),
                row.category,
                row.cell,
                round(row.lat, 6),
                round(row.lon, 6),
                row.respondents,
                round(row.share, 4),
            ]
            if change:
                line += [round(row.share_before, 4), round(row.change, 4)]
            yield line


def aggregates_geojson(*, survey, filters, public: bool) -> dict:
    features = []
    for analysis in layer_analyses(survey=survey, filters=filters, public=public):
        if analysis.layer is None:
            continue
        for feature in cell_features(analysis):
            properties = feature["properties"]
            properties.pop("kind")
            properties["layer"] = analysis.layer["key"]
            properties["layer_label"] = analysis.layer.get("label", "")
            features.append(feature)
    return {
        "type": "FeatureCollection",
        "properties": {
            "survey": survey.title,
            "k": filters.k,
            "resolution": filters.resolution,
        },
        "features": features,
    }


def map_svg(analysis, *, title: str) -> str:
    municipality = analysis.survey.municipality
    shapes = [
        Shape(
            hexagon(row.cell),
            fill=row.colour,
            stroke="#555555",
            width=0.4,
            opacity=0.9,
            title=f"{row.category}: {row.respondents}",
        )
        for row in analysis.rows
    ]
    places = place_points(municipality)
    by_name = {name: (lon, lat) for name, kind, lon, lat in places}
    for flow in flow_features(analysis, by_name):
        shapes.append(
            Shape(
                flow["geometry"], stroke="#1d4f7a", width=flow["properties"]["width"], opacity=0.7
            )
        )
    labels = [Label(name, lon, lat, bold=kind == "locality") for name, kind, lon, lat in places]
    labels += [Label(c.label, c.lon, c.lat, marker=True, bold=True) for c in analysis.clusters]
    legend_title = {
        "share": _("Share of respondents"),
        "change": _("Change of share"),
    }.get(analysis.measure, _("Respondents"))
    note = _("Cells with fewer than %(k)s respondents are not shown (%(hidden)s cells).") % {
        "k": analysis.k,
        "hidden": analysis.hidden_cells,
    }
    layer = analysis.layer.get("label", "") if analysis.layer else ""
    return svg_map(
        MapImage(
            title=title,
            subtitle=layer,
            boundary=municipality.boundary,
            shapes=shapes,
            labels=labels,
            legend=analysis.scale.legend if analysis.scale else [],
            legend_title=legend_title,
            note=note,
        )
    )
