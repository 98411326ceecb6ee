"""Questions answered by choosing: one option, several, yes or no, a segment, a ranking."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..presets import SEGMENTS
from .base import Choice, Kind, choice_field, field_name, other_key, parse_int


class _Other:
    """The “other, namely” text of a question whose options include one."""

    allows_other = True

    @staticmethod
    def has_other(choices: list[Choice]) -> bool:
        return any(c.is_other for c in choices)

    def other_field(self, question, choices: list[Choice], fields: dict) -> dict:
        if self.has_other(choices):
            fields[field_name(question, "other")] = forms.CharField(
                label=_("Other, namely"), max_length=500, required=False
            )
        return fields

    def other_columns(self, question, choices) -> list[str]:
        return [f"{question.code}_other"] if self.has_other(choices) else []

    def entries(self, question, data, choices, rows):
        stored = super().entries(question, data, choices, rows)
        text = (data.get(field_name(question, "other")) or "").strip()
        if text and self.has_other(choices):
            stored[other_key(question)] = text
        return stored

    def initial(self, question, answers, choices, rows):
        initial = super().initial(question, answers, choices, rows)
        if answers.get(other_key(question)):
            initial[field_name(question, "other")] = answers[other_key(question)]
        return initial

    def other_cells(self, question, answers, choices) -> list:
        return [answers.get(other_key(question), "")] if self.has_other(choices) else []

    def parse_other(self, question, cells, choices, stored: dict) -> dict:
        if self.has_other(choices):
            text = (cells.get(f"{question.code}_other") or "").strip()
            if text:
                stored[other_key(question)] = text
        return stored


class SingleChoice(_Other, Kind):
    key = "single"
    label = gettext_lazy("Single choice")
    uses_options = True
    conditional = True
    analysis = "choice"

    def fields(self, question, choices, rows):
        fields = {field_name(question): choice_field(choices)}
        return self.other_field(question, choices, fields)

    def value(self, question, data, choices, rows):
        value = data.get(field_name(question))
        return value if value is not None else None

    def codes(self, value):
        return {value} if isinstance(value, int) else set()

    def columns(self, question, choices, rows):
        return [question.code, *self.other_columns(question, choices)]

    def cells(self, question, answers, choices, rows):
        value = answers.get(question.key)
        return ["" if value is None else value, *self.other_cells(question, answers, choices)]

    def parse(self, question, cells, choices, rows):
        raw = (cells.get(question.code) or "").strip()
        stored = (
            {question.key: parse_int(question.code, raw, {c.value for c in choices})} if raw else {}
        )
        return self.parse_other(question, cells, choices, stored)

    def code_book(self, question, choices, rows):
        lines = [(question.code, "", question.text)]
        lines += [(question.code, c.value, c.label) for c in choices]
        lines += [
            (column, "", _("Other, namely")) for column in self.other_columns(question, choices)
        ]
        return lines


class Segment(SingleChoice):
    """Who is answering (resident, visitor ...), where they live, their age band: the
    questions the results are broken down by."""

    key = "segment"
    label = gettext_lazy("Segment (who answers)")
    segment = True

    def settings_fields(self):
        return {
            "segment": forms.ChoiceField(
                label=_("What the answers are broken down by"),
                choices=[("", _("Our own answer options")), *SEGMENTS.items()],
                required=False,
                help_text=_(
                    "A ready-made segment gets its answer options (with codes that stay the "
                    "same in every survey) when the question is added."
                ),
            )
        }


class YesNo(SingleChoice):
    key = "yes_no"
    label = gettext_lazy("Yes or no")
    uses_options = False

    @staticmethod
    def yes_no() -> list[Choice]:
        return [Choice(1, _("Yes")), Choice(0, _("No"))]

    def categories(self, question, choices, rows):
        return self.yes_no()

    def fields(self, question, choices, rows):
        return {field_name(question): choice_field(self.yes_no())}

    def columns(self, question, choices, rows):
        return [question.code]

    def cells(self, question, answers, choices, rows):
        value = answers.get(question.key)
        return ["" if value is None else value]

    def parse(self, question, cells, choices, rows):
        raw = (cells.get(question.code) or "").strip()
        return {question.key: parse_int(question.code, raw, {0, 1})} if raw else {}

    def code_book(self, question, choices, rows):
        return [(question.code, "", question.text)] + [
            (question.code, c.value, c.label) for c in self.yes_no()
        ]


class MultipleChoice(_Other, Kind):
    key = "multiple"
    label = gettext_lazy("Multiple choice")
    uses_options = True
    conditional = True
    analysis = "multiple"

    def fields(self, question, choices, rows):
        fields = {
            field_name(question): forms.TypedMultipleChoiceField(
                choices=[(c.value, c.label) for c in choices],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        }
        return self.other_field(question, choices, fields)

    def value(self, question, data, choices, rows):
        chosen = data.get(field_name(question)) or []
        order = {c.value: i for i, c in enumerate(choices)}
        return sorted(set(chosen), key=lambda v: order.get(v, v)) or None

    def codes(self, value):
        return set(value) if isinstance(value, list) else set()

    def columns(self, question, choices, rows):
        return [f"{question.code}_{c.value}" for c in choices] + self.other_columns(
            question, choices
        )

    def cells(self, question, answers, choices, rows):
        value = answers.get(question.key)
        other = self.other_cells(question, answers, choices)
        if value is None:
            return ["" for _c in choices] + other
        chosen = set(value)
        return [1 if c.value in chosen else 0 for c in choices] + other

    def parse(self, question, cells, choices, rows):
        chosen = []
        for c in choices:
            column = f"{question.code}_{c.value}"
            raw = (cells.get(column) or "").strip()
            if raw and parse_int(column, raw, {0, 1}) == 1:
                chosen.append(c.value)
        stored = {question.key: chosen} if chosen else {}
        return self.parse_other(question, cells, choices, stored)

    def code_book(self, question, choices, rows):
        lines = [
            (f"{question.code}_{c.value}", "0/1", f"{question.text}: {c.label}") for c in choices
        ]
        lines += [
            (column, "", _("Other, namely")) for column in self.other_columns(question, choices)
        ]
        return lines


class Ranking(Kind):
    """Put the options in order. Without JavaScript: a position for each option."""

    key = "ranking"
    label = gettext_lazy("Ranking")
    uses_options = True
    analysis = "ranking"

    def fields(self, question, choices, rows):
        positions = [(i, str(i)) for i in range(1, len(choices) + 1)]
        return {
            field_name(question, str(c.value)): forms.TypedChoiceField(
                label=c.label,
                choices=[("", "–"), *positions],
                coerce=int,
                empty_value=None,
                required=False,
            )
            for c in choices
        }

    def value(self, question, data, choices, rows):
        placed = [(data.get(field_name(question, str(c.value))), c.value) for c in choices]
        placed = [(position, value) for position, value in placed if position]
        positions = [position for position, _value in placed]
        if len(positions) != len(set(positions)):
            raise ValidationError(_("Give each option its own place in the order."))
        return [value for _position, value in sorted(placed)] or None

    def initial(self, question, answers, choices, rows):
        value = answers.get(question.key) or []
        return {field_name(question, str(v)): i for i, v in enumerate(value, start=1)}

    def columns(self, question, choices, rows):
        return [f"{question.code}_{c.value}" for c in choices]

    def cells(self, question, answers, choices, rows):
        places = {v: i for i, v in enumerate(answers.get(question.key) or [], start=1)}
        return [places.get(c.value, "") for c in choices]

    def parse(self, question, cells, choices, rows):
        data = {}
        for c in choices:
            column = f"{question.code}_{c.value}"
            raw = (cells.get(column) or "").strip()
            if raw:
                data[field_name(question, str(c.value))] = parse_int(
                    column, raw, set(range(1, len(choices) + 1))
                )
        try:
            return self.entries(question, data, choices, rows)
        except ValidationError as error:
            raise ValidationError(
                _("Columns %(columns)s: %(problem)s")
                % {"columns": f"{question.code}_…", "problem": " ".join(error.messages)}
            ) from None

    def code_book(self, question, choices, rows):
        return [
            (f"{question.code}_{c.value}", f"1–{len(choices)}", f"{question.text}: {c.label}")
            for c in choices
        ]
