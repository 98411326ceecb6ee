"""What every question type knows: its answer fields, its stored value, its columns.

A question type is a `Kind` registered under a key. The answering pages, field mode,
the exports and imports, conditions and the results all ask the question's kind and
know nothing of the types themselves, so a new type (the map question, for one) is a
new `Kind` subclass registered here, and nothing else changes.

Stored values (in `Response.answers[str(question.pk)]`) are plain JSON: an option code
(int), a list of codes, a number, an ISO date, a text, or for a matrix a mapping of row
code (as a string) to a scale value. A blank answer is not stored at all. The text
written for an “other, namely” option is stored under `"<pk>.other"`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGISTRY: dict[str, Kind] = {}


@dataclass(frozen=True)
class Choice:
    """An option as the kinds see it: a code and what it says."""

    value: int
    label: str
    is_other: bool = False


def other_key(question) -> str:
    return f"{question.pk}.other"


def field_name(question, part: str = "") -> str:
    return f"q{question.pk}{'_' + part if part else ''}"


class Kind:
    key = ""
    label = ""
    uses_options = False  # answer options (Option rows with role "choice")
    uses_rows = False  # matrix rows (Option rows with role "row")
    allows_other = False  # an option may be “other, namely” (asks to write what)
    # Whether a display condition may depend on this question (its answer is a code).
    conditional = False
    # How the results page summarises it: choice, multiple, scale, nps, matrix,
    # ranking, number, date, text.
    analysis = "text"
    # A segment question (who answers, where, what age): the results offer to break
    # every other question down by it.
    segment = False
    # A template of its own for the answering pages (the map question's), included
    # instead of the generic fieldset; "" for the generic one.
    template = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.key:
            REGISTRY[cls.key] = cls()

    # --- answering ------------------------------------------------------------------------

    def fields(self, question, choices: list[Choice], rows: list[Choice]) -> dict:
        """The form fields that take the answer, by field name (all optional: the
        answering form checks `required` itself, after the display conditions)."""
        raise NotImplementedError

    def value(self, question, data: dict, choices: list[Choice], rows: list[Choice]):
        """The stored value from a form's cleaned data, or None for no answer."""
        return data.get(field_name(question)) or None

    def entries(self, question, data: dict, choices: list[Choice], rows: list[Choice]) -> dict:
        """Everything to store for this question from a form's cleaned data: the value
        under the question's key, and any extra such as an “other, namely” text."""
        value = self.value(question, data, choices, rows)
        return {} if value is None else {question.key: value}

    def initial(self, question, answers: dict, choices: list[Choice], rows: list[Choice]) -> dict:
        """Form initial data showing stored answers again (to resume, to correct)."""
        value = answers.get(question.key)
        return {} if value is None else {field_name(question): value}

    def codes(self, value) -> set[int]:
        """The codes an answer chose (for display conditions)."""
        return set()

    def block_context(self, question, block) -> dict:
        """Extra template data for a type with a template of its own (see `template`)."""
        return {}

    # --- the builder ----------------------------------------------------------------------

    def publish_problems(self, question) -> list[str]:
        """What this question still lacks before the survey can be published."""
        return []

    def settings_fields(self) -> dict[str, forms.Field]:
        """Form fields for this type's own settings (`Question.settings`), by settings key.
        The builder shows them when staff add or edit a question of this type."""
        return {}

    def clean_settings(self, values: dict) -> dict:
        """The settings to store, from the cleaned values of `settings_fields`; raises a
        ValidationError keyed by setting for values that do not go together."""
        # Empty text, no number and an unticked box are left out (0 is a number).
        return {
            key: value
            for key, value in values.items()
            if value is not None and value is not False and value != ""
        }

    # --- exports and imports ----------------------------------------------------------------

    def columns(self, question, choices: list[Choice], rows: list[Choice]) -> list[str]:
        return [question.code]

    def cells(self, question, answers: dict, choices: list[Choice], rows: list[Choice]) -> list:
        """This question's cells of one export row, in the order of `columns`."""
        value = answers.get(question.key)
        return ["" if value is None else value]

    def parse(self, question, cells: dict[str, str], choices: list[Choice], rows: list[Choice]):
        """What to store from an imported row's cells (by column), as `entries` gives;
        raises ValidationError naming the column for a value it cannot take."""
        raw = (cells.get(question.code) or "").strip()
        return {question.key: raw} if raw else {}

    def categories(self, question, choices: list[Choice], rows: list[Choice]) -> list[Choice]:
        """The codes the results count, in order: the options, or the points of a scale."""
        return choices

    def code_book(self, question, choices: list[Choice], rows: list[Choice]) -> list[tuple]:
        """(column, value, meaning) lines for the export's code book."""
        return [(column, "", question.text) for column in self.columns(question, choices, rows)]


def parse_int(column: str, raw: str, allowed: set[int] | None = None) -> int:
    try:
        number = int(raw)
    except ValueError:
        raise ValidationError(
            _("Column %(column)s: “%(value)s” is not a whole number.")
            % {"column": column, "value": raw}
        ) from None
    if allowed is not None and number not in allowed:
        raise ValidationError(
            _("Column %(column)s: %(value)s is not one of the codes of this question.")
            % {"column": column, "value": raw}
        )
    return number


def choice_field(choices: list[Choice], **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[(c.value, c.label) for c in choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        **kwargs,
    )
