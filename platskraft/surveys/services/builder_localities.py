"""The municipality's gazetteer: named places (localities, landmarks, other places),
optionally with a point. Locality questions take their options from the places of the
kind “locality”; map questions offer every place with a point."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from platskraft.analysis.geo.drawings import Problem, check_point
from platskraft.municipalities.models import Municipality

from ..models import Locality, PlaceKind
from .builder_common import next_position, renumber, swap


def _lock(municipality: Municipality) -> None:
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()


def _check_name(municipality: Municipality, name: str, locality: Locality | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Write the place's name.")})
    clash = Locality.objects.filter(municipality=municipality, name__iexact=name)
    if locality is not None:
        clash = clash.exclude(pk=locality.pk)
    if clash.exists():
        raise ValidationError({"name": _("“%(name)s” is already on the list.") % {"name": name}})
    return name


def point_problem(latitude, longitude) -> str:
    """What is wrong with a place's coordinates, in words, or ""."""
    if latitude is None and longitude is None:
        return ""
    if latitude is None or longitude is None:
        return _("Give both the latitude and the longitude, or neither.")
    problem, _detail = check_point(float(longitude), float(latitude))
    if problem is None:
        return ""
    return {
        Problem.SWAPPED: _(
            "The latitude and longitude seem to be the wrong way round: in Sweden the "
            "latitude is 55–70 and the longitude 10–25."
        ),
        Problem.PROJECTED: _(
            "These look like projected coordinates (e.g. SWEREF 99 TM, in metres). Give the "
            "latitude and longitude in degrees (WGS 84), e.g. 62.93 and 17.78."
        ),
    }.get(
        problem,
        _("The point is not in Sweden: the latitude must be 55–70 and the longitude 10–25."),
    )


def _clean(municipality, values: dict, locality: Locality | None = None) -> dict:
    errors = {}
    try:
        name = _check_name(municipality, values.get("name", ""), locality)
    except ValidationError as error:
        errors.update(error.message_dict)
        name = ""
    kind = values.get("kind") or PlaceKind.LOCALITY
    if kind not in PlaceKind.values:
        errors["kind"] = _("Choose the kind of place.")
    latitude, longitude = values.get("latitude"), values.get("longitude")
    problem = point_problem(latitude, longitude)
    if problem:
        errors["longitude" if longitude is None and latitude is not None else "latitude"] = problem
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "kind": kind,
        "latitude": latitude,
        "longitude": longitude,
        "description": (values.get("description") or "").strip(),
    }


def _ordered(municipality: Municipality) -> list[Locality]:
    return list(Locality.objects.filter(municipality=municipality).order_by("position", "name"))


@transaction.atomic
def locality_create(
    *,
    municipality: Municipality,
    name: str,
    kind: str = PlaceKind.LOCALITY,
    latitude: float | None = None,
    longitude: float | None = None,
    description: str = "",
) -> Locality:
    _lock(municipality)
    values = _clean(
        municipality,
        {
            "name": name,
            "kind": kind,
            "latitude": latitude,
            "longitude": longitude,
            "description": description,
        },
    )
    return Locality.objects.create(
        municipality=municipality,
        position=next_position(Locality.objects.filter(municipality=municipality)),
        **values,
    )


@transaction.atomic
def locality_update(*, locality: Locality, name: str, **values) -> Locality:
    """Change a place. Questions already made keep their options until staff refresh
    them from the list."""
    _lock(locality.municipality)
    current = {
        "kind": locality.kind,
        "latitude": locality.latitude,
        "longitude": locality.longitude,
        "description": locality.description,
    }
    cleaned = _clean(locality.municipality, {**current, **values, "name": name}, locality)
    for field, value in cleaned.items():
        setattr(locality, field, value)
    locality.save(update_fields=list(cleaned))
    return locality


@transaction.atomic
def locality_delete(*, locality: Locality) -> None:
    """Remove it from the list; answers already given keep their option and code."""
    municipality = locality.municipality
    _lock(municipality)
    locality.delete()
    renumber(_ordered(municipality))


@transaction.atomic
def locality_move(*, locality: Locality, direction: str) -> None:
    _lock(locality.municipality)
    items = _ordered(locality.municipality)
    index = next(i for i, item in enumerate(items) if item.pk == locality.pk)
    if not swap(items, index, direction):
        raise ValidationError(_("The place cannot move further that way."))
