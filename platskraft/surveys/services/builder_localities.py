"""The municipality's list of localities, which locality questions take their options from."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from platskraft.municipalities.models import Municipality

from ..models import Locality
from .builder_common import next_position, renumber, swap


def _lock(municipality: Municipality) -> None:
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()


def _check_name(municipality: Municipality, name: str, locality: Locality | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Write the locality's name.")})
    clash = Locality.objects.filter(municipality=municipality, name__iexact=name)
    if locality is not None:
        clash = clash.exclude(pk=locality.pk)
    if clash.exists():
        raise ValidationError({"name": _("“%(name)s” is already on the list.") % {"name": name}})
    return name


def _ordered(municipality: Municipality) -> list[Locality]:
    return list(Locality.objects.filter(municipality=municipality).order_by("position", "name"))


@transaction.atomic
def locality_create(*, municipality: Municipality, name: str) -> Locality:
    _lock(municipality)
    return Locality.objects.create(
        municipality=municipality,
        name=_check_name(municipality, name),
        position=next_position(Locality.objects.filter(municipality=municipality)),
    )


@transaction.atomic
def locality_update(*, locality: Locality, name: str) -> Locality:
    """Rename a locality. Questions already made keep their options until staff refresh
    them from the list."""
    _lock(locality.municipality)
    locality.name = _check_name(locality.municipality, name, locality)
    locality.save(update_fields=["name"])
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
        raise ValidationError(_("The locality cannot move further that way."))
