"""Reads for the builder: the staff list of surveys, a survey's outline, whether a
question already has answers, and which earlier questions a condition may depend on."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from ..answering import Item, Structure
from ..kinds import Choice, field_name, kind_of
from ..models import Locality, OptionRole, Question, Response, ResponseStatus, Section, Survey

# --- Surveys --------------------------------------------------------------------------------


def staff_survey_list(*, municipality) -> QuerySet[Survey]:
    """The municipality's surveys, newest first, with their number of complete responses."""
    return (
        Survey.objects.filter(municipality=municipality)
        .select_related("process", "previous_round")
        .annotate(
            complete_count=Count("responses", filter=Q(responses__status=ResponseStatus.COMPLETE))
        )
        .order_by("-created_at", "-pk")
    )


def survey_response_counts(*, survey: Survey) -> dict[str, int]:
    """How many responses a survey has: complete, started (not finished), all."""
    counts = survey.responses.aggregate(
        total=Count("pk"), complete=Count("pk", filter=Q(status=ResponseStatus.COMPLETE))
    )
    return {**counts, "started": counts["total"] - counts["complete"]}


def survey_has_responses(*, survey: Survey) -> bool:
    return Response.objects.filter(survey=survey).exists()


def previous_round_choices(*, survey: Survey | None, municipality) -> QuerySet[Survey]:
    """The municipality's other surveys, which a survey may name as its previous round."""
    surveys = Survey.objects.filter(municipality=municipality).order_by("-created_at", "-pk")
    return surveys.exclude(pk=survey.pk) if survey is not None and survey.pk else surveys


# --- Questions and their answers --------------------------------------------------------------


def _answer_keys(question: Question) -> list[str]:
    return [question.key, f"{question.key}.other"]


def question_has_answers(question: Question) -> bool:
    """Whether any response (complete or not) holds an answer to the question.

    `has_any_keys` is a key lookup on the JSON object, the same on SQLite and PostgreSQL.
    """
    return Response.objects.filter(
        survey_id=question.survey_id, answers__has_any_keys=_answer_keys(question)
    ).exists()


def answered_question_ids(*, questions: list[Question]) -> set[int]:
    """Which of the questions (of one survey) have answers, one query each."""
    return {q.pk for q in questions if question_has_answers(q)}


def section_has_answers(section: Section) -> bool:
    keys = [key for q in section.questions.all() for key in _answer_keys(q)]
    return bool(keys) and (
        Response.objects.filter(survey_id=section.survey_id, answers__has_any_keys=keys).exists()
    )


@dataclass
class UsedCodes:
    """The answer codes and matrix row codes that responses hold for one question."""

    choices: set[int] = field(default_factory=set)
    rows: set[int] = field(default_factory=set)


def question_used_codes(question: Question) -> UsedCodes:
    """Read from the stored values whatever their type: a code, a list of codes, or a
    mapping of row code to a scale value (see `kinds.base`)."""
    used = UsedCodes()
    answers = Response.objects.filter(
        survey_id=question.survey_id, answers__has_key=question.key
    ).values_list("answers", flat=True)
    for stored in answers.iterator(chunk_size=2000):
        value = stored.get(question.key)
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            used.choices.add(value)
        elif isinstance(value, list):
            used.choices.update(v for v in value if isinstance(v, int))
        elif isinstance(value, dict):
            used.rows.update(int(code) for code in value if str(code).lstrip("-").isdigit())
    return used


# --- The outline of a survey ------------------------------------------------------------------


def ordered_questions(*, survey: Survey) -> list[Question]:
    """Every question in the order residents meet them: by section, then by position."""
    return list(
        Question.objects.filter(survey=survey)
        .select_related("section", "condition_question")
        .order_by("section__position", "section_id", "position", "pk")
    )


def survey_outline(*, survey: Survey) -> Structure:
    """Sections, questions, options and rows in three queries (the answering engine's read)."""
    return Structure.load(survey)


def question_item(question: Question) -> Item:
    """One question with its options and rows, as the answering engine asks it."""
    item = Item(question)
    for option in question.options.order_by("position", "pk"):
        target = item.rows if option.role == OptionRole.ROW else item.choices
        target.append(Choice(option.value, option.label, option.is_other))
    return item


def answer_codes(item: Item) -> list[tuple[int, str]]:
    """The codes a conditional question's answer can take, with what each says: the
    choices of its answer field, whatever its type."""
    answer_field = item.fields().get(field_name(item.question))
    choices = getattr(answer_field, "choices", None) or []
    return [(value, str(label)) for value, label in choices if value not in ("", None)]


def condition_sources(*, structure: Structure, question: Question) -> list[tuple[Item, list]]:
    """The questions before `question` that a display condition may depend on, with the
    answer codes of each."""
    sources = []
    for item in structure.all_items():
        if item.question.pk == question.pk:
            break
        if kind_of(item.question).conditional:
            codes = answer_codes(item)
            if codes:
                sources.append((item, codes))
    return sources


def condition_summaries(*, structure: Structure) -> dict[int, tuple[Question, list[str]]]:
    """For each question with a display condition: the question it depends on and the
    answers that show it, in words."""
    summaries = {}
    for item in structure.all_items():
        question = item.question
        source = structure.items.get(question.condition_question_id or 0)
        if source is not None:
            labels = dict(answer_codes(source))
            summaries[question.pk] = (
                source.question,
                [labels.get(code, str(code)) for code in question.condition_values or []],
            )
    return summaries


def builder_pages(*, structure: Structure, any_answers: bool) -> list[dict]:
    """The builder page's outline: per section its questions, each with its condition in
    words, whether it is the first or last of the survey, and whether it has answers."""
    conditions = condition_summaries(structure=structure)
    questions = [item.question for item in structure.all_items()]
    answered = answered_question_ids(questions=questions) if any_answers else set()
    pages, number = [], 0
    for page in structure.pages:
        entries = []
        for item in page.items:
            entries.append(
                {
                    "item": item,
                    "question": item.question,
                    "condition": conditions.get(item.question.pk),
                    "first": number == 0,
                    "last": number == len(questions) - 1,
                    "answered": item.question.pk in answered,
                }
            )
            number += 1
        pages.append({"section": page.section, "entries": entries})
    return pages


# --- Localities -------------------------------------------------------------------------------


def locality_list(*, municipality) -> QuerySet[Locality]:
    return Locality.objects.filter(municipality=municipality).order_by("position", "name", "pk")
