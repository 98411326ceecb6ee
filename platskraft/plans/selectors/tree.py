"""Reads of a plan as a tree: items for `analysis.progress`, the rollup, revisions compared,
and the nested areas → sub-projects that templates show.

Item ids: a sub-project's code; "area:<code>" for a priority area; "<code>/m<pk>" for a
milestone (codes have no colons or slashes, so they never clash).

A revision's snapshot (`snapshot_of`) keeps every area and sub-project with its status,
its progress as it was then (rolled up), its weight, owner, dates and funding. Items of a
snapshot carry that progress as given, so comparing two revisions — or a revision with the
plan as it is now (`current_items`) — shows the progress residents saw at each point.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from platskraft.analysis.progress import Diff, Item, Kind, Rollup, Summary, compare, rollup
from platskraft.analysis.progress import Status as ItemStatus

from ..models import Funding, Milestone, Plan, PriorityArea, Revision, SubProject

SNAPSHOT_VERSION = 1
AREA_PREFIX = "area:"


def area_id(code: str) -> str:
    return AREA_PREFIX + code


def milestone_id(code: str, pk: int) -> str:
    return f"{code}/m{pk}"


def _funding(plan: Plan) -> tuple[dict[int, dict], dict[int, dict]]:
    planned: dict[int, dict[str, int]] = defaultdict(dict)
    spent: dict[int, dict[str, int]] = defaultdict(dict)
    rows = Funding.objects.filter(sub_project__plan=plan).values_list(
        "sub_project_id", "financier", "planned_sek", "spent_sek"
    )
    for sub_project_id, financier, planned_sek, spent_sek in rows:
        planned[sub_project_id][financier] = planned_sek
        spent[sub_project_id][financier] = spent_sek
    return planned, spent


def _rows(plan: Plan):
    areas = list(PriorityArea.objects.filter(plan=plan).order_by("position", "code"))
    sub_projects = list(
        SubProject.objects.filter(plan=plan)
        .select_related("owner", "area")
        .order_by("area__position", "area__code", "position", "code")
    )
    return areas, sub_projects


def _area_item(area: PriorityArea) -> Item:
    return Item(id=area_id(area.code), kind=Kind.AREA, title=area.title)


def plan_items(plan: Plan) -> list[Item]:
    """The plan as it is now: areas, sub-projects (manual progress or None) and milestones."""
    areas, sub_projects = _rows(plan)
    planned, spent = _funding(plan)
    codes = {s.pk: s.code for s in sub_projects}
    items = [_area_item(area) for area in areas]
    for s in sub_projects:
        items.append(
            Item(
                id=s.code,
                parent=codes[s.parent_id] if s.parent_id else area_id(s.area.code),
                kind=Kind.SUB_PROJECT,
                status=ItemStatus(s.status),
                progress=s.progress,
                weight=float(s.weight),
                planned=planned.get(s.pk, {}),
                spent=spent.get(s.pk, {}),
                title=s.title,
                owner=s.owner.name if s.owner_id else "",
                start=s.start_date,
                end=s.end_date,
            )
        )
    milestones = Milestone.objects.filter(sub_project__plan=plan).order_by(
        "sub_project_id", "position", "due_date", "pk"
    )
    for m in milestones:
        code = codes[m.sub_project_id]
        items.append(
            Item(
                id=milestone_id(code, m.pk),
                parent=code,
                kind=Kind.MILESTONE,
                status=ItemStatus.DONE if m.done else ItemStatus.NOT_STARTED,
                weight=float(m.weight),
                title=m.title,
                end=m.due_date,
            )
        )
    return items


def plan_rollup(plan: Plan) -> Rollup:
    """Progress, status counts (of sub-projects) and budget, per area and overall."""
    return rollup(plan_items(plan))


# --- Revisions ------------------------------------------------------------------------------


def snapshot_of(plan: Plan) -> dict:
    """Every area and sub-project as it is now, for a Revision's `snapshot` (JSON)."""
    areas, sub_projects = _rows(plan)
    items = plan_items(plan)
    rolled = rollup(items)
    planned, spent = _funding(plan)
    codes = {s.pk: s.code for s in sub_projects}
    return {
        "version": SNAPSHOT_VERSION,
        "plan": {"title": plan.title},
        "areas": [
            {
                "code": a.code,
                "title": a.title,
                "position": a.position,
                "goal": a.goal,
                "indicator_target": a.indicator_target,
                "progress": round(rolled.progress_of(area_id(a.code)), 2),
            }
            for a in areas
        ],
        "sub_projects": [
            {
                "code": s.code,
                "area": s.area.code,
                "parent": codes.get(s.parent_id),
                "title": s.title,
                "status": s.status,
                "progress": round(rolled.progress_of(s.code), 2),
                "manual_progress": s.progress,
                "weight": float(s.weight),
                "owner": s.owner.name if s.owner_id else "",
                "responsible": s.responsible,
                "start": s.start_date.isoformat() if s.start_date else None,
                "end": s.end_date.isoformat() if s.end_date else None,
                "planned": planned.get(s.pk, {}),
                "spent": spent.get(s.pk, {}),
            }
            for s in sub_projects
        ],
    }


