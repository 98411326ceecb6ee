"""Budget rounds as activities on a process page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.core.activities import Activity

from .models import Round


def round_activities(process, user) -> list[Activity]:
    """The process's budget rounds that the visitor may see, with their voting dates."""
    rounds = Round.objects.filter(process=process).select_related("municipality")
    return [
        Activity(
            kind=_("Citizen budget"),
            title=round_.title,
            url=reverse(
                "budgeting:round",
                kwargs={"municipality_slug": process.municipality.slug, "pk": round_.pk},
            ),
            start=timezone.localdate(round_.voting_opens_at) if round_.voting_opens_at else None,
            end=timezone.localdate(round_.voting_closes_at) if round_.voting_closes_at else None,
        )
        for round_ in rounds
        if user.has_perm("budgeting.view_round", round_)
    ]
