"""GeoJSON of a cell table's published rows (hexagon polygons, lon/lat), as plain dicts.

Re-exported by geo.hexagons; only published rows ever leave through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import h3.api.basic_int as h3i

if TYPE_CHECKING:
    from platskraft.analysis.geo.hexagons import CellTable


def cells_to_features(table: CellTable) -> list[dict[str, Any]]:
    """GeoJSON Features (hexagon polygons, lon/lat) of the published rows, as plain dicts.

    Properties: ``cell`` (h3 string), ``category``, ``respondents``, ``drawings``,
    ``share`` and ``layer_respondents``. Hidden rows are never included.
    """
    features = []
    for (cat, cell, n, d, s), layer in zip(
        table.rows(), table.published().layer_respondents.tolist(), strict=True
    ):
        ring = [[lon, lat] for lat, lon in h3i.cell_to_boundary(h3i.str_to_int(cell))]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {
                    "cell": cell,
                    "category": cat,
                    "respondents": n,
                    "drawings": d,
                    "share": s,
                    "layer_respondents": layer,
                },
            }
        )
    return features


def feature_collection(table: CellTable) -> dict[str, Any]:
    """The published rows as a GeoJSON FeatureCollection (a plain dict)."""
    return {"type": "FeatureCollection", "features": cells_to_features(table)}
