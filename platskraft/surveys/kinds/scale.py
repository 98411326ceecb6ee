"""Questions answered on a scale: a 1–5 rating, a 0–10 scale, a matrix of rows."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import Choice, Kind, choice_field, field_name, parse_int


class Rating(Kind):
    """1–5 with words at the ends (and optionally at every point), e.g. “very bad” –
    “very good”. Settings: `low_label`, `high_label`, optional `labels` (five texts)."""

    key = "rating"
    label = gettext_lazy("Rating scale 1–5")
    conditional = True
    analysis = "scale"
    low, high = 1, 5

    def scale(self, question) -> list[Choice]:
        settings = question.settings or {}
        labels = settings.get("labels") or []
        points = []
        for number in range(self.low, self.high + 1):
            text = str(number)
            if len(labels) == self.high - self.low + 1 and labels[number - self.low]:
                text = f"{number} – {labels[number - self.low]}"
            elif number == self.low and settings.get("low_label"):
                text = f"{number} – {settings['low_label']}"
            elif number == self.high and settings.get("high_label"):
                text = f"{number} – {settings['high_label']}"
            points.append(Choice(number, text))
        return points

    def categories(self, question, choices, rows):
        return self.scale(question)

    def fields(self, question, choices, rows):
        return {field_name(question): choice_field(self.scale(question))}

    def settings_fields(self):
        return {
            "low_label": forms.CharField(
                label=_("Word for the lowest point"),
                max_length=60,
                required=False,
                help_text=_("E.g. “very bad”."),
            ),
            "high_label": forms.CharField(
                label=_("Word for the highest point"),
                max_length=60,
                required=False,
                help_text=_("E.g. “very good”."),
            ),
        }

    def value(self, question, data, choices, rows):
        return data.get(field_name(question))

    def codes(self, value):
        return {value} if isinstance(value, int) else set()

    def parse(self, question, cells, choices, rows):
        raw = (cells.get(question.code) or "").strip()
        allowed = set(range(self.low, self.high + 1))
        return {question.key: parse_int(question.code, raw, allowed)} if raw else {}

    def code_book(self, question, choices, rows):
        return [(question.code, f"{self.low}–{self.high}", question.text)] + [
            (question.code, c.value, c.label)
            for c in self.scale(question)
            if c.label != str(c.value)
        ]


class Nps(Rating):
    """0–10, “how likely is it that you would recommend …” (Net Promoter Score)."""

    key = "nps"
    label = gettext_lazy("Scale 0–10 (recommendation)")
    analysis = "nps"
    low, high = 0, 10

    def scale(self, question) -> list[Choice]:
        settings = question.settings or {}
        points = super().scale(question)
        if not settings.get("low_label"):
            points[0] = Choice(0, _("0 – not at all likely"))
        if not settings.get("high_label"):
            points[-1] = Choice(10, _("10 – extremely likely"))
        return points


class Matrix(Rating):
    """Several rows rated on the same 1–5 scale, e.g. how good is each service."""

    key = "matrix"
    label = gettext_lazy("Matrix (rows on the same scale)")
    uses_rows = True
    conditional = False
    analysis = "matrix"

    def fields(self, question, choices, rows):
        points = [(c.value, c.label) for c in self.scale(question)]
        return {
            field_name(question, str(row.value)): forms.TypedChoiceField(
                label=row.label,
                choices=points,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            for row in rows
        }

    def value(self, question, data, choices, rows):
        rated = {
            str(row.value): data.get(field_name(question, str(row.value)))
            for row in rows
            if data.get(field_name(question, str(row.value))) is not None
        }
        return rated or None

    def initial(self, question, answers, choices, rows):
        value = answers.get(question.key) or {}
        return {field_name(question, code): number for code, number in value.items()}

    def codes(self, value):
        return set()

    def columns(self, question, choices, rows):
        return [f"{question.code}_{row.value}" for row in rows]

    def cells(self, question, answers, choices, rows):
        value = answers.get(question.key) or {}
        return [value.get(str(row.value), "") for row in rows]

    def parse(self, question, cells, choices, rows):
        allowed = set(range(self.low, self.high + 1))
        rated = {}
        for row in rows:
            column = f"{question.code}_{row.value}"
            raw = (cells.get(column) or "").strip()
            if raw:
                rated[str(row.value)] = parse_int(column, raw, allowed)
        return {question.key: rated} if rated else {}

    def code_book(self, question, choices, rows):
        return [
            (
                f"{question.code}_{row.value}",
                f"{self.low}–{self.high}",
                f"{question.text}: {row.label}",
            )
            for row in rows
        ]
