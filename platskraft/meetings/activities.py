"""Meetings on a process page: as activities (in the list of everything the process
holds) and as a panel (the meetings held, participants by audience, the outcomes)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.core.activities import Activity
from platskraft.core.process_panels import Panel

from . import selectors
from .models import Meeting, MeetingStatus


def meeting_activities(process, user) -> list[Activity]:
    """The process's meetings the visitor may see, by their day."""
    meetings = Meeting.objects.filter(process=process).select_related("municipality")
    found = []
    for meeting in meetings:
        if meeting.status == MeetingStatus.DRAFT and not user.has_perm(
            "meetings.view_meeting", meeting
        ):
            continue
        title = meeting.title
        if meeting.status == MeetingStatus.CANCELLED:
            title = _("%(title)s (cancelled)") % {"title": title}
        found.append(
            Activity(
                kind=meeting.get_kind_display(),
                title=title,
                url=meeting.get_absolute_url(),
                start=timezone.localdate(meeting.starts_at),
                end=timezone.localdate(meeting.ends_at),
                phase_id=meeting.phase_id,
            )
        )
    return found


def meeting_panels(process, user) -> list[Panel]:
    summary = selectors.process_summary(process)
    if not summary.held:
        return []
    return [Panel("meetings/process_panel.html", {"summary": summary, "process": process})]
