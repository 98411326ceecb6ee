"""The map question through the pages: residents answer with the map or with the list
of places, errors name the layer and drawing, field mode, exports and imports."""

import csv
import html
import io
import json
import re

import pytest
from django.utils import translation
from django.utils.html import escape

from platskraft.municipalities.models import Role
from platskraft.surveys.answering import Structure
from platskraft.surveys.models import Response, ResponseStatus
from platskraft.surveys.selectors.exports import code_book, export_rows
from platskraft.surveys.services import imports

from .answer_helpers import member, page_url, url
from .factories import ResponseFactory
from .map_helpers import bowtie, drawings, line, map_survey, places, point, square

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["platskraft_language"] = "en"
    with translation.override("en"):
        yield


def config_of(page: str) -> dict:
    match = re.search(r'class="map-question" id="map-question-\d+" data-config="([^"]*)"', page)
    assert match, "no map question"
    return json.loads(html.unescape(match.group(1)))


def test_the_page_has_the_map_the_list_and_the_scripts(client, kramfors):
    survey, question = map_survey(kramfors)
    places(kramfors)
    page = client.get(page_url(survey, 1)).content.decode()
    pk = question.pk
    assert f'<textarea name="q{pk}"' in page and "map-value" in page and "hidden" in page
    assert page.count('class="map-layer-button"') == 3
    assert "surveys/map_draw.js" in page and "leaflet-geoman" in page and "leaflet.css" in page
    assert "<summary>Answer without the map</summary>" in page
    assert "<legend>Places I visit</legend>" in page
    assert f'<label for="id_q{pk}_visit_1_place">A named place</label>' in page
    assert f'<label for="id_q{pk}_visit_1_choice">Why do you go there?</label>' in page
    assert "<noscript>" in page
    config = config_of(page)
    assert config["question"] == pk and [layer["key"] for layer in config["layers"]] == [
        "visit",
        "route",
        "centre",
    ]
    assert config["boundary"]["type"] == "Polygon" and config["allowed"]["type"] == "Polygon"
    assert {p["name"] for p in config["places"]} == {"Högakustenbron", "Kramfors"}
    assert config["messages"]["drawing"] == "drawing %(n)s"
    assert config["tileUrl"]


def test_pages_without_a_map_question_load_no_map_scripts(client, kramfors):
    from .factories import survey_with_every_kind

    survey = survey_with_every_kind(kramfors)
    assert "map_draw.js" not in client.get(page_url(survey, 1)).content.decode()


def test_a_resident_sends_drawings_and_follow_ups(client, kramfors):
    survey, question = map_survey(kramfors)
    posted = {
        "action": "next",
        f"q{question.pk}": drawings(
            {"layer": "visit", "geometry": point(), "choice": 1, "text": "Groceries"},
            {"layer": "route", "geometry": line()},
            {"layer": "centre", "geometry": bowtie()},
        ),
    }
    response = client.post(page_url(survey, 1), posted)
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    answer = Response.objects.get(survey=survey).answers[question.key]
    assert [item["layer"] for item in answer] == ["visit", "route", "centre"]
    assert answer[0]["text"] == "Groceries"
    assert answer[2]["geometry"]["type"] == "MultiPolygon"  # repaired


def test_another_resident_answers_with_the_list_only(client, kramfors):
    survey, question = map_survey(kramfors)
    found = places(kramfors)
    pk = question.pk
    posted = {
        "action": "next",
        f"q{pk}": "",
        f"q{pk}_visit_1_place": str(found["kramfors"].pk),
        f"q{pk}_visit_1_choice": "2",
        f"q{pk}_route_1_description": "Along the river to Nyland",
    }
    response = client.post(page_url(survey, 1), posted)
    assert response.status_code == 302
    answer = Response.objects.get(survey=survey, status=ResponseStatus.COMPLETE).answers[
        question.key
    ]
    assert answer == [
        {
            "layer": "visit",
            "place": found["kramfors"].pk,
            "geometry": {"type": "Point", "coordinates": [17.78, 62.93]},
            "choice": 2,
        },
        {"layer": "route", "description": "Along the river to Nyland"},
    ]


