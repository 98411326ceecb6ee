"""Phases as data: which phase is current, and whether a schedule is consistent.

Dates are inclusive: a phase from 1 March to 31 March is current on both days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Span:
    start: date
    end: date


class State(StrEnum):
    UPCOMING = "upcoming"
    CURRENT = "current"
    PAST = "past"


def span_state(span: Span, today: date) -> State:
    if today < span.start:
        return State.UPCOMING
    if today > span.end:
        return State.PAST
    return State.CURRENT


def current_index(spans: Sequence[Span], today: date) -> int | None:
    """Index of the span that contains `today`, or None between or outside spans."""
    for i, span in enumerate(spans):
        if span.start <= today <= span.end:
            return i
    return None


def next_index(spans: Sequence[Span], today: date) -> int | None:
    """Index of the earliest span that has not started yet."""
    upcoming = [(s.start, i) for i, s in enumerate(spans) if s.start > today]
    return min(upcoming)[1] if upcoming else None


@dataclass(frozen=True, slots=True)
class Problem:
    """A reason a schedule is refused. `other` is the index of the clashing span, if any."""

    code: str  # "ends_before_start" | "overlaps" | "before_container" | "after_container"
    index: int
    other: int | None = None


def schedule_problems(spans: Sequence[Span], container: Span | None = None) -> list[Problem]:
    """Everything wrong with a list of spans that must not overlap.

    `container` (optional) is the enclosing period (the process); its end may be
    `date.max` when the process has no end date.
    """
    problems: list[Problem] = []
    for i, span in enumerate(spans):
        if span.end < span.start:
            problems.append(Problem("ends_before_start", i))
        if container is not None:
            if span.start < container.start:
                problems.append(Problem("before_container", i))
            if span.end > container.end:
                problems.append(Problem("after_container", i))
    ordered = sorted(
        (i for i, s in enumerate(spans) if s.end >= s.start), key=lambda i: spans[i].start
    )
    reach: int | None = None  # the span seen so far that ends last
    for i in ordered:
        if reach is not None and spans[i].start <= spans[reach].end:
            problems.append(Problem("overlaps", i, reach))
        if reach is None or spans[i].end > spans[reach].end:
            reach = i
    return problems


def elapsed_share(span: Span, today: date) -> float:
    """How much of a span has passed, from 0.0 (not started) to 1.0 (ended)."""
    if today <= span.start:
        return 0.0
    if today >= span.end:
        return 1.0
    return (today - span.start).days / max((span.end - span.start).days, 1)
