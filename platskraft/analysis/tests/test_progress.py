"""Action-plan trees: checks, rolled-up progress, counts and budget, revision comparison."""

import math
import random
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from platskraft.analysis.progress import (
    STATUS_PROGRESS,
    Change,
    InvalidTree,
    Item,
    Kind,
    Reason,
    Status,
    check_tree,
    compare,
    rollup,
)

AREA, SUB, MILESTONE = Kind.AREA, Kind.SUB_PROJECT, Kind.MILESTONE
DONE, ONGOING, NOT_STARTED = Status.DONE, Status.ONGOING, Status.NOT_STARTED
PAUSED, CANCELLED = Status.PAUSED, Status.CANCELLED


def small_plan(**changes: dict) -> list[Item]:
    """Area A: s1 (weight 2, done), s2 (ongoing; milestones m1 done, m2 weight 3 not started),
    s3 (weight 5, cancelled). By hand: s2 = (1·100 + 3·0) / 4 = 25, A = (2·100 + 1·25) / 3 = 75.
    """
    items = {
        "A": Item("A", kind=AREA, title="Centrum"),
        "s1": Item("s1", "A", status=DONE, weight=2),
        "s2": Item("s2", "A", status=ONGOING),
        "m1": Item("m1", "s2", kind=MILESTONE, status=DONE),
        "m2": Item("m2", "s2", kind=MILESTONE, weight=3),
        "s3": Item("s3", "A", status=CANCELLED, weight=5, progress=100),
    }
    for item_id, fields in changes.items():
        items[item_id] = replace(items[item_id], **fields)
    return list(items.values())


# --- rollup: hand-computed ------------------------------------------------------------


def test_weighted_mean_leaves_cancelled_children_out():
    result = rollup(small_plan())
    assert result.progress_of("s2") == 25.0
    assert result.progress_of("A") == 75.0
    assert result.progress_of("s3") == 100.0  # its own manual value, unused by A
    assert result.rolled_up.tolist() == [True, False, True, False, False, False]
    assert result.overall.progress == 75.0


def test_manual_progress_overrides_the_children_at_each_level():
    # On a milestone: s2 = (1·100 + 3·50) / 4 = 62.5; A = (200 + 62.5) / 3 = 87.5
    assert rollup(small_plan(m2={"progress": 50})).progress_of("A") == 87.5
    # On a sub-project: A = (200 + 40) / 3 = 80, while s2's children are ignored
    result = rollup(small_plan(s2={"progress": 40}))
    assert (result.progress_of("s2"), result.progress_of("A")) == (40.0, 80.0)
    assert not result.rolled_up[result.index["s2"]]
    # On the area itself: 10, whatever lies below
    result = rollup(small_plan(A={"progress": 10}, m2={"progress": 50}))
    assert (result.progress_of("A"), result.progress_of("s2")) == (10.0, 62.5)


def test_leaves_and_childless_parents_take_their_status():
    items = [
        Item("done", status=DONE),
        Item("ongoing", status=ONGOING),
        Item("paused", status=PAUSED),
        Item("new"),
        Item("p", status=DONE),
        Item("c", "p", status=CANCELLED),  # only cancelled children: p counts as a leaf
        Item("q", status=ONGOING),
        Item("z", "q", status=DONE, weight=0),  # children of weight 0: q counts as a leaf
    ]
    result = rollup(items)
    assert result.progress.tolist() == [100, 0, 0, 0, 100, 0, 0, 100]
    assert not result.rolled_up.any()
    # at the top, done and p are at 100, the other four at 0 (c is below p, z below q)
    assert result.overall.progress == pytest.approx(200 / 6)
    custom = rollup(items, status_progress={ONGOING: 50})
    assert custom.progress_of("ongoing") == 50.0
    assert custom.progress_of("q") == 50.0
    assert STATUS_PROGRESS[ONGOING] == 0.0


