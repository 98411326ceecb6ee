"""Figures as a results page shows them: lines of a table, and which counts to hide.

A count of fewer than the municipality's publication threshold k respondents is hidden,
and so many more as keep it from being worked out from the rest of its table: the rule
of `platskraft.analysis.surveys.crosstab`, applied to a table of one column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from platskraft.analysis.surveys import crosstab


@dataclass
class Line:
    """One line of a results table: a category, its count and its share (None: hidden)."""

    label: str
    count: int | None
    share: float | None = None
    code: int | None = None

    @property
    def hidden(self) -> bool:
        return self.count is None

    @property
    def percent(self) -> float | None:
        return None if self.share is None else 100 * self.share


def hide_small(counts: list[int], threshold: int) -> list[bool]:
    """Which counts of a table that adds up to its total must be hidden: those under the
    threshold, and as many more as keep them from being worked out by subtraction."""
    if threshold <= 1 or not counts:
        return [False] * len(counts)
    codes = np.repeat(np.arange(len(counts)), counts)
    table = crosstab(
        codes, np.zeros(codes.size, dtype=np.int64), range(len(counts)), [0], threshold
    )
    return [row[0] for row in table.hidden]


def hide_each(counts: list[int], threshold: int) -> list[bool]:
    """For counts that do not add up to a total (several answers each): those under k."""
    return [0 < count < threshold for count in counts]


def lines_of(labels, counts, shares, hidden, codes=None) -> list[Line]:
    codes = codes or [None] * len(labels)
    return [
        Line(label, None, None, code) if hide else Line(label, count, share, code)
        for label, count, share, hide, code in zip(
            labels, counts, shares, hidden, codes, strict=True
        )
    ]
