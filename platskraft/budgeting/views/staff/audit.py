"""The audit log of a round: what happened, through which channel, by which official, and
when; ballots per channel. Never what anyone voted for, never who voted."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from platskraft.municipalities.views.generic import StaffView

from . import _reads
from ._common import READ, RoundMixin

PAGE_SIZE = 100


class AuditLog(RoundMixin, StaffView):
    perm = READ

    def get(self, request, pk):
        round_ = self.load_round()
        page = Paginator(_reads.events(round=round_), PAGE_SIZE).get_page(request.GET.get("page"))
        channels = _reads.channel_counts(round=round_)
        return render(
            request,
            "budgeting/staff/audit.html",
            self.context(
                page=page,
                channels=channels,
                ballots=sum(n for _v, _l, n in channels),
                kinds=_reads.event_counts(round=round_),
            ),
        )
