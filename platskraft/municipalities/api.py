"""Public, read-only JSON API (v1) for municipalities and their published processes.

The routes live on a `Router`; `platskraft/api.py` puts the routers of every app
together under one versioned API.
"""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from . import selectors
from .models import Municipality

router = Router(tags=["municipalities"])


class MunicipalityOut(Schema):
    slug: str
    name: str
    code: str
    county: str
    centre_lat: float | None
    centre_lon: float | None

    @staticmethod
    def resolve_county(obj) -> str:
        return obj.county.name


class PhaseOut(Schema):
    name: str
    kind: str
    start_date: date
    end_date: date


class ProcessOut(Schema):
    id: int
    title: str
    summary: str
    status: str
    start_date: date
    end_date: date | None
    current_phase: str | None
    phases: list[PhaseOut]
    url: str

    @staticmethod
    def resolve_current_phase(obj) -> str | None:
        current = selectors.process_timeline(obj).current
        return current.name if current else None

    @staticmethod
    def resolve_phases(obj):
        return list(obj.phases.all())

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


@router.get("/municipalities", response=list[MunicipalityOut])
def municipalities(request):
    return selectors.municipality_list()


@router.get("/municipalities/{slug}/boundary", url_name="municipality_boundary")
def boundary(request, slug: str):
    """The municipality's boundary and centre as a GeoJSON FeatureCollection."""
    municipality = get_object_or_404(Municipality, slug=slug)
    features = []
    if municipality.boundary:
        features.append(
            {
                "type": "Feature",
                "geometry": municipality.boundary,
                "properties": {"name": municipality.name, "kind": "boundary"},
            }
        )
    if municipality.centre:
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [municipality.centre_lon, municipality.centre_lat],
                },
                "properties": {"name": municipality.name, "kind": "centre"},
            }
        )
    return {"type": "FeatureCollection", "features": features}


@router.get("/municipalities/{slug}/processes", response=list[ProcessOut])
def processes(request, slug: str):
    municipality = get_object_or_404(Municipality, slug=slug)
    return selectors.process_list(municipality=municipality)
