"""The builder's writes on questions and display conditions: every refusal with its
message, and what each change does."""

import pytest
from django.core.exceptions import ValidationError

from platskraft.surveys.models import Locality, Option, Question
from platskraft.surveys.presets import AGE_OPTIONS, ROLE_OPTIONS
from platskraft.surveys.selectors.builder import question_has_answers
from platskraft.surveys.services import builder_options as options
from platskraft.surveys.services import builder_structure as structure

from . import builder_data
from .builder_data import message, q
from .factories import (
    LocalityFactory,
    QuestionFactory,
    ResponseFactory,
    SectionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db

_english = builder_data.english
draft = builder_data.draft


# --- Questions --------------------------------------------------------------------------------


def test_a_new_question_gets_a_free_code_its_options_and_rows(draft):
    section = draft.sections.get(title="B")
    question = structure.question_create(
        section=section, kind="multiple", text="Why?", options=["Nature", " ", "Work"]
    )
    assert question.code == "q4" and question.position == 2
    assert list(question.options.values_list("value", "label", "role")) == [
        (1, "Nature", "choice"),
        (2, "Work", "choice"),
    ]
    matrix = structure.question_create(
        section=section, kind="matrix", text="Rate", code="services", rows=["Schools", "Buses"]
    )
    assert list(matrix.options.values_list("role", flat=True)) == ["row", "row"]
    with pytest.raises(ValidationError) as error:
        structure.question_create(section=section, kind="date", text="When?", code="services")
    assert error.value.message_dict["code"] == [
        "Another question of this survey already has the column code “services”. "
        "Each question needs its own."
    ]
    with pytest.raises(ValidationError) as error:
        structure.question_create(section=section, kind="hologram", text="?")
    assert error.value.message_dict == {"kind": ["Choose a question type from the list."]}
    with pytest.raises(ValidationError) as error:
        structure.question_create(
            section=section, kind="number", text="?", settings={"min": 10, "max": 1}
        )
    assert error.value.message_dict == {
        "max": ["The highest number cannot be lower than the lowest."]
    }


def test_segment_questions_get_preset_options_and_the_localities(draft, kramfors):
    section = draft.sections.get(title="A")
    role = structure.question_create(
        section=section, kind="segment", text="Who?", settings={"segment": "role"}
    )
    assert list(role.options.values_list("value", flat=True)) == [v for v, _ in ROLE_OPTIONS]
    assert role.options.first().label == str(ROLE_OPTIONS[0][1])
    age = structure.question_create(
        section=section, kind="segment", text="Age?", settings={"segment": "age"}
    )
    assert age.options.count() == len(AGE_OPTIONS)
    LocalityFactory(municipality=kramfors, name="Bollstabruk", position=2)
    LocalityFactory(municipality=kramfors, name="Kramfors", position=1)
    where = structure.question_create(
        section=section, kind="segment", text="Where?", settings={"segment": "locality"}
    )
    assert list(where.options.values_list("value", "label")) == [
        (1, "Kramfors"),
        (2, "Bollstabruk"),
    ]
    own = structure.question_create(
        section=section, kind="segment", text="Children?", options=["Yes", "No"]
    )
    assert own.settings == {} and own.options.count() == 2


def test_refreshing_a_locality_question_keeps_answered_codes(draft, kramfors):
    for i, name in enumerate(["Kramfors", "Nyland", "Ullånger"], start=1):
        LocalityFactory(municipality=kramfors, name=name, position=i)
    where = structure.question_create(
        section=draft.sections.first(),
        kind="segment",
        text="Where?",
        settings={"segment": "locality"},
    )
    ResponseFactory(survey=draft, answers={where.key: 2})  # Nyland
    Option.objects.filter(question=where, label="Ullånger").update(label="Old name")
    Locality.objects.filter(name="Nyland").delete()
    LocalityFactory(municipality=kramfors, name="Bjärtrå", position=9)
    counts = options.question_refresh_localities(question=where)
    assert counts == {"added": 2, "removed": 1, "kept": 1}
    assert list(where.options.order_by("position").values_list("label", "value")) == [
        ("Kramfors", 1),
        ("Ullånger", 3),
        ("Bjärtrå", 4),
        ("Nyland", 2),
    ]
    with pytest.raises(ValidationError) as error:
        options.question_refresh_localities(question=q(draft, "area"))
    assert message(error) == "Only a locality question takes its options from the list."


def test_changing_the_type_is_refused_once_answers_exist(draft):
    area, enough = q(draft, "area"), q(draft, "enough")
    ResponseFactory(survey=draft, answers={f"{area.key}.other": "By the river"})
    assert question_has_answers(area)
    with pytest.raises(ValidationError) as error:
        structure.question_change_kind(question=area, kind="multiple")
    assert error.value.message_dict["kind"] == [
        "“Which area?” already has answers, so its type cannot change: the answers would no "
        "longer mean what they meant. Add a new question instead."
    ]
    with pytest.raises(ValidationError) as error:
        structure.question_change_kind(question=enough, kind="short_text")
    assert error.value.message_dict["kind"] == [
        "“What is missing?” is shown depending on the answer to this question. Change or "
        "remove that display condition first."
    ]
    assert q(draft, "area").kind == "single" and q(draft, "enough").kind == "yes_no"
    missing = structure.question_change_kind(question=q(draft, "missing"), kind="number")
    assert missing.kind == "number"


def test_a_new_type_drops_options_it_does_not_use_and_keeps_settings_it_knows(draft):
    section = draft.sections.first()
    rating = structure.question_create(
        section=section, kind="rating", text="How good?", settings={"low_label": "Bad"}
    )
    nps = structure.question_change_kind(question=rating, kind="nps")
    assert nps.settings == {"low_label": "Bad"}
    other = structure.question_create(section=section, kind="single", text="?", options=["A"])
    structure.question_change_kind(question=other, kind="date")
    assert not other.options.exists() and q(draft, other.code).settings == {}


def test_a_question_with_answers_or_dependents_is_not_removed(draft):
    area = q(draft, "area")
    ResponseFactory(survey=draft, answers={area.key: 1})
    with pytest.raises(ValidationError) as error:
        structure.question_delete(question=area)
    assert message(error) == "“Which area?” has answers, which are kept, so it cannot be removed."
    with pytest.raises(ValidationError) as error:
        structure.question_delete(question=q(draft, "enough"))
    assert "“What is missing?” is shown depending on the answer" in message(error)
    structure.question_delete(question=q(draft, "missing"))
    structure.question_delete(question=q(draft, "enough"))
    assert list(Question.objects.filter(survey=draft).values_list("code", flat=True)) == ["area"]


def test_answers_in_another_survey_do_not_count(draft, kramfors):
    area = q(draft, "area")
    ResponseFactory(survey=SurveyFactory(municipality=kramfors), answers={area.key: 1})
    assert not question_has_answers(area)
    structure.question_delete(question=area)


def test_moving_questions_within_and_across_sections(draft):
    first, second = draft.sections.order_by("position")
    extra = QuestionFactory(section=second, code="extra", text="Extra?", position=5)
    structure.question_move(question=q(draft, "area"), direction="up")
    assert [x.code for x in first.questions.order_by("position")] == ["enough", "missing", "area"]
    assert [x.position for x in first.questions.order_by("position")] == [1, 2, 3]
    structure.question_move(question=q(draft, "area"), direction="down")
    assert [x.code for x in second.questions.order_by("position")] == ["area", "extra"]
    structure.question_move(question=q(draft, "area"), direction="down")
    assert [x.code for x in second.questions.order_by("position")] == ["extra", "area"]
    with pytest.raises(ValidationError) as error:
        structure.question_move(question=q(draft, "area"), direction="down")
    assert message(error) == "The question cannot move further that way."
    with pytest.raises(ValidationError):
        structure.question_move(question=q(draft, "enough"), direction="up")
    assert extra.pk


def test_a_move_that_puts_a_question_before_its_condition_is_refused(draft):
    with pytest.raises(ValidationError) as error:
        structure.question_move(question=q(draft, "missing"), direction="up")
    assert message(error) == (
        "“What is missing?” is shown depending on the answer to “Enough to do?”, so it must "
        "come after that question. Change or remove the display condition first."
    )
    with pytest.raises(ValidationError):
        structure.question_move(question=q(draft, "enough"), direction="down")
    assert [x.code for x in draft.sections.get(title="A").questions.order_by("position")] == [
        "enough",
        "missing",
    ]
    # Moving it into an earlier section through its settings is refused the same way.
    b = draft.sections.get(title="B")
    structure.question_set_condition(
        question=q(draft, "area"), source=q(draft, "enough"), values=[1]
    )
    structure.section_create(survey=draft, title="C")
    with pytest.raises(ValidationError):
        structure.question_update(
            question=q(draft, "enough"),
            text="Enough to do?",
            code="enough",
            section=draft.sections.get(title="C"),
        )
    assert q(draft, "enough").section.title == "A" and b.pk


def test_a_duplicate_question_comes_right_after_with_its_options(draft):
    copy = structure.question_duplicate(question=q(draft, "area"))
    assert copy.code == "area_2" and copy.text == "Which area? (copy)"
    assert list(copy.options.values_list("value", "label")) == [(1, "North"), (2, "South")]
    again = structure.question_duplicate(question=q(draft, "area"))
    assert again.code == "area_3"
    order = draft.sections.get(title="B").questions.order_by("position")
    assert [x.code for x in order] == ["area", "area_3", "area_2"]
    follow = structure.question_duplicate(question=q(draft, "missing"))
    assert follow.condition_question == q(draft, "enough") and follow.condition_values == [0]


def test_a_condition_depends_only_on_an_earlier_choice_question(draft):
    enough, missing, area = q(draft, "enough"), q(draft, "missing"), q(draft, "area")
    with pytest.raises(ValidationError) as error:
        structure.question_set_condition(question=area, source=area, values=[1])
    assert message(error) == "A question cannot be shown depending on its own answer."
    with pytest.raises(ValidationError) as error:
        structure.question_set_condition(question=enough, source=area, values=[1])
    assert message(error) == (
        "“Which area?” comes after “Enough to do?”. A question can only depend on the answer "
        "to an earlier question."
    )
    with pytest.raises(ValidationError) as error:
        structure.question_set_condition(question=area, source=missing, values=[1])
    assert message(error) == (
        "A display condition cannot depend on “What is missing?”: its answer is not a choice."
    )
    with pytest.raises(ValidationError) as error:
        structure.question_set_condition(question=area, source=enough, values=[7])
    assert message(error) == "“Enough to do?” has no answer with the code 7."
    with pytest.raises(ValidationError) as error:
        structure.question_set_condition(question=area, source=enough, values=[])
    assert message(error) == "Choose at least one answer that shows the question."
    other = SurveyFactory(municipality=draft.municipality)
    stranger = QuestionFactory(section=SectionFactory(survey=other), kind="yes_no")
    with pytest.raises(ValidationError) as error:
        structure.question_set_condition(question=area, source=stranger, values=[1])
    assert message(error) == "Choose a question of this survey."
    structure.question_set_condition(question=area, source=enough, values=[1, 0, 1])
    assert q(draft, "area").condition_values == [0, 1]


def test_saving_a_question_keeps_settings_the_builder_does_not_show(draft):
    labels = ["Awful", "Bad", "So-so", "Good", "Great"]
    rating = structure.question_create(
        section=draft.sections.first(), kind="rating", text="How good?"
    )
    Question.objects.filter(pk=rating.pk).update(settings={"labels": labels, "low_label": "x"})
    saved = structure.question_update(
        question=rating,
        text="How good is it?",
        code=rating.code,
        settings={"low_label": "", "high_label": "Top"},
    )
    assert saved.settings == {"labels": labels, "high_label": "Top"}
