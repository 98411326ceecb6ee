"""Survey results figures against hand-computed values: pure, no database.

The cross-tabulation and its suppression are tested in test_survey_crosstab.py.
"""

import math
from collections import Counter
from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from platskraft.analysis.surveys import (
    SIGNIFICANCE_LEVEL,
    Frequency,
    NumericSummary,
    RankedItem,
    category_index,
    compare_frequencies,
    compare_proportions,
    frequencies,
    multiple_frequencies,
    nps,
    numeric_summary,
    ranking_summary,
    responses_over_time,
)

# --- frequencies ----------------------------------------------------------------------


def test_frequencies_count_each_category_in_the_order_given():
    result = frequencies(np.array([1, 2, 2, 3, 3, 3]), [3, 1, 2])
    assert result == Frequency((3, 1, 2), (3, 1, 2), (3 / 6, 1 / 6, 2 / 6), 6)


def test_codes_outside_the_categories_are_ignored_altogether():
    result = frequencies(np.array([1, 5, -1, 2, 2]), [1, 2])
    assert result.counts == (1, 2) and result.answered == 3
    assert result.shares == (1 / 3, 2 / 3)


def test_sparse_and_negative_codes_and_unchosen_categories():
    result = frequencies(np.array([1000, -5, 1000, 7]), [7, 1000, -5, 42])
    assert result.counts == (1, 2, 1, 0) and result.shares == (0.25, 0.5, 0.25, 0.0)


def test_frequencies_with_nobody_answering_or_no_categories():
    assert frequencies(np.array([], dtype=int), [1, 2]) == Frequency((1, 2), (0, 0), (0.0, 0.0), 0)
    assert frequencies(np.array([4, 4]), []) == Frequency((), (), (), 0)


def test_one_category():
    assert frequencies(np.array([9, 9, 9]), [9]) == Frequency((9,), (3,), (1.0,), 3)


def test_repeated_categories_are_refused():
    with pytest.raises(ValueError, match="repeat"):
        frequencies(np.array([1]), [1, 1])


@given(st.lists(st.integers(-3, 12), max_size=200), st.sets(st.integers(-3, 12), max_size=8))
def test_frequencies_agree_with_counting_one_by_one(codes, categories):
    categories = sorted(categories, reverse=True)
    result = frequencies(np.array(codes, dtype=np.int64), categories)
    counted = Counter(code for code in codes if code in categories)
    assert result.counts == tuple(counted[c] for c in categories)
    assert result.answered == sum(counted.values())
    if result.answered:
        assert sum(result.shares) == pytest.approx(1.0)


def test_category_index_marks_unknown_codes():
    assert category_index(np.array([30, 10, 99, 20]), [10, 20, 30]).tolist() == [2, 0, -1, 1]


# --- multiple choice -----------------------------------------------------------------


def test_multiple_choice_shares_are_of_those_who_answered_and_may_exceed_one_in_sum():
    matrix = np.array([[True, False, True], [True, True, False], [False, False, False]])
    result = multiple_frequencies(matrix, [10, 20, 30], answered=3)
    assert result == Frequency((10, 20, 30), (2, 1, 1), (2 / 3, 1 / 3, 1 / 3), 3)
    assert sum(result.shares) > 1


def test_multiple_choice_with_nobody_answering():
    result = multiple_frequencies(np.zeros((0, 2), dtype=bool), [1, 2], answered=0)
    assert result == Frequency((1, 2), (0, 0), (0.0, 0.0), 0)


def test_multiple_choice_refuses_a_wrong_shape_or_too_few_answered():
    with pytest.raises(ValueError, match="shape"):
        multiple_frequencies(np.ones((3, 2), dtype=bool), [1, 2, 3], answered=3)
    with pytest.raises(ValueError, match="answered"):
        multiple_frequencies(np.ones((3, 2), dtype=bool), [1, 2], answered=2)


# --- numeric -------------------------------------------------------------------------


