"""The builder's writes on whole surveys and sections: every refusal with its message."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from platskraft.municipalities.tests.factories import ProcessFactory
from platskraft.surveys.models import Option, Question, Response, Section, Survey
from platskraft.surveys.services import builder as surveys
from platskraft.surveys.services import builder_structure as structure

from . import builder_data
from .builder_data import message, q
from .factories import QuestionFactory, ResponseFactory, SurveyFactory, survey_with_every_kind

pytestmark = pytest.mark.django_db

_english = builder_data.english
draft = builder_data.draft


# --- Surveys ----------------------------------------------------------------------------------


def test_a_new_survey_is_a_draft_with_one_section(kramfors):
    process = ProcessFactory(municipality=kramfors)
    survey = surveys.survey_create(
        municipality=kramfors, values={"title": "Bo, verka, leva", "process": process}
    )
    assert survey.status == "draft" and survey.process == process
    assert [s.title for s in survey.sections.all()] == ["Part 1"]


def test_links_to_another_municipality_and_circular_rounds_are_refused(kramfors, lund):
    with pytest.raises(ValidationError) as error:
        surveys.survey_create(
            municipality=kramfors,
            values={"title": "X", "process": ProcessFactory(municipality=lund)},
        )
    assert error.value.message_dict == {"process": ["The process belongs to another municipality."]}
    with pytest.raises(ValidationError) as error:
        surveys.survey_create(
            municipality=kramfors,
            values={"title": "X", "previous_round": SurveyFactory(municipality=lund)},
        )
    assert "another municipality" in message(error)
    first = SurveyFactory(municipality=kramfors, title="2016")
    second = SurveyFactory(municipality=kramfors, title="2018", previous_round=first)
    with pytest.raises(ValidationError) as error:
        surveys.survey_update(survey=first, values={"previous_round": second})
    assert error.value.message_dict["previous_round"] == [
        "“2018” already comes after this survey: a survey cannot be its own earlier round."
    ]
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        surveys.survey_update(survey=first, values={"opens_at": now, "closes_at": now})
    assert error.value.message_dict["closes_at"] == ["The survey must close after it opens."]
    first.refresh_from_db()
    assert first.previous_round is None and first.opens_at is None


def test_publishing_needs_questions_options_rows_and_a_future_closing(kramfors):
    survey = surveys.survey_create(municipality=kramfors, values={"title": "Empty"})
    with pytest.raises(ValidationError) as error:
        surveys.survey_publish(survey=survey)
    assert error.value.messages == ["Add at least one question before publishing."]

    section = survey.sections.get()
    structure.question_create(section=section, kind="single", text="Pick one")
    structure.question_create(section=section, kind="matrix", text="Rate these")
    structure.section_create(survey=survey, title="Empty page")
    survey.closes_at = timezone.now() - timedelta(days=1)
    survey.save()
    with pytest.raises(ValidationError) as error:
        surveys.survey_publish(survey=survey)
    assert error.value.messages == [
        "The section “Empty page” has no questions: add one or remove the section.",
        "“Pick one” has no answer options yet.",
        "“Rate these” has no rows yet.",
        "The closing time has already passed: move it later first.",
    ]
    survey.refresh_from_db()
    assert survey.status == "draft"


def test_publish_close_and_open_again(draft):
    surveys.survey_publish(survey=draft)
    assert Survey.objects.get(pk=draft.pk).status == "published"
    with pytest.raises(ValidationError) as error:
        surveys.survey_publish(survey=draft)
    assert message(error) == "Only a draft can be published."
    ResponseFactory(survey=draft, answers={str(q(draft, "area").pk): 1})
    surveys.survey_close(survey=draft)
    assert Survey.objects.get(pk=draft.pk).status == "closed"
    assert Response.objects.filter(survey=draft).count() == 1  # closing keeps the answers
    surveys.survey_reopen(survey=draft)
    assert Survey.objects.get(pk=draft.pk).status == "published"
    surveys.survey_close(survey=draft)
    Survey.objects.filter(pk=draft.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        surveys.survey_reopen(survey=draft)
    assert "closing time has passed" in message(error)


def test_only_a_draft_without_responses_is_deleted(draft, kramfors):
    published = SurveyFactory(municipality=kramfors)
    with pytest.raises(ValidationError) as error:
        surveys.survey_delete(survey=published)
    assert message(error).startswith("Only a draft can be deleted.")
    response = ResponseFactory(survey=draft, status="started")
    with pytest.raises(ValidationError) as error:
        surveys.survey_delete(survey=draft)
    assert message(error) == "The survey has responses, and they are kept. It cannot be deleted."
    response.delete()
    surveys.survey_delete(survey=draft)  # its questions have a display condition: still fine
    assert not Survey.objects.filter(pk=draft.pk).exists()


def test_a_duplicate_copies_the_structure_and_remaps_conditions_but_not_responses(kramfors):
    original = survey_with_every_kind(kramfors, title="Bo 2016")
    ResponseFactory(survey=original)
    copy = surveys.survey_duplicate(survey=original, as_next_round=True)
    assert copy.title == "Copy of Bo 2016" and copy.status == "draft"
    assert copy.previous_round == original and not copy.responses.exists()
    codes = lambda s: list(  # noqa: E731
        Question.objects.filter(survey=s)
        .order_by("section__position", "position")
        .values_list("code", "kind", "section__title")
    )
    assert codes(copy) == codes(original)
    follow_up = q(copy, "leisure_other")
    assert follow_up.condition_question == q(copy, "leisure")
    assert follow_up.condition_values == [0]
    assert Option.objects.filter(question__survey=copy).count() == (
        Option.objects.filter(question__survey=original).count()
    )
    assert list(q(copy, "services").options.values_list("role", "value", "label")) == list(
        q(original, "services").options.values_list("role", "value", "label")
    )
    plain = surveys.survey_duplicate(survey=original)
    assert plain.previous_round is None


# --- Sections ---------------------------------------------------------------------------------


def test_a_section_with_answers_or_a_condition_from_outside_is_not_removed(draft):
    first, second = draft.sections.order_by("position")
    ResponseFactory(survey=draft, answers={str(q(draft, "area").pk): 2})
    with pytest.raises(ValidationError) as error:
        structure.section_delete(section=second)
    assert message(error).startswith("Questions in this section have answers")
    later = QuestionFactory(
        section=second, text="Why?", condition_question=q(draft, "enough"), condition_values=[1]
    )
    with pytest.raises(ValidationError) as error:
        structure.section_delete(section=first)
    assert message(error) == (
        "“Why?” in another section is shown depending on the answer to “Enough to do?” in "
        "this one. Change that display condition first."
    )
    later.delete()
    structure.section_delete(section=first)  # holds a condition inside itself: fine
    assert list(draft.sections.values_list("title", "position")) == [("B", 1)]
    with pytest.raises(ValidationError) as error:
        structure.section_delete(section=second)
    assert message(error) == "A survey needs at least one section. Add another one first."


def test_a_section_move_that_breaks_a_condition_is_refused(draft):
    first, second = draft.sections.order_by("position")
    structure.question_set_condition(
        question=q(draft, "area"), source=q(draft, "enough"), values=[1]
    )
    with pytest.raises(ValidationError) as error:
        structure.section_move(section=second, direction="up")
    assert message(error) == (
        "“Which area?” is shown depending on the answer to “Enough to do?”, so it must come "
        "after that question. Change or remove the display condition first."
    )
    assert list(draft.sections.order_by("position").values_list("title", flat=True)) == ["A", "B"]
    with pytest.raises(ValidationError):
        structure.section_move(section=first, direction="up")
    structure.question_set_condition(question=q(draft, "area"), source=None)
    structure.section_move(section=second, direction="up")
    assert list(draft.sections.order_by("position").values_list("title", flat=True)) == ["B", "A"]


def test_sections_renumber_after_a_removal(draft):
    extra = structure.section_create(survey=draft, title="C")
    assert extra.position == 3
    structure.section_delete(section=draft.sections.get(title="B"))
    assert list(Section.objects.filter(survey=draft).values_list("title", "position")) == [
        ("A", 1),
        ("C", 2),
    ]
