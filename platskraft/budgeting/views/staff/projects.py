"""Projects of a round: the list by status, a new or changed project, its review, and a
project made from a citizen proposal (from the round, or from the proposal's case page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from platskraft.core.access import get_scoped_or_404, require_perm, site_url
from platskraft.municipalities.views.generic import StaffView
from platskraft.proposals.models import Proposal, Visibility

from ...forms import (
    FromProposalForm,
    ProjectForm,
    ProposalToProjectForm,
    ReviewForm,
    add_errors,
)
from ...models import Project, ProjectStatus
from ...services import projects as services
from . import _reads
from ._common import MANAGE, READ, RoundFormView, RoundMixin, round_url


def projects_url(round_, status: str = "") -> str:
    url = round_url(round_, "staff_projects")
    return f"{url}?status={status}" if status else url


def project_url(project: Project) -> str:
    return round_url(project.round, "staff_project", project_id=project.pk)


class ProjectList(RoundMixin, StaffView):
    perm = READ

    def get(self, request, pk):
        round_ = self.load_round()
        status = request.GET.get("status", "")
        if status not in ProjectStatus.values:
            status = ""
        projects = Project.objects.filter(round=round_).select_related("district", "proposal")
        if status:
            projects = projects.filter(status=status)
        counts = _reads.status_counts(round=round_)
        tabs = [("", _("All"), sum(counts.values()))] + [
            (value, label, counts[value]) for value, label in ProjectStatus.choices
        ]
        return render(
            request,
            "budgeting/staff/project_list.html",
            self.context(
                projects=list(projects.order_by("number")),
                status=status,
                tabs=tabs,
                has_districts=round_.districts.exists(),
            ),
        )


class ProjectFormView(RoundFormView):
    template_name = "budgeting/staff/project_form.html"
    multipart = True

    def get_object(self):
        return self.project() if "project_id" in self.kwargs else None

    def title(self, obj):
        if obj is None:
            return _("New project")
        return _("Project %(number)s: %(title)s") % {"number": obj.number, "title": obj.title}

    def make_form(self, obj, data=None, files=None):
        return ProjectForm(data, files, round=self.round, project=obj)

    def save(self, form, obj):
        values = form.values()
        if obj is None:
            saved = services.project_create(round=self.round, by=self.request.user, **values)
            return saved, _("Project %(number)s was added.") % {"number": saved.number}
        saved = services.project_update(project=obj, by=self.request.user, **values)
        return saved, _("The project was saved.")

    def success_url(self, saved) -> str:
        return projects_url(self.round)

    def cancel_url(self, obj) -> str:
        return projects_url(self.round)


class ProjectReview(RoundFormView):
    template_name = "budgeting/staff/project_review.html"

    def get_object(self):
        return self.project()

    def title(self, obj):
        return _("Review of project %(number)s: %(title)s") % {
            "number": obj.number,
            "title": obj.title,
        }

    def make_form(self, obj, data=None, files=None):
        return ReviewForm(data, project=obj)

    def save(self, form, obj):
        data = form.cleaned_data
        saved = services.project_review(
            project=obj,
            by=self.request.user,
            status=data["status"],
            cost_sek=data["cost_sek"],
            review_notes=data["review_notes"],
        )
        done = {
            ProjectStatus.APPROVED: _("Project %(number)s is approved for the ballot."),
            ProjectStatus.REJECTED: _("Project %(number)s is rejected as not feasible."),
        }.get(saved.status, _("Project %(number)s is back in review."))
        return saved, done % {"number": saved.number}

    def success_url(self, saved) -> str:
        return projects_url(self.round)

    def cancel_url(self, obj) -> str:
        return projects_url(self.round)


class FromProposal(RoundFormView):
    """On the round: pick a published proposal of the municipality."""

    template_name = "budgeting/staff/from_proposal.html"

    def title(self, obj):
        return _("A project from a citizen proposal")

    def make_form(self, obj, data=None, files=None):
        return FromProposalForm(data, round=self.round)

    def save(self, form, obj):
        saved = services.project_from_proposal(
            round=self.round,
            proposal=form.cleaned_data["proposal"],
            by=self.request.user,
            district=form.cleaned_data.get("district"),
            site_url=site_url(self.request),
        )
        return saved, _("Project %(number)s was made from the proposal “%(title)s”.") % {
            "number": saved.number,
            "title": form.cleaned_data["proposal"].title,
        }

    def success_url(self, saved) -> str:
        return project_url(saved)

    def cancel_url(self, obj) -> str:
        return projects_url(self.round)


class ProposalToProject(StaffView):
    """From the proposal's case page: which round (and district) it goes to."""

    def load(self, proposal_id: int) -> Proposal:
        municipality = self.request.municipality
        require_perm(self.request, READ, municipality)
        require_perm(self.request, MANAGE, municipality)
        return get_scoped_or_404(
            Proposal.objects.all(),
            municipality,
            pk=proposal_id,
            visibility=Visibility.PUBLISHED,
        )

    def render_form(self, form, proposal):
        return render(
            self.request,
            "budgeting/staff/proposal_to_project.html",
            {
                "form": form,
                "proposal": proposal,
                "title": _("Make it a budget project"),
                "existing": Project.objects.filter(proposal=proposal).select_related("round"),
                "cancel_url": _case_url(self.request, proposal),
            },
        )

    def get(self, request, proposal_id):
        proposal = self.load(proposal_id)
        form = ProposalToProjectForm(municipality=request.municipality, proposal=proposal)
        return self.render_form(form, proposal)

    def post(self, request, proposal_id):
        proposal = self.load(proposal_id)
        form = ProposalToProjectForm(
            request.POST, municipality=request.municipality, proposal=proposal
        )
        if form.is_valid():
            round_ = form.cleaned_data["round"]
            require_perm(request, MANAGE, round_)
            try:
                project = services.project_from_proposal(
                    round=round_,
                    proposal=proposal,
                    by=request.user,
                    district=form.cleaned_data["district"],
                    site_url=site_url(request),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Project %(number)s of “%(round)s” was made from this proposal.")
                    % {"number": project.number, "round": round_.title},
                )
                return redirect(project_url(project))
        return self.render_form(form, proposal)


def _case_url(request, proposal: Proposal) -> str:
    from django.urls import reverse

    return reverse(
        "proposals:staff_case",
        kwargs={"municipality_slug": request.municipality.slug, "pk": proposal.pk},
    )
