"""The builder's writes on a whole survey: create, change its settings, publish, close,
open again, delete a draft, and duplicate it (e.g. as the next round).

Sections, questions and conditions are in `builder_structure`; answer options and
localities in `builder_options`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..kinds import kind_of
from ..models import Option, OptionRole, Question, Response, Section, Survey, SurveyStatus
from .builder_common import lock_survey

# The settings staff change with the survey form.
SETTINGS = [
    "title",
    "process",
    "intro",
    "thanks",
    "opens_at",
    "closes_at",
    "target_responses",
    "access",
    "results_public",
    "previous_round",
]


def _check_links(survey: Survey) -> None:
    """The process and the previous round belong to the survey's municipality, and the
    rounds do not go round in a circle."""
    if survey.process_id and survey.process.municipality_id != survey.municipality_id:
        raise ValidationError({"process": _("The process belongs to another municipality.")})
    earlier = survey.previous_round
    if earlier is None:
        return
    if earlier.municipality_id != survey.municipality_id:
        raise ValidationError(
            {"previous_round": _("The previous round belongs to another municipality.")}
        )
    seen = set()
    while earlier is not None and earlier.pk not in seen:
        if survey.pk and earlier.pk == survey.pk:
            raise ValidationError(
                {
                    "previous_round": _(
                        "“%(title)s” already comes after this survey: a survey cannot be "
                        "its own earlier round."
                    )
                    % {"title": survey.previous_round.title}
                }
            )
        seen.add(earlier.pk)
        earlier = earlier.previous_round


def _apply(survey: Survey, values: dict) -> Survey:
    for name in SETTINGS:
        if name in values:
            setattr(survey, name, values[name])
    _check_links(survey)
    survey.full_clean(exclude=["municipality"])
    survey.save()
    return survey


@transaction.atomic
def survey_create(*, municipality, values: dict) -> Survey:
    """A new draft survey with one empty section to put the first questions in."""
    survey = _apply(Survey(municipality=municipality, status=SurveyStatus.DRAFT), values)
    Section.objects.create(survey=survey, position=1, title=_("Part 1"))
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, values: dict) -> Survey:
    locked = lock_survey(survey)
    values = {name: values[name] for name in SETTINGS if name in values}
    return _apply(locked, values)


def publish_problems(survey: Survey, now=None) -> list[str]:
    """What stops the survey from being published, in words staff can act on."""
    now = now or timezone.now()
    problems = []
    questions = list(Question.objects.filter(survey=survey).select_related("section"))
    if not questions:
        problems.append(_("Add at least one question before publishing."))
    used_sections = {q.section_id for q in questions}
    for section in Section.objects.filter(survey=survey).order_by("position", "pk"):
        if questions and section.pk not in used_sections:
            problems.append(
                _("The section “%(section)s” has no questions: add one or remove the section.")
                % {"section": section.title}
            )
    roles: dict[int, set[str]] = {}
    for question_id, role in Option.objects.filter(question__survey=survey).values_list(
        "question_id", "role"
    ):
        roles.setdefault(question_id, set()).add(role)
    for question in questions:
        kind = kind_of(question)
        if kind.uses_options and OptionRole.CHOICE not in roles.get(question.pk, set()):
            problems.append(
                _("“%(question)s” has no answer options yet.") % {"question": question.text}
            )
        if kind.uses_rows and OptionRole.ROW not in roles.get(question.pk, set()):
            problems.append(_("“%(question)s” has no rows yet.") % {"question": question.text})
        problems += kind.publish_problems(question)
    if survey.closes_at and survey.closes_at <= now:
        problems.append(_("The closing time has already passed: move it later first."))
    return problems


@transaction.atomic
def survey_publish(*, survey: Survey, now=None) -> Survey:
    survey = lock_survey(survey)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    problems = publish_problems(survey, now)
    if problems:
        raise ValidationError(problems)
    survey.status = SurveyStatus.PUBLISHED
    survey.save(update_fields=["status", "updated_at"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    """No more answers; every answer given is kept."""
    survey = lock_survey(survey)
    if survey.status != SurveyStatus.PUBLISHED:
        raise ValidationError(_("Only a published survey can be closed."))
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    return survey


@transaction.atomic
def survey_reopen(*, survey: Survey, now=None) -> Survey:
    survey = lock_survey(survey)
    now = now or timezone.now()
    if survey.status != SurveyStatus.CLOSED:
        raise ValidationError(_("Only a closed survey can be opened again."))
    if survey.closes_at and survey.closes_at <= now:
        raise ValidationError(
            _("The closing time has passed: move it later in the settings, then open again.")
        )
    survey.status = SurveyStatus.PUBLISHED
    survey.save(update_fields=["status", "updated_at"])
    return survey


def delete_refusal(survey: Survey) -> str:
    """Why the survey cannot be deleted, or "" if it can."""
    if survey.status != SurveyStatus.DRAFT:
        return _("Only a draft can be deleted. Close the survey instead: its answers are kept.")
    if Response.objects.filter(survey=survey).exists():
        return _("The survey has responses, and they are kept. It cannot be deleted.")
    return ""


@transaction.atomic
def survey_delete(*, survey: Survey) -> None:
    survey = lock_survey(survey)
    refusal = delete_refusal(survey)
    if refusal:
        raise ValidationError(refusal)
    # Conditions point at other questions of the same survey (PROTECT): clear them first.
    Question.objects.filter(survey=survey).update(condition_question=None)
    survey.delete()


@transaction.atomic
def survey_duplicate(*, survey: Survey, as_next_round: bool = False) -> Survey:
    """A draft copy with the same sections, questions, options and conditions (never the
    responses). As the next round, the copy names the original as its previous round,
    so that the results compare them question by question (the column codes stay)."""
    original = lock_survey(survey)
    title = _("Copy of %(title)s") % {"title": original.title}
    copy = Survey.objects.create(
        municipality=original.municipality,
        process=original.process,
        title=title[: Survey._meta.get_field("title").max_length],
        intro=original.intro,
        thanks=original.thanks,
        status=SurveyStatus.DRAFT,
        target_responses=original.target_responses,
        access=original.access,
        previous_round=original if as_next_round else original.previous_round,
    )
    section_map = {}
    for section in original.sections.order_by("position", "pk"):
        section_map[section.pk] = Section.objects.create(
            survey=copy,
            position=section.position,
            title=section.title,
            description=section.description,
        )
    question_map: dict[int, Question] = {}
    questions = Question.objects.filter(survey=original).order_by(
        "section__position", "section_id", "position", "pk"
    )
    for question in questions:
        question_map[question.pk] = Question.objects.create(
            survey=copy,
            section=section_map[question.section_id],
            position=question.position,
            code=question.code,
            kind=question.kind,
            text=question.text,
            help_text=question.help_text,
            required=question.required,
            settings=question.settings,
            condition_values=question.condition_values,
        )
    for question in questions:
        if question.condition_question_id in question_map:
            new = question_map[question.pk]
            new.condition_question = question_map[question.condition_question_id]
            new.save(update_fields=["condition_question"])
    Option.objects.bulk_create(
        Option(
            question=question_map[option.question_id],
            role=option.role,
            position=option.position,
            value=option.value,
            label=option.label,
            is_other=option.is_other,
        )
        for option in Option.objects.filter(question__survey=original)
    )
    return copy
