"""Voting codes to print, and one official's entry of a paper ballot."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import BallotKind, District, Project, Round

MAX_CODES = 20_000


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many codes"),
        min_value=1,
        max_value=MAX_CODES,
        help_text=_("One letter is printed for each code."),
        error_messages={
            "min_value": _("Create at least one code."),
            "max_value": _("At most %(limit_value)s codes at a time."),
            "invalid": _("Write a whole number, e.g. 500."),
            "required": _("Say how many codes to create."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        districts = District.objects.filter(round=round)
        if districts.exists():
            self.fields["district"] = forms.ModelChoiceField(
                label=_("District"),
                queryset=districts,
                empty_label=_("(choose a district)"),
                help_text=_("A code lets its holder vote in this district only."),
                error_messages={"required": _("Choose the district the codes are for.")},
            )
            self.order_fields(["district", "count"])


class PaperForm(forms.Form):
    """The sheet's number and what the voter marked on it. Approval ballots have a box per
    project; cumulative ballots a number of points per project."""

    sheet = forms.CharField(
        label=_("Sheet number"),
        max_length=40,
        help_text=_("The number printed on the paper ballot."),
        error_messages={"required": _("Write the number printed on the sheet.")},
    )

    def __init__(self, *args, round: Round, projects: list[Project], **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.projects = projects
        self.cumulative = round.ballot_kind == BallotKind.CUMULATIVE
        for project in projects:
            label = f"{project.number}. {project.title}"
            if self.cumulative:
                self.fields[self.key(project)] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=round.points or 1000,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
                    error_messages={
                        "min_value": _("Points cannot be negative."),
                        "max_value": _("At most %(limit_value)s points."),
                        "invalid": _("Write the points as a whole number."),
                    },
                )
            else:
                self.fields[self.key(project)] = forms.BooleanField(label=label, required=False)

    @staticmethod
    def key(project: Project) -> str:
        return f"project_{project.pk}"

    def project_fields(self):
        return [self[self.key(p)] for p in self.projects]

    def clean_sheet(self):
        return " ".join(self.cleaned_data["sheet"].split())

    def choices(self) -> dict[int, int]:
        """Project pk → points, for the projects marked (approval: 1)."""
        chosen = {}
        for project in self.projects:
            value = self.cleaned_data.get(self.key(project))
            if value:
                chosen[project.pk] = 1 if value is True else int(value)
        return chosen
