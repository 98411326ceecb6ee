"""A development process: a multi-year attractiveness project with phases, money and groups."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from platskraft.analysis import schedule
from platskraft.core.models import CHECKED_IN_CLEAN, CleanCheckedConstraintsMixin, TimeStampedModel

from .tenant import Municipality


class ProcessStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Process(CleanCheckedConstraintsMixin, TimeStampedModel):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="processes",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown in lists.")
    )
    body = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "Background, aims and how residents can take part. Blank lines start a new paragraph."
        ),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProcessStatus.choices, default=ProcessStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("development process")
        verbose_name_plural = _("development processes")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="municipalities_process_end_after_start",
                violation_error_code=CHECKED_IN_CLEAN,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "municipalities:process_detail",
            kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk},
        )

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date must not be before the start date.")}
            )

    @property
    def is_draft(self) -> bool:
        return self.status == ProcessStatus.DRAFT

    @property
    def is_closed(self) -> bool:
        return self.status == ProcessStatus.CLOSED

    @property
    def is_public(self) -> bool:
        return self.status in (ProcessStatus.PUBLISHED, ProcessStatus.CLOSED)


class PhaseKind(models.TextChoices):
    FORUM = "forum", _("Forum – open conversation")
    ARENA = "arena", _("Arena – shaping proposals")
    COURT = "court", _("Court – decision and review")
    CUSTOM = "custom", _("Other phase")


class Phase(CleanCheckedConstraintsMixin, TimeStampedModel):
    """A stretch of a process. Phases of one process never overlap; see services."""

    tenant_path = "process__municipality"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("process")
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=10, choices=PhaseKind.choices, default=PhaseKind.FORUM
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="municipalities_phase_end_after_start",
                violation_error_code=CHECKED_IN_CLEAN,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self) -> Municipality:
        return self.process.municipality

    @property
    def span(self) -> schedule.Span:
        return schedule.Span(self.start_date, self.end_date)


class Financier(CleanCheckedConstraintsMixin, TimeStampedModel):
    tenant_path = "process__municipality"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="financiers", verbose_name=_("process")
    )
    name = models.CharField(_("name"), max_length=160)
    amount_sek = models.DecimalField(
        _("amount (SEK)"),
        max_digits=14,
        decimal_places=0,
        validators=[MinValueValidator(0, message=_("The amount cannot be negative."))],
    )
    start_year = models.PositiveSmallIntegerField(
        _("from year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    end_year = models.PositiveSmallIntegerField(
        _("to year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("financier")
        verbose_name_plural = _("financiers")
        ordering = ["-amount_sek", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_sek__gte=0),
                name="municipalities_financier_amount_not_negative",
                violation_error_code=CHECKED_IN_CLEAN,
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="municipalities_financier_years_ordered",
                violation_error_code=CHECKED_IN_CLEAN,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self) -> Municipality:
        return self.process.municipality

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {"end_year": _("The last year must not be before the first year.")}
            )


class GroupKind(models.TextChoices):
    STEERING = "steering", _("Steering group")
    MANAGEMENT = "management", _("Management group")
    ADVISORY = "advisory", _("Advisory board")
    WORKING = "working", _("Working group")
    REFERENCE = "reference", _("Reference group")
    OTHER = "other", _("Other group")


class GovernanceGroup(TimeStampedModel):
    tenant_path = "process__municipality"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="groups", verbose_name=_("process")
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=GroupKind.choices, default=GroupKind.STEERING
    )
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("remit"), blank=True)
    members_public = models.BooleanField(
        _("show members publicly"),
        default=True,
        help_text=_("Names of members are personal data; show them only when they have agreed."),
    )

    class Meta:
        verbose_name = _("governance group")
        verbose_name_plural = _("governance groups")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self) -> Municipality:
        return self.process.municipality


class GroupMember(TimeStampedModel):
    tenant_path = "group__process__municipality"

    group = models.ForeignKey(
        GovernanceGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    role = models.CharField(_("role in the group"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self) -> Municipality:
        return self.group.process.municipality
