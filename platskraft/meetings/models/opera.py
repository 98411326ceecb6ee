"""A live OPERA workshop for a meeting: Own ideas, Pairs, Exposé, Ranking, Arrange.

Participants join on their phones with a short code (no account); a random key in a
cookie, of which only the keyed hash is stored, brings them back after a reload. Every
change raises the session's `revision`, so a polling screen asks "anything newer than
revision r?" and is told "no" without a page being rendered.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .meeting import Meeting

IDEA_MAX = 300
THEME_MAX = 120


class Step(models.TextChoices):
    """The steps in order; the facilitator moves the session on one step at a time."""

    LOBBY = "lobby", _("Joining")
    OWN = "own", _("Own ideas")
    PAIRS = "pairs", _("Pairs")
    EXPOSE = "expose", _("Exposé")
    RANKING = "ranking", _("Ranking")
    ARRANGE = "arrange", _("Arrange")
    DONE = "done", _("Finished")


STEP_ORDER = [s.value for s in Step]


class OperaSession(models.Model):
    tenant_path = "meeting__municipality"

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="opera_sessions",
        verbose_name=_("meeting"),
    )
    question = models.CharField(_("question"), max_length=300)
    join_code = models.CharField(_("join code"), max_length=8, unique=True)
    code_expires_at = models.DateTimeField(_("join code expires"))
    step = models.CharField(_("step"), max_length=8, choices=Step.choices, default=Step.LOBBY)
    step_started_at = models.DateTimeField(_("step started"), null=True, blank=True)
    # When the timer of the current step runs out (a guide: the facilitator moves on).
    step_ends_at = models.DateTimeField(_("timer ends"), null=True, blank=True)
    # {step: minutes} for the timed steps.
    durations = models.JSONField(_("minutes per step"), default=dict, blank=True)
    ideas_per_participant = models.PositiveSmallIntegerField(
        _("ideas per participant"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    ideas_per_pair = models.PositiveSmallIntegerField(
        _("ideas each pair takes on"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    points_per_participant = models.PositiveSmallIntegerField(
        _("points per participant"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    max_points_per_idea = models.PositiveSmallIntegerField(
        _("most points on one idea"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    revision = models.PositiveBigIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcomes_saved_at = models.DateTimeField(_("saved as outcomes"), null=True, blank=True)

    class Meta:
        verbose_name = _("OPERA workshop")
        verbose_name_plural = _("OPERA workshops")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.question

    @property
    def municipality(self):
        return self.meeting.municipality

    @property
    def step_index(self) -> int:
        return STEP_ORDER.index(self.step)


class Pair(models.Model):
    """Two participants (three when the number is odd) who agree on their best ideas."""

    tenant_path = "session__meeting__municipality"

    session = models.ForeignKey(
        OperaSession, on_delete=models.CASCADE, related_name="pairs", verbose_name=_("workshop")
    )
    number = models.PositiveIntegerField(_("number"))

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="meetings_pair_number")
        ]

    def __str__(self) -> str:
        return str(self.number)


class Participant(models.Model):
    tenant_path = "session__meeting__municipality"

    session = models.ForeignKey(
        OperaSession,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("workshop"),
    )
    number = models.PositiveIntegerField(_("number"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    pair = models.ForeignKey(
        Pair,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("pair"),
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"], name="meetings_participant_number"
            )
        ]

    def __str__(self) -> str:
        return str(self.number)


class Theme(models.Model):
    """A group of ideas named by the facilitator in the Arrange step."""

    tenant_path = "session__meeting__municipality"

    session = models.ForeignKey(
        OperaSession, on_delete=models.CASCADE, related_name="themes", verbose_name=_("workshop")
    )
    name = models.CharField(_("name"), max_length=THEME_MAX)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["session", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class IdeaStage(models.TextChoices):
    OWN = "own", _("Own idea")
    PAIR = "pair", _("A pair's idea")


class Idea(models.Model):
    """An idea written alone (stage own) or agreed by a pair (stage pair). Pair ideas are
    shown in the Exposé, get points and are arranged into themes."""

    tenant_path = "session__meeting__municipality"

    session = models.ForeignKey(
        OperaSession, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("workshop")
    )
    stage = models.CharField(_("stage"), max_length=4, choices=IdeaStage.choices)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("written by"),
    )
    pair = models.ForeignKey(
        Pair,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("pair"),
    )
    # The own ideas a pair idea was made from.
    sources = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="used_in", verbose_name=_("from")
    )
    text = models.CharField(_("idea"), max_length=IDEA_MAX)
    # Sent after its step had closed: kept, and shown as late.
    is_late = models.BooleanField(_("late"), default=False)
    # A key the participant's page sends with each idea, so that a repeated request (a
    # weak connection, a double tap) stores the idea once.
    client_key = models.CharField(max_length=40, blank=True, editable=False)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("theme"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["session", "stage", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant", "client_key"],
                condition=~Q(client_key=""),
                name="meetings_idea_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    """Points a participant gives an idea in the Ranking step: one row per idea."""

    tenant_path = "session__meeting__municipality"

    session = models.ForeignKey(
        OperaSession, on_delete=models.CASCADE, related_name="votes", verbose_name=_("workshop")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="votes", verbose_name=_("participant")
    )
    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="votes", verbose_name=_("idea")
    )
    points = models.PositiveSmallIntegerField(_("points"), validators=[MinValueValidator(1)])
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("points")
        verbose_name_plural = _("points")
        constraints = [
            models.UniqueConstraint(fields=["participant", "idea"], name="meetings_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.idea}: {self.points}"
