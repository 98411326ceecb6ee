"""Forms of the OPERA workshop: starting one, joining, ideas, points, themes."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from platskraft.core.forms import add_errors as add_errors

from .models import Step
from .models.opera import IDEA_MAX
from .services.opera import DEFAULT_MINUTES, MAX_MINUTES, TIMED_STEPS


def new_client_key() -> str:
    return uuid.uuid4().hex


class SessionForm(forms.Form):
    question = forms.CharField(
        label=_("Question"),
        max_length=300,
        help_text=_("What the participants work on, e.g. “What would make the town centre alive?”"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    ideas_per_participant = forms.IntegerField(
        label=_("Ideas each participant may write"), min_value=1, max_value=20, initial=5
    )
    ideas_per_pair = forms.IntegerField(
        label=_("Ideas each pair takes on"), min_value=1, max_value=10, initial=3
    )
    points_per_participant = forms.IntegerField(
        label=_("Points each participant gives"), min_value=1, max_value=50, initial=5
    )
    max_points_per_idea = forms.IntegerField(
        label=_("Most points on one idea"), min_value=1, max_value=50, initial=3
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for step in TIMED_STEPS:
            self.fields[f"minutes_{step}"] = forms.IntegerField(
                label=_("Minutes for “%(step)s”") % {"step": Step(step).label},
                min_value=1,
                max_value=MAX_MINUTES,
                initial=DEFAULT_MINUTES[step],
            )

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "question": data["question"],
            "ideas_per_participant": data["ideas_per_participant"],
            "ideas_per_pair": data["ideas_per_pair"],
            "points_per_participant": data["points_per_participant"],
            "max_points_per_idea": data["max_points_per_idea"],
            "durations": {str(step): data[f"minutes_{step}"] for step in TIMED_STEPS},
        }


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Six letters and digits, shown on the big screen."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class IdeaForm(forms.Form):
    text = forms.CharField(
        label=_("Your idea"),
        max_length=IDEA_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": IDEA_MAX}),
    )
    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)


class PairIdeaForm(forms.Form):
    sources = forms.MultipleChoiceField(
        label=_("Your own ideas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the ideas you carry on. Write a text too to merge them into one."),
    )
    text = forms.CharField(
        label=_("An idea written together (optional)"),
        required=False,
        max_length=IDEA_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": IDEA_MAX}),
    )
    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, own_ideas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = [(str(i.pk), i.text) for i in own_ideas]


class PointsForm(forms.Form):
    """One number field per idea of the exposé, `idea_<id>`. Only reads what was sent:
    the page draws its inputs itself (`opera_reads.point_rows`); the limit per idea is
    checked by the service, with the total."""

    def __init__(self, *args, ideas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.ideas = list(ideas)
        label = gettext("Points for idea %(number)s")  # translated once, not per idea
        for idea in self.ideas:
            self.fields[f"idea_{idea.pk}"] = forms.IntegerField(
                label=label % {"number": idea.number},
                min_value=0,
                required=False,
            )

    def points(self) -> dict[int, int]:
        return {idea.pk: self.cleaned_data.get(f"idea_{idea.pk}") or 0 for idea in self.ideas}


class AdvanceForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    unthemed_as_outcomes = forms.BooleanField(
        label=_("Save ideas without a theme as outcomes too"), required=False, initial=True
    )
