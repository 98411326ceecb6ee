"""The builder's writes on sections, questions and display conditions.

Every write that changes the order runs `check_order` inside its transaction, so a
question never comes before the question its display condition depends on; a
condition may only point at an earlier question, so there can be no cycle.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..kinds import REGISTRY, kind_of
from ..models import Option, OptionRole, Question, Section, Survey
from ..selectors.builder import (
    answer_codes,
    question_has_answers,
    question_item,
    section_has_answers,
)
from .builder_common import (
    check_code_free,
    check_order,
    free_code,
    lock_survey,
    next_position,
    ordered,
    renumber,
    sections,
    swap,
    valid_code,
)
from .builder_options import add_lines, apply_preset

# --- Sections ---------------------------------------------------------------------------------


@transaction.atomic
def section_create(*, survey: Survey, title: str, description: str = "") -> Section:
    lock_survey(survey)
    return Section.objects.create(
        survey=survey,
        position=next_position(Section.objects.filter(survey=survey)),
        title=title,
        description=description,
    )


@transaction.atomic
def section_update(*, section: Section, title: str, description: str = "") -> Section:
    lock_survey(section.survey)
    section.title, section.description = title, description
    section.save(update_fields=["title", "description"])
    return section


def section_delete_refusal(section: Section) -> str:
    """Why the section cannot be removed, or "" if it can."""
    if Section.objects.filter(survey_id=section.survey_id).count() <= 1:
        return _("A survey needs at least one section. Add another one first.")
    if section_has_answers(section):
        return _(
            "Questions in this section have answers, which are kept. Move those questions "
            "to another section first, or leave the section as it is."
        )
    outside = (
        Question.objects.filter(condition_question__section=section)
        .exclude(section=section)
        .select_related("condition_question")
        .first()
    )
    if outside is not None:
        return _(
            "“%(question)s” in another section is shown depending on the answer to "
            "“%(source)s” in this one. Change that display condition first."
        ) % {"question": outside.text, "source": outside.condition_question.text}
    return ""


@transaction.atomic
def section_delete(*, section: Section) -> None:
    """Remove a section and its questions (none of which has answers)."""
    survey = lock_survey(section.survey)
    refusal = section_delete_refusal(section)
    if refusal:
        raise ValidationError(refusal)
    Question.objects.filter(section=section).update(condition_question=None)
    section.delete()
    renumber(sections(survey))


@transaction.atomic
def section_move(*, section: Section, direction: str) -> None:
    survey = lock_survey(section.survey)
    items = sections(survey)
    index = next(i for i, s in enumerate(items) if s.pk == section.pk)
    if not swap(items, index, direction):
        raise ValidationError(_("The section cannot move further that way."))
    check_order(survey)


# --- Questions --------------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in REGISTRY:
        raise ValidationError({"kind": _("Choose a question type from the list.")})


def _settings(kind: str, settings: dict | None) -> dict:
    return REGISTRY[kind].clean_settings(dict(settings or {}))


def _check_code(survey: Survey, code: str, question: Question | None = None) -> str:
    if not valid_code(code):
        raise ValidationError(
            {"code": _("Use only letters a–z, digits, “-” and “_” (at most 40 characters).")}
        )
    check_code_free(survey, code, exclude=question)
    return code


@transaction.atomic
def question_create(
    *,
    section: Section,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    code: str = "",
    settings: dict | None = None,
    options: list[str] | None = None,
    rows: list[str] | None = None,
) -> Question:
    """A question at the end of `section`. A question type with answer options takes
    `options` (one label each, codes 1, 2, 3 …), a matrix takes `rows`; a ready-made
    segment (who answers, locality, age) gets its preset options when none are given."""
    survey = lock_survey(section.survey)
    _check_kind(kind)
    code = _check_code(survey, code) if code else free_code(survey)
    question = Question.objects.create(
        survey=survey,
        section=section,
        position=next_position(Question.objects.filter(section=section)),
        code=code,
        kind=kind,
        text=text,
        help_text=help_text,
        required=required,
        settings=_settings(kind, settings),
    )
    the_kind = kind_of(question)
    if the_kind.uses_options:
        if options:
            add_lines(question=question, role=OptionRole.CHOICE, labels=options)
        else:
            apply_preset(question)
    if the_kind.uses_rows and rows:
        add_lines(question=question, role=OptionRole.ROW, labels=rows)
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    text: str,
    help_text: str = "",
    required: bool = False,
    code: str,
    section: Section | None = None,
    settings: dict | None = None,
) -> Question:
    """Change what a question says and its settings; a new section puts it at the end of
    that section (refused if that breaks a display condition's order)."""
    survey = lock_survey(question.survey)
    question = Question.objects.get(pk=question.pk)
    question.code = _check_code(survey, code, question)
    question.text, question.help_text, question.required = text, help_text, required
    if settings is not None:
        # Settings the builder does not show (e.g. a label for every scale point) stay.
        shown = REGISTRY[question.kind].settings_fields()
        kept = {k: v for k, v in (question.settings or {}).items() if k not in shown}
        question.settings = {**kept, **_settings(question.kind, settings)}
    old_section = question.section_id
    if section is not None and section.pk != old_section:
        if section.survey_id != survey.pk:
            raise ValidationError({"section": _("Choose a section of this survey.")})
        question.section = section
        question.position = next_position(Question.objects.filter(section=section))
    question.save()
    if question.section_id != old_section:
        renumber(list(Question.objects.filter(section_id=old_section).order_by("position", "pk")))
        check_order(survey)
    if (
        kind_of(question).uses_options
        and not question.options.filter(role=OptionRole.CHOICE).exists()
    ):
        apply_preset(question)
    return question


def _dependents_message(question: Question) -> str:
    dependent = question.dependents.order_by("section__position", "position").first()
    if dependent is None:
        return ""
    return _(
        "“%(question)s” is shown depending on the answer to this question. Change or "
        "remove that display condition first."
    ) % {"question": dependent.text}


@transaction.atomic
def question_change_kind(*, question: Question, kind: str) -> Question:
    """Another question type: refused once the question has answers (they would no longer
    mean what they meant), or while another question's condition depends on it."""
    lock_survey(question.survey)
    question = Question.objects.get(pk=question.pk)
    _check_kind(kind)
    if kind == question.kind:
        return question
    if question_has_answers(question):
        raise ValidationError(
            {
                "kind": _(
                    "“%(question)s” already has answers, so its type cannot change: the "
                    "answers would no longer mean what they meant. Add a new question "
                    "instead."
                )
                % {"question": question.text}
            }
        )
    blocked = _dependents_message(question)
    if blocked:
        raise ValidationError({"kind": blocked})
    new = REGISTRY[kind]
    known = {
        key: value
        for key, value in (question.settings or {}).items()
        if key in new.settings_fields()
    }
    question.kind, question.settings = kind, new.clean_settings(known)
    question.save(update_fields=["kind", "settings"])
    if not new.uses_options:
        question.options.filter(role=OptionRole.CHOICE).delete()
    if not new.uses_rows:
        question.options.filter(role=OptionRole.ROW).delete()
    return question


def question_delete_refusal(question: Question) -> str:
    if question_has_answers(question):
        return _("“%(question)s” has answers, which are kept, so it cannot be removed.") % {
            "question": question.text
        }
    return _dependents_message(question)


@transaction.atomic
def question_delete(*, question: Question) -> None:
    lock_survey(question.survey)
    refusal = question_delete_refusal(question)
    if refusal:
        raise ValidationError(refusal)
    section_id = question.section_id
    question.delete()
    renumber(list(Question.objects.filter(section_id=section_id).order_by("position", "pk")))


@transaction.atomic
def question_move(*, question: Question, direction: str) -> None:
    """One step up or down; from the top (bottom) of a section into the end (start) of
    the section before (after)."""
    survey = lock_survey(question.survey)
    question = Question.objects.get(pk=question.pk)
    siblings = list(
        Question.objects.filter(section_id=question.section_id).order_by("position", "pk")
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    if not swap(siblings, index, direction):
        all_sections = sections(survey)
        here = next(i for i, s in enumerate(all_sections) if s.pk == question.section_id)
        target = here - 1 if direction == "up" else here + 1
        if direction not in ("up", "down") or not 0 <= target < len(all_sections):
            raise ValidationError(_("The question cannot move further that way."))
        siblings.pop(index)
        renumber(siblings)
        into = list(
            Question.objects.filter(section=all_sections[target]).order_by("position", "pk")
        )
        question.section = all_sections[target]
        into = [*into, question] if direction == "up" else [question, *into]
        question.position = 0
        question.save(update_fields=["section", "position"])
        renumber(into)
    check_order(survey)


@transaction.atomic
def question_duplicate(*, question: Question) -> Question:
    """A copy right after the question, with its options and display condition."""
    survey = lock_survey(question.survey)
    original = Question.objects.get(pk=question.pk)
    siblings = list(
        Question.objects.filter(section_id=original.section_id).order_by("position", "pk")
    )
    limit = Question._meta.get_field("text").max_length
    copy = Question.objects.create(
        survey=survey,
        section_id=original.section_id,
        position=0,
        code=free_code(survey, original.code),
        kind=original.kind,
        text=(_("%(text)s (copy)") % {"text": original.text})[:limit],
        help_text=original.help_text,
        required=original.required,
        settings=original.settings,
        condition_question_id=original.condition_question_id,
        condition_values=original.condition_values,
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == original.pk)
    siblings.insert(index + 1, copy)
    renumber(siblings)
    Option.objects.bulk_create(
        Option(
            question=copy,
            role=o.role,
            position=o.position,
            value=o.value,
            label=o.label,
            is_other=o.is_other,
        )
        for o in original.options.all()
    )
    return copy


# --- Display conditions -----------------------------------------------------------------------


def source_codes(source: Question) -> set[int]:
    """The answer codes of a question a condition may depend on."""
    return {value for value, _label in answer_codes(question_item(source))}


@transaction.atomic
def question_set_condition(
    *, question: Question, source: Question | None, values: list[int] | None = None
) -> Question:
    """Show `question` only when the earlier question `source` got one of `values`;
    with no source, always show it."""
    survey = lock_survey(question.survey)
    question = Question.objects.get(pk=question.pk)
    if source is None:
        question.condition_question, question.condition_values = None, []
        question.save(update_fields=["condition_question", "condition_values"])
        return question
    if source.survey_id != survey.pk:
        raise ValidationError(_("Choose a question of this survey."))
    if source.pk == question.pk:
        raise ValidationError(_("A question cannot be shown depending on its own answer."))
    if not kind_of(source).conditional:
        raise ValidationError(
            _("A display condition cannot depend on “%(source)s”: its answer is not a choice.")
            % {"source": source.text}
        )
    place = {q.pk: i for i, q in enumerate(ordered(survey))}
    if place[source.pk] > place[question.pk]:
        raise ValidationError(
            _(
                "“%(source)s” comes after “%(question)s”. A question can only depend on the "
                "answer to an earlier question."
            )
            % {"source": source.text, "question": question.text}
        )
    values = sorted(set(values or []))
    if not values:
        raise ValidationError(_("Choose at least one answer that shows the question."))
    unknown = set(values) - source_codes(source)
    if unknown:
        raise ValidationError(
            _("“%(source)s” has no answer with the code %(codes)s.")
            % {"source": source.text, "codes": ", ".join(map(str, sorted(unknown)))}
        )
    question.condition_question, question.condition_values = source, values
    question.save(update_fields=["condition_question", "condition_values"])
    check_order(survey)
    return question
