"""Staff build a map question: the preset, the layer pages, their checks, publishing,
and the gazetteer (places) page with its import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from platskraft.municipalities.models import Role
from platskraft.surveys.models import Locality, PlaceKind, Question, SurveyStatus
from platskraft.surveys.services import builder, builder_map, builder_options
from platskraft.surveys.services.builder_localities import locality_create

from .answer_helpers import member
from .factories import QuestionFactory, ResponseFactory, SectionFactory, SurveyFactory
from .map_helpers import map_survey, point

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["platskraft_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def editor(client, kramfors):
    user = member(kramfors, Role.EDITOR)
    client.force_login(user)
    return user


def staff(name, municipality, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def layer_url(name, question, **kwargs):
    return staff(
        name, question.survey.municipality, pk=question.survey_id, question_id=question.pk, **kwargs
    )


LAYER = {
    "label": "Places I visit",
    "geometry": "point",
    "role": "visit",
    "min": "0",
    "max": "5",
    "choice_label": "Why?",
    "choices": "Shopping\nLeisure",
    "text_label": "Tell us more",
}


def draft_map(kramfors):
    survey = SurveyFactory(municipality=kramfors, status=SurveyStatus.DRAFT)
    section = SectionFactory(survey=survey)
    return QuestionFactory(section=section, survey=survey, kind="map", code="mm", settings={})


# --- The preset and adding the question -------------------------------------------------------


def test_the_preset_makes_the_seven_standard_layers(client, editor, kramfors):
    survey = SurveyFactory(municipality=kramfors, status=SurveyStatus.DRAFT)
    section = SectionFactory(survey=survey)
    response = client.post(
        staff("staff_question_add", kramfors, pk=survey.pk, section_id=section.pk),
        {
            "kind": "map",
            "text": "Your mental map",
            "setting_preset": "mental_map",
            "setting_margin_m": "1500",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(survey=survey)
    layers = question.settings["layers"]
    assert question.settings["margin_m"] == 1500
    assert [layer["key"] for layer in layers] == [
        "visit",
        "route",
        "border",
        "landmark",
        "pride",
        "avoid",
        "centre",
    ]
    assert [layer["geometry"] for layer in layers] == [
        "point",
        "line",
        "line_area",
        "point",
        "point_area",
        "point_area",
        "area",
    ]
    assert [c["label"] for c in layers[0]["choices"]] == [
        "Shopping",
        "Work or school",
        "Leisure",
        "Visiting family and friends",
        "Services",
        "Other",
    ]
    assert [c["label"] for c in layers[1]["choices"]] == [
        "Walking",
        "Cycling",
        "Car",
        "Bus or train",
        "Other",
    ]
    assert [c["label"] for c in layers[2]["choices"]] == ["Physical", "Emotional"]
    assert layers[3]["text_label"] == "What is it called?"
    # Editing the question's text keeps the layers.
    response = client.post(
        staff("staff_question_edit", kramfors, pk=survey.pk, question_id=question.pk),
        {"text": "Your map", "code": question.code, "section": section.pk, "setting_margin_m": ""},
    )
    question.refresh_from_db()
    assert question.text == "Your map" and len(question.settings["layers"]) == 7
    assert question.settings["margin_m"] == 2000


def test_the_question_page_links_to_its_layers(client, editor, kramfors):
    question = draft_map(kramfors)
    page = client.get(
        staff("staff_question_edit", kramfors, pk=question.survey_id, question_id=question.pk)
    ).content.decode()
    assert layer_url("staff_map_layers", question) in page


def test_publishing_needs_a_layer(kramfors):
    question = draft_map(kramfors)
    problems = builder.publish_problems(question.survey)
    assert f"The map question “{question.text}” has no map layers yet." in problems
    builder_map.map_layer_add(
        question=question, values={**LAYER, "min": 0, "max": 5, "choice_lines": ["A"]}
    )
    assert not [p for p in builder.publish_problems(question.survey) if "map layers" in p]


# --- The layer pages --------------------------------------------------------------------------


def test_layers_are_added_edited_moved_and_removed(client, editor, kramfors):
    question = draft_map(kramfors)
    response = client.post(layer_url("staff_map_layer_add", question), LAYER)
    assert response.status_code == 302
    client.post(
        layer_url("staff_map_layer_add", question),
        {"label": "Places I visit", "geometry": "area", "role": "centre", "min": "", "max": "1"},
    )
    question.refresh_from_db()
    layers = question.settings["layers"]
    assert [layer["key"] for layer in layers] == ["places-i-visit", "places-i-visit2"]
    assert layers[0]["choices"] == [
        {"value": 1, "label": "Shopping"},
        {"value": 2, "label": "Leisure"},
    ]
    page = client.get(layer_url("staff_map_layers", question)).content.decode()
    assert "Places I visit" in page and "Shopping, Leisure" in page
    # Editing keeps the key and the codes of answers kept.
    client.post(
        layer_url("staff_map_layer_edit", question, layer="places-i-visit"),
        {**LAYER, "label": "Where I go", "choices": "Leisure\nWork"},
    )
    question.refresh_from_db()
    first = question.settings["layers"][0]
    assert first["key"] == "places-i-visit" and first["label"] == "Where I go"
    assert first["choices"] == [{"value": 2, "label": "Leisure"}, {"value": 3, "label": "Work"}]
    client.post(
        layer_url("staff_map_layer_move", question, layer="places-i-visit"), {"direction": "down"}
    )
    question.refresh_from_db()
    assert [layer["key"] for layer in question.settings["layers"]] == [
        "places-i-visit2",
        "places-i-visit",
    ]
    client.post(layer_url("staff_map_layer_delete", question, layer="places-i-visit2"))
    question.refresh_from_db()
    assert [layer["key"] for layer in question.settings["layers"]] == ["places-i-visit"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"label": " "}, "label", "This field is required."),
        ({"min": "3", "max": "2"}, "max", "The most cannot be fewer than the fewest."),
        ({"max": "51"}, "max", "Ensure this value is less than or equal to 50."),
        ({"choices": ""}, "choices", "Write the answers, one a line"),
        ({"choice_label": ""}, "choice_label", "Write the question the answers reply to."),
        ({"choices": "A\nA"}, "choices", "“A” is on the list twice."),
        ({"geometry": "circle"}, "geometry", "Select a valid choice."),
    ],
)
def test_a_bad_layer_is_refused_with_a_message_and_keeps_what_was_typed(
    client, editor, kramfors, change, field, message
):
    question = draft_map(kramfors)
    response = client.post(layer_url("staff_map_layer_add", question), {**LAYER, **change})
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert 'value="Tell us more"' in response.content.decode()
    question.refresh_from_db()
    assert not question.settings.get("layers")


def test_the_service_refuses_a_max_over_fifty(kramfors):
    question = draft_map(kramfors)
    with pytest.raises(Exception) as error:
        builder_map.map_layer_add(
            question=question, values={"label": "X", "geometry": "point", "max": 60}
        )
    assert "At most 50 places per layer." in str(error.value)


def test_a_layer_with_answers_is_not_removed(client, editor, kramfors):
    survey, question = map_survey(kramfors)
    ResponseFactory(
        survey=survey, answers={question.key: [{"layer": "visit", "geometry": point()}]}
    )
    page = client.get(layer_url("staff_map_layer_delete", question, layer="visit")).content.decode()
    assert "Residents have answered in this layer" in page
    client.post(layer_url("staff_map_layer_delete", question, layer="visit"))
    question.refresh_from_db()
    assert "visit" in [layer["key"] for layer in question.settings["layers"]]
    client.post(layer_url("staff_map_layer_delete", question, layer="route"))
    question.refresh_from_db()
    assert "route" not in [layer["key"] for layer in question.settings["layers"]]


def test_another_municipalitys_staff_and_other_kinds_get_404(client, kramfors, lund):
    question = draft_map(kramfors)
    client.force_login(member(lund, Role.ADMIN))
    assert client.get(layer_url("staff_map_layers", question)).status_code == 404
    client.force_login(member(kramfors, Role.EDITOR))
    text = QuestionFactory(survey=question.survey, section=question.section, code="t")
    assert client.get(layer_url("staff_map_layers", text)).status_code == 404
    assert client.get(layer_url("staff_map_layer_edit", question, layer="nope")).status_code == 404


# --- The gazetteer ----------------------------------------------------------------------------


def test_the_places_page_adds_a_place_with_a_point(client, editor, kramfors):
    target = staff("staff_localities", kramfors)
    response = client.post(
        target,
        {
            "name": "Högakustenbron",
            "kind": "landmark",
            "latitude": "62.80",
            "longitude": "17.93",
            "description": "The bridge",
        },
    )
    assert response.status_code == 302
    place = Locality.objects.get(municipality=kramfors)
    assert (place.kind, place.latitude, place.longitude) == ("landmark", 62.8, 17.93)
    page = client.get(target).content.decode()
    assert "<h1>Places</h1>" in page and "Landmark" in page and "62.8, 17.93" in page


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("17.93", "62.80", "latitude", "the wrong way round"),
        ("6980000", "630000", "latitude", "look like projected coordinates"),
        ("48.85", "2.35", "latitude", "not in Sweden"),
        ("62.8", "", "longitude", "both the latitude and the longitude"),
    ],
)
def test_bad_coordinates_are_refused(client, editor, kramfors, latitude, longitude, field, message):
    response = client.post(
        staff("staff_localities", kramfors),
        {"name": "Bron", "kind": "landmark", "latitude": latitude, "longitude": longitude},
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Locality.objects.exists()


def test_locality_questions_take_only_localities(kramfors):
    locality_create(municipality=kramfors, name="Kramfors")
    locality_create(municipality=kramfors, name="Högakustenbron", kind=PlaceKind.LANDMARK)
    survey = SurveyFactory(municipality=kramfors)
    question = QuestionFactory(
        survey=survey,
        section=SectionFactory(survey=survey),
        kind="segment",
        settings={"segment": "locality"},
    )
    builder_options.apply_preset(question)
    assert list(question.options.values_list("label", flat=True)) == ["Kramfors"]
    locality_create(municipality=kramfors, name="Nyland")
    locality_create(municipality=kramfors, name="Skuleskogen", kind=PlaceKind.PLACE)
    builder_options.question_refresh_localities(question=question)
    assert list(question.options.values_list("label", flat=True)) == ["Kramfors", "Nyland"]


def _import(client, kramfors, text, name):
    return client.post(
        staff("staff_places_import", kramfors),
        {"file": SimpleUploadedFile(name, text.encode(), content_type="application/octet-stream")},
    )


def test_places_import_from_geojson(client, editor, kramfors):
    text = """{"type": "FeatureCollection", "features": [
      {"type": "Feature", "properties": {"name": "Kramfors", "kind": "locality"},
       "geometry": {"type": "Point", "coordinates": [17.78, 62.93]}},
      {"type": "Feature", "properties": {"name": "Högakustenbron", "kind": "landmark"},
       "geometry": {"type": "Point", "coordinates": [17.93, 62.80]}}]}"""
    response = _import(client, kramfors, text, "places.geojson")
    assert response.status_code == 302
    assert list(Locality.objects.values_list("name", "kind")) == [
        ("Kramfors", "locality"),
        ("Högakustenbron", "landmark"),
    ]


def test_places_import_from_csv(client, editor, kramfors):
    text = "name;kind;latitude;longitude\nKramfors;locality;62,93;17,78\nNyland;;63.0;17.77\n"
    assert _import(client, kramfors, text, "places.csv").status_code == 302
    assert Locality.objects.get(name="Nyland").kind == "place"


def test_a_bad_geojson_import_adds_nothing_and_names_every_feature(client, editor, kramfors):
    locality_create(municipality=kramfors, name="Kramfors")
    text = """{"type": "FeatureCollection", "features": [
      {"type": "Feature", "properties": {"name": "Bron"},
       "geometry": {"type": "Point", "coordinates": [17.93, 62.80]}},
      {"type": "Feature", "properties": {"name": "Älven"},
       "geometry": {"type": "LineString", "coordinates": [[17.9, 62.8], [17.8, 62.9]]}},
      {"type": "Feature", "properties": {},
       "geometry": {"type": "Point", "coordinates": [17.93, 62.80]}},
      {"type": "Feature", "properties": {"name": "Bron"},
       "geometry": {"type": "Point", "coordinates": [17.9, 62.8]}},
      {"type": "Feature", "properties": {"name": "Omvänd"},
       "geometry": {"type": "Point", "coordinates": [62.8, 17.9]}},
      {"type": "Feature", "properties": {"name": "Sweref"},
       "geometry": {"type": "Point", "coordinates": [630000, 6980000]}},
      {"type": "Feature", "properties": {"name": "Kramfors"},
       "geometry": {"type": "Point", "coordinates": [17.78, 62.93]}}]}"""
    response = _import(client, kramfors, text, "places.geojson")
    assert response.status_code == 200
    problems = response.context["problems"]
    assert problems == [
        "Feature 2: the geometry is “LineString”; only points (Point) can be places.",
        "Feature 3: the place has no name.",
        "Feature 4: “Bron” is already in the file (Feature 1).",
        "Feature 5: the coordinates seem to be in the wrong order (latitude 17.9, longitude "
        "62.8): GeoJSON gives the longitude first, the CSV file has them in their own columns.",
        "Feature 6: the coordinates (630000, 6.98e+06) look projected (e.g. SWEREF 99 TM, in "
        "metres). Give longitude and latitude in degrees (WGS 84).",
        "Feature 7: “Kramfors” is already on the list of places.",
    ]
    assert list(Locality.objects.values_list("name", flat=True)) == ["Kramfors"]


def test_a_bad_csv_import_names_the_line(client, editor, kramfors):
    text = "name,kind,latitude,longitude\nKramfors,locality,17.78,62.93\nX,castle,62.9,17.7\n"
    response = _import(client, kramfors, text, "places.csv")
    assert response.context["problems"][0].startswith("Line 2: the coordinates seem to be")
    assert response.context["problems"][1] == (
        "Line 3: “castle” is not a kind of place (locality, landmark, place)."
    )
    assert _import(client, kramfors, "nom,lat\n", "p.csv").context["problems"] == [
        "The first line must name the columns name, kind, latitude, longitude; missing: name, "
        "latitude, longitude."
    ]
    assert _import(client, kramfors, "{oops", "p.geojson").context["problems"] == [
        "The file is not valid JSON."
    ]
    assert not Locality.objects.exists()
