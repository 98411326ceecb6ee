"""Revisions: mark the plan's state now (a name and a date), list them, and compare two
(or one with the plan as it is now): items added, removed, and what changed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platskraft.analysis.progress import InvalidTree, Kind, compare, rollup
from platskraft.core.access import require_perm
from platskraft.municipalities.views.generic import StaffView

from ...forms import CompareForm, RevisionForm, add_errors
from ...models import Status
from ...selectors import tree
from ...services import revisions as services
from ._common import MANAGE, READ, PlanMixin, plan_url

FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "kind": gettext_lazy("Kind"),
    "parent": gettext_lazy("Part of"),
    "status": gettext_lazy("Status"),
    "progress": gettext_lazy("Progress"),
    "weight": gettext_lazy("Weight"),
    "owner": gettext_lazy("Owner"),
    "start": gettext_lazy("Start"),
    "end": gettext_lazy("End"),
    "planned": gettext_lazy("Planned"),
    "spent": gettext_lazy("Spent"),
}
KIND_LABELS = {
    Kind.AREA: gettext_lazy("Priority area"),
    Kind.SUB_PROJECT: gettext_lazy("Sub-project"),
    Kind.MILESTONE: gettext_lazy("Milestone"),
}


def revisions_url(plan) -> str:
    return plan_url(plan, "staff_revisions")


def revisions_page(view, form=None, compare_form=None):
    """The list of revisions with the form to mark one and the form to compare two."""
    plan = view.plan
    revisions = list(plan.revisions.select_related("created_by"))
    if compare_form is None and len(revisions) >= 2:
        compare_form = CompareForm(
            plan=plan, initial={"old": revisions[1].pk, "new": revisions[0].pk}
        )
    elif compare_form is None and revisions:
        compare_form = CompareForm(plan=plan, initial={"old": revisions[0].pk, "new": "now"})
    return render(
        view.request,
        "plans/staff/revisions.html",
        view.context(
            revisions=revisions,
            form=form if form is not None else RevisionForm(),
            compare_form=compare_form,
        ),
    )


class Revisions(PlanMixin, StaffView):
    perm = READ

    def get(self, request, pk):
        self.load_plan()
        return revisions_page(self)

    def post(self, request, pk):
        plan = self.load_plan()
        require_perm(request, MANAGE, plan)
        form = RevisionForm(request.POST)
        if form.is_valid():
            try:
                revision = services.revision_create(
                    plan=plan,
                    by=request.user,
                    label=form.cleaned_data["label"].strip(),
                    date=form.cleaned_data["date"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The revision “%(label)s” was marked: the plan as it is now is kept.")
                    % {"label": revision.label},
                )
                return redirect(revisions_url(plan))
        return revisions_page(self, form=form)


class RevisionCompare(PlanMixin, StaffView):
    perm = READ

    def get(self, request, pk):
        plan = self.load_plan()
        form = CompareForm(request.GET, plan=plan)
        if not form.is_valid():
            return revisions_page(self, compare_form=form)
        old, new = form.chosen()
        old_items = tree.snapshot_items(old)
        new_items = tree.snapshot_items(new) if new is not None else tree.current_items(plan)
        diff = compare(old_items, new_items)
        return render(
            request,
            "plans/staff/compare.html",
            self.context(
                old=old,
                new=new,
                compare_form=form,
                added=[_item_row(item) for item in diff.added],
                removed=[_item_row(item) for item in diff.removed],
                changed=[_change_row(change) for change in diff.changed],
                counts=_counts(old_items, new_items),
                same=not diff,
            ),
        )


def _item_row(item) -> dict:
    return {
        "id": _shown_id(item.id),
        "title": item.title,
        "kind": KIND_LABELS.get(item.kind, item.kind),
        "status": _value("status", item.status) if item.kind == Kind.SUB_PROJECT else "",
    }


def _shown_id(item_id) -> str:
    text = str(item_id)
    return text.split(":", 1)[1] if text.startswith("area:") else text


def _change_row(item_change) -> dict:
    return {
        "id": _shown_id(item_change.id),
        "title": item_change.new.title or item_change.old.title,
        "kind": KIND_LABELS.get(item_change.new.kind, item_change.new.kind),
        "fields": [
            {
                "name": str(FIELD_LABELS.get(change.field, change.field)),
                "field": change.field,
                "financier": change.financier,
                "old": _value(change.field, change.old),
                "new": _value(change.field, change.new),
                "amount": change.field in ("planned", "spent"),
            }
            for change in item_change.changes
        ],
    }


def _value(field: str, value):
    if field == "status" and value:
        return Status(str(value)).label
    if field == "kind" and value:
        return KIND_LABELS.get(value, value)
    if field == "progress":
        return _("rolled up") if value is None else f"{float(value):.0f} %"
    if field == "parent":
        return _shown_id(value) if value is not None else "–"
    if value is None or value == "":
        return "–"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _counts(old_items, new_items) -> list[dict]:
    """Sub-projects by status before and after, with overall progress."""
    try:
        before, after = rollup(old_items).overall, rollup(new_items).overall
    except InvalidTree:
        return []
    rows = [
        {
            "label": label,
            "old": before.counts.get(value, 0),
            "new": after.counts.get(value, 0),
            "delta": after.counts.get(value, 0) - before.counts.get(value, 0),
        }
        for value, label in Status.choices
    ]
    rows.append(
        {
            "label": _("All sub-projects"),
            "old": before.total,
            "new": after.total,
            "delta": after.total - before.total,
        }
    )
    return rows
