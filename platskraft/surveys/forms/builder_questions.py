"""The builder's forms for a question: its type, its text and settings, its answer
options, and its display condition.

The settings a question type needs come from the type itself (`Kind.settings_fields`),
as fields named `setting_<key>`; the form knows no type by name.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..kinds import REGISTRY, kind_choices
from ..models import Option, Question, Section, Survey

SETTING = "setting_"


class KindForm(forms.Form):
    """Choose the type of a new question, or another type for an existing one."""

    kind = forms.ChoiceField(
        label=_("Question type"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a question type.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "kind-%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(forms.Form):
    """What a question asks, its settings; when adding, its options or rows one a line."""

    text = forms.CharField(
        label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_text = forms.CharField(
        label=_("Help text"),
        max_length=500,
        required=False,
        help_text=_("Shown under the question, e.g. what counts or an example."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    code = forms.SlugField(
        label=_("Column code"),
        max_length=40,
        required=False,
        help_text=_(
            "A short name for the question in exports, e.g. “age”. Leave empty for q1, q2 …"
        ),
    )

    def __init__(
        self,
        *args,
        kind: str,
        survey: Survey,
        question: Question | None = None,
        **kwargs,
    ):
        self.kind = REGISTRY[kind]
        self.question = question
        if question is not None:
            initial = {
                "text": question.text,
                "help_text": question.help_text,
                "required": question.required,
                "code": question.code,
                "section": question.section_id,
            }
            for key, value in (question.settings or {}).items():
                initial[SETTING + key] = value
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if question is not None:
            self.fields["code"].required = True
            self.fields["code"].help_text = _(
                "A short name for the question in exports and imports."
            )
            self.fields["section"] = forms.ModelChoiceField(
                label=_("Section"),
                queryset=Section.objects.filter(survey=survey).order_by("position", "pk"),
                empty_label=None,
                help_text=_("Another section moves the question to the end of it."),
            )
        for key, field in self.kind.settings_fields().items():
            self.fields[SETTING + key] = field
        if question is None and self.kind.uses_options:
            self.fields["options"] = forms.CharField(
                label=_("Answer options, one a line"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_(
                    "They get the codes 1, 2, 3 … in this order. You can add, change and "
                    "reorder them afterwards."
                ),
            )
        if question is None and self.kind.uses_rows:
            self.fields["rows"] = forms.CharField(
                label=_("Rows, one a line"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_("Each row is rated on the same scale."),
            )

    def setting_fields(self):
        return [self[name] for name in self.fields if name.startswith(SETTING)]

    def clean(self):
        data = super().clean()
        values = {
            name[len(SETTING) :]: data.get(name) for name in self.fields if name.startswith(SETTING)
        }
        if not any(SETTING + key in self.errors for key in values):
            try:
                data["settings"] = self.kind.clean_settings(values)
            except ValidationError as error:
                for key, found in error.message_dict.items():
                    name = SETTING + key
                    self.add_error(name if name in self.fields else None, found)
        data["option_lines"] = _lines(data.get("options", ""))
        data["row_lines"] = _lines(data.get("rows", ""))
        return data


class ConditionForm(forms.Form):
    """Show the question only when an earlier question got one of the chosen answers.

    One checkbox per answer of every earlier question that can be a condition, valued
    `<question id>:<code>`; the template groups them in one fieldset per question.
    """

    answers = forms.MultipleChoiceField(
        label=_("Show the question only when the answer was"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, sources, question: Question, **kwargs):
        self.sources = sources
        if question.condition_question_id:
            kwargs.setdefault(
                "initial",
                {
                    "answers": [
                        f"{question.condition_question_id}:{code}"
                        for code in question.condition_values or []
                    ]
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["answers"].choices = [
            (f"{item.question.pk}:{code}", label)
            for item, codes in sources
            for code, label in codes
        ]

    def groups(self):
        """(question, [(value, label, checked)]) for the template's fieldsets."""
        chosen = set(self["answers"].value() or [])
        for item, codes in self.sources:
            yield (
                item.question,
                [
                    (f"{item.question.pk}:{code}", label, f"{item.question.pk}:{code}" in chosen)
                    for code, label in codes
                ],
            )

    def clean(self):
        data = super().clean()
        picked = [value.split(":") for value in data.get("answers") or []]
        sources = {int(pk) for pk, _code in picked}
        if len(sources) > 1:
            raise ValidationError(
                _("Choose answers of one question only: a question depends on one other.")
            )
        data["source_id"] = sources.pop() if sources else None
        data["values"] = sorted(int(code) for _pk, code in picked)
        return data


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = ["label", "value", "is_other"]

    def __init__(self, *args, question: Question, role: str, allows_other: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].required = self.instance.pk is not None
        if self.instance.pk is None:
            self.fields["value"].help_text = _(
                "The number this answer gets in exports. Leave empty for the next free one."
            )
        if not allows_other:
            del self.fields["is_other"]
        self.instance.question, self.instance.role = question, role

    def validate_unique(self):
        # The service checks codes against the question's other options, with a clearer word.
        pass
