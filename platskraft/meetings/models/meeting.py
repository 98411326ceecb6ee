"""A meeting with residents: its place and time, registration, attendance, minutes and the
outcomes it produced (each outcome an input that action plans can link to)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platskraft.core.audiences import Audience
from platskraft.core.models import CHECKED_IN_CLEAN, CleanCheckedConstraintsMixin, TimeStampedModel
from platskraft.municipalities.models import Municipality, Phase, Process

TITLE_MAX = 160
OUTCOME_MAX = 300


class MeetingKind(models.TextChoices):
    OPEN_MEETING = "open_meeting", _("Open meeting")
    FOCUS_GROUP = "focus_group", _("Focus group")
    DIALOGUE_CAFE = "dialogue_cafe", _("Dialogue café")
    WORKSHOP = "workshop", _("Workshop")
    WALK_AND_TALK = "walk_and_talk", _("Walk and talk")
    SEMINAR = "seminar", _("Seminar")
    CONFERENCE = "conference", _("Conference")
    ONLINE = "online", _("Online meeting")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not public)")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(CleanCheckedConstraintsMixin, TimeStampedModel):
    tenant_path = "municipality"

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("municipality"),
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("development process"),
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("phase"),
    )
    kind = models.CharField(
        _("type of meeting"),
        max_length=16,
        choices=MeetingKind.choices,
        default=MeetingKind.OPEN_MEETING,
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences for lists.")
    )
    agenda = models.TextField(
        _("agenda"), blank=True, help_text=_("One item per line. Blank lines start a new part.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place_name = models.CharField(_("place"), max_length=160, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
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
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_(
            "Step-free access, hearing loop, accessible toilet, interpretation, "
            "parking, public transport."
        ),
    )
    online_url = models.URLField(_("address of the online meeting"), blank=True)
    # A list of Audience values.
    audiences = models.JSONField(_("audience"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=300, blank=True)
    registration_open = models.BooleanField(_("registration"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit. When full, people join a waiting list."),
    )
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Raised on every save through the services; an edit made from an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["municipality", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="meetings_meeting_ends_after_start",
                violation_error_code=CHECKED_IN_CLEAN,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:meeting",
            kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk},
        )

    @property
    def is_public(self) -> bool:
        return self.status in (MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels[a]) for a in self.audiences if a in labels]


class RegistrationQuestion(models.Model):
    """A question asked when registering (diet, interpretation, which table to join)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        CHOICE = "choice", _("One of several options")

    tenant_path = "meeting__municipality"

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="registration_questions",
        verbose_name=_("meeting"),
    )
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    # For choice questions: the options, a list of strings.
    choices = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """One person's place at a meeting (or on its waiting list). The cancellation link
    carries a random token of which only the keyed hash is stored."""

    tenant_path = "meeting__municipality"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_registrations",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    # {question id (str): answer}
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    wants_updates = models.BooleanField(
        _("tell me what happens next"),
        default=False,
        help_text=_("An e-mail when what the meeting came to is taken up in a plan or decision."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The language the person registered in: later e-mails are written in it.
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("moved from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~Q(status="cancelled"),
                name="meetings_registration_one_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_status_display()}"


class Attendance(models.Model):
    """How many came, by audience; no names are needed."""

    tenant_path = "meeting__municipality"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    count = models.PositiveIntegerField(_("number of participants"), default=0)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "audience"], name="meetings_attendance_one_per_audience"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()}: {self.count}"


class OutcomeSource(models.TextChoices):
    MINUTES = "minutes", _("From the minutes")
    OPERA = "opera", _("From an OPERA workshop")


class Outcome(models.Model):
    """A short statement of what the meeting came to: an input that plans link to."""

    tenant_path = "meeting__municipality"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("meeting")
    )
    text = models.CharField(_("outcome"), max_length=OUTCOME_MAX)
    position = models.PositiveIntegerField(_("position"), default=0)
    source = models.CharField(
        _("source"), max_length=8, choices=OutcomeSource.choices, default=OutcomeSource.MINUTES
    )
    # For outcomes from an OPERA workshop: the workshop, the theme they came from (none
    # for an idea left outside the themes) and the points.
    opera_session = models.ForeignKey(
        "meetings.OperaSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("OPERA workshop"),
    )
    theme = models.OneToOneField(
        "meetings.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcome",
        verbose_name=_("theme"),
    )
    points = models.PositiveIntegerField(_("points"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#outcome-{self.pk}"

    @property
    def municipality(self) -> Municipality:
        return self.meeting.municipality
