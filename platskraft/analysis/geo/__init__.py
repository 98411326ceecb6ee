"""Geometry for the platform, pure: municipality boundaries (`boundaries`), the H3 grid
(`grid`), mental-map aggregation on hexagons (`hexagons`) and named places, clusters and
flows between localities (`places`).

``from platskraft.analysis import geo`` gives the boundary checks directly, as before.
"""

from .boundaries import (
    LAT_RANGE,
    LON_RANGE,
    Accepted,
    BoundaryCheck,
    NotAFeatureCollection,
    Reason,
    Rejected,
    check_boundary_features,
    collection_features,
    geometry_dict,
    normalise_code,
)

__all__ = [
    "LAT_RANGE",
    "LON_RANGE",
    "Accepted",
    "BoundaryCheck",
    "NotAFeatureCollection",
    "Reason",
    "Rejected",
    "check_boundary_features",
    "collection_features",
    "geometry_dict",
    "normalise_code",
]
