"""The results: residents' page once published, staff's preview with the buttons to count
the votes and to publish the outcome.

Addresses: /<municipality>/budget/<pk>/results/ for residents;
/<municipality>/staff/budget/<pk>/results/ (and …/compute/, …/publish/) for staff.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.views.generic import StaffView

from ..explanations import outcome_results
from ..models import Outcome, Round, Stage
from ..selectors.outcome import latest_outcome, paper_sheets_waiting, published_outcome
from ..services.outcome import outcome_compute, outcome_publish

# Staff pages that other parts of the app may provide (linked only when they exist).
ROUND_PAGE = "budgeting:staff_round"
PB_EXPORT = "budgeting:staff_export_pb"


def _round(request, pk: int) -> Round:
    return get_scoped_or_404(
        Round.objects.select_related("municipality", "process"), request.municipality, pk=pk
    )


def _optional_url(name: str, round_: Round) -> str:
    try:
        return reverse(
            name, kwargs={"municipality_slug": round_.municipality.slug, "pk": round_.pk}
        )
    except NoReverseMatch:
        return ""


def _staff_url(name: str, round_: Round) -> str:
    return reverse(
        f"budgeting:{name}", kwargs={"municipality_slug": round_.municipality.slug, "pk": round_.pk}
    )


@require_GET
def public_results(request, pk: int):
    """The published results; until then there is nothing here (404)."""
    round_ = _round(request, pk)
    outcome = published_outcome(round=round_) if round_.stage == Stage.RESULTS else None
    if outcome is None:
        raise Http404
    return render(
        request,
        "budgeting/results.html",
        {
            "round": round_,
            "results": outcome_results(outcome),
            "pb_url": _optional_url("budgeting:export_pb", round_),
        },
    )


class StaffResults(StaffView):
    def get(self, request, pk: int):
        require_perm(request, "budgeting.view_staff", request.municipality)
        round_ = _round(request, pk)
        outcome = latest_outcome(round=round_)
        return render(
            request,
            "budgeting/results_staff.html",
            {
                "round": round_,
                "outcome": outcome,
                "results": outcome_results(outcome) if outcome else None,
                "may_manage": request.user.has_perm("budgeting.manage", request.municipality),
                "counting": round_.stage == Stage.COUNTING,
                "ballots": round_.ballots.count(),
                "sheets_waiting": paper_sheets_waiting(round=round_),
                "round_url": _optional_url(ROUND_PAGE, round_),
                "pb_url": _optional_url(PB_EXPORT, round_),
            },
        )


class _Action(StaffView):
    http_method_names = ["post"]

    def load(self, request, pk: int) -> Round:
        require_perm(request, "budgeting.view_staff", request.municipality)
        round_ = _round(request, pk)
        require_perm(request, "budgeting.manage", request.municipality)
        return round_


class StaffCompute(_Action):
    def post(self, request, pk: int):
        round_ = self.load(request, pk)
        try:
            outcome_compute(round=round_, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The votes are counted. Review the outcome below before you publish it."),
            )
        return redirect(_staff_url("staff_results", round_))


class StaffPublish(_Action):
    def post(self, request, pk: int):
        round_ = self.load(request, pk)
        try:
            outcome_pk = int(request.POST.get("outcome", ""))
        except ValueError:
            raise Http404 from None
        outcome = get_scoped_or_404(
            Outcome.objects.all(), request.municipality, round=round_, pk=outcome_pk
        )
        try:
            outcome_publish(outcome=outcome, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The results are published."))
        return redirect(_staff_url("staff_results", round_))


S = "staff/budget/<int:pk>/results/"

urlpatterns = [
    path("budget/<int:pk>/results/", public_results, name="results"),
    path(S, StaffResults.as_view(), name="staff_results"),
    path(S + "compute/", StaffCompute.as_view(), name="staff_compute"),
    path(S + "publish/", StaffPublish.as_view(), name="staff_publish"),
]
