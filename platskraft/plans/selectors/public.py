"""What residents read of an action plan: the plans they may see, the follow-up page's tree,
counts, budget and timeline (narrowed by the filters), a sub-project's page, and what a
plan did with an input ("You said → we did").

Progress comes from `analysis.progress.rollup` over the whole plan, so a sub-project shows
the same figure whatever the filters; counts, budget and the timeline are those of the
sub-projects the filters keep.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404

from platskraft.analysis import progress as pure
from platskraft.core.access import get_scoped_or_404, scoped

from ..models import Link, Plan, PriorityArea, Status, SubProject, Update
from .tree import area_id, plan_rollup

STATUSES = [Status(value) for value in Status.values]
# Shown in the counts even when none has them: the three every plan talks about.
MAIN_STATUSES = (Status.DONE, Status.ONGOING, Status.NOT_STARTED)
TIMELINE_LENGTH = 30


# --- who may see what -------------------------------------------------------------------


def is_public(plan: Plan) -> bool:
    return plan.is_published and (plan.process is None or plan.process.is_public)


def may_view(user, plan: Plan) -> bool:
    """Published plans of public processes for everyone; the rest (a draft plan, a plan
    of a draft process) for the municipality's staff, who preview them here."""
    return is_public(plan) or user.has_perm("plans.view_staff", plan)


def public_plans(request) -> list[Plan]:
    plans = scoped(Plan.objects.select_related("process"), request.municipality)
    return [plan for plan in plans if may_view(request.user, plan)]


def plan_for_residents(request, pk: int) -> Plan:
    plan = get_scoped_or_404(
        Plan.objects.select_related("process", "municipality"), request.municipality, pk=pk
    )
    if not may_view(request.user, plan):
        raise Http404
    return plan


def sub_project_for_residents(request, plan: Plan, pk: int) -> SubProject:
    return get_scoped_or_404(
        SubProject.objects.select_related("area", "owner", "parent", "plan"),
        request.municipality,
        plan=plan,
        pk=pk,
    )


# --- progress ---------------------------------------------------------------------------


def _rollup(plan: Plan) -> pure.Rollup | None:
    try:
        return plan_rollup(plan)
    except pure.InvalidTree:
        return None  # the services keep trees sound; a broken one shows statuses only


def _percent(value: float | None) -> int | None:
    return None if value is None else round(value)


# --- filters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    area: PriorityArea | None = None
    status: str = ""
    owner: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.area or self.status or self.owner)

    def keeps(self, sp: SubProject) -> bool:
        return (
            (self.area is None or sp.area_id == self.area.pk)
            and (not self.status or sp.status == self.status)
            and (self.owner is None or sp.owner_id == self.owner)
        )


def filters_from(query, areas, owners) -> Filters:
    """The filters in the address; unknown values are left out (no filter)."""
    code = query.get("area", "")
    area = next((a for a in areas if a.code == code), None)
    status = query.get("status", "")
    raw_owner = query.get("owner", "")
    owner = int(raw_owner) if raw_owner.isdigit() else None
    return Filters(
        area=area,
        status=status if status in Status.values else "",
        owner=owner if owner in {o.pk for o in owners} else None,
    )


# --- the follow-up page -----------------------------------------------------------------


@dataclass
class Node:
    sub_project: SubProject
    progress: int | None
    matches: bool
    children: list[Node] = field(default_factory=list)


@dataclass
class AreaBlock:
    area: PriorityArea
    progress: int | None
    counts: dict[str, int]
    total: int
    nodes: list[Node]
    planned: int = 0
    spent: int = 0
    cells: list[tuple[Status, int]] = field(default_factory=list)  # in `statuses` order


@dataclass
class BudgetLine:
    financier: str
    planned: int
    spent: int

    @property
    def is_over(self) -> bool:
        return self.spent > self.planned

    @property
    def percent_spent(self) -> int | None:
        return round(100 * self.spent / self.planned) if self.planned else None


@dataclass
class FollowUpPage:
    plan: Plan
    filters: Filters
    areas: list[AreaBlock]  # areas with a kept sub-project (all, unfiltered)
    all_areas: list[PriorityArea]
    owners: list
    counts: dict[str, int]
    total: int
    plan_total: int
    progress: int | None
    budget: list[BudgetLine]
    planned: int
    spent: int
    updates: list[Update]
    statuses: list[Status]
    cells: list[tuple[Status, int]]

    @property
    def status_choices(self):
        return Status.choices


def _counts(sub_projects) -> dict[str, int]:
    counts = dict.fromkeys(Status.values, 0)
    for sp in sub_projects:
        counts[sp.status] += 1
    return counts


def shown_statuses(counts: dict[str, int]) -> list[Status]:
    """The statuses a count table shows: the main three, and any other that occurs."""
    return [s for s in STATUSES if s in MAIN_STATUSES or counts.get(s.value)]


def _nodes(parent_id, children_of, rolled, kept_ids) -> list[Node]:
    nodes = []
    for sp in children_of.get(parent_id, []):
        below = _nodes(sp.pk, children_of, rolled, kept_ids)
        matches = sp.pk in kept_ids
        if matches or below:
            nodes.append(Node(sp, rolled.get(sp.pk), matches, below))
    return nodes


