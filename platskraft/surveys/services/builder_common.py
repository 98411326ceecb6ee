"""What the builder's writes share: locking a survey, positions, column codes and the
rule that a display condition depends only on an earlier question."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Question, Section, Survey

CODE_MAX = Question._meta.get_field("code").max_length


def lock_survey(survey: Survey) -> Survey:
    """Lock the survey's row for the rest of the transaction: two officials editing the
    same survey at once take turns, so positions and codes stay consistent."""
    return Survey.objects.select_for_update().get(pk=survey.pk)


def next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def renumber(items) -> None:
    """Give `items` the positions 1, 2, 3 … in their current order (saving only changes)."""
    for number, item in enumerate(items, start=1):
        if item.position != number:
            item.position = number
            item.save(update_fields=["position"])


def swap(items: list, index: int, direction: str) -> bool:
    """Move `items[index]` one step up or down and renumber; False if it cannot move."""
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    renumber(items)
    return True


def ordered(survey: Survey) -> list[Question]:
    return list(
        Question.objects.filter(survey=survey)
        .select_related("section")
        .order_by("section__position", "section_id", "position", "pk")
    )


def check_order(survey: Survey) -> None:
    """Refuse an order in which a question comes before the question its display
    condition depends on (which would also allow a cycle)."""
    questions = ordered(survey)
    place = {q.pk: i for i, q in enumerate(questions)}
    by_pk = {q.pk: q for q in questions}
    for question in questions:
        source_id = question.condition_question_id
        if source_id and place.get(source_id, len(questions)) >= place[question.pk]:
            raise ValidationError(
                _(
                    "“%(question)s” is shown depending on the answer to “%(source)s”, so it "
                    "must come after that question. Change or remove the display condition "
                    "first."
                )
                % {"question": question.text, "source": by_pk[source_id].text}
            )


def sections(survey: Survey) -> list[Section]:
    return list(Section.objects.filter(survey=survey).order_by("position", "pk"))


def valid_code(code: str) -> bool:
    return bool(re.fullmatch(r"[-a-zA-Z0-9_]+", code)) and len(code) <= CODE_MAX


def check_code_free(survey: Survey, code: str, *, exclude: Question | None = None) -> None:
    taken = Question.objects.filter(survey=survey, code=code)
    if exclude is not None and exclude.pk:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(
            {
                "code": _(
                    "Another question of this survey already has the column code "
                    "“%(code)s”. Each question needs its own."
                )
                % {"code": code}
            }
        )


def free_code(survey: Survey, wanted: str = "") -> str:
    """`wanted` if no question of the survey has it, else `wanted_2`, `wanted_3` …; with
    no wish, the first free `q<n>` counting from the number of questions."""
    taken = set(Question.objects.filter(survey=survey).values_list("code", flat=True))
    if wanted:
        if wanted not in taken:
            return wanted
        stem = wanted[: CODE_MAX - 4]
        number = 2
        while f"{stem}_{number}" in taken:
            number += 1
        return f"{stem}_{number}"
    number = len(taken) + 1
    while f"q{number}" in taken:
        number += 1
    return f"q{number}"
