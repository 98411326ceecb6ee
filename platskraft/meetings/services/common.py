"""What the meeting services share: the locked meeting row and the edit-conflict error."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Meeting


class EditConflict(ValidationError):
    """Someone saved the meeting after the form was opened: nothing was saved. `current`
    is the meeting as stored now; the form keeps what was typed."""

    def __init__(self, current: Meeting):
        self.current = current
        when = formats.date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        super().__init__(
            _(
                "Someone saved this meeting at %(when)s, after you opened it. Nothing of yours "
                "was saved: what you typed is kept below; check the current values and save "
                "again."
            )
            % {"when": when},
            code="conflict",
        )


def locked(meeting: Meeting) -> Meeting:
    """The meeting as stored now, its row locked for the rest of the transaction."""
    return Meeting.objects.select_for_update().select_related(None).get(pk=meeting.pk)


def check_version(current: Meeting, expected_version) -> None:
    if expected_version is None:
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise EditConflict(current) from None
    if expected != current.version:
        raise EditConflict(current)
