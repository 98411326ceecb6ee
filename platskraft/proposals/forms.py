"""Residents' forms: a proposal (with a place and an image), a comment and a report."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from platskraft.core.forms import add_errors as add_errors
from platskraft.core.images import normalise_image
from platskraft.core.text import strip_tags

from .models import BODY_MAX, COMMENT_MAX, TITLE_MAX, Category, Channel, Proposal
from .services import ProposalInput

IMAGE_TYPES = "image/jpeg,image/png,image/webp"
REPORT_MAX = 1000


class CoordinateInput(forms.NumberInput):
    def __init__(self, attrs=None):
        super().__init__({"step": "any", "inputmode": "decimal", **(attrs or {})})


class ProposalForm(forms.Form):
    """A proposal. The place is optional: a point on the map, a typed place, or both."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("A short headline that says what you propose."),
    )
    body = forms.CharField(
        label=_("Your proposal"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Describe what you want and why. Simple formatting is allowed: a blank line "
            "starts a new paragraph, and bold and italic text, lists and links are kept."
        ),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("(no category)"),
    )
    place_name = forms.CharField(
        label=_("Address or place name"),
        max_length=200,
        required=False,
        help_text=_(
            "For example “the playground on Storgatan”. You can write a place instead of, "
            "or as well as, marking it on the map."
        ),
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
        label=_("Image (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
        help_text=_(
            "A JPEG, PNG or WebP picture of at most 8 MB. Location and camera data are "
            "removed before it is stored."
        ),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    image_description = forms.CharField(
        label=_("Image description"),
        max_length=200,
        required=False,
        help_text=_(
            "What the image shows, for people who cannot see it. Needed when you add an image."
        ),
    )
    author_name = forms.CharField(
        label=_("Name shown with the proposal"),
        max_length=80,
        required=False,
    )
    is_anonymous = forms.BooleanField(
        label=_("Publish without my name"),
        required=False,
        help_text=_("Your name is not shown. The municipality's staff can still see who you are."),
    )
    guest_email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_(
            "We send you a link to confirm the proposal, and news when the case moves on. "
            "It is never shown to others."
        ),
    )

    def __init__(
        self,
        *args,
        channel: Channel,
        guest: bool = False,
        proposal: Proposal | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.proposal = proposal
        self.guest = guest
        self.fields["category"].queryset = channel.categories.all()
        if not channel.categories.all():
            del self.fields["category"]
        if guest:
            self.fields["guest_email"].required = True
            self.fields["author_name"].help_text = _("Leave empty to be shown as “Anonymous”.")
        else:
            del self.fields["guest_email"]
        if proposal is None or not proposal.image:
            del self.fields["remove_image"]

    @classmethod
    def initial_from(cls, proposal: Proposal) -> dict:
        return {
            "title": proposal.title,
            "body": proposal.body,
            "category": proposal.category_id,
            "place_name": proposal.place_name,
            "latitude": proposal.latitude,
            "longitude": proposal.longitude,
            "image_description": proposal.image_description,
            "author_name": proposal.author_name,
            "is_anonymous": proposal.is_anonymous,
        }

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Write a title."), code="required")
        return title

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        # Formatting tags do not count: the limit is on the text readers see.
        visible = len(strip_tags(body))
        if visible > BODY_MAX or len(body) > 2 * BODY_MAX:
            raise ValidationError(
                _("Keep the proposal to %(max)s characters (it has %(count)s).")
                % {"max": BODY_MAX, "count": visible},
                code="max_length",
            )
        if not visible:
            raise ValidationError(_("Describe your proposal."), code="required")
        return body

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            # Checked here so that the error sits next to the field; the service
            # normalises the same upload again when it stores it.
            normalise_image(upload)
            upload.seek(0)
        return upload or None

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
        keeps_image = bool(self.proposal and self.proposal.image) and not data.get("remove_image")
        described = bool((data.get("image_description") or "").strip())
        if (data.get("image") or keeps_image) and not described and not self.has_error("image"):
            self.add_error(
                "image_description", _("Describe the image for people who cannot see it.")
            )
        return data

    def to_input(self) -> ProposalInput:
        data = self.cleaned_data
        return ProposalInput(
            title=data["title"],
            body=data["body"],
            category=data.get("category"),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            place_name=data.get("place_name", ""),
            image=data.get("image"),
            remove_image=bool(data.get("remove_image")),
            image_description=data.get("image_description", ""),
            author_name=data.get("author_name", ""),
            is_anonymous=bool(data.get("is_anonymous")),
        )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id:
            self.auto_id = f"{prefix_id}-%s"
            self.fields["body"].label = _("Your reply")

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Write a comment."), code="required")
        return body


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        max_length=REPORT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: personal attacks, personal data about someone, advertising. "
            "A moderator reads every report."
        ),
    )
