"""The map question through the answering engine: drawings, the non-map alternative,
every refusal with its message, repair, min and max."""

import json

import pytest
from django.utils import translation

from platskraft.surveys.answering import AnswerForm, Structure

from .map_helpers import bowtie, drawings, line, map_survey, places, point, square

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def form_for(survey, question, answers=None, **data):
    structure = Structure.load(survey)
    item = structure.items[question.pk]
    posted = {}
    for name, value in data.items():
        posted[f"q{question.pk}{'_' + name if name != 'main' else ''}"] = value
    return AnswerForm(structure, [item], answers or {}, data=posted)


def stored(form, question):
    assert form.is_valid(), form.errors
    return form.entries.get(question.key)


def errors(form, question):
    assert not form.is_valid()
    return " ".join(form.errors.get(f"q{question.pk}", []))


def test_drawings_in_three_layers_are_stored_rounded(kramfors):
    survey, question = map_survey(kramfors)
    form = form_for(
        survey,
        question,
        main=drawings(
            {
                "layer": "visit",
                "geometry": point(17.781234567, 62.93),
                "choice": 2,
                "text": " Fika ",
            },
            {"layer": "route", "geometry": line()},
            {"layer": "centre", "geometry": square()},
        ),
    )
    value = stored(form, question)
    assert value[0] == {
        "layer": "visit",
        "geometry": {"type": "Point", "coordinates": [17.781235, 62.93]},
        "choice": 2,
        "text": "Fika",
    }
    assert value[1]["geometry"]["type"] == "LineString"
    assert value[2]["geometry"]["type"] == "Polygon" and "choice" not in value[2]


def test_nothing_drawn_stores_nothing_and_required_asks(kramfors):
    survey, question = map_survey(kramfors)
    assert stored(form_for(survey, question, main="[]"), question) is None
    survey2, required = map_survey(kramfors, required=True)
    survey2.questions.update(code="mm")
    assert "needs an answer" in errors(form_for(survey2, required, main=""), required)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("not json", "could not be read"),
        ('{"layer": "visit"}', "could not be read"),
        (drawings({"layer": "nope", "geometry": point()}), "does not have (“nope”)"),
        (
            drawings({"layer": "visit", "geometry": line()}),
            "Places I visit, drawing 1: this layer does not take a shape of the type “LineString”",
        ),
        (
            drawings({"layer": "route", "geometry": line((17.7, 62.9), (17.7, 62.9))}),
            "My usual routes, drawing 1: a line needs at least two different points",
        ),
        (
            drawings(
                {
                    "layer": "centre",
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[17.6, 62.9], [17.7, 62.9], [17.8, 62.9], [17.6, 62.9]]],
                    },
                }
            ),
            "Where the centre is, drawing 1: an area needs at least three different points",
        ),
        (
            drawings(
                {
                    "layer": "centre",
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[17.6, 62.9], [17.7, 62.9], [17.6, 62.9]]],
                    },
                }
            ),
            "at least three different points",
        ),
        (
            drawings({"layer": "visit", "geometry": point(19.5, 62.9)}),
            "outside the area you can draw in",
        ),
        (drawings({"layer": "visit", "geometry": point(62.93, 17.78)}), "in the wrong order"),
        (drawings({"layer": "visit", "geometry": point(190, 62.9)}), "are not on the map"),
        (
            drawings({"layer": "visit", "geometry": point(630000, 6980000)}),
            "not longitude and latitude",
        ),
        (
            drawings({"layer": "visit", "geometry": {"type": "Point", "coordinates": "x"}}),
            "cannot be read",
        ),
        (
            drawings({"layer": "visit", "geometry": point(), "choice": 7}),
            "Places I visit, drawing 1: the answer chosen is not one of this layer's",
        ),
        (
            drawings({"layer": "visit", "geometry": point(), "text": "x" * 1001}),
            "longer than 1000 characters",
        ),
        (
            drawings(
                {"layer": "visit", "geometry": point()},
                {"layer": "visit", "geometry": point(17.5, 64)},
            ),
            "Places I visit, drawing 2:",
        ),
        (
            drawings(*[{"layer": "visit", "geometry": point()}] * 4),
            "Places I visit: at most 3 places",
        ),
    ],
)
def test_bad_drawings_are_refused_with_the_layer_and_number(kramfors, raw, message):
    survey, question = map_survey(kramfors)
    assert message in errors(form_for(survey, question, main=raw), question)


def test_a_point_just_outside_the_boundary_is_inside_the_margin(kramfors):
    survey, question = map_survey(kramfors, margin_m=2000)
    assert stored(
        form_for(
            survey, question, main=drawings({"layer": "visit", "geometry": point(18.22, 62.95)})
        ),
        question,
    )
    survey, question = map_survey(kramfors, margin_m=0)
    assert "outside the area" in errors(
        form_for(
            survey, question, main=drawings({"layer": "visit", "geometry": point(18.22, 62.95)})
        ),
        question,
    )


