"""The round as a Pabulib `.pb` file, and a `.pb` file as a new draft round."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from platskraft.core.access import require_perm
from platskraft.municipalities.views.generic import StaffView

from ... import pb_io
from ...forms import PbImportForm
from ._common import MANAGE, READ, RoundMixin, report, round_url, staff_url


class ExportPb(RoundMixin, StaffView):
    """One district's file (`?district=`), or the whole round's when it has none."""

    perm = READ

    def get(self, request, pk):
        round_ = self.load_round()
        districts = list(round_.districts.all())
        district = None
        if districts:
            raw = request.GET.get("district", "")
            district = next((d for d in districts if str(d.pk) == raw), None)
            if district is None:
                raise Http404
        try:
            text = pb_io.export_pb(round=round_, district=district)
        except ValidationError as error:
            report(request, error)
            return redirect(round_url(round_) + "#export")
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        filename = pb_io.export_filename(round_, district)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ImportPb(StaffView):
    def load(self):
        require_perm(self.request, READ, self.request.municipality)
        require_perm(self.request, MANAGE, self.request.municipality)

    def render_form(self, form):
        return render(
            self.request,
            "budgeting/staff/import.html",
            {
                "form": form,
                "title": _("Import a Pabulib file"),
                "cancel_url": staff_url("staff_rounds", self.request.municipality),
            },
        )

    def get(self, request):
        self.load()
        return self.render_form(PbImportForm(municipality=request.municipality))

    def post(self, request):
        self.load()
        form = PbImportForm(request.POST, request.FILES, municipality=request.municipality)
        if form.is_valid():
            try:
                round_ = pb_io.import_pb(
                    text=form.cleaned_data["file"],
                    municipality=request.municipality,
                    process=form.cleaned_data["process"],
                    by=request.user,
                    title=form.cleaned_data["title"].strip(),
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                messages.success(
                    request,
                    _(
                        "The file was imported as a draft round: %(projects)s projects, "
                        "%(ballots)s ballots."
                    )
                    % {"projects": round_.projects.count(), "ballots": round_.ballots.count()},
                )
                return redirect(round_url(round_))
        return self.render_form(form)
