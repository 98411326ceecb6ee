"""One person's (or one paper form's) answers to a survey."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platskraft.core.models import TimeStampedModel

from .survey import Survey


class Channel(models.TextChoices):
    WEB = "web", _("web")
    PAPER = "paper", _("paper form")
    CAFE = "cafe", _("dialogue café or meeting")
    KIOSK = "kiosk", _("kiosk (tablet)")


class ResponseStatus(models.TextChoices):
    STARTED = "started", _("started")
    COMPLETE = "complete", _("complete")


class Response(TimeStampedModel):
    """The answers, keyed by question id, in one JSON object (see `kinds` for each value).

    One row per response keeps saving a section, resuming, exporting and analysing
    100 000 responses simple and fast: the results read one column of one table.
    """

    tenant_path = "survey__municipality"

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    # Signed-in answering only; anonymous answers keep no link to a person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    device_hash = models.CharField(max_length=64, blank=True, db_index=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    resume_hash = models.CharField(max_length=64, blank=True, db_index=True)
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.STARTED
    )
    answers = models.JSONField(default=dict, blank=True)
    section_index = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    # The official who typed in a paper answer (field mode).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["pk"]
        indexes = [models.Index(fields=["survey", "status"], name="survey_response_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="survey_one_response_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"
