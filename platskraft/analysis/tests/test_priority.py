"""Ranking by weighted criteria and residents' support: pure, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from platskraft.analysis.priority import MAX_SCORE, CriterionIn, ProposalIn, rank

# Kristinehamn's criteria as the demo uses them: total weight 3+1+2+2 (+1 for support) = 9.
EFFECT, COST, FEASIBLE, STRATEGY = 1, 2, 3, 4
CRITERIA = [
    CriterionIn(EFFECT, "Effekt på attraktionskraften", 3),
    CriterionIn(COST, "Kostnad", 1),
    CriterionIn(FEASIBLE, "Genomförbarhet", 2),
    CriterionIn(STRATEGY, "Passar strategin", 2),
]


def proposal(key, support=0, order=None, **scores) -> ProposalIn:
    by_name = {"effect": EFFECT, "cost": COST, "feasible": FEASIBLE, "strategy": STRATEGY}
    return ProposalIn(
        key=key,
        title=f"P{key}",
        support=support,
        scores={by_name[name]: value for name, value in scores.items()},
        order=key if order is None else order,
    )


def test_full_marks_everywhere_give_100():
    [row] = rank([proposal(1, support=4, effect=5, cost=5, feasible=5, strategy=5)], CRITERIA, 1)
    assert row.priority == 100.0 and row.rank == 1


def test_each_part_is_weighted_and_kept_as_the_reason():
    [row] = rank([proposal(1, support=0, effect=5, cost=0, feasible=3, strategy=4)], CRITERIA, 1)
    points = {part.name: part.points for part in row.parts}
    # 100 × weight × score / 5 / 9
    assert points["Effekt på attraktionskraften"] == pytest.approx(100 * 3 * 5 / 5 / 9)
    assert points["Kostnad"] == 0
    assert points["Genomförbarhet"] == pytest.approx(100 * 2 * 3 / 5 / 9)
    assert points["Passar strategin"] == pytest.approx(100 * 2 * 4 / 5 / 9)
    assert points[""] == 0  # the support part, with nobody supporting anything
    assert row.priority == round(sum(points.values()), 1) == 64.4
    assert [p.weight for p in row.parts] == [3, 1, 2, 2, 1]
    assert row.unscored == ()


def test_support_counts_in_proportion_to_the_most_supported():
    rows = rank([proposal(1, support=10), proposal(2, support=5), proposal(3)], [], 1)
    assert [(r.key, r.priority) for r in rows] == [(1, 100.0), (2, 50.0), (3, 0.0)]
    assert rows[1].parts[0].value == pytest.approx(MAX_SCORE / 2)


def test_support_weight_shifts_the_balance_between_officials_and_residents():
    popular = proposal(1, support=50, effect=1, cost=1, feasible=1, strategy=1)
    strong = proposal(2, support=5, effect=5, cost=5, feasible=5, strategy=5)
    assert [r.key for r in rank([popular, strong], CRITERIA, 1)] == [2, 1]
    assert [r.key for r in rank([popular, strong], CRITERIA, 20)] == [1, 2]


def test_without_support_weight_support_is_no_part_of_the_sum():
    [row] = rank([proposal(1, support=99, effect=5)], CRITERIA, 0)
    assert all(part.name for part in row.parts)  # no support part
    assert row.priority == pytest.approx(round(100 * 3 / 8, 1))


def test_unscored_criteria_count_zero_and_are_named():
    [row] = rank([proposal(1, effect=4)], CRITERIA, 1)
    assert row.unscored == ("Kostnad", "Genomförbarhet", "Passar strategin")
    assert [p.value for p in row.parts[:4]] == [4, None, None, None]


def test_ties_go_to_more_support_then_the_earlier_proposal():
    rows = rank(
        [
            proposal(1, support=2, order=30),
            proposal(2, support=2, order=10),
            proposal(3, support=2, order=20),
            proposal(4, support=3, order=40),
        ],
        [],
        0,
    )
    assert [r.key for r in rows] == [4, 2, 3, 1]
    assert [r.rank for r in rows] == [1, 2, 3, 4]
    assert {r.priority for r in rows} == {0.0}


def test_nothing_to_rank_or_nothing_to_rank_by():
    assert rank([], CRITERIA, 1) == []
    [row] = rank([proposal(1, support=3)], [], 0)
    assert row.priority == 0.0 and row.parts == ()


def test_negative_support_weight_is_treated_as_none():
    [row] = rank([proposal(1, support=3, effect=5)], CRITERIA[:1], -4)
    assert row.priority == 100.0


scores = st.integers(min_value=0, max_value=MAX_SCORE)
proposals_strategy = st.lists(
    st.builds(
        lambda key, support, e, c, f, s: proposal(
            key, support=support, effect=e, cost=c, feasible=f, strategy=s
        ),
        st.integers(0, 10_000),
        st.integers(0, 1000),
        scores,
        scores,
        scores,
        scores,
    ),
    max_size=30,
    unique_by=lambda p: p.key,
)


@given(proposals_strategy, st.integers(0, 100))
def test_priorities_stay_within_0_and_100_and_are_sorted(proposals, support_weight):
    rows = rank(proposals, CRITERIA, support_weight)
    assert len(rows) == len(proposals)
    assert [r.rank for r in rows] == list(range(1, len(rows) + 1))
    assert all(0 <= r.priority <= 100 for r in rows)
    assert [r.priority for r in rows] == sorted((r.priority for r in rows), reverse=True)
    for row in rows:
        assert row.priority == pytest.approx(sum(p.points for p in row.parts), abs=0.051)


@given(proposals_strategy.filter(bool), st.integers(0, 10), st.sampled_from(list(range(4))))
def test_a_better_score_never_lowers_a_proposals_priority(proposals, support_weight, which):
    first = proposals[0]
    criterion = CRITERIA[which].key
    if first.scores[criterion] == MAX_SCORE:
        return
    better = ProposalIn(
        first.key,
        first.title,
        first.support,
        {**first.scores, criterion: first.scores[criterion] + 1},
        first.order,
    )
    before = {r.key: r.priority for r in rank(proposals, CRITERIA, support_weight)}
    after = {r.key: r.priority for r in rank([better, *proposals[1:]], CRITERIA, support_weight)}
    assert after[first.key] > before[first.key]
