"""The difference between two revisions of a plan: items added, removed and changed.

Items are matched by ``id``. A financier missing on one side counts as 0 there, so
``{"EU": 0}`` and ``{}`` are the same budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .items import Item, ItemId

# The fields compared, in the order a change list shows them.
FIELDS = ("title", "kind", "parent", "status", "progress", "weight", "owner", "start", "end")
AMOUNT_FIELDS = ("planned", "spent")


@dataclass(frozen=True, slots=True)
class Change:
    """One changed value; ``financier`` is set for ``planned`` and ``spent``."""

    field: str
    old: object
    new: object
    financier: str | None = None


@dataclass(frozen=True, slots=True)
class ItemChange:
    id: ItemId
    old: Item
    new: Item
    changes: tuple[Change, ...]

    def fields(self) -> tuple[str, ...]:
        """The names of the changed fields, each once, in ``FIELDS`` order then amounts."""
        return tuple(dict.fromkeys(change.field for change in self.changes))


@dataclass(frozen=True, slots=True)
class Diff:
    """``added`` in the new revision's order, ``removed`` in the old one's, ``changed``
    in the new one's. False (empty) when the revisions are the same."""

    added: tuple[Item, ...]
    removed: tuple[Item, ...]
    changed: tuple[ItemChange, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _same(a: object, b: object) -> bool:
    return a == b or (a != a and b != b)  # NaN is the same as NaN


def item_changes(old: Item, new: Item) -> tuple[Change, ...]:
    """What differs between two versions of one item."""
    changes = [
        Change(name, getattr(old, name), getattr(new, name))
        for name in FIELDS
        if not _same(getattr(old, name), getattr(new, name))
    ]
    for name in AMOUNT_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        for financier in sorted(set(before) | set(after)):
            a, b = before.get(financier, 0), after.get(financier, 0)
            if not _same(a, b):
                changes.append(Change(name, a, b, financier))
    return tuple(changes)


def _by_id(items: Sequence[Item], which: str) -> dict[ItemId, Item]:
    found = {item.id: item for item in items}
    if len(found) != len(items):
        raise ValueError(f"the {which} revision has duplicate item ids")
    return found


def compare(old_items: Sequence[Item], new_items: Sequence[Item]) -> Diff:
    """Items added, removed and changed (with old and new values) from old to new.

    Raises ValueError when either revision repeats an id.
    """
    old = _by_id(old_items, "old")
    new = _by_id(new_items, "new")
    changed = []
    for item in new_items:
        before = old.get(item.id)
        if before is not None:
            changes = item_changes(before, item)
            if changes:
                changed.append(ItemChange(item.id, before, item, changes))
    return Diff(
        added=tuple(item for item in new_items if item.id not in old),
        removed=tuple(item for item in old_items if item.id not in new),
        changed=tuple(changed),
    )
