"""Ranking proposals: officials' scores on weighted criteria, combined with residents' support.

Each criterion is scored 0–5. A proposal's priority is a weighted mean on a 0–100
scale, where residents' support counts as one more criterion: the proposal with the
most support gets 5, the others in proportion. Every part of the sum is kept, so
the ranked list can show why a proposal stands where it does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

MAX_SCORE = 5


@dataclass(frozen=True)
class CriterionIn:
    key: int
    name: str
    weight: int


@dataclass(frozen=True)
class ProposalIn:
    key: int
    title: str
    support: int
    scores: Mapping[int, int]  # criterion key -> 0..5 (missing: not scored)
    order: int = 0  # tie-breaker: earlier submissions first


@dataclass(frozen=True)
class Part:
    name: str
    value: float | None  # 0..5, None when not scored
    weight: int
    points: float  # contribution to the 0..100 priority


@dataclass(frozen=True)
class Ranked:
    rank: int
    key: int
    title: str
    support: int
    priority: float
    parts: tuple[Part, ...] = field(default_factory=tuple)
    unscored: tuple[str, ...] = field(default_factory=tuple)


def rank(
    proposals: Sequence[ProposalIn], criteria: Sequence[CriterionIn], support_weight: int
) -> list[Ranked]:
    total_weight = sum(c.weight for c in criteria) + max(support_weight, 0)
    most_support = max((p.support for p in proposals), default=0)
    rows = []
    for proposal in proposals:
        parts = []
        unscored = []
        for criterion in criteria:
            value = proposal.scores.get(criterion.key)
            if value is None:
                unscored.append(criterion.name)
            points = (
                0.0
                if value is None or total_weight == 0
                else (100.0 * criterion.weight * value / MAX_SCORE / total_weight)
            )
            parts.append(Part(criterion.name, value, criterion.weight, points))
        if support_weight > 0:
            support_value = MAX_SCORE * proposal.support / most_support if most_support else 0.0
            parts.append(
                Part(
                    "",
                    support_value,
                    support_weight,
                    100.0 * support_weight * support_value / MAX_SCORE / total_weight,
                )
            )
        priority = round(sum(p.points for p in parts), 1)
        rows.append((proposal, tuple(parts), tuple(unscored), priority))
    rows.sort(key=lambda r: (-r[3], -r[0].support, r[0].order, r[0].key))
    return [
        Ranked(
            rank=index,
            key=proposal.key,
            title=proposal.title,
            support=proposal.support,
            priority=priority,
            parts=parts,
            unscored=unscored,
        )
        for index, (proposal, parts, unscored, priority) in enumerate(rows, start=1)
    ]