def test_budget_adds_up_the_subtree_and_per_area():
    items = [
        Item("A", kind=AREA, planned={"Kommunen": 100}),
        Item("a1", "A", planned={"Kommunen": 200, "Leader": 50}, spent={"Kommunen": 250}),
        Item("m", "a1", kind=MILESTONE, planned={"Leader": 25}, spent={"Leader": 5}),
        Item("B", kind=AREA),
        Item("b1", "B", planned={"Region": 300}, spent={"Region": 100}),
        Item("loose", planned={"Kommunen": 7}),
    ]
    result = rollup(items)
    assert result.financiers == ("Kommunen", "Leader", "Region")
    assert result.planned_of("A") == {"Kommunen": 300, "Leader": 75, "Region": 0}
    assert result.spent_of("a1") == {"Kommunen": 250, "Leader": 5, "Region": 0}
    assert result.areas["A"].planned == {"Kommunen": 300, "Leader": 75, "Region": 0}
    assert result.areas["A"].over_budget == ()  # 250 of 300 for Kommunen
    assert result.areas["B"].spent == {"Kommunen": 0, "Leader": 0, "Region": 100}
    assert result.areas[None].planned == {"Kommunen": 7, "Leader": 0, "Region": 0}
    assert list(result.areas) == ["A", "B", None]
    assert result.overall.planned == {"Kommunen": 307, "Leader": 75, "Region": 300}
    assert result.area == ("A", "A", "A", "B", "B", None)


def test_over_budget_is_flagged_but_rolls_up():
    items = [Item("A", kind=AREA), Item("a1", "A", planned={"EU": 10}, spent={"EU": 12})]
    (problem,) = check_tree(items)
    assert (problem.code, problem.item, problem.financier) == ("spent_over_planned", "a1", "EU")
    assert problem.is_flag
    assert rollup(items).areas["A"].over_budget == ("EU",)


def test_counts_can_cover_every_kind():
    result = rollup(small_plan(), count_kind=None)
    assert result.overall.counts == {
        NOT_STARTED: 2,  # A and m2
        ONGOING: 1,
        DONE: 2,
        PAUSED: 0,
        CANCELLED: 1,
    }


# --- Kristinehamn: 10 areas, 46 sub-projects, 38 / 6 / 2 ------------------------------


def kristinehamn() -> list[Item]:
    sizes = [5, 5, 5, 5, 5, 5, 4, 4, 4, 4]
    statuses = [ONGOING] * 6 + [NOT_STARTED] * 2 + [DONE] * 38
    financiers = [("Kommunen", 850_000), ("Region Värmland", 500_000), ("Leader", 350_000)]
    items, n = [], 0
    for a, size in enumerate(sizes):
        items.append(Item(f"O{a + 1}", kind=AREA, title=f"Insatsområde {a + 1}"))
        for _ in range(size):
            financier, total = financiers[n % 3]
            share = total / sum(1 for k in range(46) if k % 3 == n % 3)
            items.append(
                Item(
                    f"D{n + 1}",
                    f"O{a + 1}",
                    status=statuses[(n * 7) % 46],  # spread over the areas
                    planned={financier: share},
                    spent={financier: share * 0.9},
                )
            )
            n += 1
    return items


def test_kristinehamn_counts_38_done_6_ongoing_2_not_started():
    items = kristinehamn()
    assert check_tree(items) == []
    result = rollup(items)
    counts = result.overall.counts
    assert (counts[DONE], counts[ONGOING], counts[NOT_STARTED]) == (38, 6, 2)
    assert result.overall.total == 46
    assert len([key for key in result.areas if key is not None]) == 10
    assert None not in result.areas
    for status in Status:
        assert sum(s.counts[status] for s in result.areas.values()) == counts[status]
    assert sum(result.areas["O1"].counts.values()) == 5
    assert sum(result.overall.planned.values()) == pytest.approx(1_700_000)
    assert result.overall.planned["Leader"] == pytest.approx(350_000)
    assert result.overall.progress == pytest.approx(
        np.mean([result.progress_of(f"O{a}") for a in range(1, 11)])
    )
    assert result.areas["O1"].progress == pytest.approx(100 * result.areas["O1"].counts[DONE] / 5)


# --- check_tree: every reason -----------------------------------------------------------


def codes(items):
    return [(p.code, p.item) for p in check_tree(items)]


def test_a_sound_tree_has_no_problems():
    assert check_tree(small_plan()) == []
    assert check_tree([]) == []


def test_cycle_of_length_one():
    (problem,) = check_tree([Item("a", "a")])
    assert (problem.code, problem.item, problem.ids) == (Reason.CYCLE, "a", ("a",))
    assert not problem.is_flag


def test_cycle_of_length_three_names_its_members_once():
    items = [Item("root"), Item("d", "b"), Item("b", "c"), Item("c", "a"), Item("a", "b")]
    # d hangs below the cycle b → c → a → b but is not in it
    (problem,) = check_tree(items)
    assert problem.code == Reason.CYCLE
    assert problem.item == "b"  # the member listed first
    assert problem.ids == ("b", "c", "a")
    with pytest.raises(InvalidTree) as raised:
        rollup(items)
    assert raised.value.problems == [problem]


