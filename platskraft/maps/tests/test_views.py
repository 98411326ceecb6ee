"""The analysis pages and files: who sees what, staff-only parts, exports' content."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import h3
import pytest
from django.urls import reverse
from django.utils import translation

from platskraft.municipalities.models import Role
from platskraft.surveys.tests.results_helpers import member

from .data import BRIDGE, KRAMFORS, gazetteer, map_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def town(kramfors):
    kramfors.publication_threshold = 2
    kramfors.save()
    gazetteer(kramfors)
    return kramfors


def url(name, survey, query=""):
    address = reverse(
        f"maps:{name}", kwargs={"municipality_slug": survey.municipality.slug, "pk": survey.pk}
    )
    return address + (f"?{query}" if query else "")


def ok(response):
    assert response.status_code == 200, response.status_code
    return response


def features(html: str) -> dict:
    text = re.search(
        r'<script id="map-features" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(text.group(1))


def kramfors_cell(res=9):
    return h3.latlng_to_cell(KRAMFORS[1], KRAMFORS[0], res)


def test_staff_page_shows_the_table_the_map_data_and_staff_tools(client, town):
    survey, _q, _role = map_survey(town)
    client.force_login(member(town, Role.OBSERVER))
    html = ok(client.get(url("staff_analysis", survey, "layer=visit"))).content.decode()
    assert f'data-cell="{kramfors_cell()}"' in html
    assert "1 hexagon with fewer than 2 respondents is hidden." in html
    cells = [f for f in features(html)["features"] if f["properties"]["kind"] == "cell"]
    assert [f["properties"]["cell"] for f in cells] == [kramfors_cell()]
    assert {
        f["properties"]["name"]
        for f in features(html)["features"]
        if f["properties"]["kind"] == "place"
    } == {"Kramfors", "Bollstabruk", "Högakustenbron"}
    assert 'name="k"' in html and "Raw drawings" in html
    html = ok(client.get(url("staff_analysis", survey, "layer=avoid"))).content.decode()
    assert "Fewer than 2 respondents drew in this layer" in html
    assert "The bus station in the evening" not in html  # too few: nothing more is shown


def test_raising_k_removes_the_cell_from_table_and_map(client, town):
    survey, _q, _r = map_survey(town)
    client.force_login(member(town, Role.ADMIN))
    html = ok(client.get(url("staff_analysis", survey, "layer=visit&k=4"))).content.decode()
    assert kramfors_cell() not in html
    assert not [f for f in features(html)["features"] if f["properties"]["kind"] == "cell"]
    assert 'id="hidden-note">2 hexagons with fewer than 4 respondents are hidden.' in html


def test_the_hidden_cell_is_never_located(client, town):
    survey, _q, _r = map_survey(town)
    client.force_login(member(town, Role.ADMIN))
    bridge = h3.latlng_to_cell(BRIDGE[1], BRIDGE[0], 9)
    for name in ("staff_analysis", "staff_map_svg"):
        assert bridge not in ok(client.get(url(name, survey, "layer=visit"))).content.decode()
    # The exports hold every layer: the bridge is published as a landmark, not as a visit.
    data = json.loads(ok(client.get(url("staff_cells_geojson", survey))).content)
    located = {(f["properties"]["layer"], f["properties"]["cell"]) for f in data["features"]}
    assert ("landmark", bridge) in located and ("visit", bridge) not in located


def test_public_page_hides_staff_parts_and_ignores_k(client, town):
    survey, _q, _r = map_survey(town, results_public=True)
    html = ok(client.get(url("analysis", survey, "layer=visit&k=50"))).content.decode()
    assert f'data-cell="{kramfors_cell()}"' in html
    assert 'name="k"' not in html and "Raw drawings" not in html
    assert ok(client.get(url("cells_csv", survey))).status_code == 200


def test_public_page_404s_when_results_are_not_public(client, town):
    survey, _q, _r = map_survey(town, results_public=False)
    for name in ("analysis", "cells_geojson", "cells_csv", "map_svg"):
        assert client.get(url(name, survey)).status_code == 404


def test_staff_pages_need_staff_and_the_right_municipality(client, town, lund):
    survey, _q, _r = map_survey(town)
    response = client.get(url("staff_analysis", survey))
    assert response.status_code == 302  # log in first
    client.force_login(member(lund, Role.ADMIN))
    for name in ("staff_analysis", "staff_cells_csv", "staff_drawings", "staff_map_svg"):
        assert client.get(url(name, survey)).status_code == 404
    resident = member(town, Role.ADMIN)
    resident.memberships.all().delete()
    client.force_login(resident)
    assert client.get(url("staff_analysis", survey)).status_code == 404


def test_csv_and_geojson_hold_published_cells_of_every_layer(client, town):
    survey, _q, _r = map_survey(town)
    client.force_login(member(town, Role.EDITOR))
    text = b"".join(ok(client.get(url("staff_cells_csv", survey))).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r["layer"] for r in rows} == {"visit", "route", "centre", "landmark"}
    visit = [r for r in rows if r["layer"] == "visit"]
    assert [(r["cell"], r["respondents"], r["share"]) for r in visit] == [
        (kramfors_cell(), "3", "0.75")
    ]
    assert all(int(r["respondents"]) >= 2 for r in rows)
    data = json.loads(ok(client.get(url("staff_cells_geojson", survey))).content)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == len(rows)
    first = data["features"][0]
    assert first["geometry"]["type"] == "Polygon"
    assert {"layer", "cell", "respondents", "share"} <= set(first["properties"])


def test_raw_drawings_are_staff_only_and_anonymous(client, town):
    survey, _question, _r = map_survey(town, results_public=True)
    client.force_login(member(town, Role.OBSERVER))
    response = ok(client.get(url("staff_drawings", survey)))
    data = json.loads(b"".join(response.streaming_content))
    items = data["features"]
    assert len(items) == 14  # every item of the complete responses
    assert {f["properties"]["response"] for f in items} == {1, 2, 3, 4, 5}
    described = [f for f in items if f["geometry"] is None]
    assert described[0]["properties"]["description"] == "The bus station in the evening"
    assert all("user" not in f["properties"] and "id" not in f["properties"] for f in items)
    client.logout()
    assert client.get(url("staff_drawings", survey)).status_code == 302
    assert "drawings.geojson" not in ok(client.get(url("analysis", survey))).content.decode()


def test_svg_map_is_well_formed_with_title_legend_and_names(client, town):
    town.boundary = {
        "type": "Polygon",
        "coordinates": [[[17.5, 62.7], [18.5, 62.7], [18.5, 63.2], [17.5, 63.2], [17.5, 62.7]]],
    }
    town.save()
    survey, _q, _r = map_survey(town, title="Mental map <2026> & more")
    client.force_login(member(town, Role.EDITOR))
    response = ok(client.get(url("staff_map_svg", survey, "layer=visit")))
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Mental map <2026> & more" in text
    assert "Kramfors" in text and "Places I visit" in text
    paths = list(root.iter("{http://www.w3.org/2000/svg}path"))
    assert len(paths) == 2  # the boundary and the one published hexagon


def test_change_view_between_rounds(client, town):
    before, _q, _r = map_survey(town, title="2024")
    now, _q2, _r2 = map_survey(town, title="2026", previous=before)
    client.force_login(member(town, Role.EDITOR))
    html = ok(client.get(url("staff_analysis", now, "layer=visit&round=change"))).content.decode()
    assert "Change (points)" in html
    assert f'data-cell="{kramfors_cell()}"' in html


def test_results_page_links_to_the_map(client, town):
    survey, _q, _r = map_survey(town, results_public=True)
    client.force_login(member(town, Role.EDITOR))
    staff = reverse(
        "surveys:staff_results", kwargs={"municipality_slug": town.slug, "pk": survey.pk}
    )
    assert url("staff_analysis", survey) + "?question=" in ok(client.get(staff)).content.decode()
    client.logout()
    public = reverse("surveys:results", kwargs={"municipality_slug": town.slug, "pk": survey.pk})
    assert url("analysis", survey) + "?question=" in ok(client.get(public)).content.decode()
