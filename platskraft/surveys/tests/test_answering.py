"""The answering engine: every question type's fields, stored values and conditions."""

import pytest
from django.utils import translation

from platskraft.surveys.answering import AnswerForm, Structure
from platskraft.surveys.kinds import REGISTRY, kind_choices

from .factories import survey_with_every_kind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def structure(kramfors):
    return Structure.load(survey_with_every_kind(kramfors))


def by_code(structure):
    return {item.question.code: item for item in structure.all_items()}


def post(structure, **values):
    items = by_code(structure)
    data = {}
    for name, value in values.items():
        code, _sep, part = name.partition("__")
        pk = items[code].question.pk
        data[f"q{pk}{'_' + part if part else ''}"] = value
    return data


def test_every_kind_is_offered_in_order():
    keys = [key for key, _label in kind_choices()]
    assert keys[:3] == ["single", "multiple", "rating"] and set(keys) == set(REGISTRY)
    assert len(keys) == 13 and keys[-1] == "map"


def test_a_full_answer_is_stored_as_plain_values(structure):
    items = by_code(structure)
    data = post(
        structure,
        role="1",
        age="2",
        reasons=["1", "99"],
        reasons__other="The lake",
        area="2",
        since="2019-05-01",
        overall="4",
        recommend="9",
        services__1="5",
        services__3="2",
        priorities__1="2",
        priorities__2="1",
        commute="25",
        leisure="0",
        leisure_other__="",
        wish="More cafés, please.",
    )
    data[f"q{items['leisure_other'].question.pk}"] = "A cinema"
    form = AnswerForm(structure, structure.all_items(), {}, data=data)
    assert form.is_valid(), form.errors
    key = {code: str(item.question.pk) for code, item in items.items()}
    assert form.entries == {
        key["role"]: 1,
        key["age"]: 2,
        key["reasons"]: [1, 99],
        f"{key['reasons']}.other": "The lake",
        key["area"]: 2,
        key["since"]: "2019-05-01",
        key["overall"]: 4,
        key["recommend"]: 9,
        key["services"]: {"1": 5, "3": 2},
        key["priorities"]: [2, 1],
        key["commute"]: 25,
        key["leisure"]: 0,
        key["leisure_other"]: "A cinema",
        key["wish"]: "More cafés, please.",
    }
    # Shown again, the stored answers fill the form in.
    again = AnswerForm(structure, structure.all_items(), form.entries)
    assert again.initial[f"q{key['priorities']}_2"] == 1
    assert again.initial[f"q{key['reasons']}_other"] == "The lake"


def test_required_range_and_ranking_errors_name_the_question(structure):
    items = by_code(structure)
    data = post(structure, commute="400", priorities__1="1", priorities__2="1")
    form = AnswerForm(structure, structure.all_items(), {}, data=data)
    assert not form.is_valid()
    role, overall = items["role"].question.pk, items["overall"].question.pk
    assert form.errors[f"q{role}"] == ["This question needs an answer."]
    assert f"q{overall}" in form.errors
    assert f"q{items['commute'].question.pk}" in form.errors
    assert form.errors[f"q{items['priorities'].question.pk}_1"] == [
        "Give each option its own place in the order."
    ]


def test_a_hidden_question_is_not_required_and_its_old_answer_is_cleared(structure):
    items = by_code(structure)
    follow_up = items["leisure_other"].question
    follow_up.required = True
    follow_up.save()
    structure = Structure.load(structure.survey)
    data = post(structure, role="2", overall="3", leisure="1")
    data[f"q{follow_up.pk}"] = "Should not be kept"
    form = AnswerForm(structure, structure.all_items(), {str(follow_up.pk): "old"}, data=data)
    assert form.is_valid(), form.errors
    assert str(follow_up.pk) not in form.entries and str(follow_up.pk) in form.cleared
    # Answered "No" (0), the follow-up is asked and now required.
    data = post(structure, role="2", overall="3", leisure="0")
    form = AnswerForm(structure, structure.all_items(), {}, data=data)
    assert not form.is_valid() and f"q{follow_up.pk}" in form.errors
