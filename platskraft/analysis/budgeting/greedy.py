"""Greedy rules: take projects best first while they fit the budget.

- ``by="votes"``: best = most votes (approvals, or points for cumulative
  ballots). This is the rule most cities use, and it is pabutools'
  ``greedy_utilitarian_welfare`` with ``Cost_Sat`` on approval ballots (each
  supporter's satisfaction is the cost, so satisfaction per unit of cost is
  the approval count).
- ``by="cost"``: pabutools' greedy with ``Cost_Sat`` on any ballot: best =
  most supporters (points are ignored). On approval ballots it is ``votes``.
- ``by="unit"``: pabutools' greedy with ``Cardinality_Sat``: best = most
  supporters per unit of cost.

A project that does not fit the budget left is skipped and the next one is
tried (so a cheaper project further down can still win). With ``threshold``
projects with fewer votes are left out. Projects nobody voted for come last
and can still fill leftover budget, as in pabutools. Ties: see ``profile``.
"""

from __future__ import annotations

import numpy as np

from .profile import Outcome, Profile, ProjectExplanation

BY = ("votes", "cost", "unit")


def greedy_density(profile: Profile, by: str) -> np.ndarray:
    if by == "votes":
        return profile.votes
    if by == "cost":
        return profile.supporters.astype(np.float64)
    if by == "unit":
        return profile.supporters / profile.costs
    raise ValueError(f"unknown greedy order {by!r} (expected one of {', '.join(BY)})")


def greedy_fill(
    profile: Profile,
    *,
    by: str = "votes",
    taken: np.ndarray | None = None,
    budget_left: float | None = None,
    threshold: float | None = None,
    seed: int | None = None,
    stage: str = "greedy",
    explanations: list[ProjectExplanation] | None = None,
) -> tuple[np.ndarray, list[int], float]:
    """Add projects greedily to ``taken`` (bool per project, updated in place).

    Returns (taken, the projects added in order, the budget left). When
    ``explanations`` is given, the entries of the projects considered are
    updated.
    """
    m = profile.n_projects
    taken = np.zeros(m, dtype=bool) if taken is None else taken
    left = profile.budget - profile.costs[taken].sum() if budget_left is None else budget_left
    density = greedy_density(profile, by)
    rank = profile.tie_rank(seed)
    order = np.lexsort((rank, -density))
    added: list[int] = []
    for p in order.tolist():
        if taken[p]:
            continue
        expl = explanations[p] if explanations is not None else None
        if threshold is not None and profile.votes[p] < threshold:
            if expl is not None:
                expl.reason = "below_threshold"
            continue
        cost = profile.costs[p]
        if cost <= left:
            left -= cost
            taken[p] = True
            added.append(p)
            if expl is not None:
                expl.selected, expl.reason, expl.stage = True, "selected", stage
                expl.round = len(added)
                expl.budget_left = float(left)
        elif expl is not None:
            expl.budget_left = float(left)
            if expl.reason in ("", "no_support") or stage == "greedy":
                expl.reason = "no_room"
    return taken, added, left


def base_explanations(profile: Profile) -> list[ProjectExplanation]:
    return [
        ProjectExplanation(
            project=p,
            selected=False,
            reason="" if profile.supporters[p] else "no_support",
            votes=float(profile.votes[p]),
            cost=float(profile.costs[p]),
            supporters=int(profile.supporters[p]),
        )
        for p in range(profile.n_projects)
    ]


def greedy(
    profile: Profile,
    *,
    by: str = "votes",
    threshold: float | None = None,
    seed: int | None = None,
) -> Outcome:
    """Greedy outcome (see the module docstring)."""
    explanations = base_explanations(profile)
    taken, added, left = greedy_fill(
        profile, by=by, threshold=threshold, seed=seed, explanations=explanations
    )
    name = "greedy" if by == "votes" else f"greedy-{by}"
    if threshold is not None:
        name += "-threshold"
    return Outcome(
        rule=name,
        selected=taken,
        order=added,
        explanations=explanations,
        total_cost=float(profile.budget - left),
    )
