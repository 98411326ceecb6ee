"""Voting codes: how many were made and used per district, and a new batch of codes.

A new batch is shown once, in the answer to the request that made it: a page of letters
to print (one per code) and the same batch as a CSV file inside the page (a data
address), so the plain codes never go into the database, the session or a cache.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.core.spreadsheets import safe_cell
from platskraft.municipalities.views.generic import StaffView

from ...forms import CodesForm, add_errors
from ...models import Eligibility
from ...services import voting
from . import _reads
from ._common import MANAGE, READ, RoundMixin, staff_url


def vote_url(request, round_) -> str:
    return request.build_absolute_uri(staff_url("code", round_.municipality, pk=round_.pk))


def codes_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return "\ufeff" + out.getvalue()


class Codes(RoundMixin, StaffView):
    perm = READ

    def render_page(self, form, status=200):
        round_ = self.round
        return render(
            self.request,
            "budgeting/staff/codes.html",
            self.context(
                form=form,
                districts=_reads.district_rows(round=round_),
                has_districts=round_.districts.exists(),
                codes_used=round_.eligibility != Eligibility.RESIDENTS,
            ),
            status=status,
        )

    def get(self, request, pk):
        self.load_round()
        form = CodesForm(round=self.round) if self.context()["can_manage"] else None
        return self.render_page(form)

    def post(self, request, pk):
        self.perm = MANAGE
        round_ = self.load_round()
        form = CodesForm(request.POST, round=round_)
        if not form.is_valid():
            return self.render_page(form)
        district = form.cleaned_data.get("district")
        try:
            codes = voting.codes_create(
                round=round_, district=district, count=form.cleaned_data["count"], by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.render_page(form)
        url = vote_url(request, round_)
        header = [_("Code"), _("District"), _("Round"), _("Address")]
        rows = [[code, district.name if district else "", round_.title, url] for code in codes]
        filename = "codes-{round}-{district}-{when}.csv".format(
            round=round_.pk,
            district=district.pk if district else "all",
            when=timezone.localtime().strftime("%Y%m%d-%H%M"),
        )
        response = render(
            request,
            "budgeting/staff/letters.html",
            self.context(
                codes=codes,
                district=district,
                vote_url=url,
                csv_href="data:text/csv;charset=utf-8," + quote(codes_csv([header, *rows])),
                csv_name=filename,
            ),
        )
        response["Cache-Control"] = "no-store"
        return response
