"""Plans: the list, a new plan, its settings, publishing, the plan as a tree, its history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from platskraft.core.access import require_perm, site_url
from platskraft.municipalities.views.generic import StaffView

from ...forms import PlanForm, add_errors
from ...models import Change, Link, Plan, Status
from ...selectors import tree
from ...services import plans as services
from ._common import MANAGE, READ, PlanFormView, PlanMixin, plan_url, report, staff_url

HISTORY_PAGE = 50


class PlanList(StaffView):
    def get(self, request):
        require_perm(request, READ, request.municipality)
        plans = Plan.objects.filter(municipality=request.municipality).select_related("process")
        rows = []
        for plan in plans:
            rollup = tree.plan_rollup(plan)
            counts = rollup.overall.counts
            rows.append(
                {
                    "plan": plan,
                    "overall": rollup.overall,
                    "total": rollup.overall.total,
                    "done": counts.get(Status.DONE, 0),
                    "ongoing": counts.get(Status.ONGOING, 0),
                    "not_started": counts.get(Status.NOT_STARTED, 0),
                }
            )
        return render(
            request,
            "plans/staff/plan_list.html",
            {
                "rows": rows,
                "can_manage": request.user.has_perm(MANAGE, request.municipality),
            },
        )


class PlanCreate(StaffView):
    def load(self):
        require_perm(self.request, READ, self.request.municipality)
        require_perm(self.request, MANAGE, self.request.municipality)
        return self.request.municipality

    def render_form(self, form):
        return render(
            self.request,
            "plans/staff/form.html",
            {
                "form": form,
                "title": _("New action plan"),
                "cancel_url": staff_url("staff_plans", self.request.municipality),
            },
        )

    def get(self, request):
        municipality = self.load()
        initial = {}
        process_id = request.GET.get("process", "")
        if process_id.isdigit():
            initial["process"] = int(process_id)
        return self.render_form(PlanForm(municipality=municipality, initial=initial))

    def post(self, request):
        municipality = self.load()
        form = PlanForm(request.POST, municipality=municipality)
        if form.is_valid():
            try:
                plan = services.plan_create(
                    municipality=municipality, by=request.user, **form.values()
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The plan was created. It is hidden from residents until you publish it."),
                )
                return redirect(plan_url(plan))
        return self.render_form(form)


class PlanDetail(PlanMixin, StaffView):
    """The plan as a tree: areas → sub-projects → parts, with status, rolled-up progress,
    owner, dates, and budget planned against spent."""

    perm = READ

    def get(self, request, pk):
        plan = self.load_plan()
        plan_tree = tree.plan_tree(plan)
        links = dict(
            Link.objects.filter(sub_project__plan=plan)
            .values_list("sub_project")
            .annotate(n=Count("pk"))
        )
        return render(
            request,
            "plans/staff/plan_detail.html",
            self.context(
                areas=[
                    {
                        "area": node.area,
                        "progress": node.summary.progress,
                        "status_counts": status_counts(node.summary),
                        "rows": list(tree_rows(node.sub_projects, links)),
                    }
                    for node in plan_tree
                ],
                overall=plan_tree.overall,
                status_counts=status_counts(plan_tree.overall),
                budget=budget_rows(plan_tree.overall),
                revisions=list(plan.revisions.all()[:5]),
            ),
        )


def status_counts(summary) -> list[tuple[str, str, int]]:
    return [(value, label, summary.counts.get(value, 0)) for value, label in Status.choices]


def tree_rows(nodes, links: dict, depth: int = 1, parent: str = ""):
    """The sub-projects of an area depth first, each part right after its parent."""
    for node in nodes:
        yield {
            "sp": node.sub_project,
            "progress": node.progress,
            "rolled_up": node.rolled_up,
            "planned": sum(node.planned.values()),
            "spent": sum(node.spent.values()),
            "over": bool(node.over_budget),
            "depth": depth,
            "parent": parent,
            "links": links.get(node.sub_project.pk, 0),
        }
        yield from tree_rows(node.children, links, depth + 1, node.sub_project.code)


def budget_rows(summary) -> list[dict]:
    """Planned and spent per financier, with the total, overspending flagged."""
    rows = [
        {
            "financier": financier,
            "planned": planned,
            "spent": summary.spent.get(financier, 0),
            "over": summary.spent.get(financier, 0) > planned,
        }
        for financier, planned in summary.planned.items()
    ]
    if rows:
        planned = sum(row["planned"] for row in rows)
        spent = sum(row["spent"] for row in rows)
        rows.append(
            {
                "financier": "",
                "planned": planned,
                "spent": spent,
                "over": spent > planned,
                "total": True,
            }
        )
    return rows


class PlanSettings(PlanFormView):
    def title(self, obj):
        return _("Settings of the plan")

    def make_form(self, obj, data=None, files=None):
        return PlanForm(data, municipality=self.plan.municipality, plan=self.plan)

    def save(self, form, obj):
        saved = services.plan_update(plan=self.plan, by=self.request.user, **form.values())
        return saved or self.plan, _("The plan was saved.")


class PlanPublish(PlanMixin, StaffView):
    """POST: publish the plan to residents, or hide it again."""

    http_method_names = ["post"]

    def post(self, request, pk):
        plan = self.load_plan()
        published = request.POST.get("published") == "1"
        try:
            services.plan_publish(
                plan=plan, by=request.user, published=published, site_url=site_url(request)
            )
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(
                request,
                _("The plan is published: residents can follow it.")
                if published
                else _("The plan is hidden from residents again."),
            )
        return redirect(plan_url(plan))


class History(PlanMixin, StaffView):
    """Every change to the plan: who, when, which item, and the fields before and after."""

    perm = READ

    def get(self, request, pk):
        plan = self.load_plan()
        changes = Change.objects.filter(plan=plan).select_related("by")
        item = request.GET.get("item", "").strip()
        if item:
            changes = changes.filter(item=item)
        page = Paginator(changes, HISTORY_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "plans/staff/history.html",
            self.context(page=page, changes=[change_row(c) for c in page], item=item),
        )


def change_row(change: Change) -> dict:
    fields = change.fields if isinstance(change.fields, dict) else {}
    return {
        "change": change,
        "fields": [
            {"name": name, "old": _shown(pair, 0, name), "new": _shown(pair, 1, name)}
            for name, pair in fields.items()
        ],
    }


def _shown(pair, index: int, name: str = ""):
    if isinstance(pair, list | tuple) and len(pair) == 2:
        value = pair[index]
    else:
        value = pair if index else None
    if value in (None, ""):
        return "–"
    if name == "status" and value in Status.values:
        return Status(value).label
    return value
