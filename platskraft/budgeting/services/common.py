"""Shared by the budgeting writes: locking the round, checking a district, messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from platskraft.core.templatetags.money import sek  # noqa: F401 - re-exported

from ..models import District, Round, VoteEvent


def locked_round(round: Round) -> Round:
    """The round as stored now, its row locked for the rest of the transaction.

    Every write that depends on the round's stage (casting, entering paper ballots,
    moving the stage) takes this lock first, so a ballot cannot slip in after voting
    closes and ballots of the round are written one after another."""
    return Round.objects.select_for_update().get(pk=round.pk)


def closed_error(*, ballot: bool = False) -> ValidationError:
    if ballot:
        return ValidationError(_("Voting is closed: this ballot was not counted."), code="closed")
    return ValidationError(_("Voting is closed."), code="closed")


def has_districts(round: Round) -> bool:
    return District.objects.filter(round=round).exists()


def district_message(round: Round, district) -> str | None:
    """Why `district` cannot be used in `round` (None when it can)."""
    if district is None:
        if has_districts(round):
            return _("Choose a district: this round has one budget per district.")
        return None
    if district.round_id != round.pk:
        return _("This district is not part of this round.")
    return None


def check_district(round: Round, district, *, field: str | None = None) -> None:
    if message := district_message(round, district):
        raise ValidationError({field: message} if field else message, code="district")


def event(round: Round, kind: str, *, channel: str = "", staff=None, note: str = "") -> VoteEvent:
    return VoteEvent.objects.create(
        round=round, kind=kind, channel=channel, staff=staff, note=note[:200]
    )
