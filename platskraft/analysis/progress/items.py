"""Plan items, the plan tree as numpy arrays, and what can be wrong with a tree.

An item's ``parent`` is another item's ``id`` or None for a top-level item. Amounts are
per financier (``{"Kommunen": 850_000, "Leader": 350_000}``); a financier an item does not
name counts as 0. They are summed as float64, exact for whole kronor (or öre) below 2⁵³.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import chain
from operator import attrgetter

import numpy as np

ItemId = int | str


class Kind(StrEnum):
    AREA = "area"
    SUB_PROJECT = "sub_project"
    MILESTONE = "milestone"


class Status(StrEnum):
    NOT_STARTED = "not_started"
    ONGOING = "ongoing"
    DONE = "done"
    PAUSED = "paused"
    CANCELLED = "cancelled"


KINDS = tuple(Kind)
STATUSES = tuple(Status)
_KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
_STATUS_CODE = {status: code for code, status in enumerate(STATUSES)}
AREA_CODE = _KIND_CODE[Kind.AREA]
CANCELLED_CODE = _STATUS_CODE[Status.CANCELLED]


@dataclass(frozen=True, slots=True)
class Item:
    """One node of an action plan: a priority area, a sub-project or a milestone.

    ``progress`` is the manual progress in per cent, or None to roll it up from the
    children (or, for an item without counted children, from its status). ``weight`` is
    the item's share in its parent's weighted mean.
    """

    id: ItemId
    parent: ItemId | None = None
    kind: Kind = Kind.SUB_PROJECT
    status: Status = Status.NOT_STARTED
    progress: float | None = None
    weight: float = 1.0
    planned: Mapping[str, float] = field(default_factory=dict)
    spent: Mapping[str, float] = field(default_factory=dict)
    title: str = ""
    owner: str = ""
    start: date | None = None
    end: date | None = None


_FIELDS = attrgetter("id", "parent", "kind", "status", "progress", "weight", "start", "end")


class Reason(StrEnum):
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_PARENT = "unknown_parent"
    CYCLE = "cycle"
    PROGRESS_OUT_OF_RANGE = "progress_out_of_range"  # also NaN
    NEGATIVE_WEIGHT = "negative_weight"  # also NaN or infinite
    NEGATIVE_AMOUNT = "negative_amount"  # also NaN or infinite
    ENDS_BEFORE_START = "ends_before_start"
    SPENT_OVER_PLANNED = "spent_over_planned"  # a flag: allowed, but shown


FLAGS = frozenset({Reason.SPENT_OVER_PLANNED})
_REASON_ORDER = {reason: n for n, reason in enumerate(Reason)}


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one item.

    ``ids`` names the items of a cycle in parent order, starting from ``item`` (the member
    listed first); ``financier`` is set for the amount reasons.
    """

    code: Reason
    item: ItemId
    ids: tuple[ItemId, ...] = ()
    financier: str | None = None

    @property
    def is_flag(self) -> bool:
        """True for a warning that does not stop the tree from being stored or rolled up."""
        return self.code in FLAGS


class InvalidTree(ValueError):
    """Raised by functions that need a sound tree; ``problems`` are check_tree's errors."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        shown = ", ".join(f"{p.item}: {p.code}" for p in self.problems[:5])
        more = f" and {len(self.problems) - 5} more" if len(self.problems) > 5 else ""
        super().__init__(f"the plan tree has problems: {shown}{more}")


@dataclass(frozen=True, eq=False)
class Table:
    """A plan as parallel arrays in input order (internal to this package).

    ``parent`` is the parent's index, −1 for a top-level item and −2 for an unknown parent.
    ``depth`` counts the steps to the top (an unknown parent counts as the top);
    ``stuck`` marks items in, or below, a cycle (their depth is meaningless).
    """

    ids: list[ItemId]
    index: dict[ItemId, int]
    parent: np.ndarray
    kind: np.ndarray
    status: np.ndarray
    manual: np.ndarray  # NaN where progress is None
    has_manual: np.ndarray  # progress is not None (a NaN given is an error, not "none")
    weight: np.ndarray
    financiers: tuple[str, ...]
    planned: np.ndarray  # (n, len(financiers))
    spent: np.ndarray
    starts: np.ndarray  # date ordinals, 0 where None
    ends: np.ndarray
    depth: np.ndarray
    stuck: np.ndarray


def _amounts(items: Sequence[Item], n: int) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """Financiers (sorted) and the planned and spent amounts as (n, financiers) arrays."""
    books = [item.planned for item in items] + [item.spent for item in items]
    sizes = np.fromiter(map(len, books), dtype=np.int64, count=2 * n)
    keys = list(chain.from_iterable(books))
    if not keys:
        return (), np.zeros((n, 0)), np.zeros((n, 0))
    values = np.array(list(chain.from_iterable(book.values() for book in books)), np.float64)
    financiers = sorted(set(keys))
    position = {financier: i for i, financier in enumerate(financiers)}
    column = np.fromiter(map(position.__getitem__, keys), dtype=np.int64, count=len(keys))
    both = np.zeros((2 * n, len(financiers)))
    both[np.repeat(np.arange(2 * n), sizes), column] = values
    return tuple(financiers), both[:n], both[n:]


def _depths(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Depth of every item by pointer doubling: O(n log n) in numpy, no Python loop per item."""
    jump = np.where(parent >= 0, parent, -1)
    depth = (jump >= 0).astype(np.int64)
    for _ in range(len(parent).bit_length() + 1):
        live = np.flatnonzero(jump >= 0)
        if not len(live):
            break
        up = jump[live]
        depth[live] += depth[up]
        jump[live] = jump[up]
    return depth, jump >= 0


