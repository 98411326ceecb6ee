"""An OPERA workshop's result for the facilitator: a CSV of the ranked ideas and a
printable summary (themes, ranked ideas, figures)."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from platskraft.municipalities.views.generic import StaffView

from ..services.opera_arrange import ranked_ideas, ranked_themes
from .opera_reads import control_figures
from .opera_staff import SessionMixin, meeting_staff_url


def _safe(value) -> str:
    """A cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class ResultsCsv(SessionMixin, StaffView):
    def get(self, request, pk):
        session = self.load()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="opera-{session.pk}-{session.join_code}.csv"'
        )
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            [
                _("rank"),
                _("number"),
                _("idea"),
                _("points"),
                _("voters"),
                _("theme"),
                _("pair"),
                _("late"),
            ]
        )
        ideas = ranked_ideas(session)
        voters = {}
        for idea_id in session.votes.values_list("idea_id", flat=True):
            voters[idea_id] = voters.get(idea_id, 0) + 1
        for rank, idea in enumerate(ideas, start=1):
            writer.writerow(
                [
                    rank,
                    idea.number or "",
                    _safe(idea.text),
                    idea.total,
                    voters.get(idea.pk, 0),
                    _safe(idea.theme.name) if idea.theme else "",
                    idea.pair.number if idea.pair else "",
                    _("yes") if idea.is_late else "",
                ]
            )
        return response


class Summary(SessionMixin, StaffView):
    def get(self, request, pk):
        session = self.load()
        ideas = ranked_ideas(session)
        return render(
            request,
            "meetings/opera/staff/summary.html",
            {
                "session": session,
                "meeting": session.meeting,
                "ranked": ideas,
                "themes": ranked_themes(session, ideas),
                "unthemed": [i for i in ideas if i.theme_id is None],
                "figures": control_figures(session),
                "meeting_url": meeting_staff_url(session.meeting),
            },
        )


S = "staff/opera/<int:pk>/"

urlpatterns = [
    path(S + "results.csv", ResultsCsv.as_view(), name="staff_opera_csv"),
    path(S + "summary/", Summary.as_view(), name="staff_opera_summary"),
]
