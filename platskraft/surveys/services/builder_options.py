"""The builder's writes on answer options and matrix rows, the ready-made options of
segment questions, and a locality question's options taken from the municipality's list.

An option's code is what the answers store: a code that answers hold is never changed
or removed, and display conditions that name a code follow it when it changes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..kinds import kind_of
from ..models import Locality, Option, OptionRole, PlaceKind, Question
from ..presets import AGE_OPTIONS, ROLE_OPTIONS
from ..selectors.builder import question_used_codes
from .builder_common import lock_survey, next_position, renumber, swap

CODE_MIN, CODE_MAX = 0, 9999
LABEL_MAX = Option._meta.get_field("label").max_length


def _siblings(question: Question, role: str):
    return Option.objects.filter(question=question, role=role)


def next_code(question: Question, role: str) -> int:
    """The smallest code from 1 that no option of the same role has yet."""
    codes = set(_siblings(question, role).values_list("value", flat=True))
    number = 1
    while number in codes:
        number += 1
    return number


def _check_role(question: Question, role: str) -> None:
    kind = kind_of(question)
    if role == OptionRole.CHOICE and not kind.uses_options:
        raise ValidationError(_("This type of question has no answer options."))
    if role == OptionRole.ROW and not kind.uses_rows:
        raise ValidationError(_("This type of question has no rows."))
    if role not in OptionRole.values:
        raise ValidationError(_("Unknown kind of option."))


def _check_option(option: Option) -> None:
    if not CODE_MIN <= option.value <= CODE_MAX:
        raise ValidationError(
            {
                "value": _("Use a code from %(low)s to %(high)s.")
                % {"low": CODE_MIN, "high": CODE_MAX}
            }
        )
    clash = _siblings(option.question, option.role).filter(value=option.value)
    if option.pk:
        clash = clash.exclude(pk=option.pk)
    if clash.exists():
        raise ValidationError(
            {
                "value": _("Another option of this question already has the code %(code)s.")
                % {"code": option.value}
            }
        )
    if option.is_other:
        if option.role != OptionRole.CHOICE or not kind_of(option.question).allows_other:
            raise ValidationError(
                {"is_other": _("This type of question cannot ask “other, namely”.")}
            )
        others = _siblings(option.question, option.role).filter(is_other=True)
        if option.pk:
            others = others.exclude(pk=option.pk)
        if others.exists():
            raise ValidationError(
                {"is_other": _("The question already has an “other, namely” option.")}
            )
    if not option.label.strip():
        raise ValidationError({"label": _("Write what the option says.")})


def _used(option: Option, code: int) -> bool:
    used = question_used_codes(option.question)
    return code in (used.rows if option.role == OptionRole.ROW else used.choices)


def _conditions_naming(question: Question, code: int) -> list[Question]:
    return [q for q in question.dependents.all() if code in (q.condition_values or [])]


@transaction.atomic
def option_create(
    *,
    question: Question,
    role: str = OptionRole.CHOICE,
    label: str,
    value: int | None = None,
    is_other: bool = False,
) -> Option:
    lock_survey(question.survey)
    _check_role(question, role)
    option = Option(
        question=question,
        role=role,
        label=label.strip(),
        value=next_code(question, role) if value is None else value,
        is_other=is_other,
        position=next_position(_siblings(question, role)),
    )
    _check_option(option)
    option.save()
    return option


@transaction.atomic
def option_update(*, option: Option, label: str, value: int, is_other: bool = False) -> Option:
    """Change an option; its code only while no answer holds it (conditions follow it)."""
    lock_survey(option.question.survey)
    option = Option.objects.select_related("question").get(pk=option.pk)
    old = option.value
    option.label, option.value, option.is_other = label.strip(), value, is_other
    _check_option(option)
    if value != old:
        if _used(option, old):
            raise ValidationError(
                {
                    "value": _(
                        "Answers already hold the code %(code)s, so it cannot change: they "
                        "would then mean another option."
                    )
                    % {"code": old}
                }
            )
        if option.role == OptionRole.CHOICE:
            for dependent in _conditions_naming(option.question, old):
                dependent.condition_values = sorted(
                    {value if v == old else v for v in dependent.condition_values}
                )
                dependent.save(update_fields=["condition_values"])
    option.save()
    return option


def option_delete_refusal(option: Option) -> str:
    if _used(option, option.value):
        return _(
            "Answers hold “%(label)s” (code %(code)s), so it cannot be removed: the answers "
            "would lose their meaning."
        ) % {"label": option.label, "code": option.value}
    if option.role == OptionRole.CHOICE:
        naming = _conditions_naming(option.question, option.value)
        if naming:
            return _(
                "“%(question)s” is shown when this option is chosen. Change that display "
                "condition first."
            ) % {"question": naming[0].text}
    return ""


@transaction.atomic
def option_delete(*, option: Option) -> None:
    lock_survey(option.question.survey)
    refusal = option_delete_refusal(option)
    if refusal:
        raise ValidationError(refusal)
    question, role = option.question, option.role
    option.delete()
    renumber(list(_siblings(question, role).order_by("position", "pk")))


@transaction.atomic
def option_move(*, option: Option, direction: str) -> None:
    lock_survey(option.question.survey)
    items = list(_siblings(option.question, option.role).order_by("position", "pk"))
    index = next(i for i, o in enumerate(items) if o.pk == option.pk)
    if not swap(items, index, direction):
        raise ValidationError(_("The option cannot move further that way."))


def add_lines(*, question: Question, role: str, labels: list[str]) -> list[Option]:
    """Options from lines of text, in order, with the next free codes (inside the
    caller's transaction)."""
    _check_role(question, role)
    created = []
    for label in labels:
        label = label.strip()
        if not label:
            continue
        if len(label) > LABEL_MAX:
            raise ValidationError(
                _("“%(label)s…” is longer than %(limit)s characters.")
                % {"label": label[:40], "limit": LABEL_MAX}
            )
        created.append(
            Option.objects.create(
                question=question,
                role=role,
                label=label,
                value=next_code(question, role),
                position=next_position(_siblings(question, role)),
            )
        )
    return created


def _segment(question: Question) -> str:
    return (question.settings or {}).get("segment") or ""


def apply_preset(question: Question) -> list[Option]:
    """A ready-made segment's options, for a question that has none yet: who answers and
    age band with the codes that stay the same in every survey; the locality with the
    municipality's list of localities."""
    if _siblings(question, OptionRole.CHOICE).exists():
        return []
    presets = {"role": ROLE_OPTIONS, "age": AGE_OPTIONS}.get(_segment(question))
    if presets is not None:
        return [
            Option.objects.create(
                question=question, role=OptionRole.CHOICE, value=code, position=i, label=str(label)
            )
            for i, (code, label) in enumerate(presets, start=1)
        ]
    if _segment(question) == "locality":
        names = Locality.objects.filter(
            municipality_id=question.survey.municipality_id, kind=PlaceKind.LOCALITY
        )
        return add_lines(
            question=question,
            role=OptionRole.CHOICE,
            labels=list(names.order_by("position", "name").values_list("name", flat=True)),
        )
    return []


@transaction.atomic
def question_refresh_localities(*, question: Question) -> dict[str, int]:
    """Bring a locality question's options in line with the municipality's list: new
    localities are added, options no longer on the list are removed unless answers or a
    display condition hold their code (then they stay, after the others)."""
    lock_survey(question.survey)
    if _segment(question) != "locality":
        raise ValidationError(_("Only a locality question takes its options from the list."))
    names = list(
        Locality.objects.filter(
            municipality_id=question.survey.municipality_id, kind=PlaceKind.LOCALITY
        )
        .order_by("position", "name")
        .values_list("name", flat=True)
    )
    existing = {o.label: o for o in _siblings(question, OptionRole.CHOICE)}
    used = question_used_codes(question).choices
    in_conditions = {v for q in question.dependents.all() for v in (q.condition_values or [])}
    counts = {"added": 0, "removed": 0, "kept": 0}
    kept = []
    for label in [label for label in existing if label not in names]:
        option = existing.pop(label)
        if option.value in used or option.value in in_conditions:
            kept.append(option)
            counts["kept"] += 1
        else:
            option.delete()
            counts["removed"] += 1
    order = []
    for name in names:
        option = existing.get(name)
        if option is None:
            option = Option.objects.create(
                question=question,
                role=OptionRole.CHOICE,
                label=name,
                value=next_code(question, OptionRole.CHOICE),
                position=0,
            )
            counts["added"] += 1
        order.append(option)
    order += sorted(kept, key=lambda o: (o.position, o.pk))
    renumber(order)
    return counts
