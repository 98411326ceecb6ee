"""A survey's map answers read into numpy arrays, one entry per drawing or named place.

One query over the complete responses asks the database for the map question's answer
(a JSON list, as text) and, when a filter is chosen, the filter question's code. The
lists are decoded in one call; every item (see the contract in `surveys.kinds.map`)
becomes one entry of the arrays of `MapAnswers`: which response it came from (an index
0 … n−1, anonymous), its layer, its geometry (shapely, built vectorised where the shape
is simple), its follow-up choice and text, the gazetteer place it names, or that it is
described in words only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import islice

import numpy as np
import shapely
from shapely.geometry import shape

from platskraft.surveys.models import Locality, Response, ResponseStatus
from platskraft.surveys.selectors.reading import AnswerValue

CHUNK = 5000
NONE = -1

# Geometry kinds of an item.
POINT, LINE, AREA, NO_GEOMETRY = 0, 1, 2, -1
_GEOMETRY_KINDS = {
    "Point": POINT,
    "LineString": LINE,
    "MultiLineString": LINE,
    "Polygon": AREA,
    "MultiPolygon": AREA,
}


@dataclass
class MapAnswers:
    """Every item of one map question's complete answers (see the module doc)."""

    responses: int  # complete responses read (whether or not they answered the map)
    respondent: np.ndarray  # int64: the response's index among those read
    layer: np.ndarray  # int64: index into `layer_keys`, NONE for an unknown layer
    kind: np.ndarray  # int64: POINT, LINE, AREA or NO_GEOMETRY
    geometry: np.ndarray  # object: shapely geometry or None
    lon: np.ndarray  # float64: a point's longitude (NaN for others)
    lat: np.ndarray
    choice: np.ndarray  # int64, NONE when not given
    place: np.ndarray  # int64: gazetteer place pk, NONE when drawn or described
    text: list[str]
    description: list[str]
    layer_keys: list[str]
    filter_codes: np.ndarray | None  # int64 per response: the filter question's code

    def __len__(self) -> int:
        return int(self.respondent.size)

    def subset(self, keep: np.ndarray) -> MapAnswers:
        """The items where `keep` (a boolean array over items) is true."""
        index = np.flatnonzero(keep)
        return MapAnswers(
            responses=self.responses,
            respondent=self.respondent[index],
            layer=self.layer[index],
            kind=self.kind[index],
            geometry=self.geometry[index],
            lon=self.lon[index],
            lat=self.lat[index],
            choice=self.choice[index],
            place=self.place[index],
            text=[self.text[i] for i in index.tolist()],
            description=[self.description[i] for i in index.tolist()],
            layer_keys=self.layer_keys,
            filter_codes=self.filter_codes,
        )


