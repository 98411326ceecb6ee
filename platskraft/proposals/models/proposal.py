"""The proposal, its two states and the history of its case."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from platskraft.core.models import TimeStampedModel
from platskraft.municipalities.models import Department, Municipality

from .channel import Category, Channel

TITLE_MAX = 140
BODY_MAX = 5000
COMMENT_MAX = 2000
EXPLANATION_MAX = 5000


class Visibility(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UNCONFIRMED = "unconfirmed", _("Awaiting e-mail confirmation")
    PENDING = "pending", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    REVIEW = "review", _("Under review")
    FORWARDED = "forwarded", _("Forwarded")
    APPROVED = "approved", _("Approved")
    PARTLY = "partly", _("Partly approved")
    REJECTED = "rejected", _("Rejected")
    IMPLEMENTED = "implemented", _("Implemented")


DECIDED = frozenset({Status.APPROVED, Status.PARTLY, Status.REJECTED})
OPEN_CASE = frozenset({Status.RECEIVED, Status.REVIEW, Status.FORWARDED})

# Which status may follow which. A decision can be reconsidered (decided → decided),
# and only an approved or partly approved proposal can be implemented.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.REVIEW, Status.FORWARDED, *DECIDED}),
    Status.REVIEW: frozenset({Status.FORWARDED, *DECIDED}),
    Status.FORWARDED: frozenset({Status.REVIEW, *DECIDED}),
    Status.APPROVED: frozenset({Status.PARTLY, Status.REJECTED, Status.IMPLEMENTED}),
    Status.PARTLY: frozenset({Status.APPROVED, Status.REJECTED, Status.IMPLEMENTED}),
    Status.REJECTED: frozenset({Status.APPROVED, Status.PARTLY}),
    Status.IMPLEMENTED: frozenset(),
}


def image_path(instance: Proposal, filename: str) -> str:
    # The stored name never carries the uploader's file name.
    return f"proposals/{instance.municipality_id}/{instance.image_token}.jpg"


class Proposal(TimeStampedModel):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("municipality"),
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("channel")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("category"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("proposal"), max_length=BODY_MAX)
    # Who: a registered author, or a guest known by e-mail only. Staff always see who.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("author"),
    )
    guest_email = models.EmailField(_("e-mail address"), blank=True)
    author_name = models.CharField(_("name shown"), max_length=80, blank=True)
    is_anonymous = models.BooleanField(
        _("anonymous to the public"),
        default=False,
        help_text=_("Your name is not shown. The municipality's staff can still see who you are."),
    )
    # Where: a point on the map and/or a typed place.
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    place_name = models.CharField(_("place or address"), max_length=200, blank=True)
    image = models.ImageField(_("image"), upload_to=image_path, blank=True)
    image_token = models.CharField(max_length=32, blank=True, editable=False)
    image_description = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.DRAFT
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("committee or department"),
    )
    case_number = models.CharField(
        _("case number"),
        max_length=40,
        blank=True,
        help_text=_("The registry number (diarienummer), e.g. KS 2026/123."),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_proposals",
        verbose_name=_("case handler"),
    )
    response_due = models.DateField(_("answer due"), null=True, blank=True)
    answer = models.TextField(_("official answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Raised by every case change; a change made from an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    follower_count = models.PositiveIntegerField(_("followers"), default=0, editable=False)
    # Lower-case title, text and place: the search fallback where full-text search is missing.
    search_text = models.TextField(default="", editable=False)
    # Keyed hash of the submitter's IP address, for rate limits only; never shown.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(
                fields=["municipality", "visibility", "-published_at"],
                name="proposals_list_newest",
            ),
            models.Index(
                fields=["municipality", "visibility", "-support_count"],
                name="proposals_list_support",
            ),
            models.Index(
                fields=["municipality", "visibility", "-answered_at"],
                name="proposals_list_answered",
            ),
            models.Index(fields=["author", "-created_at"], name="proposals_by_author"),
            models.Index(fields=["ip_hash", "-created_at"], name="proposals_by_ip"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="proposals_proposal_point_complete",
            ),
            models.CheckConstraint(
                condition=Q(author__isnull=False) | ~Q(guest_email=""),
                name="proposals_proposal_has_submitter",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "proposals:detail",
            kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk},
        )

    @property
    def public_author(self) -> str:
        """The name residents see; an anonymous proposal shows none."""
        if self.is_anonymous:
            return ""
        return self.author_name

    @property
    def has_place(self) -> bool:
        return self.latitude is not None

    @property
    def is_published(self) -> bool:
        return self.visibility == Visibility.PUBLISHED

    @property
    def is_hidden(self) -> bool:
        return self.visibility == Visibility.HIDDEN

    @property
    def is_draft(self) -> bool:
        return self.visibility == Visibility.DRAFT

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED or self.status == Status.IMPLEMENTED

    def is_overdue(self, today: date) -> bool:
        return bool(self.response_due and self.response_due < today and self.status in OPEN_CASE)

    def next_statuses(self) -> list[str]:
        return [s for s in Status.values if s in TRANSITIONS[self.status]]


class StatusChange(models.Model):
    """One step of a proposal's case, with the explanation residents read."""

    tenant_path = "proposal__municipality"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    explanation = models.TextField(_("explanation"), max_length=EXPLANATION_MAX)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    department_name = models.CharField(max_length=120, blank=True)
    case_number = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.old_status} → {self.new_status}"

    @property
    def municipality(self) -> Municipality:
        return self.proposal.municipality