def test_errors_name_layer_and_drawing_and_keep_what_was_sent(client, kramfors):
    survey, question = map_survey(kramfors)
    pk = question.pk
    sent = drawings(
        {"layer": "visit", "geometry": point()},
        {"layer": "visit", "geometry": point(62.93, 17.78)},
    )
    posted = {"action": "next", f"q{pk}": sent, f"q{pk}_route_1_description": "The old road"}
    response = client.post(page_url(survey, 1), posted)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Places I visit, drawing 2: the coordinates are in the wrong order" in html.unescape(
        page
    )
    assert escape(sent) in page  # the drawings come back in the box
    assert 'value="The old road"' in page
    assert f'href="#question-{pk}"' in page  # the summary links to the question
    assert f'aria-describedby="q{pk}-help' in page or f'aria-describedby="id_q{pk}_error"' in page
    # A place not on the list: the summary links to the select, named by layer and place.
    posted[f"q{pk}_route_1_place"] = "999999"
    page = client.post(page_url(survey, 1), posted).content.decode()
    assert f'href="#id_q{pk}_route_1_place"' in page
    assert (
        "My usual routes, place 1 – A named place: Choose a place from the list."
        in html.unescape(page)
    )
    # The select's error is linked to it.
    assert re.search(
        rf'<select name="q{pk}_route_1_place"[^>]*aria-describedby="id_q{pk}_route_1_place_error"',
        page,
    )
    assert 'data-alternative-used="true"' in page
    assert not Response.objects.filter(survey=survey, status=ResponseStatus.COMPLETE).exists()


def test_field_mode_takes_a_paper_map_answer(client, kramfors):
    survey, question = map_survey(kramfors)
    found = places(kramfors)
    client.force_login(member(kramfors, Role.EDITOR))
    target = url("staff_field", survey)
    page = client.get(target).content.decode()
    assert "map_draw.js" in page
    response = client.post(
        target,
        {"channel": "paper", f"q{question.pk}_centre_1_place": str(found["kramfors"].pk)},
    )
    assert response.status_code == 302
    assert (
        Response.objects.get(survey=survey).answers[question.key][0]["place"]
        == found["kramfors"].pk
    )


# --- Exports and imports ----------------------------------------------------------------------


def test_export_has_counts_and_the_answer_as_json_and_imports_back(kramfors):
    survey, question = map_survey(kramfors)
    found = places(kramfors)
    answer = [
        {
            "layer": "visit",
            "geometry": {"type": "Point", "coordinates": [17.78, 62.93]},
            "choice": 1,
        },
        {
            "layer": "visit",
            "place": found["bridge"].pk,
            "geometry": {"type": "Point", "coordinates": [17.93, 62.8]},
        },
        {"layer": "centre", "geometry": square()},
    ]
    ResponseFactory(survey=survey, answers={question.key: answer})
    ResponseFactory(survey=survey, answers={})
    structure = Structure.load(survey)
    header, first, empty = list(export_rows(structure=structure))
    assert header[-4:] == ["mm_visit", "mm_route", "mm_centre", "mm_geojson"]
    assert first[-4:-1] == [2, 0, 1] and json.loads(first[-1]) == answer
    assert empty[-4:] == ["", "", "", ""]
    book = code_book(structure)
    assert ("mm_geojson", 1, "Places I visit: Shopping") in book
    # Round trip: the exported row imports to the same answer.
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["channel", *header[-4:]])
    writer.writerow(["paper", *first[-4:]])
    parsed = imports.responses_read(structure=structure, content=text.getvalue().encode())
    assert not parsed.errors, parsed.errors
    assert parsed.rows[0].answers[question.key] == answer


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("{not json", "Column mm_geojson: the answer is not valid JSON."),
        ('{"layer": "visit"}', "Column mm_geojson: the answer must be a JSON list"),
        (
            json.dumps([{"layer": "visit", "geometry": point(62.93, 17.78)}]),
            "Column mm_geojson: Places I visit, drawing 1: the coordinates are in the wrong order",
        ),
        (
            json.dumps([{"layer": "visit", "place": 999999}]),
            "Column mm_geojson: Places I visit, place 1: the place is not in the municipality",
        ),
        (
            json.dumps([{"layer": "centre", "geometry": square()}] * 2),
            "Column mm_geojson: Where the centre is: at most 1 places",
        ),
    ],
)
def test_an_import_refuses_a_bad_map_answer_naming_the_column(kramfors, cell, message):
    survey, _question = map_survey(kramfors)
    structure = Structure.load(survey)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["channel", "mm_geojson"])
    writer.writerow(["paper", cell])
    parsed = imports.responses_read(structure=structure, content=text.getvalue().encode())
    assert any(message in error for error in parsed.errors), parsed.errors


def test_the_export_file_downloads(client, kramfors):
    survey, question = map_survey(kramfors)
    ResponseFactory(survey=survey, answers={question.key: [{"layer": "route", "description": "x"}]})
    client.force_login(member(kramfors, Role.EDITOR))
    response = client.get(url("staff_export_csv", survey))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "mm_geojson" in body.decode("utf-8-sig")
