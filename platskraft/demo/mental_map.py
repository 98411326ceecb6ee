"""Demo mental map for Kramfors: where residents go, how they travel, where they feel a
border, what they are proud of — asked in two rounds, as Kramfors's own mental map was.

The places are real; their coordinates are approximate (read off a map to about a
kilometre) and only those inside Kramfors's boundary are kept when the boundary is
known. The boundary itself comes from the okfse file in ../shared/data (via the
municipalities app's boundary import) when the demo municipality has none. Every answer
is invented and drawn from a seeded random generator around the localities, with a few
small groups (visitors, the oldest age band, scattered single drawings) for the
publication threshold to hide.
"""

from __future__ import annotations

import json
import math
import os
import random
from datetime import datetime, time, timedelta
from pathlib import Path

import shapely
from django.utils import timezone, translation
from shapely.geometry import shape

from platskraft.municipalities.boundaries import boundaries_import
from platskraft.municipalities.models import Municipality, Process
from platskraft.surveys.models import (
    Access,
    Channel,
    Locality,
    Option,
    PlaceKind,
    Question,
    Response,
    ResponseStatus,
    Section,
    Survey,
    SurveyStatus,
)
from platskraft.surveys.presets import AGE_OPTIONS, ROLE_OPTIONS, mental_map_layers

SHARED_DATA = Path(
    os.environ.get(
        "PLATSKRAFT_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"
    )
)
BOUNDARIES = SHARED_DATA / "kommuner" / "okfse_swedish_municipalities.geojson"
CODE = "2282"

# Approximate coordinates (lat, lon), to about a kilometre: good enough for a demo.
LOCALITIES = {
    "Kramfors": (62.931, 17.777),
    "Bollstabruk": (62.997, 17.690),
    "Nyland": (62.997, 17.752),
    "Väja": (62.983, 17.717),
    "Lunde": (62.880, 17.872),
    "Frånö": (62.917, 17.829),
    "Ullånger": (62.998, 18.193),
    "Docksta": (63.052, 18.323),
    "Nordingrå": (62.932, 18.282),
    "Bjärtrå": (62.805, 17.652),
    "Sandslån": (62.866, 17.847),
    "Klockestrand": (62.850, 17.893),
}
LANDMARKS = {
    "Högakustenbron": (62.800, 17.940, "Hängbron över Ångermanälven"),
    "Skuleberget": (63.090, 18.380, "Berget vid Docksta med utsikt över Höga kusten"),
    "Kramfors torg": (62.930, 17.781, "Torget i centrum"),
    "Resecentrum": (62.927, 17.790, "Tåg och bussar"),
}
# How often residents live in each locality (the town most).
HOMES = [40, 8, 6, 4, 6, 5, 6, 6, 5, 4, 5, 5]
M_PER_DEG = math.pi / 180 * 6_371_008.8

VISIT_TEXTS = ["Fika", "Handla mat", "Jobbet", "Träffa vänner", "Biblioteket", "Simhallen", ""]
PRIDE_TEXTS = ["Utsikten", "Naturen", "Bron", "Världsarvet", "Älven", "Gamla stationen"]
AVOID_TEXTS = ["Mörkt på kvällen", "Mycket trafik", "Otryggt", ""]
DESCRIPTIONS = ["Busstationen sent på kvällen", "Gångtunneln under vägen", "Parkeringen vid älven"]


def _boundary(kramfors: Municipality) -> None:
    """Give the demo municipality its boundary from the okfse file, if it has none."""
    if kramfors.boundary or not BOUNDARIES.exists():
        return
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    features = [f for f in data.get("features", []) if f.get("properties", {}).get("id") == CODE]
    if features:
        boundaries_import(collection={"type": "FeatureCollection", "features": features})
        kramfors.refresh_from_db()


def _gazetteer(kramfors: Municipality) -> dict[str, Locality]:
    """Coordinates for the localities (adding those missing) and the landmarks; places
    outside the boundary, when it is known, are left without a point or out."""
    area = shape(kramfors.boundary) if kramfors.boundary else None

    def inside(lat, lon):
        return area is None or shapely.contains_xy(area, lon, lat)

    places = {p.name: p for p in Locality.objects.filter(municipality=kramfors)}
    position = len(places)
    for name, (lat, lon) in LOCALITIES.items():
        place = places.get(name) or Locality(municipality=kramfors, name=name, position=position)
        position += 1
        place.kind = PlaceKind.LOCALITY
        place.latitude, place.longitude = (lat, lon) if inside(lat, lon) else (None, None)
        place.save()
        places[name] = place
    for name, (lat, lon, description) in LANDMARKS.items():
        if not inside(lat, lon):
            continue
        places[name] = Locality.objects.create(
            municipality=kramfors,
            name=name,
            kind=PlaceKind.LANDMARK,
            latitude=lat,
            longitude=lon,
            description=description,
            position=position,
        )
        position += 1
    return {name: p for name, p in places.items() if p.has_point}


