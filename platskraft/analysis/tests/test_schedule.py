from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from platskraft.analysis.schedule import (
    Span,
    State,
    current_index,
    elapsed_share,
    next_index,
    schedule_problems,
    span_state,
)

FORUM = Span(date(2026, 1, 1), date(2026, 3, 31))
ARENA = Span(date(2026, 4, 1), date(2026, 6, 30))
COURT = Span(date(2026, 7, 1), date(2026, 9, 30))
PHASES = [FORUM, ARENA, COURT]


def test_current_phase_is_the_one_containing_today_inclusive():
    assert current_index(PHASES, date(2026, 1, 1)) == 0
    assert current_index(PHASES, date(2026, 3, 31)) == 0
    assert current_index(PHASES, date(2026, 4, 1)) == 1
    assert current_index(PHASES, date(2026, 9, 30)) == 2


def test_no_current_phase_before_between_or_after():
    gap = [FORUM, Span(date(2026, 5, 1), date(2026, 5, 31))]
    assert current_index(PHASES, date(2025, 12, 31)) is None
    assert current_index(gap, date(2026, 4, 15)) is None
    assert current_index(PHASES, date(2026, 10, 1)) is None


def test_next_phase_is_the_earliest_not_started_even_if_listed_out_of_order():
    assert next_index([COURT, ARENA, FORUM], date(2026, 2, 1)) == 1
    assert next_index(PHASES, date(2026, 12, 1)) is None


def test_span_state_and_elapsed_share():
    assert span_state(ARENA, date(2026, 3, 31)) is State.UPCOMING
    assert span_state(ARENA, date(2026, 4, 1)) is State.CURRENT
    assert span_state(ARENA, date(2026, 7, 1)) is State.PAST
    assert elapsed_share(ARENA, date(2026, 1, 1)) == 0.0
    assert elapsed_share(ARENA, date(2027, 1, 1)) == 1.0
    assert 0.4 < elapsed_share(ARENA, date(2026, 5, 16)) < 0.6


def test_a_consistent_schedule_has_no_problems():
    assert schedule_problems(PHASES, Span(date(2026, 1, 1), date(2026, 12, 31))) == []


def test_end_before_start_is_reported():
    problems = schedule_problems([Span(date(2026, 5, 1), date(2026, 4, 1))])
    assert [(p.code, p.index) for p in problems] == [("ends_before_start", 0)]


def test_overlap_is_reported_with_the_clashing_span():
    overlapping = [FORUM, Span(date(2026, 3, 31), date(2026, 4, 30))]
    problems = schedule_problems(overlapping)
    assert [(p.code, p.index, p.other) for p in problems] == [("overlaps", 1, 0)]


def test_overlap_with_a_long_span_that_is_not_the_neighbour():
    long = Span(date(2026, 1, 1), date(2026, 12, 31))
    problems = schedule_problems(
        [long, Span(date(2026, 2, 1), date(2026, 2, 2)), Span(date(2026, 6, 1), date(2026, 6, 2))]
    )
    assert {(p.index, p.other) for p in problems if p.code == "overlaps"} == {(1, 0), (2, 0)}


def test_spans_outside_the_container_are_reported():
    container = Span(date(2026, 2, 1), date(2026, 8, 31))
    codes = [(p.code, p.index) for p in schedule_problems(PHASES, container)]
    assert ("before_container", 0) in codes
    assert ("after_container", 2) in codes


days = st.integers(min_value=0, max_value=2000)


@given(st.lists(st.tuples(days, st.integers(min_value=0, max_value=200)), max_size=8), days)
def test_at_most_one_current_phase_when_the_schedule_has_no_problems(raw, offset):
    base = date(2020, 1, 1)
    spans = [Span(base + timedelta(s), base + timedelta(s + length)) for s, length in raw]
    today = base + timedelta(offset)
    containing = [i for i, s in enumerate(spans) if s.start <= today <= s.end]
    if not schedule_problems(spans):
        assert len(containing) <= 1
        assert current_index(spans, today) == (containing[0] if containing else None)
    elif len(containing) > 1:
        assert any(p.code == "overlaps" for p in schedule_problems(spans))
