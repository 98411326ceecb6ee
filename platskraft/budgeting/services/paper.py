"""Paper ballots, typed in twice: a sheet counts when two officials' entries agree.

Each official enters the sheet on their own. The first entry waits; a second entry by a
different official that agrees (same district, same choices) counts the sheet: the
ballot is created (channel paper, the voter key derived from the sheet number) and both
entries are marked counted. Entries that differ are a conflict: nothing is counted, all
entries are kept, and a later entry that agrees with one of them counts the sheet. The
same official cannot enter a sheet twice, and a counted sheet cannot be entered again.

Paper ballots are entered while voting is open and after it closes (COUNTING), not
before voting or once the results are published.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Channel, PaperEntry, Round, Stage, VoteEvent
from .common import event, locked_round

SHEET_MAX = 40
PAPER_STAGES = (Stage.VOTING, Stage.COUNTING)


@dataclass(frozen=True)
class PaperResult:
    status: str  # "waiting" | "counted" | "conflict"
    message: str
    entry: PaperEntry | None = None


def normalise_sheet(sheet: str) -> str:
    return " ".join((sheet or "").split()).upper()


def _district_id(district) -> int | None:
    return district.pk if district is not None else None


def _agrees(entry: PaperEntry, district_id, choices: dict) -> bool:
    return entry.district_id == district_id and entry.choices == choices


@transaction.atomic
def paper_enter(*, round: Round, sheet: str, district, choices, by) -> PaperResult:
    """Enter one official's reading of a paper ballot. Raises ValidationError for a
    ballot that is not valid (the messages of `ballot_errors`), the same official
    twice, a counted sheet, or when paper ballots cannot be entered now."""
    from .voting import ballot_errors, clean_choices, store_ballot, voter_key_for_sheet

    round = locked_round(round)
    if round.stage not in PAPER_STAGES:
        raise ValidationError(
            _("Paper ballots are entered during voting and counting only."), code="stage"
        )
    sheet = normalise_sheet(sheet)
    if not sheet:
        raise ValidationError({"sheet": _("Enter the number printed on the paper ballot.")})
    if len(sheet) > SHEET_MAX:
        raise ValidationError(
            {"sheet": _("A sheet number has at most %(most)s characters.") % {"most": SHEET_MAX}}
        )
    entries = list(PaperEntry.objects.filter(round=round, sheet=sheet))
    if any(e.counted for e in entries):
        raise ValidationError(
            {"sheet": _("Sheet %(sheet)s is already counted.") % {"sheet": sheet}},
            code="counted",
        )
    if any(e.entered_by_id == by.pk for e in entries):
        raise ValidationError(
            {
                "sheet": _(
                    "You have already entered sheet %(sheet)s. A different official "
                    "must enter it the second time."
                )
                % {"sheet": sheet}
            },
            code="same_official",
        )
    if errors := ballot_errors(round, district, choices):
        raise ValidationError(errors, code="ballot")
    stored = {str(pk): points for pk, points in clean_choices(choices)[0].items()}
    entry = PaperEntry.objects.create(
        round=round, district=district, sheet=sheet, choices=stored, entered_by=by
    )
    note = _("Sheet %(sheet)s") % {"sheet": sheet}
    event(round, VoteEvent.Kind.PAPER_ENTERED, channel=Channel.PAPER, staff=by, note=note)
    if not entries:
        return PaperResult(
            "waiting",
            _(
                "Sheet %(sheet)s is entered once. It counts when a second official "
                "enters it the same way."
            )
            % {"sheet": sheet},
            entry,
        )
    match = next((e for e in entries if _agrees(e, _district_id(district), stored)), None)
    if match is None:
        event(round, VoteEvent.Kind.PAPER_CONFLICT, channel=Channel.PAPER, staff=by, note=note)
        return PaperResult(
            "conflict",
            _(
                "The entries of sheet %(sheet)s differ, so it is not counted. Look at the "
                "paper again: it counts when another official's entry agrees with one of them."
            )
            % {"sheet": sheet},
            entry,
        )
    PaperEntry.objects.filter(pk__in=[entry.pk, match.pk]).update(counted=True)
    entry.counted = True
    store_ballot(
        round=round,
        voter_key=voter_key_for_sheet(round, sheet),
        channel=Channel.PAPER,
        district=district,
        choices=stored,
    )
    event(round, VoteEvent.Kind.PAPER_COUNTED, channel=Channel.PAPER, staff=by, note=note)
    return PaperResult(
        "counted",
        _("Sheet %(sheet)s is counted: the two entries agree.") % {"sheet": sheet},
        entry,
    )
