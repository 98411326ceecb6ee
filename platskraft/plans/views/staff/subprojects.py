"""Sub-projects: the page (funding, milestones, timeline, what residents said), a new or
changed sub-project (a save over someone else's is a conflict that keeps what was typed),
removal, funding per financier, milestones, and dated updates."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from platskraft.municipalities.views.generic import StaffView

from ...forms import FundingFormSet, MilestoneForm, SubProjectForm, UpdateForm
from ...forms.subprojects import SUBPROJECT_FIELDS
from ...models import Change, Status, SubProject, Update
from ...selectors import tree
from ...services import subprojects as services
from ...services.subprojects import EditConflict
from . import _links
from ._common import (
    READ,
    UPDATE,
    PlanDeleteView,
    PlanFormView,
    PlanMixin,
    plan_url,
    subproject_url,
)


class SubProjectDetail(PlanMixin, StaffView):
    perm = READ

    def get(self, request, pk, sp_id):
        plan = self.load_plan()
        sub_project = self.sub_project()
        rollup = tree.plan_rollup(plan)
        key = sub_project.code
        funding = list(sub_project.funding.all())
        return render(
            request,
            "plans/staff/subproject.html",
            self.context(
                sp=sub_project,
                progress=rollup.progress_of(key) if key in rollup.index else None,
                rolled_up=bool(rollup.rolled_up[rollup.index[key]])
                if key in rollup.index
                else False,
                funding=funding,
                funding_total=_total(funding),
                milestones=list(sub_project.milestones.all()),
                parts=list(sub_project.children.select_related("owner")),
                updates=list(sub_project.updates.select_related("author")),
                links=_links.link_rows(sub_project),
                changes=list(Change.objects.filter(plan=plan, item=key).select_related("by")[:10]),
                can_update=request.user.has_perm(UPDATE, sub_project),
                update_form=UpdateForm(),
            ),
        )


def _total(funding) -> dict | None:
    if not funding:
        return None
    planned = sum(f.planned_sek for f in funding)
    spent = sum(f.spent_sek for f in funding)
    return {"planned": planned, "spent": spent, "over": spent > planned}


class SubProjectFormView(PlanFormView):
    template_name = "plans/staff/subproject_form.html"

    def get_object(self):
        return self.sub_project() if "sp_id" in self.kwargs else None

    def title(self, obj):
        if obj is None:
            return _("New sub-project")
        return _("Edit sub-project %(code)s: %(title)s") % {"code": obj.code, "title": obj.title}

    def make_form(self, obj, data=None, files=None):
        initial = None
        if obj is None and data is None:
            initial = {"status": Status.NOT_STARTED, "weight": 1}
            area = self.request.GET.get("area", "")
            parent = self.request.GET.get("parent", "")
            if area.isdigit():
                initial["area"] = int(area)
            if parent.isdigit():
                found = SubProject.objects.filter(plan=self.plan, pk=parent).first()
                if found is not None:
                    initial.update(parent=found.pk, area=found.area_id)
        kwargs = {"initial": initial} if initial else {}
        return SubProjectForm(data, plan=self.plan, sub_project=obj, **kwargs)

    def save(self, form, obj):
        values = form.values()
        if obj is None:
            saved = services.subproject_create(plan=self.plan, by=self.request.user, **values)
            return saved, _("The sub-project %(code)s was added.") % {"code": saved.code}
        saved = services.subproject_update(
            sub_project=obj,
            by=self.request.user,
            expected_version=form.cleaned_data["version"],
            **values,
        )
        return saved, _("The sub-project was saved.")

    def success_url(self, saved) -> str:
        return subproject_url(saved)

    def cancel_url(self, obj) -> str:
        return subproject_url(obj) if obj is not None else plan_url(self.plan)

    def failed(self, form, obj, error: ValidationError):
        if obj is None or not isinstance(error, EditConflict):
            return super().failed(form, obj, error)
        # Someone saved in between: show their save, keep what was typed, and take up
        # their version so that sending again saves over it on purpose.
        current = SubProject.objects.select_related("area", "parent", "owner").get(pk=obj.pk)
        data = self.request.POST.copy()
        data["version"] = str(current.version)
        fresh = SubProjectForm(data, plan=self.plan, sub_project=current)
        fresh.is_valid()
        return self.render_form(
            fresh,
            current,
            conflict=" ".join(error.messages),
            theirs=_differences(current, fresh),
        )


def _differences(current: SubProject, form: SubProjectForm) -> list[dict]:
    """The fields where the saved sub-project and what was typed differ."""
    typed = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    rows = []
    for name in SUBPROJECT_FIELDS:
        field = form.fields[name]
        saved = getattr(current, name)
        mine = typed.get(name, form.data.get(name))
        if _plain(saved) == _plain(mine):
            continue
        if name == "status":
            saved, mine = Status(saved).label, Status(mine).label if mine in Status.values else mine
        rows.append({"label": field.label, "theirs": _shown(saved), "mine": _shown(mine)})
    return rows


def _plain(value):
    if value in (None, ""):
        return ""
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def _shown(value):
    return "–" if value in (None, "") else value


class SubProjectDelete(PlanDeleteView):
    def get_object(self):
        return self.sub_project()

    def refusal(self, obj) -> str:
        if obj.children.exists():
            return _("It has parts of its own: move or remove them first.")
        return ""

    def delete(self, obj):
        services.subproject_delete(sub_project=obj, by=self.request.user)


class FundingEdit(PlanFormView):
    """Planned and spent amounts per financier, all rows at once."""

    template_name = "plans/staff/funding.html"

    def get_object(self):
        return self.sub_project()

    def title(self, obj):
        return _("Funding of %(code)s: %(title)s") % {"code": obj.code, "title": obj.title}

    def make_form(self, obj, data=None, files=None):
        initial = [
            {"financier": f.financier, "planned_sek": f.planned_sek, "spent_sek": f.spent_sek}
            for f in obj.funding.all()
        ]
        return FundingFormSet(data, initial=initial, prefix="funding")

    def save(self, form, obj):
        rows = form.rows()
        services.funding_set(sub_project=obj, by=self.request.user, rows=rows)
        over = [name for name, planned, spent in rows if spent > planned]
        if over:
            return obj, _("The funding was saved. More is spent than planned for: %(names)s.") % {
                "names": ", ".join(over)
            }
        return obj, _("The funding was saved.")

    def failed(self, form, obj, error):
        form._non_form_errors = form.error_class(error.messages)
        return self.render_form(form, obj)

    def success_url(self, saved) -> str:
        return subproject_url(saved) + "#funding"

    def cancel_url(self, obj) -> str:
        return subproject_url(obj) + "#funding"


class MilestoneFormView(PlanFormView):
    def load_plan(self):
        plan = super().load_plan()
        self.sp = self.sub_project()
        return plan

    def get_object(self):
        return self.milestone(self.sp) if "milestone_id" in self.kwargs else None

    def title(self, obj):
        if obj is None:
            return _("New milestone of %(code)s") % {"code": self.sp.code}
        return _("Milestone “%(title)s”") % {"title": obj.title}

    def make_form(self, obj, data=None, files=None):
        return MilestoneForm(data, milestone=obj)

    def save(self, form, obj):
        values = form.values()
        if obj is None:
            services.milestone_create(sub_project=self.sp, by=self.request.user, **values)
            return self.sp, _("The milestone was added.")
        services.milestone_update(milestone=obj, by=self.request.user, **values)
        return self.sp, _("The milestone was saved.")

    def extra_context(self, obj) -> dict:
        return {"sp": self.sp}

    def success_url(self, saved) -> str:
        return subproject_url(self.sp) + "#milestones"

    def cancel_url(self, obj) -> str:
        return subproject_url(self.sp) + "#milestones"


class MilestoneDelete(PlanDeleteView):
    def get_object(self):
        self.sp = self.sub_project()
        return self.milestone(self.sp)

    def delete(self, obj):
        services.milestone_delete(milestone=obj, by=self.request.user)

    def success_url(self, obj) -> str:
        return subproject_url(self.sp) + "#milestones"


class UpdateAdd(PlanFormView):
    """A dated entry on the sub-project's public timeline (text, and a photo with its
    description); officials of the owning department may add them too."""

    perm = UPDATE
    multipart = True
    template_name = "plans/staff/update_form.html"

    def get_object(self):
        return self.sub_project()

    def title(self, obj):
        return _("New update of %(code)s: %(title)s") % {"code": obj.code, "title": obj.title}

    def make_form(self, obj, data=None, files=None):
        return UpdateForm(data, files)

    def save(self, form, obj):
        data = form.cleaned_data
        services.update_add(
            sub_project=obj,
            by=self.request.user,
            date=data["date"],
            text=data["text"].strip(),
            photo=data["photo"],
            photo_alt=data["photo_alt"].strip(),
        )
        return obj, _("The update was added to the timeline.")

    def extra_context(self, obj) -> dict:
        return {"sp": obj}

    def success_url(self, saved) -> str:
        return subproject_url(saved) + "#updates"

    def cancel_url(self, obj) -> str:
        return subproject_url(obj) + "#updates"


class UpdateDelete(PlanDeleteView):
    perm = UPDATE

    def get_object(self):
        self.sp = self.sub_project()
        return get_object_or_404(Update, pk=self.kwargs["update_id"], sub_project=self.sp)

    def delete(self, obj):
        services.update_delete(update=obj, by=self.request.user)

    def success_url(self, obj) -> str:
        return subproject_url(self.sp) + "#updates"
