"""Citizen proposals: channels that collect them, the proposals, and what follows.

A proposal has two independent states:
- `visibility`: where it stands with the author and the moderators
  (draft → awaiting e-mail confirmation (guests) → awaiting review (pre-moderation)
  → published, or hidden with a reason the author sees);
- `status`: where the case stands with the municipality
  (received → under review → forwarded → approved / partly approved / rejected
  → implemented). Each status change is kept with its public explanation.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from platskraft.analysis import schedule
from platskraft.core.models import TimeStampedModel
from platskraft.municipalities.models import Department, Municipality, Phase, Process

TITLE_MAX = 140
BODY_MAX = 5000
COMMENT_MAX = 2000
EXPLANATION_MAX = 5000


class Channel(TimeStampedModel):
    """Where proposals are collected: a call inside a process phase, or always open."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="proposal_channels",
        verbose_name=_("municipality"),
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposal_channels",
        verbose_name=_("process"),
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposal_channels",
        verbose_name=_("phase"),
        help_text=_(
            "A call for proposals is open while its phase runs. "
            "Leave empty for a channel that is always open."
        ),
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What you want proposals about, and what happens to them."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    allow_guests = models.BooleanField(
        _("guests may submit"),
        default=False,
        help_text=_("People without an account may submit after confirming their e-mail address."),
    )
    support_weight = models.PositiveSmallIntegerField(
        _("weight of residents' support"),
        default=1,
        validators=[MaxValueValidator(100)],
        help_text=_("How much residents' support counts in the ranking, beside the criteria."),
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("proposal channel")
        verbose_name_plural = _("proposal channels")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "proposals:channel",
            kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk},
        )

    @property
    def span(self) -> schedule.Span | None:
        return self.phase.span if self.phase_id else None

    def state_on(self, day: date) -> schedule.State:
        """Always-open channels are current; calls follow their phase."""
        span = self.span
        return schedule.State.CURRENT if span is None else schedule.span_state(span, day)

    @property
    def is_always_open(self) -> bool:
        return self.phase_id is None


class Category(models.Model):
    tenant_path = "channel__municipality"

    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="categories", verbose_name=_("channel")
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "name"], name="proposals_category_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self) -> Municipality:
        return self.channel.municipality


class Criterion(models.Model):
    """A prioritisation criterion of a channel, e.g. effect on attractiveness, cost."""

    tenant_path = "channel__municipality"

    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("channel")
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "name"], name="proposals_criterion_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self) -> Municipality:
        return self.channel.municipality


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


class Support(models.Model):
    tenant_path = "proposal__municipality"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposals_support_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class Follow(models.Model):
    """Who gets an e-mail when the case moves: a registered user or a guest author."""

    tenant_path = "proposal__municipality"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposal_follows",
    )
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"],
                condition=Q(user__isnull=False),
                name="proposals_follow_user_once",
            ),
            models.UniqueConstraint(
                fields=["proposal", "email"],
                condition=Q(user__isnull=True),
                name="proposals_follow_email_once",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""),
                name="proposals_follow_has_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address} → {self.proposal_id}"

    @property
    def address(self) -> str:
        return self.user.email if self.user_id else self.email


class Comment(TimeStampedModel):
    tenant_path = "proposal__municipality"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposal_comments",
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    is_official = models.BooleanField(_("answer from the municipality"), default=False)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["author", "-created_at"], name="proposals_comment_by_author"),
            models.Index(fields=["ip_hash", "-created_at"], name="proposals_comment_by_ip"),
        ]

    @property
    def municipality(self) -> Municipality:
        return self.proposal.municipality


class Report(TimeStampedModel):
    """A resident's report of abuse, on a proposal or on one of its comments."""

    tenant_path = "proposal__municipality"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("what is wrong"), max_length=1000)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    @property
    def municipality(self) -> Municipality:
        return self.proposal.municipality


class Score(models.Model):
    """An official's score of a proposal on one criterion (0–5), with the reason."""

    tenant_path = "proposal__municipality"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "criterion"], name="proposals_score_once"),
            models.CheckConstraint(condition=Q(value__lte=5), name="proposals_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.criterion_id}: {self.value}"