class _Draw:
    """Random drawings near places (seeded)."""

    def __init__(self, rnd: random.Random, places: dict[str, Locality]):
        self.rnd = rnd
        self.places = places

    def near(self, name: str, spread_m: float) -> list[float]:
        place = self.places[name]
        dx, dy = self.rnd.gauss(0, spread_m), self.rnd.gauss(0, spread_m)
        lon = place.longitude + dx / (M_PER_DEG * math.cos(math.radians(place.latitude)))
        return [round(lon, 6), round(place.latitude + dy / M_PER_DEG, 6)]

    def point(self, name: str, spread_m: float) -> dict:
        return {"type": "Point", "coordinates": self.near(name, spread_m)}

    def line(self, start: str, end: str) -> dict:
        a, b = self.near(start, 250), self.near(end, 250)
        bend = [
            (a[0] + b[0]) / 2 + self.rnd.gauss(0, 0.01),
            (a[1] + b[1]) / 2 + self.rnd.gauss(0, 0.004),
        ]
        return {"type": "LineString", "coordinates": [a, [round(v, 6) for v in bend], b]}

    def area(self, name: str, radius_m: float) -> dict:
        centre = self.near(name, radius_m / 4)
        ring = []
        for i in range(8):
            angle = 2 * math.pi * i / 8
            r = radius_m * self.rnd.uniform(0.7, 1.2)
            lon = centre[0] + r * math.cos(angle) / (M_PER_DEG * math.cos(math.radians(centre[1])))
            ring.append([round(lon, 6), round(centre[1] + r * math.sin(angle) / M_PER_DEG, 6)])
        ring.append(ring[0])
        return {"type": "Polygon", "coordinates": [ring]}


def _drawings(rnd: random.Random, draw: _Draw, home: str, role: int, shift: float) -> list[dict]:
    names = list(draw.places)
    localities = [n for n in LOCALITIES if n in draw.places]
    items: list[dict] = []
    # Places visited: the town centre, home, and now and then the coast.
    for _ in range(rnd.randint(1, 4)):
        target = rnd.choices(
            [
                "Kramfors",
                home,
                "Nordingrå" if "Nordingrå" in draw.places else home,
                rnd.choice(localities),
            ],
            weights=[5, 3, 1 + 2 * shift, 1],
        )[0]
        item = {"layer": "visit", "geometry": draw.point(target, 350), "choice": rnd.randint(1, 6)}
        if text := rnd.choice(VISIT_TEXTS):
            item["text"] = text
        items.append(item)
    # Routes: from home to the town, sometimes elsewhere.
    if role != 2 and rnd.random() < 0.7:
        end = "Kramfors" if home != "Kramfors" else rnd.choice(localities)
        items.append(
            {"layer": "route", "geometry": draw.line(home, end), "choice": rnd.randint(1, 5)}
        )
    # Borders: the river (physical) and the old parish line north of the town (emotional).
    if rnd.random() < 0.35:
        if rnd.random() < 0.6 and "Frånö" in draw.places and "Lunde" in draw.places:
            items.append({"layer": "border", "geometry": draw.line("Frånö", "Lunde"), "choice": 1})
        elif "Väja" in draw.places and "Nyland" in draw.places:
            items.append({"layer": "border", "geometry": draw.line("Väja", "Nyland"), "choice": 2})
    # Landmarks: mostly the bridge and the mountain, named; some picked from the list.
    for _ in range(rnd.randint(0, 2)):
        name = rnd.choices(["Högakustenbron", "Skuleberget", "Kramfors torg"], [5, 3, 2])[0]
        if name not in draw.places:
            continue
        place = draw.places[name]
        if rnd.random() < 0.2:
            items.append(
                {
                    "layer": "landmark",
                    "place": place.pk,
                    "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
                    "text": name,
                }
            )
        else:
            items.append({"layer": "landmark", "geometry": draw.point(name, 200), "text": name})
    # Pride: the coast and the bridge; a few draw an area.
    if rnd.random() < 0.6:
        name = rnd.choice(
            [
                n
                for n in ("Skuleberget", "Högakustenbron", "Nordingrå", "Docksta")
                if n in draw.places
            ]
            or names
        )
        geometry = draw.area(name, 800) if rnd.random() < 0.2 else draw.point(name, 400)
        items.append({"layer": "pride", "geometry": geometry, "text": rnd.choice(PRIDE_TEXTS)})
    # Avoided places: few, near the station; some only in words.
    if rnd.random() < 0.12:
        if rnd.random() < 0.5 and "Resecentrum" in draw.places:
            items.append(
                {
                    "layer": "avoid",
                    "geometry": draw.point("Resecentrum", 150),
                    "text": rnd.choice(AVOID_TEXTS),
                }
            )
        else:
            items.append({"layer": "avoid", "description": rnd.choice(DESCRIPTIONS)})
    # Where the centre is: an area around the town's middle.
    if rnd.random() < 0.5:
        items.append({"layer": "centre", "geometry": draw.area("Kramfors", rnd.uniform(300, 900))})
    # A scattered drawing far from everyone else's: hidden below k.
    if rnd.random() < 0.05:
        items.append(
            {"layer": "visit", "geometry": draw.point(rnd.choice(localities), 4000), "choice": 6}
        )
    return [{k: v for k, v in item.items() if v != ""} for item in items]


