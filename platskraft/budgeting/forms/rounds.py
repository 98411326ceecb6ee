"""A round's settings and its districts."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from platskraft.core.forms import add_errors as add_errors
from platskraft.municipalities.models import Process

from ..models import BallotKind, District, Round, Rule
from ..models.round import MAX_BUDGET_SEK, TITLE_MAX

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

ROUND_FIELDS = [
    "title",
    "process",
    "description",
    "budget_sek",
    "ballot_kind",
    "min_projects",
    "max_projects",
    "points",
    "eligibility",
    "min_age",
    "rule",
    "min_support",
    "tie_seed",
    "voting_opens_at",
    "voting_closes_at",
]


def amount_field(label, *, required=True, help_text="") -> forms.IntegerField:
    """Whole kronor, more than nothing; the message says so in words."""
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1,
        max_value=MAX_BUDGET_SEK,
        help_text=help_text,
        error_messages={
            "min_value": _("The amount must be more than 0 kronor."),
            "max_value": _("The amount can be at most %(limit_value)s kronor."),
            "invalid": _("Write the amount in whole kronor, digits only, e.g. 1500000."),
            "required": _("Write the amount in whole kronor."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )


class RoundForm(forms.ModelForm):
    """Everything about a round except its stage (the stage buttons move it)."""

    budget_sek = amount_field(
        _("Budget (SEK)"),
        help_text=_("With districts, each district's own budget is used instead."),
    )

    class Meta:
        model = Round
        fields = ROUND_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "ballot_kind": forms.RadioSelect,
            "eligibility": forms.RadioSelect,
            "voting_opens_at": DATETIME,
            "voting_closes_at": DATETIME,
        }
        help_texts = {
            "title": _("For example “Citizen budget 2026”."),
            "description": _("What the money is for and how the round works; shown to residents."),
            "min_projects": _("0 lets a voter hand in an empty ballot."),
            "voting_opens_at": _("Empty: voting opens when you move the round to voting."),
            "voting_closes_at": _("Empty: voting stays open until you close it."),
            "tie_seed": _(
                "Any whole number. Ties between projects are broken by a draw from this seed; "
                "it is published with the results so anyone can repeat the computation."
            ),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(
            municipality=municipality
        ).order_by("-start_date", "title")
        self.fields["process"].help_text = _("The development process the budget belongs to.")
        self.fields["title"].max_length = TITLE_MAX
        self.fields["min_projects"].min_value = 0

    def clean(self):
        data = super().clean()
        kind = data.get("ballot_kind")
        low, high = data.get("min_projects"), data.get("max_projects")
        if low is not None and high is not None and high < low:
            self.add_error(
                "max_projects",
                _("The most projects (%(high)s) cannot be fewer than the fewest (%(low)s).")
                % {"high": high, "low": low},
            )
        if kind == BallotKind.K_APPROVAL and high is None and not self.has_error("max_projects"):
            self.add_error(
                "max_projects",
                _("Say how many projects a voter may approve at most."),
            )
        needs_points = kind == BallotKind.CUMULATIVE and data.get("points") is None
        if needs_points and not self.has_error("points"):
            self.add_error("points", _("Say how many points each voter spreads."))
        if kind != BallotKind.CUMULATIVE and data.get("points") is not None:
            data["points"] = None  # only cumulative ballots have points
        needs_support = data.get("rule") == Rule.GREEDY_THRESHOLD
        if needs_support and data.get("min_support") is None and not self.has_error("min_support"):
            self.add_error(
                "min_support",
                _("Say how many votes a project needs at least to be funded."),
            )
        opens, closes = data.get("voting_opens_at"), data.get("voting_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("voting_closes_at", _("Voting must close after it opens."))
        return data

    def values(self) -> dict:
        """The settings for `round_create` / `round_update` (process apart)."""
        return {name: self.cleaned_data[name] for name in ROUND_FIELDS if name != "process"}


class DistrictForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("For example “Nyland” or “Kramfors town”."),
    )
    budget_sek = amount_field(_("Budget of the district (SEK)"))

    def __init__(self, *args, round: Round, district: District | None = None, **kwargs):
        if district is not None and "initial" not in kwargs:
            kwargs["initial"] = {"name": district.name, "budget_sek": district.budget_sek}
        super().__init__(*args, **kwargs)
        self.round = round
        self.district = district

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = District.objects.filter(round=self.round, name__iexact=name)
        if self.district is not None:
            taken = taken.exclude(pk=self.district.pk)
        if taken.exists():
            raise ValidationError(
                _("This round already has a district called “%(name)s”."), params={"name": name}
            )
        return name
