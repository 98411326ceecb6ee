"""A project's text, cost, district, place and image; its review; and making a project of a
citizen proposal (from the round, or from the proposal's case page)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platskraft.core.images import normalise_image
from platskraft.proposals.models import Proposal, Visibility

from ..models import District, Project, ProjectStatus, Round, Stage
from ..models.round import TITLE_MAX
from .rounds import amount_field

IMAGE_TYPES = "image/jpeg,image/png,image/webp"
# Stages in which projects may still be added to a round.
OPEN_FOR_PROJECTS = (Stage.DRAFT, Stage.IDEAS, Stage.REVIEW)


class CoordinateInput(forms.NumberInput):
    def __init__(self, attrs=None):
        super().__init__({"step": "any", "inputmode": "decimal", **(attrs or {})})


def district_field(round_: Round) -> forms.ModelChoiceField | None:
    """The round's districts to choose from, or None when the round has none. A project
    may wait for its district, but it needs one to be approved."""
    districts = District.objects.filter(round=round_)
    if not districts.exists():
        return None
    return forms.ModelChoiceField(
        label=_("District"),
        queryset=districts,
        required=False,
        empty_label=_("(no district yet)"),
        help_text=_(
            "Only voters of this district see the project on their ballot. Needed to approve it."
        ),
    )


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What will be done, where and for whom; shown to residents."),
    )
    cost_sek = amount_field(
        _("Cost (SEK)"),
        required=False,
        help_text=_("Whole kronor. A project needs a cost before it can be approved."),
    )
    place_name = forms.CharField(
        label=_("Address or place name"),
        max_length=160,
        required=False,
        help_text=_("For example “the playground on Storgatan”."),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=CoordinateInput(),
        help_text=_("Decimal degrees, e.g. 62.9311."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=CoordinateInput(),
        help_text=_("Decimal degrees, e.g. 17.7769."),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
        help_text=_(
            "A JPEG, PNG or WebP picture of at most 8 MB. Location and camera data are removed."
        ),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    image_alt = forms.CharField(
        label=_("Image description"),
        max_length=200,
        required=False,
        help_text=_("What the image shows, for people who cannot see it. Needed with an image."),
    )

    def __init__(self, *args, round: Round, project: Project | None = None, **kwargs):
        if project is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": project.title,
                "description": project.description,
                "cost_sek": project.cost_sek,
                "district": project.district_id,
                "place_name": project.place_name,
                "latitude": project.latitude,
                "longitude": project.longitude,
                "image_alt": project.image_alt,
            }
        super().__init__(*args, **kwargs)
        self.round = round
        self.project = project
        field = district_field(round)
        if field is not None:
            self.fields["district"] = field
            self.order_fields(["title", "description", "cost_sek", "district"])
        if project is None or not project.image:
            del self.fields["remove_image"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        normalise_image(upload)  # a ValidationError on this field says what is wrong
        upload.seek(0)  # the service stores its own clean copy
        return upload

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error(
                "latitude" if latitude is None else "longitude",
                _("A place on the map needs both latitude and longitude."),
            )
        keeps_image = bool(self.project and self.project.image and not data.get("remove_image"))
        has_image = bool(data.get("image")) or keeps_image
        if has_image and not data.get("image_alt", "").strip() and not self.has_error("image"):
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data

    def values(self) -> dict:
        """Keyword arguments for `project_create` / `project_update`."""
        data = self.cleaned_data
        values = {
            "title": data["title"].strip(),
            "description": data["description"],
            "cost_sek": data["cost_sek"],
            "district": data.get("district"),
            "place_name": data["place_name"].strip(),
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "image_alt": data["image_alt"].strip(),
        }
        if data.get("image"):
            values["image"] = data["image"]
        elif data.get("remove_image"):
            values["image"] = None
            values["image_alt"] = ""
        return values


class ReviewForm(forms.Form):
    """Approve (with a cost), reject (say why), or send back to review."""

    DECISIONS = [
        (ProjectStatus.APPROVED, _("Approve for the ballot")),
        (ProjectStatus.REJECTED, _("Not feasible: reject")),
        (ProjectStatus.REVIEW, _("Back to review")),
    ]

    status = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    cost_sek = forms.IntegerField(
        label=_("Cost (SEK)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        help_text=_("The costed amount in whole kronor; required to approve."),
        error_messages={"invalid": _("Write the cost in whole kronor, digits only.")},
    )
    review_notes = forms.CharField(
        label=_("Feasibility review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What the review found: feasibility, cost, who would run it. Shown to residents "
            "once the project is approved or rejected."
        ),
    )

    def __init__(self, *args, project: Project, **kwargs):
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "status": project.status if project.status in dict(self.DECISIONS) else "",
                "cost_sek": project.cost_sek,
                "review_notes": project.review_notes,
            }
        super().__init__(*args, **kwargs)
        self.project = project

    def clean(self):
        data = super().clean()
        cost = data.get("cost_sek")
        if cost is not None and cost <= 0:
            self.add_error(
                "cost_sek",
                _("The cost must be more than 0 kronor; %(cost)s is not a cost.") % {"cost": cost},
            )
        elif data.get("status") == ProjectStatus.APPROVED and cost is None:
            self.add_error("cost_sek", _("An approved project needs its cost."))
        if (
            data.get("status") == ProjectStatus.REJECTED
            and not data.get("review_notes", "").strip()
        ):
            self.add_error("review_notes", _("Say why the project is not feasible."))
        return data


def published_proposals(municipality):
    return Proposal.objects.filter(
        municipality=municipality, visibility=Visibility.PUBLISHED
    ).order_by("-published_at", "-pk")


class FromProposalForm(forms.Form):
    """On a round: pick one of the municipality's published proposals."""

    proposal = forms.ModelChoiceField(
        label=_("Proposal"),
        queryset=Proposal.objects.none(),
        empty_label=_("(choose a proposal)"),
        help_text=_(
            "Its title, text, place and image are copied into a new project; the proposal "
            "links to the project and its status says so."
        ),
        error_messages={"required": _("Choose the proposal to make a project of.")},
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["proposal"].queryset = published_proposals(round.municipality).exclude(
            budget_projects__round=round
        )
        self.fields["proposal"].label_from_instance = lambda p: f"{p.title} ({p.pk})"
        field = district_field(round)
        if field is not None:
            self.fields["district"] = field


class ProposalToProjectForm(forms.Form):
    """On the proposal's case page: which round (and district) the project goes to."""

    round = forms.ModelChoiceField(
        label=_("Budget round"),
        queryset=Round.objects.none(),
        empty_label=_("(choose a round)"),
        error_messages={"required": _("Choose the round the project goes to.")},
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("(no district)"),
        help_text=_("In a round with districts, a project needs one to be approved."),
    )

    def __init__(self, *args, municipality, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        rounds = Round.objects.filter(municipality=municipality, stage__in=OPEN_FOR_PROJECTS)
        self.fields["round"].queryset = rounds
        self.fields["district"].queryset = District.objects.filter(round__in=rounds).select_related(
            "round"
        )
        self.fields["district"].label_from_instance = lambda d: f"{d.round.title} – {d.name}"

    def clean(self):
        data = super().clean()
        round_, district = data.get("round"), data.get("district")
        if round_ is None:
            return data
        if district is not None and district.round_id != round_.pk:
            self.add_error(
                "district",
                _("“%(district)s” is a district of another round.") % {"district": district.name},
            )
        if Project.objects.filter(round=round_, proposal=self.proposal).exists():
            self.add_error("round", _("This proposal is already a project in that round."))
        return data
