"""An action plan: priority areas, sub-projects (a tree), their funding and milestones."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from platskraft.core.models import TimeStampedModel
from platskraft.municipalities.models import Department, Municipality, Process

TITLE_MAX = 200
CODE_MAX = 20


class Plan(TimeStampedModel):
    """An action plan of a process (or of the municipality as a whole)."""

    tenant_path = "municipality"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="plans", verbose_name=_("municipality")
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("process"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class PriorityArea(models.Model):
    tenant_path = "plan__municipality"

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="areas", verbose_name=_("plan")
    )
    code = models.CharField(_("code"), max_length=CODE_MAX)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    indicator_target = models.CharField(
        _("indicator target"),
        max_length=300,
        blank=True,
        help_text=_("For example “200 more residents by 2020”."),
    )

    class Meta:
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plans_area_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    PAUSED = "paused", _("Paused")
    CANCELLED = "cancelled", _("Cancelled")


class SubProject(TimeStampedModel):
    """A sub-project of a priority area; may have sub-projects of its own (`parent`)."""

    tenant_path = "plan__municipality"

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="sub_projects", verbose_name=_("plan")
    )
    area = models.ForeignKey(
        PriorityArea,
        on_delete=models.CASCADE,
        related_name="sub_projects",
        verbose_name=_("priority area"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    code = models.CharField(_("code"), max_length=CODE_MAX)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_projects",
        verbose_name=_("owner (committee or department)"),
    )
    responsible = models.CharField(_("responsible person"), max_length=120, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Empty: rolled up from milestones and parts, weighted."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
        help_text=_("How much it counts in its area's or parent's progress."),
    )
    # Raised by every save through the services: a form sends the version it was
    # opened with, and a save of an older version is refused as a conflict.
    version = models.PositiveIntegerField(_("version"), default=1)
    # Who saved it last (with `updated_at`): named in the conflict message.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("sub-project")
        verbose_name_plural = _("sub-projects")
        ordering = ["area__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plans_subproject_code_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="plans_subproject_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="plans_subproject_progress_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Funding(models.Model):
    """Planned and spent amounts of one financier for a sub-project (SEK)."""

    tenant_path = "sub_project__plan__municipality"

    sub_project = models.ForeignKey(
        SubProject, on_delete=models.CASCADE, related_name="funding", verbose_name=_("sub-project")
    )
    financier = models.CharField(_("financier"), max_length=160)
    planned_sek = models.PositiveBigIntegerField(_("planned (SEK)"), default=0)
    spent_sek = models.PositiveBigIntegerField(_("spent (SEK)"), default=0)

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["financier"]
        constraints = [
            models.UniqueConstraint(
                fields=["sub_project", "financier"], name="plans_funding_one_per_financier"
            )
        ]

    def __str__(self) -> str:
        return self.financier

    @property
    def is_over(self) -> bool:
        return self.spent_sek > self.planned_sek


class Milestone(models.Model):
    tenant_path = "sub_project__plan__municipality"

    sub_project = models.ForeignKey(
        SubProject,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("sub-project"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    due_date = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["position", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class Update(models.Model):
    """A dated entry of a sub-project's public timeline, optionally with a photo."""

    tenant_path = "sub_project__plan__municipality"

    sub_project = models.ForeignKey(
        SubProject, on_delete=models.CASCADE, related_name="updates", verbose_name=_("sub-project")
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("text"))
    photo = models.ImageField(_("photo"), upload_to="plans/%Y/", blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:40]}"
