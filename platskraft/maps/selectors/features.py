"""The analysis as GeoJSON for the page's map, the exports and the static SVG map.

Only published figures become features: hexagons (with their class colour), clusters
(a labelled point), trips between localities (a line with a width), the gazetteer's
places (names to read the map by) and the municipality's boundary.
"""

from __future__ import annotations

import h3.api.basic_int as h3i

from platskraft.surveys.models import Locality

FLOW_WIDTH = (2.0, 12.0)  # pixels, least and most respondents


def hexagon(cell: str) -> dict:
    ring = [
        [round(lon, 6), round(lat, 6)] for lat, lon in h3i.cell_to_boundary(h3i.str_to_int(cell))
    ]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def cell_features(analysis) -> list[dict]:
    features = []
    for row in analysis.rows:
        properties = {
            "kind": "cell",
            "cell": row.cell,
            "category": row.category,
            "respondents": row.respondents,
            "share": None if row.share is None else round(row.share, 4),
            "colour": row.colour,
        }
        if row.change is not None:
            properties["share_before"] = round(row.share_before, 4)
            properties["change"] = round(row.change, 4)
        features.append(
            {"type": "Feature", "geometry": hexagon(row.cell), "properties": properties}
        )
    return features


def cluster_features(analysis) -> list[dict]:
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(c.lon, 6), round(c.lat, 6)]},
            "properties": {
                "kind": "cluster",
                "label": c.label,
                "respondents": c.respondents,
                "points": c.points,
            },
        }
        for c in analysis.clusters
    ]


def flow_features(analysis, places: dict[str, tuple[float, float]]) -> list[dict]:
    flows = [f for f in analysis.flows if f.origin != f.destination]
    if not flows:
        return []
    most = max(f.respondents for f in flows)
    low, high = FLOW_WIDTH
    features = []
    for flow in flows:
        if flow.origin not in places or flow.destination not in places:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [list(places[flow.origin]), list(places[flow.destination])],
                },
                "properties": {
                    "kind": "flow",
                    "origin": flow.origin,
                    "destination": flow.destination,
                    "respondents": flow.respondents,
                    "routes": flow.routes,
                    "width": round(low + (high - low) * flow.respondents / most, 1),
                },
            }
        )
    return features


def place_points(municipality) -> list[tuple[str, str, float, float]]:
    """(name, kind, lon, lat) of the gazetteer's places with a point."""
    return list(
        Locality.objects.filter(municipality=municipality, latitude__isnull=False).values_list(
            "name", "kind", "longitude", "latitude"
        )
    )


def place_features(places) -> list[dict]:
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"kind": "place", "name": name, "place_kind": kind},
        }
        for name, kind, lon, lat in places
    ]


def map_features(analysis, municipality) -> dict:
    """Everything the page's map draws, as one FeatureCollection."""
    places = place_points(municipality)
    by_name = {name: (lon, lat) for name, kind, lon, lat in places}
    features = []
    if municipality.boundary:
        features.append(
            {
                "type": "Feature",
                "geometry": municipality.boundary,
                "properties": {"kind": "boundary", "name": municipality.name},
            }
        )
    features += cell_features(analysis)
    features += flow_features(analysis, by_name)
    features += cluster_features(analysis)
    features += place_features(places)
    return {"type": "FeatureCollection", "features": features}
