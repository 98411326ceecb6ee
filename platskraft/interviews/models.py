"""Interviews and focus-group notes, coded with the municipality's codebook.

An interview keeps no name unless the respondent consented: a consent record is
required before anything identifying is stored. Coded passages are inputs that action
plans can link to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from platskraft.core.audiences import Audience
from platskraft.core.models import TimeStampedModel
from platskraft.municipalities.models import Municipality, Process
from platskraft.surveys.models import Locality

CODE_NAME_MAX = 80
NOTES_MAX_CHARS = 200_000


class Code(models.Model):
    """One code of the municipality's codebook; codes nest (movement → reasons for visit)."""

    tenant_path = "municipality"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="codes", verbose_name=_("municipality")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=CODE_NAME_MAX)
    description = models.CharField(_("when to use it"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codebook")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "parent", "name"], name="interviews_code_unique_name"
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"],
                condition=Q(parent__isnull=True),
                name="interviews_code_unique_top_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InterviewKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    FOCUS_GROUP = "focus_group", _("Focus group")


class Segment(models.TextChoices):
    """Who the respondent is, without naming them."""

    RESIDENT = "resident", _("Resident")
    YOUNG = "young", _("Young resident (under 25)")
    NEWCOMER = "newcomer", _("New resident")
    COMMUTER = "commuter", _("Commuter")
    VISITOR = "visitor", _("Visitor")
    BUSINESS = Audience.BUSINESSES.value, _("Business")
    ASSOCIATION = Audience.ASSOCIATIONS.value, _("Association")
    POLITICIAN = Audience.POLITICIANS.value, _("Politician")
    OFFICIAL = Audience.OFFICIALS.value, _("Official")
    AMBASSADOR = Audience.AMBASSADORS.value, _("Ambassador")


class Interview(TimeStampedModel):
    tenant_path = "municipality"

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("municipality"),
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("development process"),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=InterviewKind.choices, default=InterviewKind.INTERVIEW
    )
    date = models.DateField(_("date"))
    interviewer = models.CharField(_("interviewer"), max_length=120)
    segment = models.CharField(_("respondent"), max_length=16, choices=Segment.choices)
    locality = models.ForeignKey(
        Locality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locality"),
    )
    # Only with a consent record (services refuse it otherwise).
    respondent_name = models.CharField(_("respondent's name"), max_length=120, blank=True)
    title = models.CharField(
        _("short description"),
        max_length=160,
        blank=True,
        help_text=_("e.g. “Shop owner in the town centre” — never a name."),
    )
    notes = models.TextField(_("notes or transcript"), blank=True)
    source_filename = models.CharField(_("uploaded file"), max_length=200, blank=True)
    # Personal identity numbers found and masked when the notes were saved.
    masked_count = models.PositiveIntegerField(default=0, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["municipality", "date"])]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.date}"

    def get_absolute_url(self) -> str:
        return reverse(
            "interviews:interview",
            kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk},
        )

    @property
    def is_identifiable(self) -> bool:
        return bool(self.respondent_name)


class Consent(models.Model):
    """The respondent's consent to keep an identifiable interview."""

    class Method(models.TextChoices):
        WRITTEN = "written", _("Signed form")
        RECORDED = "recorded", _("Spoken, recorded at the start of the interview")
        EMAIL = "email", _("By e-mail")

    tenant_path = "interview__municipality"

    interview = models.OneToOneField(
        Interview, on_delete=models.CASCADE, related_name="consent", verbose_name=_("interview")
    )
    given_on = models.DateField(_("consent given on"))
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    scope = models.CharField(
        _("what the respondent agreed to"),
        max_length=300,
        help_text=_("e.g. “Name kept with the notes; quotes anonymous in reports.”"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.interview}: {self.given_on}"


class Passage(models.Model):
    """A stretch of an interview's notes with the codes given to it: an input."""

    tenant_path = "interview__municipality"

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="passages", verbose_name=_("interview")
    )
    start = models.PositiveIntegerField(_("from character"))
    end = models.PositiveIntegerField(_("to character"))
    text = models.TextField(_("passage"))
    codes = models.ManyToManyField(Code, related_name="passages", verbose_name=_("codes"))
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coded by"),
    )
    created_at = models.DateTimeField(_("coded"), auto_now_add=True)

    class Meta:
        verbose_name = _("coded passage")
        verbose_name_plural = _("coded passages")
        ordering = ["interview", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="interviews_passage_not_empty"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return f"{self.interview.get_absolute_url()}#passage-{self.pk}"

    @property
    def municipality(self) -> Municipality:
        return self.interview.municipality
