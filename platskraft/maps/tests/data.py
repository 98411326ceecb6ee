"""A small mental-map survey with hand-countable answers.

Publication threshold k = 2. Five complete responses (r0 … r4) and one started one:

- visit (points): r0 twice at KRAMFORS (one hexagon), r1 and r3 once at KRAMFORS,
  r2 once at BRIDGE → KRAMFORS's cell: 3 respondents, 4 drawings; BRIDGE's: 1 (hidden).
- landmark (points): r0 and r1 at BRIDGE, named → one cluster of 2.
- route (lines): r2 and r3 from KRAMFORS to BOLLSTABRUK → one trip pair of 2.
- border (lines or areas, choice 1 physical / 2 emotional): r3 a line (1), r1 an area (2).
- centre (areas): r0 and r3 both cover KRAMFORS → share 1.0 there.
- avoid: r4 described a place in words only.
- The segment question "role": r0, r1, r4 answered 1 (live here), r2, r3 answered 2.
"""

from __future__ import annotations

from platskraft.surveys.models import Locality, PlaceKind, ResponseStatus
from platskraft.surveys.tests.factories import (
    OptionFactory,
    QuestionFactory,
    ResponseFactory,
    SectionFactory,
    SurveyFactory,
)

KRAMFORS = (17.78, 62.93)
BRIDGE = (17.94, 62.80)
BOLLSTABRUK = (17.69, 62.99)

LAYERS = [
    {
        "key": "visit",
        "label": "Places I visit",
        "geometry": "point",
        "role": "visit",
        "min": 0,
        "max": 5,
        "choice_label": "Why?",
        "choices": [{"value": 1, "label": "Shopping"}, {"value": 2, "label": "Work"}],
    },
    {"key": "route", "label": "Routes", "geometry": "line", "role": "route", "min": 0, "max": 5},
    {
        "key": "border",
        "label": "Borders",
        "geometry": "line_area",
        "role": "boundary",
        "min": 0,
        "max": 5,
        "choices": [{"value": 1, "label": "Physical"}, {"value": 2, "label": "Emotional"}],
    },
    {
        "key": "landmark",
        "label": "Landmarks",
        "geometry": "point",
        "role": "landmark",
        "min": 0,
        "max": 5,
        "text_label": "Name",
    },
    {"key": "centre", "label": "Centre", "geometry": "area", "role": "centre", "min": 0, "max": 1},
    {
        "key": "avoid",
        "label": "Avoid",
        "geometry": "point_area",
        "role": "avoid",
        "min": 0,
        "max": 3,
    },
]


def point(lon_lat):
    return {"type": "Point", "coordinates": list(lon_lat)}


def square(lon_lat, half=0.01):
    lon, lat = lon_lat
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


ROUTE = {"type": "LineString", "coordinates": [list(KRAMFORS), [17.74, 62.96], list(BOLLSTABRUK)]}

ANSWERS = [
    (
        1,
        [
            {"layer": "visit", "geometry": point(KRAMFORS), "choice": 1, "text": "Fika"},
            {"layer": "visit", "geometry": point((17.7801, 62.9301)), "choice": 2},
            {"layer": "landmark", "geometry": point(BRIDGE), "text": "Högakustenbron"},
            {"layer": "centre", "geometry": square(KRAMFORS)},
        ],
    ),
    (
        1,
        [
            {"layer": "visit", "geometry": point(KRAMFORS), "choice": 1},
            {"layer": "landmark", "geometry": point(BRIDGE), "text": "bron Högakustenbron"},
            {"layer": "border", "geometry": square(BRIDGE, 0.02), "choice": 2},
        ],
    ),
    (
        2,
        [
            {"layer": "visit", "geometry": point(BRIDGE), "choice": 1},
            {"layer": "route", "geometry": ROUTE, "choice": 1},
        ],
    ),
    (
        2,
        [
            {"layer": "visit", "geometry": point(KRAMFORS), "choice": 1},
            {"layer": "route", "geometry": ROUTE},
            {"layer": "centre", "geometry": square(KRAMFORS, 0.02)},
            {
                "layer": "border",
                "geometry": {"type": "LineString", "coordinates": [[17.8, 62.9], [17.9, 62.9]]},
                "choice": 1,
            },
        ],
    ),
    (1, [{"layer": "avoid", "description": "The bus station in the evening"}]),
]


def map_survey(municipality, *, title="Mental map", previous=None, answers=ANSWERS, **fields):
    """The survey, its map question and segment question, and the answers above."""
    survey = SurveyFactory(
        municipality=municipality, title=title, previous_round=previous, **fields
    )
    section = SectionFactory(survey=survey)
    role = QuestionFactory(
        section=section, code="role", kind="segment", text="Who are you?", settings={}
    )
    OptionFactory(question=role, value=1, label="I live here")
    OptionFactory(question=role, value=2, label="I am visiting")
    question = QuestionFactory(
        section=section,
        code="map",
        kind="map",
        text="Draw your places",
        settings={"layers": LAYERS, "margin_m": 2000},
    )
    for role_code, items in answers:
        ResponseFactory(survey=survey, answers={role.key: role_code, question.key: items})
    ResponseFactory(
        survey=survey,
        status=ResponseStatus.STARTED,
        answers={question.key: [{"layer": "visit", "geometry": point(BRIDGE)}]},
    )
    return survey, question, role


def gazetteer(municipality):
    for i, (name, (lon, lat)) in enumerate([("Kramfors", KRAMFORS), ("Bollstabruk", BOLLSTABRUK)]):
        Locality.objects.create(
            municipality=municipality,
            name=name,
            kind=PlaceKind.LOCALITY,
            longitude=lon,
            latitude=lat,
            position=i,
        )
    Locality.objects.create(
        municipality=municipality,
        name="Högakustenbron",
        kind=PlaceKind.LANDMARK,
        longitude=BRIDGE[0],
        latitude=BRIDGE[1],
    )
