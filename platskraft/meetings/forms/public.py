"""Registering for a meeting: an e-mail address (a name if one likes), the meeting's own
questions, and whether to hear what happens next."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Meeting, RegistrationQuestion


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=120,
        required=False,
        help_text=_("So the organisers can greet you; it is never shown publicly."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Your confirmation, with a link to cancel, goes here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Give your e-mail address."),
            "invalid": _("Write an e-mail address like name@example.se."),
        },
    )
    wants_updates = forms.BooleanField(
        label=_("Tell me what happens next"),
        required=False,
        help_text=_(
            "An e-mail when what the meeting came to is taken up in a plan or decision. "
            "Every such e-mail has a link to stop them."
        ),
    )

    def __init__(self, *args, meeting: Meeting, questions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.questions = list(
            questions if questions is not None else meeting.registration_questions.all()
        )
        fields = dict(self.fields)
        self.fields.clear()
        self.fields["name"] = fields["name"]
        self.fields["email"] = fields["email"]
        for question in self.questions:
            key = f"question_{question.pk}"
            if question.kind == RegistrationQuestion.Kind.CHOICE:
                self.fields[key] = forms.ChoiceField(
                    label=question.text,
                    required=question.required,
                    choices=[(c, c) for c in question.choices],
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Answer this question: it is required."),
                        "invalid_choice": _("Choose one of the options."),
                    },
                )
            else:
                self.fields[key] = forms.CharField(
                    label=question.text,
                    required=question.required,
                    max_length=500,
                    error_messages={"required": _("Answer this question: it is required.")},
                )
        self.fields["wants_updates"] = fields["wants_updates"]

    def answers(self) -> dict[str, str]:
        return {str(q.pk): self.cleaned_data.get(f"question_{q.pk}") or "" for q in self.questions}
