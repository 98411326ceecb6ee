"""The input of every outcome rule: project costs, the budget, and who supports what.

Ties are broken by one documented rule, the same in every rule here: among
tied projects the one with **more votes** wins; then the **cheaper** one; then
the one **earlier in the file** (project order). With a ``seed`` the last step
uses a random order of the projects drawn from ``numpy.random.default_rng(seed)``
instead of the file order, so a municipality can announce a seed before the
count and anyone can repeat it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Profile:
    """Costs (m), budget, and an n voters × m projects support matrix.

    ``points`` is the matrix as given (1/0 for approval ballots, points for
    cumulative ones); a voter *supports* a project when its entry is positive.
    ``votes`` per project is the column sum of ``points`` (the approval count,
    or total points for cumulative ballots).
    """

    costs: np.ndarray
    budget: float
    points: np.ndarray
    approvals: np.ndarray = field(init=False)
    votes: np.ndarray = field(init=False)
    supporters: np.ndarray = field(init=False)  # number of supporters per project

    def __post_init__(self):
        costs = np.asarray(self.costs, dtype=np.float64)
        points = np.asarray(self.points)
        if costs.ndim != 1 or points.ndim != 2 or points.shape[1] != costs.shape[0]:
            raise ValueError("costs must be (m,) and the matrix (n voters, m projects)")
        if np.any(~np.isfinite(costs)) or np.any(costs <= 0):
            raise ValueError("every project cost must be positive")
        if not np.isfinite(self.budget) or self.budget < 0:
            raise ValueError("the budget must be a non-negative number")
        if np.any(points < 0):
            raise ValueError("support must not be negative")
        approvals = points > 0
        object.__setattr__(self, "costs", costs)
        object.__setattr__(self, "budget", float(self.budget))
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "approvals", approvals)
        object.__setattr__(self, "votes", points.sum(axis=0, dtype=np.float64))
        object.__setattr__(self, "supporters", approvals.sum(axis=0))

    @classmethod
    def from_csr(cls, costs, budget, indptr, indices, points=None) -> Profile:
        """From CSR-like ballots: voter i lists ``indices[indptr[i]:indptr[i+1]]``."""
        indptr = np.asarray(indptr, dtype=np.int64)
        indices = np.asarray(indices, dtype=np.int64)
        n, m = len(indptr) - 1, len(costs)
        rows = np.repeat(np.arange(n), np.diff(indptr))
        if points is None:
            matrix = np.zeros((n, m), dtype=bool)
            matrix[rows, indices] = True
        else:
            matrix = np.zeros((n, m), dtype=np.float64)
            matrix[rows, indices] = points
        return cls(costs=costs, budget=budget, points=matrix)

    @property
    def n_voters(self) -> int:
        return self.points.shape[0]

    @property
    def n_projects(self) -> int:
        return self.points.shape[1]

    def tie_rank(self, seed: int | None = None) -> np.ndarray:
        """rank[p]: p's place in the tie-breaking order (0 wins every tie)."""
        m = self.n_projects
        last = np.arange(m) if seed is None else np.random.default_rng(seed).permutation(m)
        order = np.lexsort((last, self.costs, -self.votes))
        rank = np.empty(m, dtype=np.int64)
        rank[order] = np.arange(m)
        return rank


@dataclass
class ProjectExplanation:
    """Why a project won or lost, in numbers (every amount in currency units).

    - ``reason``: ``selected``; ``below_threshold`` (fewer votes than the
      minimum); ``no_room`` (did not fit the budget left when greedy reached
      it, ``budget_left``); ``no_support``; ``short_from_start`` (MES: all its
      supporters' money together was less than its cost from the start);
      ``outspent`` (MES: its supporters' money fell below its cost after they
      paid for the winners in ``spent_on``).
    - For MES winners: ``round`` (1 = first bought), ``payers`` of
      ``supporters``, the smallest, largest and total ``payment``, and ``rho``
      (the largest payment per unit of utility, the price MES minimises).
    - For MES losers: ``money_start`` (the supporters' endowment together),
      ``money_left`` when it became unaffordable, ``round`` after which that
      happened (0 = from the start), ``spent_on``: the winners its supporters
      paid most towards, as (project, amount), largest first.
    """

    project: int
    selected: bool
    reason: str
    stage: str = ""  # "greedy", "mes" or "completion" for winners
    round: int | None = None
    votes: float = 0.0
    cost: float = 0.0
    supporters: int = 0
    payers: int = 0
    payment_min: float | None = None
    payment_max: float | None = None
    payment_total: float | None = None
    rho: float | None = None
    money_start: float | None = None
    money_left: float | None = None
    budget_left: float | None = None
    spent_on: list[tuple[int, float]] = field(default_factory=list)


@dataclass
class Outcome:
    """The result of a rule: which projects, in which order, and why."""

    rule: str
    selected: np.ndarray  # bool per project
    order: list[int]  # projects in the order the rule took them
    explanations: list[ProjectExplanation]
    endowment: float | None = None  # MES: the per-voter money of the final run
    increments: int = 0  # Add1: how many whole units were added per voter
    total_cost: float = 0.0

    @property
    def winners(self) -> np.ndarray:
        return np.flatnonzero(self.selected)