def build_table(items: Sequence[Item]) -> Table:
    """Turn items into arrays: one Python pass, then numpy."""
    n = len(items)
    ids, parents, kinds, statuses, progress, weights, starts, ends = (
        (list(column) for column in zip(*map(_FIELDS, items), strict=True))
        if n
        else ([] for _ in range(8))
    )
    index = dict(zip(ids, range(n), strict=True))  # a duplicate id maps to its last item
    parent = np.fromiter(
        (-1 if p is None else index.get(p, -2) for p in parents), dtype=np.int64, count=n
    )
    kind = np.fromiter(map(_KIND_CODE.__getitem__, kinds), dtype=np.int8, count=n)
    status = np.fromiter(map(_STATUS_CODE.__getitem__, statuses), dtype=np.int8, count=n)
    has_manual = np.fromiter((p is not None for p in progress), dtype=bool, count=n)
    manual = np.array(progress, dtype=np.float64).reshape(n)  # None becomes NaN
    weight = np.array(weights, dtype=np.float64).reshape(n)
    start_days = np.fromiter((0 if d is None else d.toordinal() for d in starts), np.int64, n)
    end_days = np.fromiter((0 if d is None else d.toordinal() for d in ends), np.int64, n)
    financiers, planned, spent = _amounts(items, n)
    depth, stuck = _depths(parent)
    return Table(
        ids=ids,
        index=index,
        parent=parent,
        kind=kind,
        status=status,
        manual=manual,
        has_manual=has_manual,
        weight=weight,
        financiers=financiers,
        planned=planned,
        spent=spent,
        starts=start_days,
        ends=end_days,
        depth=depth,
        stuck=stuck,
    )


def _cycles(table: Table) -> list[list[int]]:
    """The cycles among the stuck items, each as indices in parent order, first-listed first."""
    parent = table.parent
    seen: set[int] = set()
    cycles: list[list[int]] = []
    for start in np.flatnonzero(table.stuck).tolist():
        path: list[int] = []
        position: dict[int, int] = {}
        i = start
        while i >= 0 and i not in seen:
            seen.add(i)
            position[i] = len(path)
            path.append(i)
            i = int(parent[i])
        if i in position:
            cycle = path[position[i] :]
            first = cycle.index(min(cycle))
            cycles.append(cycle[first:] + cycle[:first])
    return cycles


def table_problems(table: Table, *, flags: bool = True) -> list[Problem]:
    ids = table.ids
    found: list[tuple[int, Problem]] = []
    counts = Counter(ids)
    if len(counts) < len(ids):
        found += [
            (i, Problem(Reason.DUPLICATE_ID, id_)) for i, id_ in enumerate(ids) if counts[id_] > 1
        ]
    for i in np.flatnonzero(table.parent == -2).tolist():
        found.append((i, Problem(Reason.UNKNOWN_PARENT, ids[i])))
    for cycle in _cycles(table):
        members = tuple(ids[j] for j in cycle)
        found.append((cycle[0], Problem(Reason.CYCLE, members[0], members)))
    with np.errstate(invalid="ignore"):
        in_range = (table.manual >= 0) & (table.manual <= 100)  # False for NaN
    bad_progress = table.has_manual & ~in_range
    for i in np.flatnonzero(bad_progress).tolist():
        found.append((i, Problem(Reason.PROGRESS_OUT_OF_RANGE, ids[i])))
    bad_weight = ~(np.isfinite(table.weight) & (table.weight >= 0))
    for i in np.flatnonzero(bad_weight).tolist():
        found.append((i, Problem(Reason.NEGATIVE_WEIGHT, ids[i])))
    fin = table.financiers
    sound = np.ones(table.planned.shape, dtype=bool)
    for amounts in (table.planned, table.spent):
        good = np.isfinite(amounts) & (amounts >= 0)
        sound &= good
        for i, f in zip(*np.nonzero(~good), strict=True):
            found.append((int(i), Problem(Reason.NEGATIVE_AMOUNT, ids[i], financier=fin[f])))
    dated = (table.starts > 0) & (table.ends > 0)
    for i in np.flatnonzero(dated & (table.ends < table.starts)).tolist():
        found.append((i, Problem(Reason.ENDS_BEFORE_START, ids[i])))
    over = sound & (table.spent > table.planned) if flags else np.zeros((0, 0), dtype=bool)
    for i, f in zip(*np.nonzero(over), strict=True):
        found.append((int(i), Problem(Reason.SPENT_OVER_PLANNED, ids[i], financier=fin[f])))
    found.sort(key=lambda entry: (entry[0], _REASON_ORDER[entry[1].code]))
    return [problem for _, problem in found]


def check_tree(items: Sequence[Item]) -> list[Problem]:
    """Everything wrong with a plan tree, in item order; flags (``is_flag``) included.

    Errors: a duplicate id, an unknown parent, a cycle (one problem per cycle, on its
    first-listed member, naming every member in ``ids``), progress outside 0–100, a negative
    weight or amount, an end date before the start date. Flag: spent over planned, per
    financier (a financier with nothing planned counts as 0 planned).
    """
    return table_problems(build_table(items))


def errors(table: Table) -> list[Problem]:
    return table_problems(table, flags=False)
