"""Questions answered by typing: a number, a date, a short or a long text."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import Kind, field_name


class Number(Kind):
    """Settings: `min`, `max` (either may be missing), `integer` (whole numbers only)."""

    key = "number"
    label = gettext_lazy("Number")
    analysis = "number"

    def fields(self, question, choices, rows):
        settings = question.settings or {}
        kwargs = {
            "required": False,
            "min_value": settings.get("min"),
            "max_value": settings.get("max"),
        }
        if settings.get("integer"):
            return {field_name(question): forms.IntegerField(**kwargs)}
        return {field_name(question): forms.FloatField(**kwargs)}

    def value(self, question, data, choices, rows):
        return data.get(field_name(question))

    def settings_fields(self):
        return {
            "min": forms.FloatField(label=_("Lowest number allowed"), required=False),
            "max": forms.FloatField(label=_("Highest number allowed"), required=False),
            "integer": forms.BooleanField(label=_("Whole numbers only"), required=False),
        }

    def clean_settings(self, values):
        low, high = values.get("min"), values.get("max")
        if low is not None and high is not None and high < low:
            raise ValidationError({"max": _("The highest number cannot be lower than the lowest.")})
        settings = super().clean_settings(values)
        for key in ("min", "max"):
            if key in settings and float(settings[key]).is_integer():
                settings[key] = int(settings[key])
        return settings

    def parse(self, question, cells, choices, rows):
        raw = (cells.get(question.code) or "").strip().replace(",", ".")
        if not raw:
            return {}
        field = self.fields(question, choices, rows)[field_name(question)]
        try:
            return {question.key: field.clean(raw)}
        except ValidationError as error:
            raise ValidationError(
                _("Column %(column)s: %(problem)s")
                % {"column": question.code, "problem": " ".join(error.messages)}
            ) from None


class Date(Kind):
    key = "date"
    label = gettext_lazy("Date")
    analysis = "date"

    def fields(self, question, choices, rows):
        return {
            field_name(question): forms.DateField(
                required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
        }

    def value(self, question, data, choices, rows):
        day = data.get(field_name(question))
        return day.isoformat() if day else None

    def parse(self, question, cells, choices, rows):
        raw = (cells.get(question.code) or "").strip()
        if not raw:
            return {}
        try:
            return {question.key: date.fromisoformat(raw).isoformat()}
        except ValueError:
            raise ValidationError(
                _("Column %(column)s: “%(value)s” is not a date (YYYY-MM-DD).")
                % {"column": question.code, "value": raw}
            ) from None


class ShortText(Kind):
    key = "short_text"
    label = gettext_lazy("Short text")
    max_length = 200

    def fields(self, question, choices, rows):
        return {field_name(question): forms.CharField(required=False, max_length=self.max_length)}

    def value(self, question, data, choices, rows):
        return (data.get(field_name(question)) or "").strip() or None

    def parse(self, question, cells, choices, rows):
        raw = (cells.get(question.code) or "").strip()
        if len(raw) > self.max_length:
            raise ValidationError(
                _("Column %(column)s: at most %(limit)s characters.")
                % {"column": question.code, "limit": self.max_length}
            )
        return {question.key: raw} if raw else {}


class LongText(ShortText):
    key = "long_text"
    label = gettext_lazy("Long text")
    max_length = 5000

    def fields(self, question, choices, rows):
        return {
            field_name(question): forms.CharField(
                required=False, max_length=self.max_length, widget=forms.Textarea(attrs={"rows": 5})
            )
        }
