"""Ballots, voting codes, paper ballots and the outcome.

A ballot carries no link to the person who cast it: `voter_key` is a keyed hash of the
voter (a user or a voting code, per round), enough to find and replace the same person's
ballot while voting is open and to allow one ballot per person, but not to name them
without the site's secret key. The audit log records that someone voted, when and through
which channel, never what they voted for.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .round import District, Round, Rule


class Channel(models.TextChoices):
    ONLINE = "online", _("Signed in")
    CODE = "code", _("Voting code")
    PAPER = "paper", _("Paper ballot")


class Ballot(models.Model):
    """One person's vote: project pk (as a string) → points (1 for an approval)."""

    tenant_path = "round__municipality"

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("round")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="ballots",
        verbose_name=_("district"),
    )
    voter_key = models.CharField(_("voter (keyed hash)"), max_length=64)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    choices = models.JSONField(_("choices"), default=dict)
    cast_at = models.DateTimeField(_("cast"), auto_now_add=True)
    changed_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "voter_key"], name="budgeting_ballot_one_per_voter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} #{self.pk}"


class VotingCode(models.Model):
    """A single-use code printed on a letter; only its keyed hash is stored."""

    tenant_path = "round__municipality"

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="codes", verbose_name=_("round")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="codes",
        verbose_name=_("district"),
    )
    code_hash = models.CharField(_("code (keyed hash)"), max_length=64, unique=True)
    batch = models.PositiveIntegerField(_("batch"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    used_at = models.DateTimeField(_("first used"), null=True, blank=True)

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")

    def __str__(self) -> str:
        return f"{self.round}: {self.code_hash[:8]}…"


class PaperEntry(models.Model):
    """One official's entry of a paper ballot. A ballot counts when a second official's
    entry of the same sheet agrees; entries that differ are kept for a third look."""

    tenant_path = "round__municipality"

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="paper_entries", verbose_name=_("round")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="paper_entries",
        verbose_name=_("district"),
    )
    sheet = models.CharField(
        _("sheet number"), max_length=40, help_text=_("The number printed on the paper ballot.")
    )
    choices = models.JSONField(_("choices"), default=dict)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)
    counted = models.BooleanField(_("counted"), default=False)

    class Meta:
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        ordering = ["sheet", "entered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "sheet", "entered_by"], name="budgeting_paper_one_entry_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.sheet}"


class VoteEvent(models.Model):
    """The audit log: that a vote was cast, changed or entered, by which channel and when;
    the staff member for paper entries. Never the ballot's content or the voter."""

    class Kind(models.TextChoices):
        CAST = "cast", _("Ballot cast")
        CHANGED = "changed", _("Ballot changed")
        PAPER_ENTERED = "paper_entered", _("Paper ballot entered")
        PAPER_COUNTED = "paper_counted", _("Paper ballot counted (two entries agree)")
        PAPER_CONFLICT = "paper_conflict", _("Paper ballot entries differ")
        CODES_CREATED = "codes_created", _("Voting codes created")
        STAGE = "stage", _("Stage changed")
        COMPUTED = "computed", _("Outcome computed")
        PUBLISHED = "published", _("Results published")

    tenant_path = "round__municipality"

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="events", verbose_name=_("round")
    )
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("voting event")
        verbose_name_plural = _("voting events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"


class Outcome(models.Model):
    """A computed outcome of the round (per district), kept for review and publication."""

    tenant_path = "round__municipality"

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("round")
    )
    rule = models.CharField(_("outcome rule"), max_length=20, choices=Rule.choices)
    computed_at = models.DateTimeField(_("computed"), auto_now_add=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("computed by"),
    )
    ballots = models.PositiveIntegerField(_("ballots counted"))
    # {"districts": [{"district": pk|null, "budget": int, "voters": int, "selected": [pk],
    #   "projects": {pk: {...explanation fields...}}, "comparison": {...}}], "seed": int}
    data = models.JSONField(_("outcome"), default=dict)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-computed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.round}: {self.rule}"