def test_numeric_summary_of_four_values():
    # Quartiles by linear interpolation: positions 0.75, 1.5, 2.25 in the sorted values.
    assert numeric_summary(np.array([4.0, 1.0, 3.0, 2.0])) == NumericSummary(
        n=4, mean=2.5, median=2.5, q1=1.75, q3=3.25, min=1.0, max=4.0, std=math.sqrt(5 / 3)
    )


def test_numeric_summary_of_an_odd_count_ignores_nan():
    summary = numeric_summary(np.array([3.0, np.nan, 1.0, 2.0]))
    assert (summary.n, summary.median, summary.q1, summary.q3) == (3, 2.0, 1.5, 2.5)
    assert summary.std == pytest.approx(1.0)


def test_numeric_summary_of_one_value_has_no_standard_deviation():
    assert numeric_summary(np.array([7])) == NumericSummary(1, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, None)


def test_numeric_summary_of_nothing():
    assert numeric_summary(np.array([])) == NumericSummary(0, *([None] * 7))


# --- NPS -----------------------------------------------------------------------------


def test_nps_groups_scores_at_the_boundaries():
    result = nps(np.array([10, 9, 8, 7, 6, 0, 5, 9, 10, 3]))
    assert (result.promoters, result.passives, result.detractors, result.n) == (4, 2, 4, 10)
    assert (result.promoter_share, result.passive_share, result.detractor_share) == (0.4, 0.2, 0.4)
    assert result.score == 0.0


@pytest.mark.parametrize(
    ("scores", "score"),
    [
        ([9, 9, 9, 7, 0], 40.0),  # (3 − 1) / 5
        ([10, 10, 0], 33.3),  # 1 / 3, rounded
        ([10, 6, 6], -33.3),
        ([9, 10], 100.0),
        ([0, 6], -100.0),
        ([7, 8], 0.0),
    ],
)
def test_nps_score(scores, score):
    assert nps(np.array(scores)).score == score


def test_nps_of_nothing_has_no_score():
    result = nps(np.array([], dtype=int))
    assert result.n == 0 and result.score is None and result.promoter_share == 0.0


def test_nps_takes_whole_floats_and_skips_nan_but_refuses_off_scale():
    assert nps(np.array([9.0, np.nan, 0.0])).score == 0.0
    for bad in ([11], [-1], [8.5]):
        with pytest.raises(ValueError):
            nps(np.array(bad))


# --- ranking -------------------------------------------------------------------------


def test_ranking_summary_by_hand():
    ranks = np.array([[1, 2, 3], [2, 1, 3], [1, 3, 2], [1, 0, 0]])
    summary = ranking_summary(ranks, [10, 20, 30])
    assert summary.respondents == 4
    assert summary.items == (
        # positions 1, 2, 1, 1; Borda 3 + 2 + 3 + 3
        RankedItem(10, mean_position=1.25, times_first=3, times_ranked=4, borda=11),
        RankedItem(20, mean_position=2.0, times_first=1, times_ranked=3, borda=6),
        RankedItem(30, mean_position=8 / 3, times_first=0, times_ranked=3, borda=4),
    )


