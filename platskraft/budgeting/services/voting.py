"""Casting ballots: who the voter is (a keyed hash), what a valid ballot is, storing it.

Privacy: a ballot holds a `voter_key`, a keyed hash of the round and the voter (a user's
pk, a voting code's hash, or a paper sheet's number), never the user. The key lets the
same person replace their ballot while voting is open and keeps it to one ballot each;
without the site's secret it names no one. The audit log (VoteEvent) records that a
ballot was cast or changed and through which channel, never what it holds or who cast it.

Concurrency: every cast locks the round's row first (`locked_round`), so the ballots of
a round are written one after another and none slips in after voting closes (closing
takes the same lock). The unique constraint on (round, voter_key) stands behind it.

The codes and paper ballots live in `codes.py` and `paper.py`; their functions are
re-exported here, the one module the views call.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from platskraft.core.privacy import keyed_hash

from ..models import (
    Ballot,
    BallotKind,
    Channel,
    Eligibility,
    Project,
    ProjectStatus,
    Round,
    VoteEvent,
)
from .codes import code_hash, code_use, codes_create, normalise_code
from .common import closed_error, district_message, event, locked_round, sek
from .paper import PaperResult, normalise_sheet, paper_enter

__all__ = [
    "PaperResult",
    "ballot_cast",
    "ballot_errors",
    "clean_choices",
    "code_hash",
    "code_use",
    "codes_create",
    "eligibility_errors",
    "normalise_code",
    "paper_enter",
    "voter_key_for_code",
    "voter_key_for_sheet",
    "voter_key_for_user",
]

VOTER_PURPOSE = "budget-voter"


def voter_key_for_user(round: Round, user) -> str:
    return keyed_hash(f"{round.pk}:user:{user.pk}", VOTER_PURPOSE)


def voter_key_for_code(round: Round, code: str) -> str:
    """From the plain code (normalised here) through its hash: the key is the same
    however the person typed the code."""
    return keyed_hash(f"{round.pk}:code:{code_hash(code)}", VOTER_PURPOSE)


def voter_key_for_sheet(round: Round, sheet: str) -> str:
    return keyed_hash(f"{round.pk}:paper:{normalise_sheet(sheet)}", VOTER_PURPOSE)


def eligibility_errors(
    round: Round, *, channel: str, confirms_residence, confirms_age
) -> list[str]:
    """What a voter must still confirm (or why this channel is not open to them).

    Signed-in residents confirm that they live in the municipality, and their age when
    the round has one; a code holder only their age (the letter went to a resident)."""
    errors = []
    if channel == Channel.ONLINE:
        if round.eligibility == Eligibility.CODES:
            errors.append(_("This vote is by voting code only: use the code in your letter."))
            return errors
        if not confirms_residence:
            errors.append(
                _("Confirm that you live in %(municipality)s.")
                % {"municipality": round.municipality.name}
            )
    elif channel == Channel.CODE and round.eligibility == Eligibility.RESIDENTS:
        errors.append(_("This vote is for signed-in residents: it does not use codes."))
        return errors
    if round.min_age and not confirms_age:
        errors.append(
            _("Confirm that you are %(age)s years old or older.") % {"age": round.min_age}
        )
    return errors


def clean_choices(choices) -> tuple[dict[int, int], list[str]]:
    """The choices as {project pk: points > 0}, and messages about entries that are not
    whole numbers. Zero points means "not chosen" and is dropped."""
    cleaned: dict[int, int] = {}
    errors: list[str] = []
    for key, value in (choices or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            errors.append(_("The ballot names a project that is not on it."))
            continue
        if isinstance(value, bool) or not _is_whole(value):
            errors.append(_("Points must be whole numbers."))
            continue
        points = int(value)
        if points < 0:
            errors.append(_("Points cannot be negative."))
        elif points:
            cleaned[pk] = points
    return cleaned, list(dict.fromkeys(errors))


def _is_whole(value) -> bool:
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer()
    if isinstance(value, str):
        return value.strip().lstrip("-").isdigit()
    return False


def _count_errors(round: Round, n: int) -> list[str]:
    errors = []
    fewest = max(round.min_projects or 0, 1)
    if n < fewest:
        errors.append(
            ngettext(
                "Choose at least %(fewest)s project.",
                "Choose at least %(fewest)s projects.",
                fewest,
            )
            % {"fewest": fewest}
        )
    if round.max_projects is not None and n > round.max_projects:
        errors.append(
            ngettext(
                "Choose at most %(most)s project (you chose %(n)s).",
                "Choose at most %(most)s projects (you chose %(n)s).",
                round.max_projects,
            )
            % {"most": round.max_projects, "n": n}
        )
    return errors


def _project_errors(round: Round, district, chosen: dict[int, int]) -> tuple[list, list[str]]:
    found = {
        p.pk: p
        for p in Project.objects.filter(pk__in=list(chosen)).only(
            "pk", "round_id", "district_id", "status", "cost_sek", "number", "title"
        )
    }
    errors = []
    district_id = district.pk if district is not None else None
    for pk in chosen:
        project = found.get(pk)
        if project is None or project.round_id != round.pk:
            errors.append(_("The ballot names a project that is not part of this vote."))
        elif project.status != ProjectStatus.APPROVED:
            errors.append(
                _("Project %(number)s, “%(title)s”, is not on the ballot.")
                % {"number": project.number, "title": project.title}
            )
        elif project.district_id != district_id:
            errors.append(
                _("Project %(number)s, “%(title)s”, belongs to another district.")
                % {"number": project.number, "title": project.title}
            )
    return list(found.values()), list(dict.fromkeys(errors))


def _kind_errors(round: Round, district, chosen: dict[int, int], projects) -> list[str]:
    if round.ballot_kind == BallotKind.CUMULATIVE:
        total, allowed = sum(chosen.values()), round.points or 0
        if total > allowed:
            return [
                _("You gave %(total)s points, but have %(allowed)s to spread.")
                % {"total": total, "allowed": allowed}
            ]
        return []
    if any(points != 1 for points in chosen.values()):
        return [_("Choose a project by ticking it; points are not used in this vote.")]
    if round.ballot_kind == BallotKind.KNAPSACK:
        budget = district.budget_sek if district is not None else round.budget_sek
        cost = sum(p.cost_sek or 0 for p in projects)
        if cost > budget:
            return [
                _(
                    "Your projects cost %(cost)s together, more than the budget of "
                    "%(budget)s. Remove projects for at least %(over)s."
                )
                % {"cost": sek(cost), "budget": sek(budget), "over": sek(cost - budget)}
            ]
    return []


def ballot_errors(round: Round, district, choices: dict[int, int]) -> list[str]:
    """Why this ballot cannot be cast in `round` for `district` (none when it can)."""
    chosen, errors = clean_choices(choices)
    if errors:
        return errors
    if message := district_message(round, district):
        return [message]
    projects, errors = _project_errors(round, district, chosen)
    if errors:
        return errors
    return _count_errors(round, len(chosen)) + _kind_errors(round, district, chosen, projects)


def _channel_allowed(round: Round, channel: str) -> bool:
    if channel == Channel.ONLINE:
        return round.eligibility != Eligibility.CODES
    if channel == Channel.CODE:
        return round.eligibility != Eligibility.RESIDENTS
    return channel == Channel.PAPER


def store_ballot(*, round: Round, voter_key: str, channel: str, district, choices) -> tuple:
    """Write the ballot (the round already locked and checked): create it or replace the
    same voter's ballot; log it. Returns (ballot, created)."""
    stored = {str(pk): points for pk, points in clean_choices(choices)[0].items()}
    district_id = district.pk if district is not None else None
    ballot = Ballot.objects.select_for_update().filter(round=round, voter_key=voter_key).first()
    created = ballot is None
    if created:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    round=round,
                    voter_key=voter_key,
                    channel=channel,
                    district_id=district_id,
                    choices=stored,
                )
        except IntegrityError:
            # Only without the round's lock (SQLite ignores it, but writes one at a time).
            ballot = Ballot.objects.select_for_update().get(round=round, voter_key=voter_key)
            created = False
    if not created:
        ballot.choices = stored
        ballot.channel = channel
        ballot.district_id = district_id
        ballot.save(update_fields=["choices", "channel", "district", "changed_at"])
    kind = VoteEvent.Kind.CAST if created else VoteEvent.Kind.CHANGED
    event(round, kind, channel=channel)
    return ballot, created


@transaction.atomic
def ballot_cast(*, round: Round, voter_key: str, channel: str, district, choices) -> tuple:
    """Cast a ballot, or replace the same voter's ballot, while voting is open.

    Returns (ballot, created). Raises ValidationError with the ballot's messages
    (`ballot_errors`), or when voting is closed or the channel is not open in this round."""
    if not voter_key:
        raise ValueError("A ballot needs a voter key.")
    round = locked_round(round)
    if not round.voting_is_open():
        raise closed_error(ballot=True)
    if channel not in Channel.values or channel == Channel.PAPER:
        raise ValueError(f"Paper ballots are entered with paper_enter, not {channel!r}.")
    if not _channel_allowed(round, channel):
        raise ValidationError(_("This way of voting is not open in this vote."), code="channel")
    if errors := ballot_errors(round, district, choices):
        raise ValidationError(errors, code="ballot")
    return store_ballot(
        round=round, voter_key=voter_key, channel=channel, district=district, choices=choices
    )
