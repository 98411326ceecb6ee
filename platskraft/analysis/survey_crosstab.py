"""Cross-tabulating two survey questions, with small counts suppressed.

Import these through ``platskraft.analysis.surveys``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from platskraft.analysis.survey_counts import category_index


@dataclass(frozen=True)
class Cell:
    """One figure as it may be shown: count and share are None when hidden."""

    count: int | None
    share: float | None  # None when hidden, when its denominator is hidden, or when that is 0
    hidden: bool


@dataclass(frozen=True)
class Crosstab:
    """Counts of one question (rows) against another (columns, the segments).

    ``counts``, the totals and ``col_shares`` are the raw figures, suppressed ones
    included: pages show figures through ``cell``, ``row_total_cell``,
    ``col_total_cell``, ``grand_total_cell`` or ``cells``, which hide what must not be
    shown. ``col_shares[i][j]`` is ``counts[i][j] / col_totals[j]`` (the share of each
    segment), None when the column total is 0. See ``crosstab`` for the suppression rule.
    """

    rows: tuple[int, ...]
    cols: tuple[int, ...]
    threshold: int
    counts: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...]
    col_totals: tuple[int, ...]
    grand_total: int
    col_shares: tuple[tuple[float | None, ...], ...]
    hidden: tuple[tuple[bool, ...], ...]  # cells
    hidden_rows: tuple[bool, ...]  # row totals
    hidden_cols: tuple[bool, ...]  # column totals, and with them every share in the column
    grand_total_hidden: bool

    def cell(self, i: int, j: int) -> Cell:
        """Row i, column j; its share is of the column total."""
        if self.hidden[i][j]:
            return Cell(None, None, True)
        share = None if self.hidden_cols[j] else self.col_shares[i][j]
        return Cell(self.counts[i][j], share, False)

    def row_total_cell(self, i: int) -> Cell:
        """Row i's total; its share is of the grand total (the row's share of everyone)."""
        return self._total(self.row_totals[i], self.hidden_rows[i])

    def col_total_cell(self, j: int) -> Cell:
        """Column j's total; its share is of the grand total (the segment's size)."""
        return self._total(self.col_totals[j], self.hidden_cols[j])

    def grand_total_cell(self) -> Cell:
        return self._total(self.grand_total, self.grand_total_hidden)

    def cells(self) -> tuple[tuple[Cell, ...], ...]:
        """Every cell, row by row, as ``cell`` gives it."""
        return tuple(
            tuple(self.cell(i, j) for j in range(len(self.cols))) for i in range(len(self.rows))
        )

    def _total(self, count: int, hidden: bool) -> Cell:
        if hidden:
            return Cell(None, None, True)
        if self.grand_total_hidden or not self.grand_total:
            return Cell(count, None, False)
        return Cell(count, count / self.grand_total, False)


def crosstab(
    row_codes: np.ndarray,
    col_codes: np.ndarray,
    rows: Sequence[int],
    cols: Sequence[int],
    threshold: int,
) -> Crosstab:
    """Cross-tabulate two questions answered by the same respondents, suppressing small counts.

    ``row_codes[r]`` and ``col_codes[r]`` are respondent r's answers; a respondent whose
    answer to either is not one of ``rows`` or ``cols`` is left out altogether.

    Suppression (k-anonymity with threshold k = ``threshold``):

    1. Primary: a cell with 0 < count < k is hidden, and so is a column total with
       0 < total < k (the segment is too small to report: ``hidden_cols``; its non-zero
       cells are all below k, so hidden too). Zeros are never hidden.
    2. Secondary, so that no hidden figure can be worked out by subtraction: the table is
       read as lines that add up, each with its total as a member: every row with its
       total, every column with its total, the column totals with the grand total, and the
       row totals with the grand total. Whenever a line has exactly one hidden figure, the
       smallest non-zero figure still shown in it is hidden too (the leftmost or topmost
       of equal ones). That is a cell whenever the line has a non-zero cell shown, as a
       line's total is larger than any of its other figures; otherwise the total
       (``hidden_rows``, ``hidden_cols`` or ``grand_total_hidden``). Repeated until no line
       has exactly one hidden figure, taking rows top to bottom (column totals last) before
       columns left to right (row totals last). So every row and column whose total is
       shown has either no hidden cell or at least two.
    3. A share is hidden with its cell and, for cells, with its column total (a shown
       count and share would give the total away); a total's share of the grand total is
       hidden with either.

    ``threshold`` ≤ 1 hides nothing. This guards against subtraction along one line, not
    against combining several lines (that needs an exact audit by linear programming),
    and not against the same figures shown unsuppressed elsewhere, such as a frequency
    table of either question.
    """
    row_index = category_index(row_codes, rows)
    col_index = category_index(col_codes, cols)
    if row_index.shape != col_index.shape:
        raise ValueError(f"{row_index.size} row codes but {col_index.size} column codes")
    both = (row_index >= 0) & (col_index >= 0)
    n_rows, n_cols = len(rows), len(cols)
    flat = row_index[both] * n_cols + col_index[both]
    counts = np.bincount(flat, minlength=n_rows * n_cols).reshape(n_rows, n_cols)

    grid = np.zeros((n_rows + 1, n_cols + 1), dtype=np.int64)
    grid[:n_rows, :n_cols] = counts
    grid[:n_rows, n_cols] = counts.sum(axis=1)
    grid[n_rows, :n_cols] = counts.sum(axis=0)
    grid[n_rows, n_cols] = counts.sum()
    primary = (grid > 0) & (grid < threshold)
    primary[:n_rows, n_cols] = False  # row totals and the grand total: only ever secondary
    primary[n_rows, n_cols] = False
    hidden = _complete_suppression(grid, primary)

    col_totals = grid[n_rows, :n_cols]
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = counts / col_totals
    return Crosstab(
        rows=tuple(rows),
        cols=tuple(cols),
        threshold=threshold,
        counts=tuple(tuple(row) for row in counts.tolist()),
        row_totals=tuple(grid[:n_rows, n_cols].tolist()),
        col_totals=tuple(col_totals.tolist()),
        grand_total=int(grid[n_rows, n_cols]),
        col_shares=tuple(
            tuple(share if total else None for share, total in zip(row, col_totals, strict=True))
            for row in shares.tolist()
        ),
        hidden=tuple(tuple(row) for row in hidden[:n_rows, :n_cols].tolist()),
        hidden_rows=tuple(hidden[:n_rows, n_cols].tolist()),
        hidden_cols=tuple(hidden[n_rows, :n_cols].tolist()),
        grand_total_hidden=bool(hidden[n_rows, n_cols]),
    )


def _complete_suppression(grid: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Hide more figures until no line of ``grid`` has exactly one hidden figure.

    ``grid`` is the table with its totals as the last row and column, so that every row
    and every column of it is a line whose last figure is the sum of the others. Hidden
    figures are never zero. In a line with exactly one hidden figure there is always a
    non-zero figure still shown: if the hidden one is the total, the others add up to it;
    if not, the total is at least the hidden figure and so above zero.
    """
    hidden = hidden.copy()
    while True:
        single_rows = np.flatnonzero(hidden.sum(axis=1) == 1)
        single_cols = np.flatnonzero(hidden.sum(axis=0) == 1)
        if single_rows.size:
            i = int(single_rows[0])
            hidden[i, _smallest_shown(grid[i, :], hidden[i, :])] = True
        elif single_cols.size:
            j = int(single_cols[0])
            hidden[_smallest_shown(grid[:, j], hidden[:, j]), j] = True
        else:
            return hidden


def _smallest_shown(values: np.ndarray, hidden: np.ndarray) -> int:
    candidates = np.flatnonzero(~hidden & (values > 0))
    return int(candidates[np.argmin(values[candidates])])
