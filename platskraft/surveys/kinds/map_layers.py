"""What a map question knows of itself: its layers (from `Question.settings`), the
allowed drawing area and the gazetteer's places, read once per question and request.

`Question.settings` of a map question::

    {"layers": [{"key", "label", "help", "geometry", "role", "min", "max",
                 "choice_label", "choices": [{"value", "label"}], "text_label"}],
     "margin_m": 2000}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext_lazy

from platskraft.analysis.geo.drawings import allowed_area, boundary_shape, geometry_json

GEOMETRIES = {
    "point": gettext_lazy("Point"),
    "line": gettext_lazy("Line"),
    "area": gettext_lazy("Area"),
    "line_area": gettext_lazy("Line or area"),
    "point_area": gettext_lazy("Point or area"),
}
ROLES = {
    "visit": gettext_lazy("Places visited (counts and clusters)"),
    "route": gettext_lazy("Routes (corridors and trips between localities)"),
    "boundary": gettext_lazy("Borders (density by kind)"),
    "landmark": gettext_lazy("Landmarks (counts and named clusters)"),
    "pride": gettext_lazy("Places of pride (counts and clusters)"),
    "avoid": gettext_lazy("Places avoided (counts)"),
    "centre": gettext_lazy("Where the centre is (shared areas)"),
    "other": gettext_lazy("Other"),
}
MAX_DRAWINGS = 50
MAX_SLOTS = 3  # places offered per layer by the non-map alternative
DEFAULT_MARGIN_M = 2000
TEXT_MAX = 1000
DESCRIPTION_MAX = 300


@dataclass(frozen=True)
class Layer:
    key: str
    label: str
    help: str = ""
    geometry: str = "point"
    role: str = "other"
    min: int = 0
    max: int = 5
    choice_label: str = ""
    choices: tuple[tuple[int, str], ...] = ()
    text_label: str = ""

    @property
    def slots(self) -> int:
        """How many places the non-map alternative offers (at least one)."""
        return max(1, min(self.max, MAX_SLOTS))

    @property
    def choice_values(self) -> set[int]:
        return {value for value, _label in self.choices}

    def as_settings(self) -> dict:
        data = {
            "key": self.key,
            "label": self.label,
            "help": self.help,
            "geometry": self.geometry,
            "role": self.role,
            "min": self.min,
            "max": self.max,
        }
        if self.choices:
            data["choice_label"] = self.choice_label
            data["choices"] = [{"value": v, "label": label} for v, label in self.choices]
        if self.text_label:
            data["text_label"] = self.text_label
        return data


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def layer_from(data: dict) -> Layer:
    choices = tuple(
        (_int(c.get("value"), 0), str(c.get("label", "")))
        for c in data.get("choices") or []
        if isinstance(c, dict)
    )
    return Layer(
        key=str(data.get("key", "")),
        label=str(data.get("label", "")),
        help=str(data.get("help", "") or ""),
        geometry=data.get("geometry") if data.get("geometry") in GEOMETRIES else "point",
        role=data.get("role") if data.get("role") in ROLES else "other",
        min=_int(data.get("min"), 0),
        max=_int(data.get("max"), 5),
        choice_label=str(data.get("choice_label", "") or "") if choices else "",
        choices=choices,
        text_label=str(data.get("text_label", "") or ""),
    )


def layers_of(question) -> list[Layer]:
    raw = (question.settings or {}).get("layers") or []
    return [layer_from(item) for item in raw if isinstance(item, dict) and item.get("key")]


def margin_of(question) -> int:
    return _int((question.settings or {}).get("margin_m"), DEFAULT_MARGIN_M)


@dataclass(frozen=True)
class Place:
    pk: int
    name: str
    kind: str
    lat: float
    lon: float

    @property
    def point(self) -> dict:
        return {"type": "Point", "coordinates": [round(self.lon, 6), round(self.lat, 6)]}


@dataclass
class MapContext:
    """A map question's layers and surroundings, read once."""

    layers: list[Layer]
    margin_m: int
    municipality: object
    places: dict[int, Place] = field(default_factory=dict)
    area: object = None  # shapely geometry of the allowed area, or None

    @property
    def by_key(self) -> dict[str, Layer]:
        return {layer.key: layer for layer in self.layers}


@lru_cache(maxsize=32)
def _area(boundary_text: str, margin_m: int):
    return allowed_area(json.loads(boundary_text), margin_m)


def area_for(boundary, margin_m: int):
    """The allowed area of a boundary with its margin (cached: buffering is the slow part)."""
    if not boundary:
        return None
    return _area(json.dumps(boundary, sort_keys=True), margin_m)


def _municipality(question):
    from ..models import Survey

    if "survey" in question._state.fields_cache:
        survey = question.survey
        if "municipality" in survey._state.fields_cache:
            return survey.municipality
    survey = Survey.objects.select_related("municipality").get(pk=question.survey_id)
    question.survey = survey
    return survey.municipality


def map_context(question) -> MapContext:
    """The question's context, cached on the question object (one request's Structure)."""
    cached = getattr(question, "_map_context", None)
    if cached is not None:
        return cached
    from ..models import Locality

    municipality = _municipality(question)
    places = {
        pk: Place(pk, name, kind, lat, lon)
        for pk, name, kind, lat, lon in Locality.objects.filter(
            municipality=municipality, latitude__isnull=False, longitude__isnull=False
        )
        .order_by("position", "name", "pk")
        .values_list("pk", "name", "kind", "latitude", "longitude")
    }
    margin = margin_of(question)
    context = MapContext(
        layers=layers_of(question),
        margin_m=margin,
        municipality=municipality,
        places=places,
        area=area_for(municipality.boundary, margin),
    )
    question._map_context = context
    return context


def boundary_json(municipality) -> dict | None:
    geometry = boundary_shape(municipality.boundary)
    return geometry_json(geometry) if geometry is not None else None
