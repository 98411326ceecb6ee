"""Checking what residents draw on a map question, before anything is stored.

Pure: takes decoded GeoJSON geometries (plain dicts and lists) and returns plain
results. `check_drawing` reads one geometry, refuses what cannot be a drawing (a type
the layer does not take, too few points, a polygon without area, coordinates in the
wrong order or out of range, points outside the allowed area) and repairs a
self-intersecting polygon with shapely's `make_valid`, keeping its polygonal part. The
result carries a machine reason and the details a caller needs to word a message.

`allowed_area` is the municipality's boundary widened by a margin in metres (buffered
in a local metric projection around the boundary's centre, which is exact enough for a
municipality), simplified so that it is small enough to send to a browser.

`check_point` checks one point given as numbers, e.g. a row of a gazetteer import:
swapped latitude and longitude, projected coordinates (SWEREF 99 TM and the like give
numbers in the hundreds of thousands), out of range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import shapely
from shapely.errors import GEOSException, ShapelyError
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from .boundaries import LAT_RANGE, LON_RANGE

PRECISION = 6  # decimals kept: about 0.1 m
GRID = 10.0**-PRECISION
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON = 111_320.0  # at the equator; times cos(latitude)

# Which GeoJSON types a layer of each geometry kind takes.
GEOMETRY_KINDS: dict[str, frozenset[str]] = {
    "point": frozenset({"Point"}),
    "line": frozenset({"LineString"}),
    "area": frozenset({"Polygon", "MultiPolygon"}),
    "line_area": frozenset({"LineString", "Polygon", "MultiPolygon"}),
    "point_area": frozenset({"Point", "Polygon", "MultiPolygon"}),
}
POLYGONAL = frozenset({"Polygon", "MultiPolygon"})
# Where the platform's municipalities lie (Sweden, with a margin): a point outside it
# whose swapped coordinates fall inside is taken as latitude and longitude swapped.
REGION = (LON_RANGE, LAT_RANGE)

# What shapely may raise on GeoJSON it cannot read.
READ_ERRORS = (
    GEOSException,
    ShapelyError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
)


class Problem(StrEnum):
    NOT_A_GEOMETRY = "not_a_geometry"  # detail: what was found instead
    GEOMETRY_TYPE = "geometry_type"  # detail: the type found
    UNREADABLE = "unreadable"  # detail: what could not be read
    TOO_FEW_POINTS = "too_few_points"  # a line with fewer than 2 distinct points
    DEGENERATE = "degenerate"  # a polygon with fewer than 3 distinct points or no area
    NOT_POLYGONAL = "not_polygonal"  # a repaired polygon lost its area when rounded
    OUT_OF_RANGE = "out_of_range"  # detail: the coordinate pair
    SWAPPED = "swapped"  # detail: the coordinate pair (latitude first)
    PROJECTED = "projected"  # detail: the coordinate pair (metres, not degrees)
    OUTSIDE_AREA = "outside_area"  # detail: the first coordinate pair outside


@dataclass(frozen=True, slots=True)
class Drawing:
    """A checked drawing: `geometry` is a plain GeoJSON dict rounded to 6 decimals, or
    None with `problem` (and `detail`) saying why it was refused. `repaired`: a
    self-intersecting polygon was made valid."""

    geometry: dict[str, Any] | None
    problem: Problem | None = None
    detail: str = ""
    repaired: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None


def _refused(problem: Problem, detail: str = "") -> Drawing:
    return Drawing(None, problem, detail)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, PRECISION)
    return value


def geometry_json(geometry: BaseGeometry) -> dict[str, Any]:
    """A shapely geometry as a plain 2D GeoJSON dict, coordinates rounded."""
    raw = mapping(shapely.force_2d(geometry))
    return {"type": raw["type"], "coordinates": _plain(raw["coordinates"])}


# --- Coordinates ------------------------------------------------------------------------------


def _pair(values: np.ndarray) -> str:
    return f"{values[0]:g}, {values[1]:g}"


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def check_point(lon: float, lat: float, region=REGION) -> tuple[Problem | None, str]:
    """What is wrong with a point given as longitude and latitude, or (None, "")."""
    lon_range, lat_range = region
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return Problem.OUT_OF_RANGE, f"{lon}, {lat}"
    if _in(lon, lon_range) and _in(lat, lat_range):
        return None, ""
    if _in(lat, lon_range) and _in(lon, lat_range):
        return Problem.SWAPPED, f"{lon:g}, {lat:g}"
    if abs(lon) > 1000 or abs(lat) > 1000:
        return Problem.PROJECTED, f"{lon:g}, {lat:g}"
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return Problem.OUT_OF_RANGE, f"{lon:g}, {lat:g}"
    return Problem.OUTSIDE_AREA, f"{lon:g}, {lat:g}"


def _coordinates_problem(coords: np.ndarray, area, region) -> tuple[Problem | None, str]:
    """The first thing wrong with an (n, 2) array of lon, lat."""
    lon, lat = coords[:, 0], coords[:, 1]
    finite = np.isfinite(lon) & np.isfinite(lat)
    if not finite.all():
        return Problem.OUT_OF_RANGE, _pair(coords[~finite][0])
    if np.abs(coords).max() > 1000:
        return Problem.PROJECTED, _pair(coords[(np.abs(coords) > 1000).any(axis=1)][0])
    if area is not None:
        inside = shapely.contains_xy(area, lon, lat)
        if inside.all():
            return None, ""
        if shapely.contains_xy(area, lat, lon).all():
            return Problem.SWAPPED, _pair(coords[0])
    else:
        (west, east), (south, north) = region
        inside = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
        if inside.all():
            return None, ""
        swapped = (lat >= west) & (lat <= east) & (lon >= south) & (lon <= north)
        if swapped.all():
            return Problem.SWAPPED, _pair(coords[0])
    valid = (np.abs(lon) <= 180) & (np.abs(lat) <= 90)
    if not valid.all():
        return Problem.OUT_OF_RANGE, _pair(coords[~valid][0])
    return Problem.OUTSIDE_AREA, _pair(coords[~inside][0])


# --- The allowed area -------------------------------------------------------------------------


def _to_metres(geometry: BaseGeometry, lon0: float, lat0: float) -> BaseGeometry:
    scale = math.cos(math.radians(lat0))

    def forward(xy: np.ndarray) -> np.ndarray:
        out = np.empty_like(xy)
        out[:, 0] = (xy[:, 0] - lon0) * METRES_PER_DEGREE_LON * scale
        out[:, 1] = (xy[:, 1] - lat0) * METRES_PER_DEGREE_LAT
        return out

    return shapely.transform(geometry, forward)


def _to_degrees(geometry: BaseGeometry, lon0: float, lat0: float) -> BaseGeometry:
    scale = math.cos(math.radians(lat0))

    def back(xy: np.ndarray) -> np.ndarray:
        out = np.empty_like(xy)
        out[:, 0] = xy[:, 0] / (METRES_PER_DEGREE_LON * scale) + lon0
        out[:, 1] = xy[:, 1] / METRES_PER_DEGREE_LAT + lat0
        return out

    return shapely.transform(geometry, back)


def boundary_shape(boundary: Any) -> BaseGeometry | None:
    """A stored boundary (a GeoJSON geometry, Feature or FeatureCollection) as shapely,
    or None when there is none or it cannot be read."""
    if not isinstance(boundary, dict):
        return None
    try:
        if boundary.get("type") == "FeatureCollection":
            parts = [shape(f["geometry"]) for f in boundary.get("features") or []]
            geometry = shapely.union_all(parts) if parts else None
        elif boundary.get("type") == "Feature":
            geometry = shape(boundary["geometry"])
        else:
            geometry = shape(boundary)
    except READ_ERRORS:
        return None
    if geometry is None or geometry.is_empty:
        return None
    return geometry if geometry.is_valid else shapely.make_valid(geometry)


def allowed_area(boundary: Any, margin_m: float) -> BaseGeometry | None:
    """The boundary widened by `margin_m` metres, simplified to about a tenth of the
    margin (never narrower than the boundary itself); None without a boundary."""
    geometry = boundary_shape(boundary)
    if geometry is None:
        return None
    centre = geometry.centroid
    lon0, lat0 = centre.x, centre.y
    metric = _to_metres(geometry, lon0, lat0)
    margin = max(float(margin_m), 0.0)
    tolerance = max(margin / 10, 10.0)
    widened = metric.buffer(margin + tolerance, quad_segs=4).simplify(tolerance)
    area = _to_degrees(widened, lon0, lat0)
    shapely.prepare(area)
    return area


# --- One drawing ------------------------------------------------------------------------------


def _coordinates(raw: dict) -> tuple[np.ndarray | None, str]:
    try:
        geometry = shape(raw)
    except READ_ERRORS as exc:
        return None, str(exc) or type(exc).__name__
    coords = shapely.get_coordinates(geometry)
    if coords.size == 0:
        return None, "empty"
    return coords, ""


def _numbers_only(value: Any) -> bool:
    if isinstance(value, list):
        return all(_numbers_only(v) for v in value)
    return isinstance(value, int | float) and not isinstance(value, bool)


def _repair(polygon: BaseGeometry) -> tuple[BaseGeometry | None, bool]:
    """A valid polygon: as it is, or its polygonal part after `make_valid` (None if
    nothing with an area is left)."""
    if polygon.is_valid:
        return polygon, False
    fixed = shapely.make_valid(polygon)
    parts = [
        part for part in shapely.get_parts(fixed) if part.geom_type in POLYGONAL and part.area > 0
    ]
    if not parts:
        return None, True
    merged = shapely.union_all(parts)
    return merged, True


def check_drawing(
    raw: Any, geometry_kind: str, *, area: BaseGeometry | None = None, region=REGION
) -> Drawing:
    """Check one drawn geometry for a layer of `geometry_kind` (see GEOMETRY_KINDS).

    `area` is the allowed area (see `allowed_area`; prepared or not); without one, the
    region (Sweden with a margin) is the limit. Coordinates are rounded to 6 decimals
    before the polygon checks, so what is stored is what was checked.
    """
    if not isinstance(raw, dict) or "type" not in raw:
        return _refused(Problem.NOT_A_GEOMETRY, type(raw).__name__)
    kind = raw.get("type")
    allowed = GEOMETRY_KINDS.get(geometry_kind, frozenset())
    if kind not in allowed:
        return _refused(Problem.GEOMETRY_TYPE, str(kind))
    if not _numbers_only(raw.get("coordinates")):
        return _refused(Problem.UNREADABLE, "coordinates")
    coords, error = _coordinates(raw)
    if coords is None:
        return _refused(Problem.UNREADABLE, error)
    problem, detail = _coordinates_problem(coords[:, :2], area, region)
    if problem is not None:
        return _refused(problem, detail)
    geometry = shapely.set_precision(shape(raw), GRID, mode="pointwise")
    geometry = shapely.force_2d(geometry)
    if kind == "Point":
        return Drawing(geometry_json(geometry))
    if kind == "LineString":
        distinct = np.unique(shapely.get_coordinates(geometry), axis=0)
        if len(distinct) < 2:
            return _refused(Problem.TOO_FEW_POINTS, str(len(distinct)))
        return Drawing(geometry_json(geometry))
    for polygon in shapely.get_parts(geometry):
        ring = shapely.get_coordinates(polygon.exterior)
        if len(np.unique(ring, axis=0)) < 3:
            return _refused(Problem.DEGENERATE, str(len(np.unique(ring, axis=0))))
    repaired, changed = _repair(geometry)
    if repaired is None or repaired.area <= 0:
        return _refused(Problem.DEGENERATE, "0")
    if changed:
        # The repair may add crossing points: round them too, and keep it valid.
        repaired = shapely.set_precision(repaired, GRID)
        parts = [p for p in shapely.get_parts(repaired) if p.geom_type in POLYGONAL]
        if not parts or repaired.area <= 0:
            return _refused(Problem.NOT_POLYGONAL, "")
        repaired = parts[0] if len(parts) == 1 else shapely.union_all(parts)
    return Drawing(geometry_json(repaired), repaired=changed)
