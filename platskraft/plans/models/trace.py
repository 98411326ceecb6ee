"""What motivated a sub-project (links to any input), and the plan's history."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .plan import Plan, SubProject


class Link(models.Model):
    """A sub-project ← an input that motivated it: a proposal, a survey question, a meeting
    outcome — any model, through the content types framework. `label` keeps what the input
    was called when it was linked, should it be removed later."""

    tenant_path = "sub_project__plan__municipality"

    sub_project = models.ForeignKey(
        SubProject, on_delete=models.CASCADE, related_name="links", verbose_name=_("sub-project")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("what residents said"), max_length=300)
    note = models.CharField(_("how it shaped the sub-project"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)
    # When the input's own people were told (`on_linked`): at linking, or, for a plan
    # residents could not see yet, when it is published. Never twice.
    told_at = models.DateTimeField(_("residents told"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("link to residents' input")
        verbose_name_plural = _("links to residents' input")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["sub_project", "content_type", "object_id"], name="plans_link_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label


class Change(models.Model):
    """Every change to a plan: who, when, which item, and the fields before and after."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        REMOVED = "removed", _("Removed")
        IMPORTED = "imported", _("Imported")

    tenant_path = "plan__municipality"

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="changes", verbose_name=_("plan")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    item = models.CharField(_("item (code)"), max_length=40)
    # {"field": [old, new], ...}
    fields = models.JSONField(_("fields"), default=dict)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["plan", "item"])]

    def __str__(self) -> str:
        return f"{self.item} {self.action}"


class Revision(models.Model):
    """A named state of the plan (e.g. “steering group 2017-03-14”): a snapshot of every
    area and sub-project, compared with another by `analysis.progress.compare`."""

    tenant_path = "plan__municipality"

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("plan")
    )
    label = models.CharField(_("name"), max_length=160)
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    snapshot = models.JSONField(_("snapshot"), default=dict)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.date})"


class ReportSection(models.Model):
    """The narrative staff write for one section of the plan's final report; the facts
    and figures around it are filled in from the platform's data when it is shown."""

    tenant_path = "plan__municipality"

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="report_sections", verbose_name=_("plan")
    )
    key = models.CharField(_("section"), max_length=40)
    narrative = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="plans_report_section_unique")
        ]

    def __str__(self) -> str:
        return self.key
