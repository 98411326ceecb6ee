"""A channel's proposals ranked by priority: the page and its CSV/Excel export."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import Http404
from django.shortcuts import render

from platskraft.core.access import get_scoped_or_404, require_perm, site_url
from platskraft.municipalities.views.generic import StaffView

from ... import selectors
from ...models import Channel
from .exports import csv_response, xlsx_response

# --- Ranking ------------------------------------------------------------------------------


def _ranking_channel(request, pk) -> Channel:
    require_perm(request, "proposals.view_cases", request.municipality)
    return get_scoped_or_404(
        Channel.objects.select_related("municipality"), request.municipality, pk=pk
    )


def _ranking_rows(channel: Channel) -> tuple[list, list]:
    criteria = list(channel.criteria.all())
    rows = []
    for ranked, proposal in selectors.ranking(channel):
        by_name = {part.name: part for part in ranked.parts if part.name}
        rows.append(
            {
                "ranked": ranked,
                "proposal": proposal,
                "scores": [
                    (c, by_name.get(c.name), proposal.score_reasons.get(c.name, ""))
                    for c in criteria
                ],
            }
        )
    return criteria, rows


class Ranking(StaffView):
    def get(self, request, pk):
        channel = _ranking_channel(request, pk)
        criteria, rows = _ranking_rows(channel)
        return render(
            request,
            "proposals/staff/ranking.html",
            {
                "channel": channel,
                "criteria": criteria,
                "rows": rows,
                "can_export": request.user.has_perm(
                    "proposals.export_proposals", request.municipality
                ),
            },
        )


def ranking_table(channel: Channel, base_url: str) -> Iterator[list]:
    criteria, rows = _ranking_rows(channel)
    header = ["rank", "proposal_id", "title", "priority", "support"]
    for criterion in criteria:
        header += [f"score:{criterion.name}", f"reason:{criterion.name}"]
    header.append("url")
    yield header
    for row in rows:
        ranked, proposal = row["ranked"], row["proposal"]
        line = [ranked.rank, proposal.pk, proposal.title, ranked.priority, ranked.support]
        for _criterion, part, reason in row["scores"]:
            value = part.value if part is not None else None
            line += ["" if value is None else int(value), reason]
        line.append(base_url + proposal.get_absolute_url())
        yield line


class RankingExport(StaffView):
    def get(self, request, pk, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        channel = _ranking_channel(request, pk)
        require_perm(request, "proposals.export_proposals", request.municipality)
        rows = ranking_table(channel, site_url(request))
        name = f"ranking-{request.municipality.slug}-{channel.pk}"
        if fmt == "csv":
            return csv_response(rows, f"{name}.csv")
        return xlsx_response(rows, f"{name}.xlsx", title="ranking")