def _date(text):
    from datetime import date

    return date.fromisoformat(text) if text else None


def items_from_snapshot(snapshot: dict) -> list[Item]:
    """A snapshot as items; each sub-project's progress is the one it had then."""
    items = [
        Item(id=area_id(a["code"]), kind=Kind.AREA, title=a["title"])
        for a in snapshot.get("areas", [])
    ]
    for s in snapshot.get("sub_projects", []):
        items.append(
            Item(
                id=s["code"],
                parent=s["parent"] if s.get("parent") else area_id(s["area"]),
                kind=Kind.SUB_PROJECT,
                status=ItemStatus(s["status"]),
                progress=s.get("progress"),
                weight=float(s.get("weight", 1)),
                planned=dict(s.get("planned") or {}),
                spent=dict(s.get("spent") or {}),
                title=s.get("title", ""),
                owner=s.get("owner", ""),
                start=_date(s.get("start")),
                end=_date(s.get("end")),
            )
        )
    return items


def snapshot_items(revision: Revision) -> list[Item]:
    return items_from_snapshot(revision.snapshot)


def current_items(plan: Plan) -> list[Item]:
    """The plan now, in the same form as a revision's items (to compare with one)."""
    return items_from_snapshot(snapshot_of(plan))


def revisions_compare(old: Revision, new: Revision | None = None) -> Diff:
    """Items added, removed and changed from `old` to `new` (None: the plan as it is now).
    Pass them in either order; the earlier is taken as the old one."""
    if new is not None and (new.date, new.pk) < (old.date, old.pk):
        old, new = new, old
    after = current_items(old.plan) if new is None else snapshot_items(new)
    return compare(snapshot_items(old), after)


# --- The tree for templates ------------------------------------------------------------------


@dataclass
class SubProjectNode:
    sub_project: SubProject
    progress: float
    rolled_up: bool
    planned: dict[str, float]  # its own funding and its parts'
    spent: dict[str, float]
    over_budget: tuple[str, ...]  # financiers whose spent is over planned (a flag)
    children: list[SubProjectNode] = field(default_factory=list)
    depth: int = 0

    @property
    def percent(self) -> int:
        return round(self.progress)


@dataclass
class AreaNode:
    area: PriorityArea
    summary: Summary
    sub_projects: list[SubProjectNode]

    @property
    def progress(self) -> float:
        return self.summary.progress or 0.0

    @property
    def percent(self) -> int:
        return round(self.progress)


@dataclass
class PlanTree:
    """Areas with nested sub-projects; iterate it for the areas."""

    areas: list[AreaNode]
    overall: Summary
    financiers: tuple[str, ...]
    rollup: Rollup

    def __iter__(self):
        return iter(self.areas)

    def __len__(self) -> int:
        return len(self.areas)


def plan_tree(plan: Plan) -> PlanTree:
    """The plan as areas → sub-projects → parts, each with its rolled-up progress."""
    areas, sub_projects = _rows(plan)
    rolled = plan_rollup(plan)
    nodes: dict[int, SubProjectNode] = {}
    for s in sub_projects:
        planned, spent = rolled.planned_of(s.code), rolled.spent_of(s.code)
        nodes[s.pk] = SubProjectNode(
            sub_project=s,
            progress=rolled.progress_of(s.code),
            rolled_up=bool(rolled.rolled_up[rolled.index[s.code]]),
            planned=planned,
            spent=spent,
            over_budget=tuple(f for f, amount in spent.items() if amount > planned[f]),
        )
    tops: dict[int, list[SubProjectNode]] = defaultdict(list)
    for s in sub_projects:
        node = nodes[s.pk]
        if s.parent_id and s.parent_id in nodes:
            nodes[s.parent_id].children.append(node)
        else:
            tops[s.area_id].append(node)

    def set_depth(node: SubProjectNode, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for top in tops.values():
        for node in top:
            set_depth(node, 0)
    return PlanTree(
        areas=[
            AreaNode(area=a, summary=rolled.areas[area_id(a.code)], sub_projects=tops[a.pk])
            for a in areas
        ],
        overall=rolled.overall,
        financiers=rolled.financiers,
        rollup=rolled,
    )
