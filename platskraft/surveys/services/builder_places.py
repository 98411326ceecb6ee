"""Importing places into the gazetteer from a GeoJSON or CSV file: everything is checked
first, and either every place is added or none, with a message for each problem naming
the feature (GeoJSON) or line (CSV).

GeoJSON: a FeatureCollection of Point features with a `name` (or `namn`) property and
an optional `kind` (locality, landmark, place; Swedish `ort`, `landmärke`, `plats` too)
and `description`. CSV: columns name, kind, latitude, longitude (and description), with
a header line; a comma or semicolon between the columns, a decimal point or comma.
"""

from __future__ import annotations

import csv
import io
import json
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from platskraft.analysis.geo.drawings import Problem, check_point
from platskraft.municipalities.models import Municipality

from ..models import Locality, PlaceKind
from .builder_common import next_position

MAX_PLACES = 5000
KINDS = {
    "locality": PlaceKind.LOCALITY,
    "ort": PlaceKind.LOCALITY,
    "tätort": PlaceKind.LOCALITY,
    "landmark": PlaceKind.LANDMARK,
    "landmärke": PlaceKind.LANDMARK,
    "place": PlaceKind.PLACE,
    "plats": PlaceKind.PLACE,
    "": PlaceKind.PLACE,
}
NAME_MAX = Locality._meta.get_field("name").max_length
DESCRIPTION_MAX = Locality._meta.get_field("description").max_length


def _point_message(where: str, lon: float, lat: float) -> str:
    problem, _detail = check_point(lon, lat)
    if problem is None:
        return ""
    values = {"where": where, "lat": f"{lat:g}", "lon": f"{lon:g}"}
    if problem == Problem.SWAPPED:
        return (
            _(
                "%(where)s: the coordinates seem to be in the wrong order (latitude "
                "%(lat)s, longitude %(lon)s): GeoJSON gives the longitude first, the CSV "
                "file has them in their own columns."
            )
            % values
        )
    if problem == Problem.PROJECTED:
        return (
            _(
                "%(where)s: the coordinates (%(lon)s, %(lat)s) look projected (e.g. SWEREF "
                "99 TM, in metres). Give longitude and latitude in degrees (WGS 84)."
            )
            % values
        )
    return _("%(where)s: the point (%(lon)s, %(lat)s) is not in Sweden.") % values


class _Reader:
    def __init__(self, municipality: Municipality):
        self.errors: list[str] = []
        self.places: list[dict] = []
        self.seen: dict[str, str] = {}
        self.existing = {
            name.casefold()
            for name in Locality.objects.filter(municipality=municipality).values_list(
                "name", flat=True
            )
        }

    def add(self, where: str, name, kind, lon, lat, description="") -> None:
        problems = []
        name = " ".join(str(name or "").split())
        if not name:
            problems.append(_("%(where)s: the place has no name.") % {"where": where})
        elif len(name) > NAME_MAX:
            problems.append(
                _("%(where)s: the name is longer than %(limit)s characters.")
                % {"where": where, "limit": NAME_MAX}
            )
        elif name.casefold() in self.seen:
            problems.append(
                _("%(where)s: “%(name)s” is already in the file (%(other)s).")
                % {"where": where, "name": name, "other": self.seen[name.casefold()]}
            )
        elif name.casefold() in self.existing:
            problems.append(
                _("%(where)s: “%(name)s” is already on the list of places.")
                % {"where": where, "name": name}
            )
        found_kind = KINDS.get(str(kind or "").strip().casefold())
        if found_kind is None:
            problems.append(
                _("%(where)s: “%(kind)s” is not a kind of place (locality, landmark, place).")
                % {"where": where, "kind": kind}
            )
        point = _point_message(where, lon, lat)
        if point:
            problems.append(point)
        if problems:
            self.errors += problems
            return
        self.seen[name.casefold()] = where
        self.places.append(
            {
                "name": name,
                "kind": found_kind,
                "latitude": round(lat, 6),
                "longitude": round(lon, 6),
                "description": str(description or "").strip()[:DESCRIPTION_MAX],
            }
        )


