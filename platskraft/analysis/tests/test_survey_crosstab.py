"""Cross-tabulation and its suppression of small counts: pure, no database."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from platskraft.analysis.surveys import Cell, Crosstab, crosstab

HIDDEN = Cell(None, None, True)


def table(counts, threshold, rows=None, cols=None) -> Crosstab:
    """The crosstab of respondents laid out as ``counts`` (rows 1, 2, …; columns 10, 20, …)."""
    counts = np.asarray(counts, dtype=np.int64)
    rows = rows or [i + 1 for i in range(counts.shape[0])]
    cols = cols or [10 * (j + 1) for j in range(counts.shape[1])]
    row_codes, col_codes = np.meshgrid(rows, cols, indexing="ij")
    return crosstab(
        np.repeat(row_codes.ravel(), counts.ravel()),
        np.repeat(col_codes.ravel(), counts.ravel()),
        rows,
        cols,
        threshold,
    )


def test_counts_totals_and_column_shares():
    result = table([[20, 5, 15], [10, 10, 8]], threshold=5)
    assert result.counts == ((20, 5, 15), (10, 10, 8))
    assert (result.row_totals, result.col_totals, result.grand_total) == (
        (40, 28),
        (30, 15, 23),
        68,
    )
    assert result.col_shares[0] == (20 / 30, 5 / 15, 15 / 23)
    assert not any(map(any, result.hidden)) and not any(result.hidden_cols)
    assert result.cell(0, 1) == Cell(5, 1 / 3, False)  # 5 is not below 5
    assert result.row_total_cell(1) == Cell(28, 28 / 68, False)
    assert result.col_total_cell(2) == Cell(23, 23 / 68, False)
    assert result.grand_total_cell() == Cell(68, 1.0, False)


def test_one_small_cell_brings_a_rectangle_of_hidden_cells():
    # 3 < 5 is hidden. Row 1 would give it away (38 − 20 − 15), so its smallest shown cell,
    # 15, goes too; then column 20 hides 12 (15 − 12 = 3), and row 2 hides 8 (30 − 10 − 12).
    result = table([[20, 3, 15], [10, 12, 8]], threshold=5)
    assert result.hidden == ((False, True, True), (False, True, True))
    assert result.cells() == (
        (Cell(20, 20 / 30, False), HIDDEN, HIDDEN),
        (Cell(10, 10 / 30, False), HIDDEN, HIDDEN),
    )
    assert result.hidden_rows == (False, False) and result.hidden_cols == (False, False, False)
    assert not result.grand_total_hidden
    assert result.col_total_cell(1) == Cell(15, 15 / 68, False)


def test_a_segment_below_the_threshold_is_hidden_and_cannot_be_subtracted_out():
    # Column 20 has 3 respondents: its total and cells go. Rows 1 and 2 hide 15 and 8.
    # Then 3 = 56 − 30 − 23 from the column totals, so the total 23 goes too.
    result = table([[20, 2, 15], [10, 1, 8]], threshold=5)
    assert result.hidden == ((False, True, True), (False, True, True))
    assert result.hidden_cols == (False, True, True)
    assert result.col_total_cell(1) == HIDDEN and result.col_total_cell(2) == HIDDEN
    assert result.col_total_cell(0) == Cell(30, 30 / 56, False)
    assert result.grand_total_cell() == Cell(56, 1.0, False)
    assert result.hidden_rows == (False, False)


def test_shares_go_with_a_hidden_column_total_even_where_counts_are_shown():
    # Column 10 (3) is too small. Row 1 hides 6 next to its 3; the column totals line hides
    # the smaller of 21 and 30. Column 20 then has two hidden figures (6 and its total).
    result = table([[3, 6, 10], [0, 7, 10], [0, 8, 10]], threshold=5)
    assert result.hidden == ((True, True, False), (False, False, False), (False, False, False))
    assert result.hidden_cols == (True, True, False)
    assert result.cell(1, 1) == Cell(7, None, False)  # 7 / 21 would give 21 away
    assert result.cell(1, 0) == Cell(0, None, False)
    assert result.cell(1, 2) == Cell(10, 10 / 30, False)


def test_all_in_one_cell():
    assert table([[7, 0], [0, 0]], threshold=5).cell(0, 0) == Cell(7, 1.0, False)
    # Below the threshold nothing can hide beside it, so the totals equal to it go instead.
    result = table([[7, 0], [0, 0]], threshold=10)
    assert result.hidden == ((True, False), (False, False))
    assert result.hidden_cols == (True, False) and result.hidden_rows == (True, False)
    assert result.grand_total_hidden
    assert result.cell(0, 1) == Cell(0, None, False)  # column 20 has nobody: no share
    assert result.row_total_cell(1) == Cell(0, None, False)  # no share of a hidden total


def test_one_category_each():
    assert table([[6]], threshold=5).cells() == ((Cell(6, 1.0, False),),)
    small = table([[3]], threshold=5)
    assert small.cells() == ((HIDDEN,),)
    assert small.row_total_cell(0) == small.col_total_cell(0) == small.grand_total_cell() == HIDDEN


def test_threshold_one_hides_nothing():
    result = table([[1, 0, 2], [0, 1, 0]], threshold=1)
    assert not any(map(any, result.hidden))
    assert not any(result.hidden_rows + result.hidden_cols) and not result.grand_total_hidden


def test_nobody_at_all():
    result = crosstab(np.array([], dtype=int), np.array([], dtype=int), [1, 2], [10], 5)
    assert result.counts == ((0,), (0,)) and result.grand_total == 0
    assert result.col_shares == ((None,), (None,))
    assert result.cell(0, 0) == Cell(0, None, False)
    assert result.grand_total_cell() == Cell(0, None, False)


def test_respondents_with_an_unknown_answer_are_left_out():
    result = crosstab(np.array([1, 2, 9, 1]), np.array([10, 10, 10, 99]), [1, 2], [10], 1)
    assert result.counts == ((1,), (1,))


def test_arrays_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="column codes"):
        crosstab(np.array([1, 2]), np.array([10]), [1, 2], [10], 5)


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3)), max_size=100))
def test_crosstab_agrees_with_counting_one_by_one(pairs):
    rows, cols = [3, 1, 2], [20, 10]
    codes = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    result = crosstab(codes[:, 0], codes[:, 1], rows, cols, 1)
    counted = Counter(pair for pair in pairs if pair[0] in rows and pair[1] in cols)
    assert result.counts == tuple(tuple(counted[r, c] for c in cols) for r in rows)
    assert result.grand_total == sum(counted.values())


@st.composite
def tables(draw):
    n_rows, n_cols = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    cell = st.one_of(st.just(0), st.integers(1, 6), st.integers(0, 40))
    return [[draw(cell) for _ in range(n_cols)] for _ in range(n_rows)]


@given(tables(), st.integers(0, 10))
def test_no_hidden_figure_can_be_worked_out_by_subtraction(counts, threshold):
    result = table(counts, threshold)
    matrix = np.array(counts)
    hidden = np.array(result.hidden).reshape(matrix.shape)
    hidden_rows, hidden_cols = np.array(result.hidden_rows), np.array(result.hidden_cols)
    # Primary: small cells and small segments; zeros never.
    assert np.all(hidden[(matrix > 0) & (matrix < threshold)])
    assert not np.any(hidden[matrix == 0])
    col_totals = matrix.sum(axis=0)
    assert np.all(hidden_cols[(col_totals > 0) & (col_totals < threshold)])
    # Every row and column with a shown total has no hidden cell or at least two.
    for i in np.flatnonzero(~hidden_rows):
        assert hidden[i].sum() != 1
    for j in np.flatnonzero(~hidden_cols):
        assert hidden[:, j].sum() != 1
    # So has every line with its total as a member, the lines of totals included.
    grid = np.zeros((matrix.shape[0] + 1, matrix.shape[1] + 1), dtype=bool)
    grid[:-1, :-1], grid[:-1, -1], grid[-1, :-1] = hidden, hidden_rows, hidden_cols
    grid[-1, -1] = result.grand_total_hidden
    assert not np.any(grid.sum(axis=0) == 1) and not np.any(grid.sum(axis=1) == 1)
    if threshold <= 1:
        assert not grid.any()
    # What cell() shows agrees with the flags.
    for (i, j), count in np.ndenumerate(matrix):
        shown = result.cell(i, j)
        if hidden[i, j]:
            assert shown == HIDDEN
        else:
            assert shown.count == count
            has_share = not hidden_cols[j] and col_totals[j] > 0
            assert (shown.share is not None) == has_share
