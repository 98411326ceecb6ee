"""Calls for proposals as activities on a process page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from platskraft.core.activities import Activity

from ..models import Channel


def channel_activities(process, user) -> list[Activity]:
    """Calls for proposals shown on the process page."""
    channels = Channel.objects.filter(process=process).select_related(
        "phase", "process", "municipality"
    )
    return [
        Activity(
            kind=_("Call for proposals"),
            title=c.title,
            url=c.get_absolute_url(),
            start=c.phase.start_date if c.phase_id else None,
            end=c.phase.end_date if c.phase_id else None,
            phase_id=c.phase_id,
        )
        for c in channels
        if user.has_perm("proposals.view_channel", c)
    ]
