"""What residents and officials add to a proposal: support, follows, comments, reports, scores."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platskraft.core.models import TimeStampedModel
from platskraft.municipalities.models import Municipality

from .channel import Criterion
from .proposal import COMMENT_MAX, Proposal


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
