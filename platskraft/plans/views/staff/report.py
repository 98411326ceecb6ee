"""The final report of a plan's process: the page, its PDF, and the narrative of each
section, for staff under /<municipality>/staff/plans/<pk>/report/; for residents under
/<municipality>/plans/<pk>/report/ once the plan is published.

Reading needs `plans.view_staff` (staff) or `plans.view_plan` (public); writing a
section's narrative needs `plans.manage`. A plan of another municipality, a plan a
visitor may not see and an unknown section are the same 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.views.generic import StaffView

from ...models import Plan
from ...report import SECTION_KEYS, build_report, section_save, section_title
from ...report.pdf import filename, render_pdf
from ...report.sections import NARRATIVE_MAX

READ = "plans.view_staff"
MANAGE = "plans.manage"
PUBLIC = "plans.view_plan"


def _url(name: str, plan: Plan, **kwargs) -> str:
    return reverse(
        f"plans:{name}",
        kwargs={"municipality_slug": plan.municipality.slug, "pk": plan.pk, **kwargs},
    )


class ReportMixin:
    public = False

    def load_plan(self) -> Plan:
        if not self.public:
            require_perm(self.request, READ, self.request.municipality)
        plan = get_scoped_or_404(
            Plan.objects.select_related("municipality", "process"),
            self.request.municipality,
            pk=self.kwargs["pk"],
        )
        require_perm(self.request, PUBLIC if self.public else READ, plan)
        return plan


class ReportPage(ReportMixin, StaffView):
    def get(self, request, **kwargs):
        plan = self.load_plan()
        return render(
            request,
            "plans/staff/report.html",
            {
                "plan": plan,
                "report": build_report(plan),
                "public": self.public,
                "can_edit": not self.public and request.user.has_perm(MANAGE, plan),
                "pdf_url": _url("report_pdf" if self.public else "staff_report_pdf", plan),
            },
        )


class ReportPdf(ReportMixin, StaffView):
    def get(self, request, **kwargs):
        plan = self.load_plan()
        report = build_report(plan)
        pdf = render_pdf(report, base_url=request.build_absolute_uri("/"), request=request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename(report)}"'
        return response


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 16}),
    )


class SectionEdit(ReportMixin, StaffView):
    """One section's narrative: the form keeps what was typed when it cannot be saved."""

    def load(self):
        plan = self.load_plan()
        require_perm(self.request, MANAGE, plan)
        key = self.kwargs["key"]
        if key not in SECTION_KEYS:
            raise Http404
        report = build_report(plan)
        return plan, report, report.section(key)

    def show(self, form, plan, report, section):
        return render(
            self.request,
            "plans/staff/report_section_form.html",
            {
                "form": form,
                "plan": plan,
                "report": report,
                "section": section,
                "title": _("The final report: %(section)s")
                % {"section": section_title(section.key)},
                "cancel_url": _url("staff_report", plan) + f"#{section.anchor}",
            },
        )

    def get(self, request, **kwargs):
        plan, report, section = self.load()
        return self.show(
            NarrativeForm(initial={"narrative": section.narrative}), plan, report, section
        )

    def post(self, request, **kwargs):
        plan, report, section = self.load()
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                section_save(
                    plan=plan,
                    key=section.key,
                    narrative=form.cleaned_data["narrative"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The text of “%(section)s” is saved.")
                    % {"section": section_title(section.key)},
                )
                return redirect(_url("staff_report", plan) + f"#{section.anchor}")
        return self.show(form, plan, report, section)


S = "staff/plans/<int:pk>/report/"
P = "plans/<int:pk>/report/"

urlpatterns = [
    path(S, never_cache(ReportPage.as_view()), name="staff_report"),
    path(S + "pdf/", never_cache(ReportPdf.as_view()), name="staff_report_pdf"),
    path(S + "<slug:key>/", SectionEdit.as_view(), name="staff_report_section"),
    path(P, ReportPage.as_view(public=True), name="report"),
    path(P + "pdf/", ReportPdf.as_view(public=True), name="report_pdf"),
]
