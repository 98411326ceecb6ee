"""Who may do what with meetings and OPERA workshops: role in the municipality × the
meeting's status (and, for registering, its closing time).

Objects: the Municipality (staff lists, new meetings) or a Meeting. `MEETING_ACTIONS`
lists every action with the object it is checked on; the permission matrix test walks it.
OPERA participants need no account: they are recognised by the key of the session they
joined, not by a permission.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from platskraft.municipalities.permissions import is_admin, is_editor, may_read_staff_pages

from .models import Meeting, MeetingStatus, Outcome

edits = is_admin | is_editor


@rules.predicate
def is_public(user, meeting) -> bool:
    return isinstance(meeting, Meeting) and meeting.status != MeetingStatus.DRAFT


@rules.predicate
def takes_registrations(user, meeting) -> bool:
    """Published with registration on, and neither closed nor begun."""
    if not (
        isinstance(meeting, Meeting)
        and meeting.status == MeetingStatus.PUBLISHED
        and meeting.registration_open
    ):
        return False
    closes = meeting.starts_at
    if meeting.registration_closes_at is not None:
        closes = min(closes, meeting.registration_closes_at)
    return timezone.now() < closes


@rules.predicate
def outcome_is_public(user, outcome) -> bool:
    """An outcome is public with its meeting's published minutes."""
    if not isinstance(outcome, Outcome):
        return False
    meeting = outcome.meeting
    return meeting.status != MeetingStatus.DRAFT and meeting.minutes_published_at is not None


# The municipality's meeting pages for staff (obj: Municipality or Meeting).
rules.add_perm("meetings.view_staff", may_read_staff_pages)
rules.add_perm("meetings.manage", edits)
# Names and e-mail addresses of those registered: the organisers only (obj: Meeting).
rules.add_perm("meetings.view_registrations", edits)
# OPERA workshops are run by those who manage meetings (obj: Meeting).
rules.add_perm("meetings.facilitate", edits)
# One meeting (obj: Meeting).
rules.add_perm("meetings.view_meeting", is_public | may_read_staff_pages)
rules.add_perm("meetings.register", takes_registrations)
# One outcome (obj: Outcome), e.g. linked from an action plan.
rules.add_perm("meetings.view_outcome", outcome_is_public | may_read_staff_pages)

MEETING_ACTIONS = {
    "meetings.view_staff": "municipality",
    "meetings.manage": "municipality",
    "meetings.view_registrations": "meeting",
    "meetings.facilitate": "meeting",
    "meetings.view_meeting": "meeting",
    "meetings.register": "meeting",
    "meetings.view_outcome": "outcome",
}
