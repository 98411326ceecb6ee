"""Moderation outside one case: the open reports, dismissing one, hiding or showing a comment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.views.generic import StaffView

from ... import selectors, services
from ...models import Comment, Report
from ...staff_forms import CommentModerateForm
from ._common import _next_url, staff_url
from .cases import case_url

# --- Reports and comments -----------------------------------------------------------------


class Reports(StaffView):
    def get(self, request):
        municipality = request.municipality
        require_perm(request, "proposals.moderate", municipality)
        reports = selectors.open_reports(municipality=municipality)
        return render(request, "proposals/staff/reports.html", {"reports": reports})


class ReportDismiss(StaffView):
    http_method_names = ["post"]

    def post(self, request, report_id):
        municipality = request.municipality
        require_perm(request, "proposals.moderate", municipality)
        report = get_scoped_or_404(Report.objects.all(), municipality, pk=report_id)
        services.report_dismiss(report=report, moderator=request.user)
        messages.success(request, _("The report is dismissed."))
        return redirect(_next_url(request) or staff_url("staff_reports", municipality))


class CommentModerate(StaffView):
    http_method_names = ["post"]

    def post(self, request, comment_id):
        municipality = request.municipality
        require_perm(request, "proposals.view_cases", municipality)
        comment = get_scoped_or_404(
            Comment.objects.select_related("proposal"), municipality, pk=comment_id
        )
        require_perm(request, "proposals.moderate_proposal", comment.proposal)
        back = _next_url(request) or case_url(comment.proposal) + f"#comment-{comment.pk}"
        form = CommentModerateForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose whether to hide the comment or show it again."))
            return redirect(back)
        hide = form.cleaned_data["action"] == "hide"
        try:
            services.comment_moderate(
                comment=comment,
                moderator=request.user,
                hide=hide,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The comment is hidden.") if hide else _("The comment is shown again."),
            )
        return redirect(back)