def test_a_self_intersecting_area_is_repaired(kramfors):
    survey, question = map_survey(kramfors)
    value = stored(
        form_for(survey, question, main=drawings({"layer": "centre", "geometry": bowtie()})),
        question,
    )
    geometry = value[0]["geometry"]
    assert geometry["type"] == "MultiPolygon" and len(geometry["coordinates"]) == 2


def test_min_counts_when_required_or_when_something_was_given(kramfors):
    layers = [
        {"key": "visit", "label": "Places I visit", "geometry": "point", "min": 2, "max": 3},
        {"key": "route", "label": "Routes", "geometry": "line", "min": 1, "max": 2},
    ]
    survey, question = map_survey(kramfors, layers=layers)
    message = errors(
        form_for(survey, question, main=drawings({"layer": "visit", "geometry": point()})), question
    )
    assert "Places I visit: give at least 2 places" in message and "Routes" not in message
    survey.questions.update(required=True)
    question.refresh_from_db()
    both = drawings(
        {"layer": "visit", "geometry": point()}, {"layer": "visit", "geometry": point()}
    )
    assert "Routes: give at least 1" in errors(form_for(survey, question, main=both), question)


def test_the_alternative_alone_is_an_answer(kramfors):
    survey, question = map_survey(kramfors)
    found = places(kramfors)
    form = form_for(
        survey,
        question,
        visit_1_place=str(found["bridge"].pk),
        visit_1_choice="1",
        visit_2_description="The library in Kramfors",
        visit_2_text="Books",
        centre_1_place=str(found["kramfors"].pk),
    )
    value = stored(form, question)
    assert value == [
        {
            "layer": "visit",
            "place": found["bridge"].pk,
            "geometry": {"type": "Point", "coordinates": [17.93, 62.8]},
            "choice": 1,
        },
        {"layer": "visit", "description": "The library in Kramfors", "text": "Books"},
        {
            "layer": "centre",
            "place": found["kramfors"].pk,
            "geometry": {"type": "Point", "coordinates": [17.78, 62.93]},
        },
    ]


def test_the_alternative_refuses_what_is_not_on_the_lists(kramfors, lund):
    survey, question = map_survey(kramfors)
    found = places(kramfors)
    other = places(lund)
    form = form_for(
        survey,
        question,
        visit_1_place=str(other["bridge"].pk),
        visit_2_place=str(found["nowhere"].pk),  # no point: not offered
        visit_3_choice="9",
    )
    assert not form.is_valid()
    for number in (1, 2):
        assert form.errors[f"q{question.pk}_visit_{number}_place"] == [
            "Choose a place from the list."
        ]
    assert form.errors[f"q{question.pk}_visit_3_choice"] == ["Choose an answer from the list."]


def test_a_follow_up_without_a_place_asks_for_the_place(kramfors):
    survey, question = map_survey(kramfors)
    message = errors(form_for(survey, question, visit_2_text="Because"), question)
    assert "Places I visit, place 2: name the place or describe it" in message


def test_drawings_and_alternative_count_together_towards_max(kramfors):
    survey, question = map_survey(kramfors)
    found = places(kramfors)
    form = form_for(
        survey,
        question,
        main=drawings({"layer": "centre", "geometry": square()}),
        centre_1_place=str(found["kramfors"].pk),
    )
    assert "Where the centre is: at most 1 places" in errors(form, question)


def test_stored_answers_are_shown_again(kramfors):
    survey, question = map_survey(kramfors)
    found = places(kramfors)
    answer = [
        {"layer": "visit", "geometry": point(), "choice": 2},
        {
            "layer": "visit",
            "place": found["bridge"].pk,
            "geometry": point(17.93, 62.8),
            "text": "View",
        },
        {"layer": "route", "description": "The road to Nyland"},
    ]
    structure = Structure.load(survey)
    form = AnswerForm(structure, [structure.items[question.pk]], {question.key: answer})
    pk = question.pk
    assert json.loads(form.initial[f"q{pk}"]) == [answer[0]]
    assert form.initial[f"q{pk}_visit_1_place"] == found["bridge"].pk
    assert form.initial[f"q{pk}_visit_1_text"] == "View"
    assert form.initial[f"q{pk}_route_1_description"] == "The road to Nyland"


def test_fields_are_read_with_few_queries(kramfors, django_assert_max_num_queries):
    survey, question = map_survey(kramfors)
    places(kramfors)
    structure = Structure.load(survey)
    with django_assert_max_num_queries(2):
        form = AnswerForm(structure, structure.all_items(), {}, data={f"q{question.pk}": "[]"})
        form.is_valid()
        list(form.groups())


def test_without_a_boundary_sweden_is_the_limit(kramfors):
    survey, question = map_survey(kramfors, boundary=None)
    far = drawings({"layer": "visit", "geometry": point(14.0, 57.0)})
    assert stored(form_for(survey, question, main=far), question)
    abroad = drawings({"layer": "visit", "geometry": point(2.35, 48.85)})
    assert "outside the area" in errors(form_for(survey, question, main=abroad), question)
    swapped = drawings({"layer": "visit", "geometry": point(62.9, 17.7)})
    assert "wrong order" in errors(form_for(survey, question, main=swapped), question)