def test_ranking_ties_go_to_the_higher_borda_then_the_category_order():
    # Everyone who ranks an item puts it first: 10 twice (Borda 2 × 4), the others once.
    ranks = np.array([[1, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
    summary = ranking_summary(ranks, [10, 40, 30, 20])
    assert [item.category for item in summary.items] == [10, 40, 30, 20]
    assert [item.borda for item in summary.items] == [8, 4, 4, 4]
    assert {item.mean_position for item in summary.items} == {1.0}


def test_items_nobody_ranked_come_last():
    summary = ranking_summary(np.array([[0, 2, 1]]), [1, 2, 3])
    assert [item.category for item in summary.items] == [3, 2, 1]
    assert summary.items[-1] == RankedItem(1, None, 0, 0, 0)


def test_ranking_of_nobody_and_bad_positions():
    summary = ranking_summary(np.zeros((0, 2), dtype=int), [1, 2])
    assert [item.mean_position for item in summary.items] == [None, None]
    for bad in ([[3, 1]], [[-1, 1]]):
        with pytest.raises(ValueError, match="positions"):
            ranking_summary(np.array(bad), [1, 2])


# --- comparisons ---------------------------------------------------------------------


def test_compare_proportions_by_hand():
    # pooled p = 0.5, standard error √(0.25 × 0.02), z = 0.2 / 0.0707 = 2√2, p = erfc(2)
    result = compare_proportions(40, 100, 60, 100)
    assert (result.p_a, result.p_b) == (0.4, 0.6)
    assert result.difference == pytest.approx(0.2)
    assert result.z == pytest.approx(2 * math.sqrt(2))
    assert result.p_value == pytest.approx(0.0046777349810472645)
    assert result.significant and result.category is None


def test_a_small_difference_is_not_significant_and_the_test_is_symmetric():
    # pooled p = 0.475, se = √(0.475 × 0.525 × 0.02) = 0.070622, z = 0.05 / se = 0.70799
    forward = compare_proportions(45, 100, 50, 100)
    assert forward.z == pytest.approx(0.70799, abs=1e-5)
    assert forward.p_value == pytest.approx(0.47896, abs=1e-5)
    assert not forward.significant and SIGNIFICANCE_LEVEL == 0.05
    backward = compare_proportions(50, 100, 45, 100)
    assert backward.z == pytest.approx(-forward.z) and backward.p_value == forward.p_value


@pytest.mark.parametrize(
    "args",
    [(0, 0, 3, 10), (3, 10, 0, 0), (0, 10, 0, 20), (10, 10, 20, 20)],
    ids=["a empty", "b empty", "nobody", "everybody"],
)
def test_no_test_when_it_cannot_be_computed(args):
    result = compare_proportions(*args)
    assert result.z is None and result.p_value is None and not result.significant


def test_compare_proportions_refuses_impossible_counts():
    with pytest.raises(ValueError):
        compare_proportions(11, 10, 1, 10)
    with pytest.raises(ValueError):
        compare_proportions(-1, 10, 1, 10)


def test_compare_frequencies_matches_categories_by_code():
    spring = Frequency((1, 2, 3), (40, 50, 10), (0.4, 0.5, 0.1), 100)
    autumn = Frequency((3, 2, 4), (5, 60, 35), (0.05, 0.6, 0.35), 100)
    result = compare_frequencies(spring, autumn)
    assert [c.category for c in result] == [1, 2, 3, 4]
    assert [(c.count_a, c.count_b) for c in result] == [(40, 0), (50, 60), (10, 5), (0, 35)]
    assert all((c.n_a, c.n_b) == (100, 100) for c in result)
    assert result[1].p_value == compare_proportions(50, 100, 60, 100).p_value


# --- responses over time -------------------------------------------------------------


def test_responses_per_day_and_cumulative():
    days = np.array(
        ["2024-03-01", "2024-03-01", "2024-03-03", "2024-02-28", "2024-03-10"],
        dtype="datetime64[D]",
    )
    assert responses_over_time(days, date(2024, 3, 1), date(2024, 3, 4)) == [
        (date(2024, 3, 1), 2, 3),  # the response of 28 February counts in the running total
        (date(2024, 3, 2), 0, 3),
        (date(2024, 3, 3), 1, 4),
        (date(2024, 3, 4), 0, 4),
    ]


def test_responses_over_time_takes_timestamps_and_skips_nat():
    days = np.array(["2024-03-01T23:59:59", "NaT"], dtype="datetime64[s]")
    assert responses_over_time(days, date(2024, 3, 1), date(2024, 3, 1)) == [
        (date(2024, 3, 1), 1, 1)
    ]


def test_responses_over_time_with_nothing_or_backwards_dates():
    empty = np.array([], dtype="datetime64[D]")
    assert responses_over_time(empty, date(2024, 1, 1), date(2024, 1, 2)) == [
        (date(2024, 1, 1), 0, 0),
        (date(2024, 1, 2), 0, 0),
    ]
    assert responses_over_time(empty, date(2024, 1, 2), date(2024, 1, 1)) == []