def test_every_error_reason():
    items = [
        Item(1),
        Item(1),
        Item(2, parent=99),
        Item(3, progress=101),
        Item(4, progress=-0.5),
        Item(5, progress=math.nan),
        Item(6, weight=-1),
        Item(7, weight=math.inf),
        Item(8, planned={"K": -5}),
        Item(9, spent={"K": math.nan}),
        Item(10, start=date(2026, 5, 1), end=date(2026, 4, 30)),
        Item(11, start=date(2026, 5, 1), end=date(2026, 5, 1)),  # one day is fine
        Item(12, start=date(2026, 5, 1)),  # open-ended is fine
        Item(13, progress=0),
        Item(14, progress=100, weight=0),
    ]
    assert codes(items) == [
        (Reason.DUPLICATE_ID, 1),
        (Reason.DUPLICATE_ID, 1),
        (Reason.UNKNOWN_PARENT, 2),
        (Reason.PROGRESS_OUT_OF_RANGE, 3),
        (Reason.PROGRESS_OUT_OF_RANGE, 4),
        (Reason.PROGRESS_OUT_OF_RANGE, 5),
        (Reason.NEGATIVE_WEIGHT, 6),
        (Reason.NEGATIVE_WEIGHT, 7),
        (Reason.NEGATIVE_AMOUNT, 8),
        (Reason.NEGATIVE_AMOUNT, 9),
        (Reason.ENDS_BEFORE_START, 10),
    ]
    assert [p.financier for p in check_tree(items) if p.code == Reason.NEGATIVE_AMOUNT] == [
        "K",
        "K",
    ]
    with pytest.raises(InvalidTree, match="problems"):
        rollup(items)


def test_one_item_can_have_several_problems_in_reason_order():
    items = [Item("x", parent="nope", progress=120, weight=-1, planned={"K": 1}, spent={"K": 2})]
    assert [p.code for p in check_tree(items)] == [
        Reason.UNKNOWN_PARENT,
        Reason.PROGRESS_OUT_OF_RANGE,
        Reason.NEGATIVE_WEIGHT,
        Reason.SPENT_OVER_PLANNED,
    ]


# --- compare ------------------------------------------------------------------------------


def test_compare_added_removed_and_changed():
    old = [
        Item("A", kind=AREA, title="Centrum"),
        Item("s1", "A", status=ONGOING, progress=40, planned={"K": 100, "EU": 50}, owner="Kultur"),
        Item("s2", "A", title="Torget"),
        Item("gone", "A"),
    ]
    new = [
        Item("A", kind=AREA, title="Centrum"),
        Item(
            "s1",
            "A",
            status=DONE,
            progress=100,
            planned={"K": 120},
            spent={"K": 90},
            owner="Kultur",
        ),
        Item("s2", "A", title="Stora torget", start=date(2026, 1, 1), end=date(2026, 6, 30)),
        Item("new", "A"),
    ]
    diff = compare(old, new)
    assert diff
    assert [item.id for item in diff.added] == ["new"]
    assert [item.id for item in diff.removed] == ["gone"]
    assert [change.id for change in diff.changed] == ["s1", "s2"]
    s1, s2 = diff.changed
    assert s1.changes == (
        Change("status", ONGOING, DONE),
        Change("progress", 40, 100),
        Change("planned", 50, 0, "EU"),
        Change("planned", 100, 120, "K"),
        Change("spent", 0, 90, "K"),
    )
    assert s1.fields() == ("status", "progress", "planned", "spent")
    assert s1.old.progress == 40 and s1.new.progress == 100
    assert s2.changes == (
        Change("title", "Torget", "Stora torget"),
        Change("start", None, date(2026, 1, 1)),
        Change("end", None, date(2026, 6, 30)),
    )


def test_compare_treats_a_missing_financier_as_zero_and_sees_moves():
    old = [Item("A", kind=AREA), Item("B", kind=AREA), Item("s", "A", planned={"EU": 0})]
    new = [Item("A", kind=AREA), Item("B", kind=AREA), Item("s", "B", weight=2)]
    (change,) = compare(old, new).changed
    assert change.changes == (Change("parent", "A", "B"), Change("weight", 1.0, 2))


def test_compare_refuses_duplicate_ids():
    with pytest.raises(ValueError, match="old revision"):
        compare([Item("a"), Item("a")], [])


# --- properties ---------------------------------------------------------------------------

weights = st.one_of(st.just(0.0), st.floats(0.01, 10, allow_nan=False))
percent = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))
ANY_STATUS = st.sampled_from(list(Status))


