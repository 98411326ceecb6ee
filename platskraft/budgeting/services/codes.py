"""Voting codes printed on letters: made in batches, stored only as keyed hashes.

A code is twelve characters from Crockford's base-32 alphabet (no I, L, O or U), shown
in groups of four: `K7QM-4PXT-9WHD`, 60 random bits. What a person types is normalised
before hashing: upper case, spaces and dashes dropped, and the letters people confuse
with digits read as those digits (O → 0, I and L → 1). Guessing a code is hopeless at
60 bits, so a wrong code only gets a plain "not valid" message.

A used code is not spent: its holder may come back with it and change their ballot until
voting closes (the ballot is found by a voter key derived from the code's hash). It is
"single use" in the sense that it is one ballot: using it again replaces that ballot.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.core.privacy import keyed_hash

from ..models import Eligibility, Round, Stage, VoteEvent, VotingCode
from .common import check_district, closed_error, event, locked_round

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 3
GROUP_LENGTH = 4
MAX_CODES_PER_BATCH = 20_000
_CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " \t\n\r-_.–—")


def normalise_code(raw: str) -> str:
    """The code as stored (before hashing): `k7qm 4pxt-9wHd` → `K7QM4PXT9WHD`."""
    return (raw or "").upper().translate(_SEPARATORS).translate(_CONFUSED)


def code_hash(code: str) -> str:
    return keyed_hash(normalise_code(code), "budget-code")


def _new_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(chars[i : i + GROUP_LENGTH] for i in range(0, len(chars), GROUP_LENGTH))


def _invalid() -> ValidationError:
    return ValidationError(_("This code is not valid for this vote."), code="invalid_code")


@transaction.atomic
def codes_create(*, round: Round, district, count: int, by) -> list[str]:
    """Make `count` new codes for the round (and district); the plain codes are returned
    this once, to be printed, and only their hashes are kept."""
    round = locked_round(round)
    if round.eligibility == Eligibility.RESIDENTS:
        raise ValidationError(
            _("This round is for signed-in residents only: it does not use voting codes."),
            code="no_codes",
        )
    if round.stage in (Stage.COUNTING, Stage.RESULTS):
        raise ValidationError(_("Voting has closed: no new codes can be made."), code="closed")
    try:
        count = int(count)
    except (TypeError, ValueError):
        count = 0
    if not 1 <= count <= MAX_CODES_PER_BATCH:
        raise ValidationError(
            {
                "count": _("Make between 1 and %(most)s codes at a time.")
                % {"most": MAX_CODES_PER_BATCH}
            }
        )
    check_district(round, district, field="district")
    plain: dict[str, str] = {}
    while len(plain) < count:
        for code in [_new_code() for _n in range(count - len(plain))]:
            plain[code_hash(code)] = code
        taken = set(
            VotingCode.objects.filter(code_hash__in=list(plain)).values_list("code_hash", flat=True)
        )
        for hashed in taken:
            del plain[hashed]
    batch = (VotingCode.objects.filter(round=round).aggregate(m=Max("batch"))["m"] or 0) + 1
    VotingCode.objects.bulk_create(
        [
            VotingCode(round=round, district=district, code_hash=hashed, batch=batch)
            for hashed in plain
        ],
        batch_size=1000,
    )
    note = _("%(count)s codes, batch %(batch)s") % {"count": count, "batch": batch}
    if district is not None:
        note = f"{note} ({district.name})"
    event(round, VoteEvent.Kind.CODES_CREATED, staff=by, note=note)
    return list(plain.values())


def code_use(*, round: Round, raw_code: str) -> VotingCode:
    """The round's code that `raw_code` stands for; ValidationError when there is none or
    voting is not open. Marks the first use; later uses are allowed and let the holder
    change the ballot they cast with it until voting closes."""
    fresh = Round.objects.get(pk=round.pk)
    if fresh.eligibility == Eligibility.RESIDENTS:
        raise _invalid()
    if not fresh.voting_is_open():
        raise closed_error()
    normalised = normalise_code(raw_code)
    if not normalised:
        raise _invalid()
    code = (
        VotingCode.objects.filter(round=fresh, code_hash=code_hash(normalised))
        .select_related("district")
        .first()
    )
    if code is None:
        raise _invalid()
    if code.used_at is None:
        now = timezone.now()
        VotingCode.objects.filter(pk=code.pk, used_at__isnull=True).update(used_at=now)
        code.refresh_from_db(fields=["used_at"])
    return code
