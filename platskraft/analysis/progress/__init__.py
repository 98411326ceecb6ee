"""Action plans, pure: priority areas, sub-projects and milestones as a tree.

- :class:`Item` — one node (kind, status, manual progress, weight, planned and spent
  amounts per financier, title, owner, dates) (``items.py``).
- :func:`check_tree` — what is wrong with a tree, as :class:`Problem` with a
  :class:`Reason` code; spent over planned is a flag, not an error (``items.py``).
- :func:`rollup` — progress per item, status counts and budget per area and overall,
  vectorised with numpy (``rollup.py``).
- :func:`compare` — items added, removed and changed between two revisions
  (``compare.py``).
"""

from .compare import Change, Diff, ItemChange, compare
from .items import (
    FLAGS,
    InvalidTree,
    Item,
    ItemId,
    Kind,
    Problem,
    Reason,
    Status,
    check_tree,
)
from .rollup import STATUS_PROGRESS, Rollup, Summary, rollup

__all__ = [
    "FLAGS",
    "STATUS_PROGRESS",
    "Change",
    "Diff",
    "InvalidTree",
    "Item",
    "ItemChange",
    "ItemId",
    "Kind",
    "Problem",
    "Reason",
    "Rollup",
    "Status",
    "Summary",
    "check_tree",
    "compare",
    "rollup",
]
