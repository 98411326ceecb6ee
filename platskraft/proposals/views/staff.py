"""The staff side of citizen proposals: moderation, routing, case handling, ranking, exports.

Every view first checks a permission on the request's municipality (so an anonymous
visitor is asked to log in and anyone without a role here gets 404), then finds its
object inside that municipality, then calls a service and answers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.models import Department
from platskraft.municipalities.views.generic import PartDeleteView, PartFormView, StaffView

from .. import selectors, services
from ..models import DECIDED, Category, Channel, Comment, Criterion, Proposal, Report, Visibility
from ..staff_forms import (
    CategoryForm,
    ChannelForm,
    CommentModerateForm,
    CriterionForm,
    ModerateForm,
    RouteForm,
    ScoresForm,
    StatusForm,
)

PAGE_SIZE = 50
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def staff_url(name: str, municipality, **kwargs) -> str:
    return reverse(f"proposals:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def site_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, found in error.message_dict.items():
            form.add_error(field if field in form.fields else None, found)
    else:
        form.add_error(None, error.messages)


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
                _add_errors(form, error)
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
        _add_errors(form, error)
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


def _next_url(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


# --- Reports and comments -----------------------------------------------------------------


class Reports(StaffView):
    def get(self, request):
        municipality = request.municipality
        require_perm(request, "proposals.moderate", municipality)
        reports = (
            Report.objects.filter(proposal__municipality=municipality, resolved_at=None)
            .select_related("proposal", "comment", "reporter")
            .order_by("created_at", "pk")
        )
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


# --- Channels and their parts -------------------------------------------------------------


class Channels(StaffView):
    def get(self, request):
        municipality = request.municipality
        require_perm(request, "proposals.manage_channels", municipality)
        channels = (
            Channel.objects.filter(municipality=municipality)
            .select_related("process", "phase")
            .annotate(proposal_total=Count("proposals"))
        )
        return render(request, "proposals/staff/channels.html", {"channels": channels})


class _ChannelPart:
    model = Channel
    parent_model = None
    perm = "proposals.manage_channels"
    creating = False

    def load(self):
        parent, obj = super().load()
        self.creating = obj is None
        return parent, obj

    def success_url(self, parent, obj):
        if obj is not None and self.creating:
            return staff_url("staff_channel_edit", parent, part_id=obj.pk)
        return staff_url("staff_channels", parent)


class ChannelFormView(_ChannelPart, PartFormView):
    form_class = ChannelForm
    template_name = "proposals/staff/channel_form.html"
    title_add = gettext_lazy("New proposal channel")
    title_change = gettext_lazy("Edit proposal channel")

    def save(self, form):
        return services.channel_save(form=form)


class ChannelDelete(_ChannelPart, PartDeleteView):
    template_name = "proposals/staff/channel_delete.html"

    @transaction.atomic
    def delete(self, obj):
        # Residents' proposals are never removed with their channel: refuse instead.
        channel = Channel.objects.select_for_update().get(pk=obj.pk)
        if channel.proposals.exists():
            raise ValidationError(
                _(
                    "“%(name)s” has proposals and cannot be removed. "
                    "Unpublish it instead so that it takes no new ones."
                )
                % {"name": channel.title}
            )
        channel.delete()


class _ChannelChild:
    parent_model = Channel
    parent_kwarg = "pk"
    parent_field = "channel"
    perm = "proposals.manage_channels"

    def success_url(self, parent, obj):
        return staff_url("staff_channel_edit", parent.municipality, part_id=parent.pk)


class CategoryFormView(_ChannelChild, PartFormView):
    model = Category
    form_class = CategoryForm
    title_add = gettext_lazy("New category")
    title_change = gettext_lazy("Edit category")


class CategoryDelete(_ChannelChild, PartDeleteView):
    model = Category


class CriterionFormView(_ChannelChild, PartFormView):
    model = Criterion
    form_class = CriterionForm
    title_add = gettext_lazy("New criterion")
    title_change = gettext_lazy("Edit criterion")


class CriterionDelete(_ChannelChild, PartDeleteView):
    model = Criterion


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


# --- Exports ------------------------------------------------------------------------------


def safe_cell(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # byte order mark: Excel then reads the file as UTF-8
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_response(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_stream(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: Iterable[list], filename: str, *, title: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_rows(request) -> Iterator[list]:
    yield list(selectors.EXPORT_COLUMNS)
    yield from selectors.export_rows(municipality=request.municipality, site_url=site_url(request))


def _export_name(request, suffix: str) -> str:
    return f"proposals-{request.municipality.slug}-{timezone.localdate().isoformat()}.{suffix}"


class ExportCsv(StaffView):
    def get(self, request):
        require_perm(request, "proposals.export_proposals", request.municipality)
        return csv_response(_export_rows(request), _export_name(request, "csv"))


class ExportXlsx(StaffView):
    def get(self, request):
        require_perm(request, "proposals.export_proposals", request.municipality)
        return xlsx_response(
            _export_rows(request), _export_name(request, "xlsx"), title="proposals"
        )
