"""Progress, status counts and budget of a plan tree, rolled up in numpy.

Progress of an item (per cent, 0–100):

- its manual ``progress`` when given (at any level: it overrides what its children say);
- otherwise the weighted mean of its children's progress, leaving cancelled children out;
- otherwise (no children, only cancelled children, or counted children whose weights are
  all 0) a value for its status: done 100, anything else 0 (``STATUS_PROGRESS``).

Budget: every item's own planned and spent amounts add up; a parent's amounts are its own,
not a total of its children's. An item belongs to the area that is its nearest ancestor
(or itself) of kind area; items with no such ancestor belong to ``None``.

The tree is put in order once (depth by pointer doubling); then each level, deepest
first, adds its items into their parents with ``np.add.at``. For 10 000 items the numpy
part takes a few milliseconds; reading the items into arrays (one Python pass) takes most
of the rest (about 20–30 ms in all, measured on a loaded two-core machine).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .items import (
    AREA_CODE,
    CANCELLED_CODE,
    KINDS,
    STATUSES,
    InvalidTree,
    Item,
    ItemId,
    Kind,
    Status,
    Table,
    build_table,
    errors,
)

STATUS_PROGRESS: Mapping[Status, float] = {
    Status.NOT_STARTED: 0.0,
    Status.ONGOING: 0.0,
    Status.DONE: 100.0,
    Status.PAUSED: 0.0,
    Status.CANCELLED: 0.0,
}


@dataclass(frozen=True)
class Summary:
    """Status counts, budget and progress of one area (or of the whole plan).

    ``counts`` has every status, in ``Status`` order, counting the items of the kind
    rollup() was asked to count. ``planned`` and ``spent`` have every financier of the plan.
    ``progress`` is the area item's rolled-up progress; for the whole plan, the weighted
    mean of the top-level items (cancelled left out); None for the ``None`` area and for
    a plan with no counted top-level item.
    """

    counts: Mapping[Status, int]
    planned: Mapping[str, float]
    spent: Mapping[str, float]
    progress: float | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def over_budget(self) -> tuple[str, ...]:
        """Financiers whose spent amount is over their planned amount."""
        return tuple(f for f, spent in self.spent.items() if spent > self.planned[f])


@dataclass(frozen=True, eq=False)
class Rollup:
    """The rolled-up plan. Arrays are in the order of the items given.

    ``planned`` and ``spent`` are per item and financier (columns as ``financiers``), each
    item's own amounts plus all its descendants'. ``rolled_up`` is True where an item's
    progress came from its children. ``areas`` is in item order, ``None`` last.
    """

    ids: tuple[ItemId, ...]
    progress: np.ndarray
    rolled_up: np.ndarray
    area: tuple[ItemId | None, ...]
    financiers: tuple[str, ...]
    planned: np.ndarray
    spent: np.ndarray
    areas: Mapping[ItemId | None, Summary]
    overall: Summary
    index: Mapping[ItemId, int]

    def progress_of(self, item_id: ItemId) -> float:
        return float(self.progress[self.index[item_id]])

    def planned_of(self, item_id: ItemId) -> dict[str, float]:
        """An item's planned amounts with its descendants', per financier."""
        return dict(zip(self.financiers, self.planned[self.index[item_id]].tolist(), strict=True))

    def spent_of(self, item_id: ItemId) -> dict[str, float]:
        return dict(zip(self.financiers, self.spent[self.index[item_id]].tolist(), strict=True))


def levels(table: Table) -> list[np.ndarray]:
    """Item indices per depth, top level first."""
    order = np.argsort(table.depth, kind="stable")
    bounds = np.flatnonzero(np.diff(table.depth[order])) + 1
    return np.split(order, bounds) if len(order) else []


def _summary(
    counts: np.ndarray, planned: np.ndarray, spent: np.ndarray, financiers, progress
) -> Summary:
    return Summary(
        counts=dict(zip(STATUSES, counts.tolist(), strict=True)),
        planned=dict(zip(financiers, planned.tolist(), strict=True)),
        spent=dict(zip(financiers, spent.tolist(), strict=True)),
        progress=progress,
    )


def rollup(
    items: Sequence[Item],
    *,
    count_kind: Kind | None = Kind.SUB_PROJECT,
    status_progress: Mapping[Status, float] | None = None,
) -> Rollup:
    """Roll up progress, status counts and budget (see the module's docstring).

    ``count_kind`` is the kind whose statuses are counted (sub-projects, as in "38 done /
    6 ongoing / 2 not started"); None counts every item. ``status_progress`` replaces
    ``STATUS_PROGRESS`` for items whose progress comes from their status.
    Raises InvalidTree when check_tree() finds an error (flags are allowed).
    """
    table = build_table(items)
    problems = errors(table)
    if problems:
        raise InvalidTree(problems)
    n = len(table.ids)
    by_status = {**STATUS_PROGRESS, **(status_progress or {})}
    fallback = np.array([by_status[s] for s in STATUSES], dtype=np.float64)[table.status]
    parent, weight = table.parent, table.weight
    counted = table.status != CANCELLED_CODE
    has_manual = table.has_manual
    tiers = levels(table)

    progress = np.empty(n)
    rolled_up = np.zeros(n, dtype=bool)
    weighted = np.zeros(n)
    weights = np.zeros(n)
    planned = table.planned.copy()
    spent = table.spent.copy()
    for tier in reversed(tiers):
        has_children = weights[tier] > 0
        mean = weighted[tier] / np.where(has_children, weights[tier], 1.0)
        value = np.where(has_children, np.clip(mean, 0.0, 100.0), fallback[tier])
        manual = has_manual[tier]
        progress[tier] = np.where(manual, table.manual[tier], value)
        rolled_up[tier] = has_children & ~manual
        up = parent[tier]
        child = up >= 0
        if not child.any():
            continue
        adds = child & counted[tier]
        np.add.at(weighted, up[adds], weight[tier[adds]] * progress[tier[adds]])
        np.add.at(weights, up[adds], weight[tier[adds]])
        if table.financiers:
            np.add.at(planned, up[child], planned[tier[child]])
            np.add.at(spent, up[child], spent[tier[child]])

    area = np.full(n, -1, dtype=np.int64)
    for tier in tiers:
        up = parent[tier]
        inherited = np.where(up >= 0, area[np.maximum(up, 0)], -1)
        area[tier] = np.where(table.kind[tier] == AREA_CODE, tier, inherited)

    # Group 0 is "no area"; group i + 1 is the area item i.
    group = area + 1
    chosen = np.ones(n, dtype=bool) if count_kind is None else table.kind == KINDS.index(count_kind)
    cells = np.bincount(
        group[chosen] * len(STATUSES) + table.status[chosen], minlength=(n + 1) * len(STATUSES)
    ).reshape(n + 1, len(STATUSES))
    group_planned = np.zeros((n + 1, len(table.financiers)))
    group_spent = np.zeros((n + 1, len(table.financiers)))
    np.add.at(group_planned, group, table.planned)
    np.add.at(group_spent, group, table.spent)

    ids = table.ids
    areas: dict[ItemId | None, Summary] = {}
    for i in np.flatnonzero(table.kind == AREA_CODE).tolist():
        g = i + 1
        areas[ids[i]] = _summary(
            cells[g], group_planned[g], group_spent[g], table.financiers, float(progress[i])
        )
    if (area < 0).any():
        areas[None] = _summary(cells[0], group_planned[0], group_spent[0], table.financiers, None)

    top = (parent < 0) & counted & (weight > 0)
    total_weight = weight[top].sum()
    overall_progress = (
        float(np.clip((weight[top] * progress[top]).sum() / total_weight, 0.0, 100.0))
        if total_weight > 0
        else None
    )
    overall = _summary(
        cells.sum(axis=0),
        table.planned.sum(axis=0),
        table.spent.sum(axis=0),
        table.financiers,
        overall_progress,
    )
    return Rollup(
        ids=tuple(ids),
        progress=progress,
        rolled_up=rolled_up,
        area=tuple(None if a < 0 else ids[a] for a in area.tolist()),
        financiers=table.financiers,
        planned=planned,
        spent=spent,
        areas=areas,
        overall=overall,
        index=table.index,
    )
