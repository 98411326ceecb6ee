"""Shared by the map question tests: a municipality with a boundary, places, and a
survey with a map question of three layers."""

import json

from platskraft.surveys.models import Locality, PlaceKind
from platskraft.surveys.presets import mental_map_layers

from .factories import QuestionFactory, SectionFactory, SurveyFactory

# A box around Kramfors (lon 17.5–18.2, lat 62.8–63.1).
BOUNDARY = {
    "type": "Polygon",
    "coordinates": [[[17.5, 62.8], [18.2, 62.8], [18.2, 63.1], [17.5, 63.1], [17.5, 62.8]]],
}
LAYERS = [
    {
        "key": "visit",
        "label": "Places I visit",
        "geometry": "point",
        "role": "visit",
        "min": 0,
        "max": 3,
        "choice_label": "Why do you go there?",
        "choices": [{"value": 1, "label": "Shopping"}, {"value": 2, "label": "Leisure"}],
        "text_label": "Tell us more",
    },
    {
        "key": "route",
        "label": "My usual routes",
        "geometry": "line",
        "role": "route",
        "min": 0,
        "max": 2,
    },
    {
        "key": "centre",
        "label": "Where the centre is",
        "geometry": "area",
        "role": "centre",
        "min": 0,
        "max": 1,
    },
]


def point(lon=17.78, lat=62.93):
    return {"type": "Point", "coordinates": [lon, lat]}


def line(*coords):
    coords = coords or ((17.7, 62.9), (17.8, 62.95))
    return {"type": "LineString", "coordinates": [list(c) for c in coords]}


def square(lon=17.7, lat=62.9, size=0.05):
    east, north = round(lon + size, 6), round(lat + size, 6)
    ring = [[lon, lat], [east, lat], [east, north], [lon, north], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def bowtie():
    ring = [[17.6, 62.9], [17.7, 63.0], [17.7, 62.9], [17.6, 63.0], [17.6, 62.9]]
    return {"type": "Polygon", "coordinates": [ring]}


def map_survey(
    municipality, *, layers=None, required=False, margin_m=2000, preset=False, boundary=BOUNDARY
):
    municipality.boundary = boundary
    municipality.save(update_fields=["boundary"])
    survey = SurveyFactory(municipality=municipality)
    section = SectionFactory(survey=survey, title="Your places", position=1)
    question = QuestionFactory(
        section=section,
        survey=survey,
        code="mm",
        kind="map",
        text="Where do you go?",
        required=required,
        settings={
            "layers": mental_map_layers() if preset else (layers or LAYERS),
            "margin_m": margin_m,
        },
    )
    return survey, question


def places(municipality):
    return {
        "bridge": Locality.objects.create(
            municipality=municipality,
            name="Högakustenbron",
            kind=PlaceKind.LANDMARK,
            latitude=62.80,
            longitude=17.93,
            position=1,
        ),
        "kramfors": Locality.objects.create(
            municipality=municipality,
            name="Kramfors",
            kind=PlaceKind.LOCALITY,
            latitude=62.93,
            longitude=17.78,
            position=2,
        ),
        "nowhere": Locality.objects.create(
            municipality=municipality,
            name="Bollstabruk",
            kind=PlaceKind.LOCALITY,
            position=3,
        ),
    }


def drawings(*items):
    return json.dumps(list(items))