@st.composite
def trees(draw, statuses=ANY_STATUS, progress=percent):
    n = draw(st.integers(1, 30))
    items = []
    for i in range(n):
        parent = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        items.append(
            Item(
                i,
                parent,
                kind=draw(st.sampled_from(list(Kind))),
                status=draw(statuses),
                progress=draw(progress),
                weight=draw(weights),
                planned={"K": draw(st.integers(0, 1000))},
                spent=draw(st.dictionaries(st.sampled_from("KLR"), st.integers(0, 1000))),
                title=draw(st.sampled_from(["", "Torget", "Hamnen"])),
            )
        )
    return draw(st.permutations(items))


@settings(max_examples=80, deadline=None)
@given(trees(statuses=st.just(DONE), progress=st.none()))
def test_a_tree_with_everything_done_is_at_100(items):
    result = rollup(items)
    assert result.progress == pytest.approx(100.0)
    assert result.overall.progress in (None, pytest.approx(100.0))


@settings(max_examples=100, deadline=None)
@given(trees())
def test_progress_always_within_0_and_100(items):
    result = rollup(items)
    assert ((result.progress >= 0) & (result.progress <= 100)).all()
    assert result.overall.progress is None or 0 <= result.overall.progress <= 100
    assert result.overall.total == sum(1 for item in items if item.kind == SUB)


@settings(max_examples=60, deadline=None)
@given(trees())
def test_compare_with_itself_is_empty(items):
    diff = compare(items, items)
    assert not diff
    assert diff.added == diff.removed == diff.changed == ()


@settings(max_examples=50, deadline=None)
@given(trees(), trees())
def test_compare_partitions_the_ids(old, new):
    diff = compare(old, new)
    old_ids, new_ids = {i.id for i in old}, {i.id for i in new}
    assert {i.id for i in diff.added} == new_ids - old_ids
    assert {i.id for i in diff.removed} == old_ids - new_ids
    assert {c.id for c in diff.changed} <= old_ids & new_ids
    for change in diff.changed:
        assert change.old != change.new


# --- 10 000 items: vectorised against a plain recursive rollup ----------------------------


def recursive_rollup(items):
    by_id = {item.id: item for item in items}
    children = {item.id: [] for item in items}
    for item in items:
        if item.parent is not None:
            children[item.parent].append(by_id[item.id])
    progress, planned = {}, {}

    def visit(item):
        kids = children[item.id]
        for kid in kids:
            visit(kid)
        planned[item.id] = dict(item.planned)
        for kid in kids:
            for financier, amount in planned[kid.id].items():
                planned[item.id][financier] = planned[item.id].get(financier, 0) + amount
        counted = [k for k in kids if k.status != CANCELLED]
        total = sum(k.weight for k in counted)
        if item.progress is not None:
            progress[item.id] = item.progress
        elif total > 0:
            progress[item.id] = sum(k.weight * progress[k.id] for k in counted) / total
        else:
            progress[item.id] = 100.0 if item.status == DONE else 0.0

    for item in items:
        if item.parent is None:
            visit(item)
    return progress, planned


def random_plan(n: int, seed: int) -> list[Item]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        if i < 12:
            parent, kind = None, AREA
        else:
            parent = rng.randrange(i)
            kind = SUB if items[parent].kind == AREA else rng.choice([SUB, MILESTONE])
        items.append(
            Item(
                i,
                parent,
                kind=kind,
                status=rng.choice(list(Status)),
                progress=rng.choice([None] * 4 + [rng.uniform(0, 100)]),
                weight=rng.choice([0, 1, 1, 2, rng.uniform(0, 5)]),
                planned={rng.choice("ABCD"): rng.randrange(100_000)},
                spent={rng.choice("ABCD"): rng.randrange(100_000)} if rng.random() < 0.5 else {},
            )
        )
    rng.shuffle(items)
    return items


def test_ten_thousand_items_match_the_recursive_rollup():
    items = random_plan(10_000, seed=6)
    result = rollup(items, count_kind=None)
    progress, planned = recursive_rollup(items)
    expected = np.array([progress[item.id] for item in items])
    np.testing.assert_allclose(result.progress, expected, rtol=1e-9, atol=1e-9)
    for item in items[:500]:
        want = {f: planned[item.id].get(f, 0) for f in result.financiers}
        assert result.planned_of(item.id) == pytest.approx(want)
    assert result.overall.total == 10_000
    assert sum(s.total for s in result.areas.values()) == 10_000
    assert set(result.areas) == set(range(12))  # every item lies in an area
    area_planned = sum(sum(s.planned.values()) for s in result.areas.values())
    assert area_planned == pytest.approx(sum(sum(i.planned.values()) for i in items))
