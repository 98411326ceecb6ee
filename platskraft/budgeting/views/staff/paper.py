"""Paper ballots: one official enters a sheet, a second official enters it again, and the
ballot counts when the two agree. Entries that differ are listed until they are resolved;
the lists show sheet numbers and who entered them, never what a sheet says."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from platskraft.municipalities.views.generic import StaffView

from ...forms import PaperForm, add_errors
from ...models import District, Project, ProjectStatus
from ...services import voting
from . import _reads
from ._common import PAPER, RoundMixin, round_url

LEVEL = {"counted": messages.SUCCESS, "waiting": messages.INFO, "conflict": messages.ERROR}


class PaperBallots(RoundMixin, StaffView):
    perm = PAPER

    def chosen_district(self) -> tuple[list[District], District | None]:
        districts = list(self.round.districts.all())
        raw = self.request.GET.get("district", "")
        if not districts:
            return districts, None
        if not raw:
            return districts, None
        if not raw.isdigit():
            raise Http404
        found = next((d for d in districts if d.pk == int(raw)), None)
        if found is None:
            raise Http404
        return districts, found

    def ballot_projects(self, district) -> list[Project]:
        projects = Project.objects.filter(round=self.round, status=ProjectStatus.APPROVED)
        if district is not None:
            projects = projects.filter(district=district)
        return list(projects.order_by("number"))

    def page_url(self, district) -> str:
        url = round_url(self.round, "staff_paper")
        return f"{url}?district={district.pk}" if district else url

    def render_page(self, form, districts, district):
        return render(
            self.request,
            "budgeting/staff/paper.html",
            self.context(
                form=form,
                districts=districts,
                district=district,
                sheets=_reads.paper_sheets(round=self.round),
                action=self.page_url(district),
            ),
        )

    def get(self, request, pk):
        self.load_round()
        districts, district = self.chosen_district()
        form = None
        if district is not None or not districts:
            form = PaperForm(round=self.round, projects=self.ballot_projects(district))
        return self.render_page(form, districts, district)

    def post(self, request, pk):
        self.load_round()
        districts, district = self.chosen_district()
        if districts and district is None:
            raise Http404
        form = PaperForm(request.POST, round=self.round, projects=self.ballot_projects(district))
        if form.is_valid():
            try:
                result = voting.paper_enter(
                    round=self.round,
                    sheet=form.cleaned_data["sheet"],
                    district=district,
                    choices=form.choices(),
                    by=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.add_message(
                    request, LEVEL.get(result.status, messages.INFO), result.message
                )
                return redirect(self.page_url(district))
        return self.render_page(form, districts, district)
