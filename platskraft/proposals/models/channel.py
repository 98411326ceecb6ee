"""Where proposals are collected, and what they are sorted and scored by."""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from platskraft.analysis import schedule
from platskraft.core.models import TimeStampedModel
from platskraft.municipalities.models import Municipality, Phase, Process


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