def _int(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else NONE


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _coordinates(geometry) -> list | None:
    if not isinstance(geometry, dict):
        return None
    coordinates = geometry.get("coordinates")
    return coordinates if isinstance(coordinates, list) else None


class _Builder:
    """Collects items and builds their geometries, simple ones vectorised."""

    def __init__(self, layer_keys: list[str]):
        self.layer_index = {key: i for i, key in enumerate(layer_keys)}
        self.respondent: list[int] = []
        self.layer: list[int] = []
        self.kind: list[int] = []
        self.choice: list[int] = []
        self.place: list[int] = []
        self.text: list[str] = []
        self.description: list[str] = []
        self.lon: list[float] = []
        self.lat: list[float] = []
        # Simple lines and one-ring polygons: flat coordinates and owner item.
        self.line_xy: list[list[float]] = []
        self.line_owner: list[int] = []
        self.ring_xy: list[list[float]] = []
        self.ring_owner: list[int] = []
        self.other: dict[int, dict] = {}  # item → GeoJSON geometry (multi-part, holes)

    def add(self, respondent: int, item: dict) -> None:
        at = len(self.respondent)
        geometry = item.get("geometry")
        kind = _GEOMETRY_KINDS.get(geometry.get("type"), NO_GEOMETRY) if geometry else NO_GEOMETRY
        coordinates = _coordinates(geometry)
        if coordinates is None:
            kind = NO_GEOMETRY
        lon = lat = np.nan
        try:
            if kind == POINT:
                lon, lat = float(coordinates[0]), float(coordinates[1])
            elif kind == LINE and geometry["type"] == "LineString" and len(coordinates) >= 2:
                self.line_xy.extend(coordinates)
                self.line_owner.extend([at] * len(coordinates))
            elif kind == AREA and geometry["type"] == "Polygon" and len(coordinates) == 1:
                self.ring_xy.extend(coordinates[0])
                self.ring_owner.extend([at] * len(coordinates[0]))
            elif kind != NO_GEOMETRY:
                self.other[at] = geometry
        except (TypeError, ValueError, IndexError):
            kind = NO_GEOMETRY
        self.respondent.append(respondent)
        self.layer.append(self.layer_index.get(item.get("layer"), NONE))
        self.kind.append(kind)
        self.choice.append(_int(item.get("choice")))
        self.place.append(_int(item.get("place")))
        self.text.append(_text(item.get("text")))
        self.description.append(_text(item.get("description")))
        self.lon.append(lon)
        self.lat.append(lat)

    def geometries(self) -> np.ndarray:
        n = len(self.respondent)
        out = np.full(n, None, dtype=object)
        points = np.flatnonzero(np.array(self.kind, dtype=np.int64) == POINT) if n else []
        if len(points):
            out[points] = shapely.points(np.array(self.lon)[points], np.array(self.lat)[points])
        if self.line_owner:
            owner = np.array(self.line_owner)
            owners, index = np.unique(owner, return_inverse=True)
            out[owners] = shapely.linestrings(
                np.array(self.line_xy, dtype=np.float64), indices=index
            )
        if self.ring_owner:
            owner = np.array(self.ring_owner)
            owners, index = np.unique(owner, return_inverse=True)
            rings = shapely.linearrings(np.array(self.ring_xy, dtype=np.float64), indices=index)
            out[owners] = shapely.polygons(rings)
        for at, geometry in self.other.items():
            try:
                out[at] = shape(geometry)
            except (TypeError, ValueError, KeyError, AttributeError, shapely.errors.GEOSException):
                self.kind[at] = NO_GEOMETRY
        return out


def read_map_answers(
    *, survey, question, layer_keys: list[str], filter_question=None, only_layer: str = ""
) -> MapAnswers:
    """The complete responses' answers to `question` (a map question of `survey`);
    with `only_layer`, only that layer's items (the others are not built at all)."""
    expressions = [AnswerValue(question.key, "text")]
    if filter_question is not None:
        expressions.append(AnswerValue(filter_question.key, "number"))
    rows = (
        Response.objects.filter(survey=survey, status=ResponseStatus.COMPLETE)
        .order_by("pk")
        .values_list(*expressions)
        .iterator(chunk_size=CHUNK)
    )
    builder = _Builder(layer_keys)
    codes: list = []
    responses = 0
    while chunk := list(islice(rows, CHUNK)):
        texts = [row[0] if isinstance(row[0], str) and row[0][:1] == "[" else "[]" for row in chunk]
        try:
            lists = json.loads("[" + ",".join(texts) + "]")
        except ValueError:
            lists = [_loads(text) for text in texts]
        for offset, items in enumerate(lists):
            for item in items:
                if isinstance(item, dict) and (not only_layer or item.get("layer") == only_layer):
                    builder.add(responses + offset, item)
        if filter_question is not None:
            codes.extend(row[1] for row in chunk)
        responses += len(chunk)
    geometry = builder.geometries()
    filter_codes = None
    if filter_question is not None:
        filter_codes = np.array(
            [int(c) if isinstance(c, int | float) and c == int(c) else NONE for c in codes],
            dtype=np.int64,
        )
    return MapAnswers(
        responses=responses,
        respondent=np.array(builder.respondent, dtype=np.int64),
        layer=np.array(builder.layer, dtype=np.int64),
        kind=np.array(builder.kind, dtype=np.int64),
        geometry=geometry,
        lon=np.array(builder.lon, dtype=np.float64),
        lat=np.array(builder.lat, dtype=np.float64),
        choice=np.array(builder.choice, dtype=np.int64),
        place=np.array(builder.place, dtype=np.int64),
        text=builder.text,
        description=builder.description,
        layer_keys=layer_keys,
        filter_codes=filter_codes,
    )


def _loads(text: str) -> list:
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def place_names(*, municipality) -> dict[int, str]:
    """The gazetteer's names by pk (to label landmarks picked from the list)."""
    return dict(Locality.objects.filter(municipality=municipality).values_list("pk", "name"))
