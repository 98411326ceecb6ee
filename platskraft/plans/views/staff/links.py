"""Links to what residents said: find an input (a proposal by words or number, a survey
question) and link it; remove a link; and make a sub-project of a proposal from the
proposal's case page (R1's `subproject_from_proposal`: title and text copied, the link
kept, the case moved on)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from platskraft.core.access import get_scoped_or_404, require_perm, site_url
from platskraft.municipalities.views.generic import StaffView
from platskraft.proposals.models import Proposal, Visibility

from ...forms import FromProposalForm, LinkForm, LinkSearchForm, add_errors
from ...models import Link, SubProject
from ...services import links as services
from ...services.subprojects import subproject_from_proposal
from . import _links
from ._common import MANAGE, READ, PlanDeleteView, PlanMixin, subproject_url


class LinkAdd(PlanMixin, StaffView):
    """GET: search (kind, words or number) and the matches; POST: link the chosen one."""

    def page(self, sp, search_form, results, form, spec, status=200):
        return render(
            self.request,
            "plans/staff/link_add.html",
            self.context(
                sp=sp,
                search_form=search_form,
                results=results,
                form=form,
                spec=spec,
                linked_ids=_linked_ids(sp, spec),
                cancel_url=subproject_url(sp) + "#links",
            ),
            status=status,
        )

    def get(self, request, pk, sp_id):
        self.load_plan()
        sp = self.sub_project()
        kinds = _links.kinds()
        data = request.GET if "kind" in request.GET else None
        search_form = LinkSearchForm(data, kinds=kinds, initial={"kind": kinds[0][0]})
        results, spec = None, None
        if data is not None and search_form.is_valid():
            spec = _links.spec_of(search_form.cleaned_data["kind"])
            results = _links.search(spec, request.municipality, search_form.cleaned_data["q"])
        form = LinkForm(initial={"kind": spec.key if spec else ""})
        return self.page(sp, search_form, results, form, spec)

    def post(self, request, pk, sp_id):
        self.load_plan()
        sp = self.sub_project()
        form = LinkForm(request.POST)
        kinds = _links.kinds()
        spec = _links.spec_of(request.POST.get("kind", ""))
        search_form = LinkSearchForm(
            {"kind": request.POST.get("kind", ""), "q": request.POST.get("q", "")}, kinds=kinds
        )
        search_form.is_valid()
        if form.is_valid():
            target = spec.find(request.municipality, form.cleaned_data["target"]) if spec else None
            if target is None:
                form.add_error(None, _("Choose one of the inputs found in the search."))
            else:
                try:
                    link = services.link_add(
                        sub_project=sp,
                        target=target,
                        by=request.user,
                        note=form.cleaned_data["note"],
                        site_url=site_url(request),
                    )
                except ValidationError as error:
                    add_errors(form, error)
                else:
                    messages.success(request, _("Linked to “%(label)s”.") % {"label": link.label})
                    return redirect(subproject_url(sp) + "#links")
        results = None
        if spec is not None:
            results = _links.search(spec, request.municipality, request.POST.get("q", ""))
        return self.page(sp, search_form, results, form, spec)


def _linked_ids(sp, spec) -> set[int]:
    if spec is None:
        return set()
    model = spec.model_class()
    return set(
        Link.objects.filter(
            sub_project=sp,
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        ).values_list("object_id", flat=True)
    )


class LinkRemove(PlanDeleteView):
    def get_object(self):
        self.sp = self.sub_project()
        return get_object_or_404(Link, pk=self.kwargs["link_id"], sub_project=self.sp)

    def delete(self, obj):
        services.link_remove(link=obj, by=self.request.user)

    def success_url(self, obj) -> str:
        return subproject_url(self.sp) + "#links"


class ProposalToSubProject(StaffView):
    """From the proposal's case page: which plan and priority area it goes to."""

    def load(self, proposal_id: int) -> Proposal:
        municipality = self.request.municipality
        require_perm(self.request, READ, municipality)
        require_perm(self.request, MANAGE, municipality)
        return get_scoped_or_404(
            Proposal.objects.all(), municipality, pk=proposal_id, visibility=Visibility.PUBLISHED
        )

    def render_form(self, form, proposal):
        linked = SubProject.objects.filter(
            links__content_type__app_label="proposals",
            links__content_type__model="proposal",
            links__object_id=proposal.pk,
            plan__municipality=self.request.municipality,
        ).select_related("plan")
        return render(
            self.request,
            "plans/staff/from_proposal.html",
            {
                "form": form,
                "proposal": proposal,
                "title": _("Make it a sub-project of an action plan"),
                "existing": linked,
                "cancel_url": case_url(self.request, proposal),
            },
        )

    def get(self, request, proposal_id):
        proposal = self.load(proposal_id)
        return self.render_form(FromProposalForm(municipality=request.municipality), proposal)

    def post(self, request, proposal_id):
        proposal = self.load(proposal_id)
        form = FromProposalForm(request.POST, municipality=request.municipality)
        if form.is_valid():
            area = form.cleaned_data["area"]
            require_perm(request, MANAGE, area.plan)
            try:
                sub_project = subproject_from_proposal(
                    proposal=proposal,
                    area=area,
                    by=request.user,
                    code=form.cleaned_data["code"],
                    site_url=site_url(request),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Sub-project %(code)s of “%(plan)s” was made from this proposal.")
                    % {"code": sub_project.code, "plan": area.plan.title},
                )
                return redirect(subproject_url(sub_project))
        return self.render_form(form, proposal)


def case_url(request, proposal: Proposal) -> str:
    return reverse(
        "proposals:staff_case",
        kwargs={"municipality_slug": request.municipality.slug, "pk": proposal.pk},
    )
