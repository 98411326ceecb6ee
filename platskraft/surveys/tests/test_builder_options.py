"""The builder's writes on answer options and the list of localities."""

import pytest
from django.core.exceptions import ValidationError

from platskraft.surveys.models import Locality, OptionRole
from platskraft.surveys.selectors.builder import question_used_codes
from platskraft.surveys.services import builder_localities as localities
from platskraft.surveys.services import builder_options as options
from platskraft.surveys.services import builder_structure as structure

from . import builder_data
from .builder_data import message, q
from .factories import QuestionFactory, ResponseFactory

pytestmark = pytest.mark.django_db

_english = builder_data.english
draft = builder_data.draft


# --- Options ----------------------------------------------------------------------------------


def test_option_codes_are_unique_and_default_to_the_next_free(draft):
    area = q(draft, "area")
    east = options.option_create(question=area, label="East")
    assert east.value == 3 and east.position == 3
    with pytest.raises(ValidationError) as error:
        options.option_create(question=area, label="West", value=3)
    assert error.value.message_dict == {
        "value": ["Another option of this question already has the code 3."]
    }
    with pytest.raises(ValidationError) as error:
        options.option_create(question=area, label="Big", value=10000)
    assert error.value.message_dict == {"value": ["Use a code from 0 to 9999."]}
    with pytest.raises(ValidationError) as error:
        options.option_create(question=area, role=OptionRole.ROW, label="Row")
    assert message(error) == "This type of question has no rows."
    with pytest.raises(ValidationError) as error:
        options.option_create(question=q(draft, "enough"), label="Maybe")
    assert message(error) == "This type of question has no answer options."
    options.option_create(question=area, label="Other", value=99, is_other=True)
    with pytest.raises(ValidationError) as error:
        options.option_create(question=area, label="Else", is_other=True)
    assert error.value.message_dict == {
        "is_other": ["The question already has an “other, namely” option."]
    }
    ranking = structure.question_create(
        section=area.section, kind="ranking", text="Order", options=["A", "B"]
    )
    with pytest.raises(ValidationError) as error:
        options.option_create(question=ranking, label="Else", is_other=True)
    assert error.value.message_dict == {
        "is_other": ["This type of question cannot ask “other, namely”."]
    }


def test_codes_that_answers_hold_are_neither_changed_nor_removed(draft):
    area = q(draft, "area")
    north, south = area.options.order_by("value")
    ResponseFactory(survey=draft, answers={area.key: 1})
    with pytest.raises(ValidationError) as error:
        options.option_delete(option=north)
    assert message(error) == (
        "Answers hold “North” (code 1), so it cannot be removed: the answers would lose "
        "their meaning."
    )
    with pytest.raises(ValidationError) as error:
        options.option_update(option=north, label="Norr", value=5)
    assert "Answers already hold the code 1" in message(error)
    options.option_update(option=north, label="Norr", value=1)  # the label may change
    options.option_delete(option=south)
    assert list(area.options.values_list("label", "position")) == [("Norr", 1)]


def test_multiple_choice_and_matrix_codes_in_answers_are_found(draft):
    section = draft.sections.first()
    many = structure.question_create(
        section=section, kind="multiple", text="Why?", options=["A", "B", "C"]
    )
    grid = structure.question_create(
        section=section, kind="matrix", text="Rate", rows=["Schools", "Buses"]
    )
    ResponseFactory(survey=draft, answers={many.key: [1, 3], grid.key: {"2": 5}})
    used = question_used_codes(many)
    assert used.choices == {1, 3}
    assert question_used_codes(grid).rows == {2} and question_used_codes(grid).choices == set()
    with pytest.raises(ValidationError):
        options.option_delete(option=many.options.get(value=3))
    options.option_delete(option=many.options.get(value=2))
    with pytest.raises(ValidationError):
        options.option_delete(option=grid.options.get(value=2))
    options.option_delete(option=grid.options.get(value=1))


def test_an_option_a_condition_names_keeps_the_condition_in_step(draft):
    area = q(draft, "area")
    later = QuestionFactory(
        section=area.section, text="Why there?", condition_question=area, condition_values=[2]
    )
    south = area.options.get(value=2)
    with pytest.raises(ValidationError) as error:
        options.option_delete(option=south)
    assert message(error) == (
        "“Why there?” is shown when this option is chosen. Change that display condition first."
    )
    options.option_update(option=south, label="South", value=7)
    later.refresh_from_db()
    assert later.condition_values == [7]


def test_options_move_up_and_down(draft):
    area = q(draft, "area")
    north = area.options.get(value=1)
    options.option_move(option=north, direction="down")
    assert list(area.options.order_by("position").values_list("label", flat=True)) == [
        "South",
        "North",
    ]
    with pytest.raises(ValidationError):
        options.option_move(option=north, direction="down")


# --- Localities -------------------------------------------------------------------------------


def test_localities_are_named_once_and_kept_in_order(kramfors, lund):
    north = localities.locality_create(municipality=kramfors, name="  Nyland ")
    assert north.name == "Nyland" and north.position == 1
    with pytest.raises(ValidationError) as error:
        localities.locality_create(municipality=kramfors, name="nyland")
    assert error.value.message_dict == {"name": ["“nyland” is already on the list."]}
    localities.locality_create(municipality=lund, name="Nyland")  # another municipality
    town = localities.locality_create(municipality=kramfors, name="Kramfors")
    localities.locality_move(locality=town, direction="up")
    order = Locality.objects.filter(municipality=kramfors).order_by("position")
    assert [x.name for x in order] == ["Kramfors", "Nyland"]
    with pytest.raises(ValidationError):
        localities.locality_move(locality=town, direction="up")
    localities.locality_update(locality=north, name="Nyland by")
    localities.locality_delete(locality=town)
    assert list(Locality.objects.filter(municipality=kramfors).values_list("name", "position")) == [
        ("Nyland by", 1)
    ]
    with pytest.raises(ValidationError) as error:
        localities.locality_update(locality=north, name=" ")
    assert error.value.message_dict == {"name": ["Write the place's name."]}
