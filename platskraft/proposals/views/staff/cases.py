"""The case list and one case: its page and the actions on it (moderate, route, status, scores)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platskraft.core.access import require_perm, site_url
from platskraft.core.forms import add_errors
from platskraft.municipalities.models import Department
from platskraft.municipalities.views.generic import StaffView

from ... import selectors, services
from ...models import DECIDED, Channel, Proposal, Visibility
from ...staff_forms import ModerateForm, RouteForm, ScoresForm, StatusForm
from ._common import _next_url, staff_url

PAGE_SIZE = 50


# --- The case list ------------------------------------------------------------------------


VISIBILITY_TABS = [
    ("", gettext_lazy("All sent")),
    (Visibility.PENDING, Visibility.PENDING.label),
    (Visibility.PUBLISHED, Visibility.PUBLISHED.label),
    (Visibility.HIDDEN, Visibility.HIDDEN.label),
    (Visibility.UNCONFIRMED, Visibility.UNCONFIRMED.label),
]


class CaseList(StaffView):
    def get(self, request):
        municipality = request.municipality
        require_perm(request, "proposals.view_cases", municipality)
        filters = selectors.ProposalFilters.from_query(request.GET)
        cases = selectors.case_list(municipality=municipality, filters=filters)
        if not filters.q:
            cases = cases.order_by("-submitted_at", "-pk")
        page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
        today = timezone.localdate()
        for proposal in page:
            proposal.overdue = proposal.is_overdue(today)
        pending = Proposal.objects.filter(
            municipality=municipality, visibility=Visibility.PENDING
        ).count()
        return render(
            request,
            "proposals/staff/case_list.html",
            {
                "page": page,
                "filters": filters,
                "tabs": VISIBILITY_TABS,
                "pending_count": pending,
                "overdue_count": selectors.overdue_count(municipality),
                "statuses": Proposal._meta.get_field("status").choices,
                "departments": Department.objects.filter(municipality=municipality),
                "channels": Channel.objects.filter(municipality=municipality),
            },
        )


# --- One case -----------------------------------------------------------------------------


def case_get(request, pk: int, perm: str = "") -> Proposal:
    """A sent proposal of this municipality, for someone who may read the cases (and `perm`)."""
    require_perm(request, "proposals.view_cases", request.municipality)
    proposal = selectors.proposal_get_for(request, pk)
    if proposal.is_draft:
        raise Http404
    if perm:
        require_perm(request, perm, proposal)
    return proposal


def case_url(proposal: Proposal) -> str:
    return staff_url("staff_case", proposal.municipality, pk=proposal.pk)


class Case(StaffView):
    def get(self, request, pk):
        return render_case(request, case_get(request, pk))


def render_case(request, proposal: Proposal, *, failed: str = "", conflict: bool = False, **forms):
    """The case page; `forms` replaces the blank form of an action that failed."""
    user = request.user
    criteria = list(proposal.channel.criteria.all())
    can = {
        "moderate": user.has_perm("proposals.moderate_proposal", proposal),
        "route": user.has_perm("proposals.route_proposal", proposal),
        "status": user.has_perm("proposals.change_status", proposal),
        "score": user.has_perm("proposals.score_proposal", proposal) and bool(criteria),
    }
    if can["moderate"] and "moderate_form" not in forms:
        forms["moderate_form"] = ModerateForm(proposal=proposal)
    if can["route"] and "route_form" not in forms:
        forms["route_form"] = RouteForm(proposal=proposal)
    if can["status"] and "status_form" not in forms:
        forms["status_form"] = StatusForm(proposal=proposal)
    if can["score"] and "scores_form" not in forms:
        forms["scores_form"] = ScoresForm(proposal=proposal, criteria=criteria)
    author = proposal.author
    scores = {s.criterion_id: s for s in proposal.scores.all()}
    return render(
        request,
        "proposals/staff/case.html",
        {
            "proposal": proposal,
            "can": can,
            "failed": failed,
            "conflict": conflict,
            "author_name": (author.display_name if author else "") or proposal.author_name,
            "author_email": author.email if author else proposal.guest_email,
            "is_guest": author is None,
            "history": selectors.proposal_history(proposal),
            "comments": selectors.proposal_comments(proposal, include_hidden=True),
            "reports": list(
                proposal.reports.filter(resolved_at=None).select_related("comment", "reporter")
            ),
            "score_rows": [(c, scores.get(c.pk)) for c in criteria],
            "criteria": criteria,
            "overdue": proposal.is_overdue(timezone.localdate()),
            **forms,
        },
    )


class _CaseAction(StaffView):
    """POST only: check, call the service, and redirect — or show the case with the errors."""

    http_method_names = ["post"]
    perm = ""
    form_name = ""

    def make_form(self, proposal, data):
        raise NotImplementedError

    def act(self, request, proposal, form):
        raise NotImplementedError

    def post(self, request, pk):
        proposal = case_get(request, pk, self.perm)
        form = self.make_form(proposal, request.POST)
        if form.is_valid():
            try:
                message = self.act(request, proposal, form)
            except ValidationError as error:
                if getattr(error, "code", None) == "conflict":
                    return self.conflict(request, pk, error)
                add_errors(form, error)
            else:
                messages.success(request, message)
                return redirect(self.success_url(request, proposal))
        return render_case(request, proposal, failed=self.form_name, **{self.form_name: form})

    def conflict(self, request, pk, error):
        """Show the case as it is now, with what was typed kept and the version brought up."""
        current = case_get(request, pk)
        data = request.POST.copy()
        data["version"] = str(current.version)
        form = self.make_form(current, data)
        form.is_valid()
        add_errors(form, error)
        return render_case(
            request, current, failed=self.form_name, conflict=True, **{self.form_name: form}
        )

    def success_url(self, request, proposal) -> str:
        return case_url(proposal)


class CaseModerate(_CaseAction):
    perm = "proposals.moderate_proposal"
    form_name = "moderate_form"

    def make_form(self, proposal, data):
        return ModerateForm(data, proposal=proposal)

    def act(self, request, proposal, form):
        approve = form.cleaned_data["action"] == ModerateForm.APPROVE
        services.proposal_moderate(
            proposal=proposal,
            moderator=request.user,
            approve=approve,
            reason=form.cleaned_data["reason"],
            site_url=site_url(request),
        )
        if approve:
            return _("The proposal is published. The author has been told.")
        return _("The proposal is hidden. The author has been told why.")

    def success_url(self, request, proposal) -> str:
        return _next_url(request) or case_url(proposal)


class CaseRoute(_CaseAction):
    perm = "proposals.route_proposal"
    form_name = "route_form"

    def make_form(self, proposal, data):
        return RouteForm(data, proposal=proposal)

    def act(self, request, proposal, form):
        data = form.cleaned_data
        services.proposal_route(
            proposal=proposal,
            by=request.user,
            department=data["department"],
            case_number=data["case_number"],
            handler=data["handler"],
            response_due=data["response_due"],
            explanation=data["explanation"],
            version=data["version"],
            site_url=site_url(request),
        )
        return _("The case is routed to %(department)s. Its followers get an e-mail.") % {
            "department": data["department"].name
        }


class CaseStatus(_CaseAction):
    perm = "proposals.change_status"
    form_name = "status_form"

    def make_form(self, proposal, data):
        return StatusForm(data, proposal=proposal)

    def act(self, request, proposal, form):
        data = form.cleaned_data
        services.proposal_change_status(
            proposal=proposal,
            by=request.user,
            status=data["status"],
            explanation=data["explanation"],
            version=data["version"],
            site_url=site_url(request),
        )
        if data["status"] in DECIDED:
            return _("The decision is published as the official answer. Followers get an e-mail.")
        return _("The status is changed. Followers get an e-mail.")


class CaseScores(_CaseAction):
    perm = "proposals.score_proposal"
    form_name = "scores_form"

    def make_form(self, proposal, data):
        return ScoresForm(data, proposal=proposal, criteria=list(proposal.channel.criteria.all()))

    def act(self, request, proposal, form):
        services.scores_save(proposal=proposal, by=request.user, values=form.values())
        return _("The scores are saved.")
