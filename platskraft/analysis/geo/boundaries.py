"""Checking municipality boundaries read from GeoJSON before anything is stored.

Pure: takes the decoded JSON (plain dicts and lists) and returns dataclasses. Every
problem is reported with the 1-based number of the feature, a machine reason code and
the details a caller needs to word a message, so that one pass over a file lists
everything that is wrong with it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import shapely
from shapely.errors import GEOSException
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

# Sweden lies within these (WGS 84 degrees) with a margin. Coordinates outside them are
# usually longitude and latitude swapped, or a projected system such as SWEREF 99 TM.
LON_RANGE = (10.0, 25.0)
LAT_RANGE = (55.0, 70.0)

POLYGON_TYPES = frozenset({"Polygon", "MultiPolygon"})
NAME_PROPERTIES = ("kom_namn", "name", "namn")


class Reason(StrEnum):
    NOT_A_FEATURE = "not_a_feature"  # detail: the type found
    NO_GEOMETRY = "no_geometry"
    GEOMETRY_TYPE = "geometry_type"  # detail: the geometry type found
    UNREADABLE_GEOMETRY = "unreadable_geometry"  # detail: shapely's error
    EMPTY_GEOMETRY = "empty_geometry"
    OUTSIDE_SWEDEN = "outside_sweden"  # bounds: (west, south, east, north)
    INVALID_GEOMETRY = "invalid_geometry"  # detail: explain_validity
    SIMPLIFIED_INVALID = "simplified_invalid"  # detail: explain_validity or "empty"
    NO_CODE = "no_code"
    BAD_CODE = "bad_code"  # code: the value found, as text
    UNKNOWN_CODE = "unknown_code"
    DUPLICATE_CODE = "duplicate_code"  # other_index: the feature that had the code first


@dataclass(frozen=True, slots=True)
class Accepted:
    """A feature that passed every check. `geometry` is a plain GeoJSON dict (2D)."""

    index: int  # 1-based position in the file
    code: str
    name: str
    geometry: dict[str, Any]
    centre_lat: float
    centre_lon: float


@dataclass(frozen=True, slots=True)
class Rejected:
    """One reason a feature is refused; a feature can be refused for several reasons."""

    index: int  # 1-based position in the file
    reason: Reason
    code: str = ""  # the normalised code, or the raw value as text when it is malformed
    name: str = ""
    detail: str = ""
    bounds: tuple[float, float, float, float] | None = None
    other_index: int | None = None


@dataclass(slots=True)
class BoundaryCheck:
    accepted: list[Accepted] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    @property
    def rejected_features(self) -> int:
        """How many features have at least one problem."""
        return len({r.index for r in self.rejected})


class NotAFeatureCollection(ValueError):
    """The document is not a GeoJSON FeatureCollection.

    `problem` is "not_an_object" (found: the JSON kind), "wrong_type" (found: the
    `type` member) or "no_features" (the `features` member is missing or not a list).
    """

    def __init__(self, problem: str, found: str = "") -> None:
        self.problem = problem
        self.found = found
        super().__init__(f"not a GeoJSON FeatureCollection: {problem} {found}".strip())


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "null" if value is None else type(value).__name__


def collection_features(collection: Any) -> list[Any]:
    """The features of a decoded FeatureCollection; NotAFeatureCollection otherwise."""
    if not isinstance(collection, dict):
        raise NotAFeatureCollection("not_an_object", _json_kind(collection))
    if collection.get("type") != "FeatureCollection":
        raise NotAFeatureCollection("wrong_type", str(collection.get("type", "")))
    features = collection.get("features")
    if not isinstance(features, list):
        raise NotAFeatureCollection("no_features")
    return features


def normalise_code(value: Any) -> str | None:
    """A municipality code as four-digit text; integers are zero-padded (114 -> "0114").

    Returns None when there is no value at all; any other value comes back as text,
    to be checked by the caller.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:04d}" if 0 <= value <= 9999 else str(value)
    text = str(value).strip()
    return text or None


def _is_four_digits(code: str) -> bool:
    return len(code) == 4 and code.isascii() and code.isdigit()