def follow_up_page(plan: Plan, query) -> FollowUpPage:
    areas = list(plan.areas.all())
    sub_projects = list(
        plan.sub_projects.select_related("owner", "area").prefetch_related("funding")
    )
    owners = sorted({sp.owner for sp in sub_projects if sp.owner}, key=lambda o: o.name)
    filters = filters_from(query, areas, owners)
    result = _rollup(plan)
    rolled = {sp.pk: _percent(result.progress_of(sp.code)) for sp in sub_projects} if result else {}
    kept = [sp for sp in sub_projects if filters.keeps(sp)]
    kept_ids = {sp.pk for sp in kept}

    blocks = []
    for area in areas:
        in_area = [sp for sp in sub_projects if sp.area_id == area.pk]
        children_of: dict[int | None, list[SubProject]] = defaultdict(list)
        for sp in in_area:
            children_of[sp.parent_id].append(sp)
        nodes = _nodes(None, children_of, rolled, kept_ids)
        if not nodes:
            continue
        area_kept = [sp for sp in kept if sp.area_id == area.pk]
        funding = [f for sp in area_kept for f in sp.funding.all()]
        blocks.append(
            AreaBlock(
                area=area,
                progress=_percent(result.progress_of(area_id(area.code))) if result else None,
                counts=_counts(area_kept),
                total=len(area_kept),
                nodes=nodes,
                planned=sum(f.planned_sek for f in funding),
                spent=sum(f.spent_sek for f in funding),
            )
        )

    budget: dict[str, BudgetLine] = {}
    for sp in kept:
        for f in sp.funding.all():
            line = budget.setdefault(f.financier, BudgetLine(f.financier, 0, 0))
            line.planned += f.planned_sek
            line.spent += f.spent_sek
    lines = sorted(budget.values(), key=lambda line: (-line.planned, line.financier))
    counts = _counts(kept)
    updates = list(
        Update.objects.filter(sub_project__in=kept_ids).select_related("sub_project")[
            :TIMELINE_LENGTH
        ]
    )
    overall = result.overall.progress if result else None
    statuses = shown_statuses(counts)
    for block in blocks:
        block.cells = [(s, block.counts[s.value]) for s in statuses]
    return FollowUpPage(
        plan=plan,
        filters=filters,
        areas=blocks,
        all_areas=areas,
        owners=owners,
        counts=counts,
        total=len(kept),
        plan_total=len(sub_projects),
        progress=_percent(overall),
        budget=lines,
        planned=sum(line.planned for line in lines),
        spent=sum(line.spent for line in lines),
        updates=updates,
        statuses=statuses,
        cells=[(s, counts[s.value]) for s in statuses],
    )


# --- a sub-project ----------------------------------------------------------------------


@dataclass
class SaidLine:
    label: str
    note: str
    url: str
    kind: str


def _said(link: Link, user) -> SaidLine:
    target = link.target
    url = ""
    model = link.content_type.model_class()
    if target is not None and hasattr(target, "get_absolute_url"):
        perm = f"{link.content_type.app_label}.view_{link.content_type.model}"
        if user.has_perm(perm, target):
            url = target.get_absolute_url()
    kind = str(model._meta.verbose_name) if model else ""
    return SaidLine(label=link.label, note=link.note, url=url, kind=kind)


def sub_project_page(plan: Plan, sub_project: SubProject, user) -> dict:
    result = _rollup(plan)
    progress = _percent(result.progress_of(sub_project.code)) if result else None
    links = sub_project.links.select_related("content_type").order_by("created_at", "pk")
    return {
        "progress": progress,
        "funding": list(sub_project.funding.all()),
        "milestones": list(sub_project.milestones.all()),
        "updates": list(sub_project.updates.all()),
        "children": list(sub_project.children.all()),
        "said": [_said(link, user) for link in links],
    }


# --- "You said → we did" for an input ---------------------------------------------------


def links_to_many(objs: list) -> list[Link]:
    """The links to any of `objs` (of one model), in one query."""
    pks = [obj.pk for obj in objs if getattr(obj, "pk", None) is not None]
    if not pks:
        return []
    content_type = ContentType.objects.get_for_model(type(objs[0]))
    return list(
        Link.objects.filter(content_type=content_type, object_id__in=pks)
        .select_related(
            "sub_project__plan__process", "sub_project__plan__municipality", "sub_project__area"
        )
        .order_by("object_id", "sub_project__plan_id", "sub_project__code")
    )


def links_to(obj) -> list[Link]:
    """The links from sub-projects to `obj`, with their sub-projects and plans."""
    if getattr(obj, "pk", None) is None:
        return []
    content_type = ContentType.objects.get_for_model(type(obj))
    return list(
        Link.objects.filter(Q(content_type=content_type) & Q(object_id=obj.pk))
        .select_related(
            "sub_project__plan__process", "sub_project__plan__municipality", "sub_project__area"
        )
        .order_by("sub_project__plan_id", "sub_project__code")
    )


def progress_of(sub_project: SubProject, rollups: dict | None = None) -> int | None:
    """The sub-project's progress in per cent; `rollups` keeps each plan's roll-up between
    calls (a page of inputs linked to the same plan)."""
    plan = sub_project.plan
    if rollups is None:
        result = _rollup(plan)
    else:
        if plan.pk not in rollups:
            rollups[plan.pk] = _rollup(plan)
        result = rollups[plan.pk]
    return _percent(result.progress_of(sub_project.code)) if result else None
