"""A survey: its sections, questions, answer options, and the municipality's localities."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platskraft.core.models import TimeStampedModel
from platskraft.municipalities.models import Municipality, Process


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: only staff see it")
    PUBLISHED = "published", _("Published: residents can answer between the dates")
    CLOSED = "closed", _("Closed: no more answers")


class Access(models.TextChoices):
    ANYONE = "anyone", _("Anyone, without an account (one answer per device)")
    SIGNED_IN = "signed_in", _("Signed-in residents only (one answer per person)")


class Survey(TimeStampedModel):
    """A questionnaire of a municipality, inside a development process or on its own."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("municipality"),
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("process"),
        help_text=_("Leave empty for a survey on its own."),
    )
    title = models.CharField(_("title"), max_length=160)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("What the survey is about and who it is for.")
    )
    thanks = models.TextField(
        _("how the answers will be used"),
        blank=True,
        help_text=_("Shown on the thank-you page after the last section."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    target_responses = models.PositiveIntegerField(
        _("target number of responses"), null=True, blank=True
    )
    access = models.CharField(
        _("who may answer"), max_length=12, choices=Access.choices, default=Access.ANYONE
    )
    results_public = models.BooleanField(
        _("results published"),
        default=False,
        help_text=_("Residents can see the results page (small groups are always hidden)."),
    )
    previous_round = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="later_rounds",
        verbose_name=_("previous round"),
        help_text=_("The same survey asked before, to compare the answers question by question."),
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The survey must close after it opens.")})
        if self.process_id and self.process.municipality_id != self.municipality_id:
            raise ValidationError({"process": _("The process belongs to another municipality.")})

    def is_open(self, now=None) -> bool:
        """Residents can answer: published and between the dates."""
        now = now or timezone.now()
        if self.status != SurveyStatus.PUBLISHED:
            return False
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )


class Section(models.Model):
    """One page of the survey when residents answer it."""

    tenant_path = "survey__municipality"

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("survey")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A question of a section; what kind it is decides its answer (see `kinds`)."""

    tenant_path = "survey__municipality"

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.SlugField(
        _("column code"),
        max_length=40,
        help_text=_("A short name for the question in exports, e.g. “q1” or “age”."),
    )
    kind = models.CharField(_("question type"), max_length=24)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    # Settings of the question type, e.g. scale labels or the lowest and highest number.
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    # Shown only when an earlier question got one of these answer codes.
    condition_question = models.ForeignKey(
        "self",
        # The builder refuses to remove a question another depends on; removing the
        # whole survey removes both.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("show only when the question"),
    )
    condition_values = models.JSONField(_("has one of the answers"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "section_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="survey_question_code_unique")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def key(self) -> str:
        """The key of this question's answer in `Response.answers`."""
        return str(self.pk)


class OptionRole(models.TextChoices):
    CHOICE = "choice", _("answer option")
    ROW = "row", _("matrix row")


class Option(models.Model):
    """An answer option (or a row of a matrix) with its stable numeric code."""

    tenant_path = "question__survey__municipality"

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    role = models.CharField(max_length=8, choices=OptionRole.choices, default=OptionRole.CHOICE)
    position = models.PositiveIntegerField(_("position"), default=0)
    value = models.IntegerField(
        _("code"),
        validators=[MinValueValidator(0), MaxValueValidator(9999)],
        help_text=_("The number this answer gets in exports (SPSS-friendly)."),
    )
    label = models.CharField(_("label"), max_length=200)
    is_other = models.BooleanField(
        _("“other, namely”"), default=False, help_text=_("Asks the respondent to write what.")
    )

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "role", "value"], name="survey_option_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label


class PlaceKind(models.TextChoices):
    LOCALITY = "locality", _("Locality")
    LANDMARK = "landmark", _("Landmark")
    PLACE = "place", _("Other place")


class Locality(models.Model):
    """A named place of the municipality: the gazetteer.

    Its localities (ort) are the options of the segment question “where do you live”;
    with coordinates, every place is also offered by map questions' non-map alternative
    and labels the mental-map analysis (clusters, flows between localities).
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="localities",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind of place"), max_length=12, choices=PlaceKind.choices, default=PlaceKind.LOCALITY
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="survey_locality_name_unique"
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="survey_locality_point_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None