def _feature_name(properties: dict[str, Any], name_properties: Sequence[str]) -> str:
    for key in name_properties:
        value = properties.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _plain(value: Any) -> Any:
    """Shapely's mapping() uses tuples; JSON columns and equality checks want lists."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def geometry_dict(geometry: BaseGeometry) -> dict[str, Any]:
    """A shapely geometry as a plain 2D GeoJSON dict."""
    return _plain(mapping(shapely.force_2d(geometry)))


def _inside_sweden(bounds: tuple[float, float, float, float]) -> bool:
    west, south, east, north = bounds
    # Written so that NaN fails too.
    return (
        LON_RANGE[0] <= west <= LON_RANGE[1]
        and LON_RANGE[0] <= east <= LON_RANGE[1]
        and LAT_RANGE[0] <= south <= LAT_RANGE[1]
        and LAT_RANGE[0] <= north <= LAT_RANGE[1]
    )


def _check_geometry(
    raw: Any, simplify: float
) -> tuple[BaseGeometry | None, tuple[Reason, str, tuple | None] | None]:
    """The usable geometry, or the first thing wrong with it (reason, detail, bounds)."""
    if raw is None:
        return None, (Reason.NO_GEOMETRY, "", None)
    if not isinstance(raw, dict) or raw.get("type") not in POLYGON_TYPES:
        found = raw.get("type") if isinstance(raw, dict) else _json_kind(raw)
        return None, (Reason.GEOMETRY_TYPE, str(found or ""), None)
    try:
        geometry = shape(raw)
    except (GEOSException, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        return None, (Reason.UNREADABLE_GEOMETRY, str(exc) or type(exc).__name__, None)
    if geometry.is_empty:
        return None, (Reason.EMPTY_GEOMETRY, "", None)
    bounds = tuple(float(b) for b in geometry.bounds)
    if not _inside_sweden(bounds):
        return None, (Reason.OUTSIDE_SWEDEN, "", bounds)
    if not geometry.is_valid:
        return None, (Reason.INVALID_GEOMETRY, explain_validity(geometry), None)
    if simplify > 0:
        simplified = geometry.simplify(simplify, preserve_topology=True)
        if simplified.is_empty:
            return None, (Reason.SIMPLIFIED_INVALID, "empty", None)
        if not simplified.is_valid:
            return None, (Reason.SIMPLIFIED_INVALID, explain_validity(simplified), None)
        geometry = simplified
    return geometry, None


def check_boundary_features(
    features: Iterable[Any],
    code_property: str,
    known_codes: set[str] | frozenset[str],
    *,
    simplify: float = 0.0,
    name_properties: Sequence[str] = NAME_PROPERTIES,
) -> BoundaryCheck:
    """Check every feature of a boundary file; accept those with nothing wrong.

    `simplify` is a tolerance in degrees (0 keeps the geometry as it is); simplification
    preserves topology, and a geometry it would spoil is rejected, not stored. The
    centre of an accepted feature is shapely's representative point of the geometry
    that will be stored, so it always lies inside that boundary.
    """
    if not (isinstance(simplify, int | float) and math.isfinite(simplify) and simplify >= 0):
        raise ValueError(f"simplify must be a finite number >= 0, not {simplify!r}")
    result = BoundaryCheck()
    first_seen: dict[str, int] = {}
    for index, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            found = feature.get("type") if isinstance(feature, dict) else _json_kind(feature)
            result.rejected.append(Rejected(index, Reason.NOT_A_FEATURE, detail=str(found or "")))
            continue
        properties = feature.get("properties")
        if not isinstance(properties, dict):
            properties = {}
        name = _feature_name(properties, name_properties)
        problems: list[Rejected] = []

        code = normalise_code(properties.get(code_property))
        if code is None:
            problems.append(Rejected(index, Reason.NO_CODE, name=name))
        elif not _is_four_digits(code):
            problems.append(Rejected(index, Reason.BAD_CODE, code=code, name=name))
        elif code not in known_codes:
            problems.append(Rejected(index, Reason.UNKNOWN_CODE, code=code, name=name))
        elif code in first_seen:
            problems.append(
                Rejected(
                    index, Reason.DUPLICATE_CODE, code=code, name=name, other_index=first_seen[code]
                )
            )
        else:
            first_seen[code] = index

        geometry, problem = _check_geometry(feature.get("geometry"), simplify)
        if problem is not None:
            reason, detail, bounds = problem
            problems.append(
                Rejected(index, reason, code=code or "", name=name, detail=detail, bounds=bounds)
            )

        if problems:
            result.rejected.extend(problems)
            continue
        assert geometry is not None and code is not None
        centre = geometry.representative_point()
        result.accepted.append(
            Accepted(
                index=index,
                code=code,
                name=name,
                geometry=geometry_dict(geometry),
                centre_lat=float(centre.y),
                centre_lon=float(centre.x),
            )
        )
    return result