def _number(raw) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw) if math.isfinite(raw) else None
    try:
        value = float(str(raw).strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _geojson(reader: _Reader, text: str) -> None:
    try:
        document = json.loads(text)
    except ValueError:
        raise ValidationError(_("The file is not valid JSON.")) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ValidationError(_("The file is not a GeoJSON FeatureCollection."))
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise ValidationError(_("The file has no features."))
    if len(features) > MAX_PLACES:
        raise ValidationError(_("At most %(limit)s places at a time.") % {"limit": MAX_PLACES})
    for number, feature in enumerate(features, start=1):
        where = _("Feature %(number)s") % {"number": number}
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            reader.errors.append(_("%(where)s is not a GeoJSON Feature.") % {"where": where})
            continue
        geometry = feature.get("geometry") or {}
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        if kind != "Point":
            reader.errors.append(
                _("%(where)s: the geometry is “%(found)s”; only points (Point) can be places.")
                % {"where": where, "found": kind or _("none")}
            )
            continue
        coords = geometry.get("coordinates")
        values = [_number(c) for c in coords] if isinstance(coords, list) else []
        if len(values) < 2 or values[0] is None or values[1] is None:
            reader.errors.append(_("%(where)s: the coordinates cannot be read.") % {"where": where})
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
        name = properties.get("name") or properties.get("namn") or ""
        reader.add(
            where,
            name,
            properties.get("kind", properties.get("typ", "")),
            values[0],
            values[1],
            properties.get("description") or properties.get("beskrivning") or "",
        )


def _csv(reader: _Reader, text: str) -> None:
    lines = text.splitlines()
    if not lines:
        raise ValidationError(_("The file is empty."))
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    rows = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = {(c or "").strip().casefold() for c in rows.fieldnames or []}
    missing = [c for c in ("name", "latitude", "longitude") if c not in columns]
    if missing:
        raise ValidationError(
            _(
                "The first line must name the columns name, kind, latitude, longitude; missing: %(columns)s."
            )
            % {"columns": ", ".join(missing)}
        )
    count = 0
    for number, raw in enumerate(rows, start=2):
        row = {(k or "").strip().casefold(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        count += 1
        if count > MAX_PLACES:
            raise ValidationError(_("At most %(limit)s places at a time.") % {"limit": MAX_PLACES})
        where = _("Line %(number)s") % {"number": number}
        lat, lon = _number(row.get("latitude", "")), _number(row.get("longitude", ""))
        if lat is None or lon is None:
            reader.errors.append(
                _("%(where)s: the latitude and longitude must be numbers.") % {"where": where}
            )
            continue
        reader.add(
            where, row.get("name"), row.get("kind", ""), lon, lat, row.get("description", "")
        )
    if not count:
        raise ValidationError(_("The file has no places."))


def read_places(*, municipality: Municipality, content: bytes, filename: str) -> list[dict]:
    """The places of a file, checked; ValidationError listing every problem."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text.")) from None
    reader = _Reader(municipality)
    lower = filename.lower()
    if lower.endswith((".geojson", ".json")) or text.lstrip().startswith("{"):
        _geojson(reader, text)
    else:
        _csv(reader, text)
    if reader.errors:
        raise ValidationError(reader.errors)
    return reader.places


@transaction.atomic
def places_import(*, municipality: Municipality, content: bytes, filename: str) -> int:
    """Add every place of the file, or none (ValidationError with every problem)."""
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    places = read_places(municipality=municipality, content=content, filename=filename)
    start = next_position(Locality.objects.filter(municipality=municipality))
    Locality.objects.bulk_create(
        Locality(municipality=municipality, position=start + i, **place)
        for i, place in enumerate(places)
    )
    return len(places)