def _survey(kramfors, process, title: str, **fields) -> tuple[Survey, dict]:
    survey = Survey.objects.create(
        municipality=kramfors,
        process=process,
        title=title,
        intro=(
            "Rita på kartan var du brukar vara, hur du reser, var du känner en gräns och vad "
            "du är stolt över. Du kan också svara utan karta. Svaren är anonyma. (Demo.)"
        ),
        thanks="Tack! Kartan sammanställs i rutor så att ingen enskild kan pekas ut. (Demo.)",
        access=Access.ANYONE,
        is_demo=True,
        **fields,
    )
    about = Section.objects.create(survey=survey, position=1, title="Om dig")
    drawing = Section.objects.create(survey=survey, position=2, title="Din karta")
    q = {
        "roll": Question.objects.create(
            survey=survey, section=about, position=1, code="roll", kind="segment",
            text="Vilket passar bäst in på dig?", required=True, settings={"segment": "role"},
        ),
        "alder": Question.objects.create(
            survey=survey, section=about, position=2, code="alder", kind="segment",
            text="Hur gammal är du?", settings={"segment": "age"},
        ),
        "karta": Question.objects.create(
            survey=survey, section=drawing, position=1, code="karta", kind="map",
            text="Din mentala karta över Kramfors",
            help_text="Välj ett lager och rita. Du kan också välja platser ur listan eller beskriva dem.",
            settings={"layers": mental_map_layers(), "margin_m": 2000},
        ),
    }  # fmt: skip
    Option.objects.bulk_create(
        Option(question=q["roll"], value=value, position=i, label=str(label))
        for i, (value, label) in enumerate(ROLE_OPTIONS[:3])
    )
    Option.objects.bulk_create(
        Option(question=q["alder"], value=value, position=i, label=str(label))
        for i, (value, label) in enumerate(AGE_OPTIONS)
    )
    return survey, q


def _responses(survey, q, places, count: int, first_day, days: int, seed: int, shift: float):
    rnd = random.Random(seed)  # noqa: S311 - repeatable demo data
    draw = _Draw(rnd, places)
    homes = [n for n in LOCALITIES if n in places]
    weights = [w for n, w in zip(LOCALITIES, HOMES, strict=True) if n in places]
    rows = []
    for i in range(count):
        role = rnd.choices([1, 2, 3], weights=[82, 7, 11])[0]  # few visitors: a small group
        home = rnd.choices(homes, weights=weights)[0] if role != 2 else "Kramfors"
        answers = {
            q["roll"].key: role,
            q["alder"].key: rnd.choices(range(1, 7), weights=[8, 14, 24, 30, 20, 4])[0],
        }
        if items := _drawings(rnd, draw, home, role, shift):
            answers[q["karta"].key] = items
        day = first_day + timedelta(days=int(rnd.expovariate(4 / days)) % days)
        rows.append(
            Response(
                survey=survey,
                status=ResponseStatus.COMPLETE,
                channel=rnd.choices([Channel.WEB, Channel.CAFE], [85, 15])[0],
                answers=answers,
                submitted_at=timezone.make_aware(datetime.combine(day, time(9 + i % 10, i % 60))),
            )
        )
    Response.objects.bulk_create(rows, batch_size=500)


def build_mental_map(*, kramfors: Municipality, process: Process, today) -> None:
    with translation.override("sv"):
        _boundary(kramfors)
        places = _gazetteer(kramfors)
        if "Kramfors" not in places:
            return  # no usable gazetteer: no drawings to make
        start_before = today - timedelta(days=365)
        earlier, earlier_q = _survey(
            kramfors,
            process,
            f"Mental karta över Kramfors {start_before.year}",
            status=SurveyStatus.CLOSED,
            results_public=True,
            opens_at=timezone.make_aware(datetime.combine(start_before, time(8))),
            closes_at=timezone.make_aware(
                datetime.combine(start_before + timedelta(days=30), time(23))
            ),
        )
        _responses(earlier, earlier_q, places, 140, start_before, 30, seed=2017, shift=0.0)
        start = today - timedelta(days=14)
        current, current_q = _survey(
            kramfors,
            process,
            f"Mental karta över Kramfors {today.year}",
            status=SurveyStatus.PUBLISHED,
            results_public=True,
            previous_round=earlier,
            opens_at=timezone.make_aware(datetime.combine(start, time(8))),
            closes_at=timezone.make_aware(datetime.combine(today + timedelta(days=30), time(23))),
        )
        _responses(current, current_q, places, 160, start, 14, seed=2018, shift=1.0)
