"""What the plan staff pages share: permissions, finding the plan and its parts inside the
request's municipality, addresses, and the shape of a page with a form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.views.generic import OneFormView, StaffView

from ...models import Milestone, Plan, PriorityArea, SubProject

READ = "plans.view_staff"  # read the staff pages
MANAGE = "plans.manage"  # plans, areas, sub-projects, funding, milestones, links, revisions
UPDATE = "plans.update"  # add a dated update to a sub-project's timeline


def staff_url(name: str, municipality, **kwargs) -> str:
    return reverse(f"plans:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def plan_url(plan: Plan, name: str = "staff_plan", **kwargs) -> str:
    return staff_url(name, plan.municipality, pk=plan.pk, **kwargs)


def subproject_url(sub_project: SubProject, name: str = "staff_subproject", **kwargs) -> str:
    return plan_url(sub_project.plan, name, sp_id=sub_project.pk, **kwargs)


def report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class PlanMixin:
    """Loads `self.plan` (kwarg `pk`): first the visitor must read the municipality's plan
    pages (anonymous: log in; anyone else: 404), then hold `perm` on the plan."""

    perm = MANAGE

    def load_plan(self) -> Plan:
        require_perm(self.request, READ, self.request.municipality)
        plan = get_scoped_or_404(
            Plan.objects.select_related("municipality", "process"),
            self.request.municipality,
            pk=self.kwargs["pk"],
        )
        if self.perm != UPDATE:  # UPDATE is checked on the sub-project
            require_perm(self.request, self.perm, plan)
        self.plan = plan
        return plan

    def area(self, kwarg: str = "area_id") -> PriorityArea:
        return get_object_or_404(PriorityArea, pk=self.kwargs[kwarg], plan=self.plan)

    def sub_project(self, kwarg: str = "sp_id") -> SubProject:
        sub_project = get_object_or_404(
            SubProject.objects.select_related("area", "parent", "owner", "plan__municipality"),
            pk=self.kwargs[kwarg],
            plan=self.plan,
        )
        if self.perm == UPDATE:
            require_perm(self.request, UPDATE, sub_project)
        return sub_project

    def milestone(self, sub_project: SubProject, kwarg: str = "milestone_id") -> Milestone:
        return get_object_or_404(Milestone, pk=self.kwargs[kwarg], sub_project=sub_project)

    def context(self, **extra) -> dict:
        return {
            "plan": self.plan,
            "can_manage": self.request.user.has_perm(MANAGE, self.plan),
            **extra,
        }


class PlanFormView(PlanMixin, OneFormView):
    """A page with one form about the plan or a part of it: show, check, save, go back."""

    template_name = "plans/staff/form.html"

    def load(self) -> None:
        self.load_plan()

    def parent_url(self) -> str:
        return plan_url(self.plan)


class PlanDeleteView(PlanMixin, StaffView):
    """Remove a part after a confirmation page; a refusal comes back as a message."""

    note = ""

    def get_object(self):
        raise NotImplementedError

    def delete(self, obj) -> None:
        raise NotImplementedError

    def refusal(self, obj) -> str:
        """Why the part cannot be removed now, said before anyone presses the button."""
        return ""

    def success_url(self, obj) -> str:
        return plan_url(self.plan)

    def get(self, request, **kwargs):
        self.load_plan()
        obj = self.get_object()
        return render(
            request,
            "plans/staff/confirm_delete.html",
            self.context(
                object=obj,
                note=self.note,
                refusal=self.refusal(obj),
                cancel_url=self.success_url(obj),
            ),
        )

    def post(self, request, **kwargs):
        self.load_plan()
        obj = self.get_object()
        name = str(obj)
        try:
            self.delete(obj)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("“%(name)s” was removed.") % {"name": name})
        return redirect(self.success_url(obj))
