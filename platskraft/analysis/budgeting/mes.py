"""The Method of Equal Shares (MES), its Add1 and greedy completions.

**The rule.** Every voter gets the same endowment ``e`` (at first budget / n).
Each round, for every project still in play, MES finds the lowest price
``rho`` such that the project's supporters can pay its cost when each pays
``min(own money, rho × utility)``; it buys the project with the lowest ``rho``
and takes the payments. A project whose supporters hold less money together
than its cost leaves play for good (money only decreases). It stops when no
project is affordable. Utilities (the same for every supporter of a project):
``cost`` = the project's cost (pabutools ``Cost_Sat``; used by Wieliczka and
equalshares.net), ``unit`` = 1 (pabutools ``Cardinality_Sat``). Ties in rho
(relative difference below 1e-9) are broken by the rule in ``profile``.

**How it is computed.** Supporters of a project all have the same utility, so
the price follows from the payment level ``t = rho × utility``, where the
supporters with less money than ``t`` pay all they have and the others pay
``t``: start from ``t = cost / supporters`` and move those who cannot pay it
to the poor side, recomputing ``t`` from the rest, until nobody moves — a
comparison and a sum in numpy per step, usually two or three steps. At the start every voter holds ``e``, so the
first prices are just ``cost / supporters`` for all projects at once. Money
only decreases, so a price computed earlier is a lower bound later: each
round only the projects at the top of the list whose supporters paid since
their price was computed are recomputed (lazy evaluation, exact), and which
projects share supporters with a winner is computed once per winner and kept.

**Add1 completion.** Run MES with ``e = budget / n``; run it again with
``e`` one whole currency unit higher, and again, as long as the outcome still
fits the budget; keep the last outcome that fits (a run that overspends is cut
short as soon as it does). This is the definition that reproduces the
published Wieliczka 2023 result (30 winners, 995 079 PLN, e ≈ 315.84 PLN).
pabutools (``voter_budget_increment=1``) and equalshares.net's sample code
also stop at the first *exhaustive* outcome (no supported project left that
fits the money left); ``until_exhaustive=True`` gives that variant (on
Wieliczka it stops at e ≈ 301.84 with 31 winners, 984 579 PLN). Both stop
when every supported project is bought. Raising ``e`` can change the outcome
in either direction (MES is not monotone in ``e``), so a binary or
exponential search over ``e`` could stop at another endowment than this
step-by-step definition: every step is run. **Greedy completion** (pabutools
``completion_by_rule_combination`` with greedy): after MES, fill what is left
of the budget greedily by votes.
"""

from __future__ import annotations

import numpy as np

from .greedy import base_explanations, greedy_fill
from .profile import Outcome, Profile

UTILITIES = ("cost", "unit")
COMPLETIONS = (None, "add1", "greedy")
TIE = 1e-9  # relative tolerance for equal prices and for "can just afford"


class _Mes:
    """Everything about a profile that does not depend on the endowment."""

    def __init__(self, profile: Profile, utility: str, seed: int | None):
        if utility not in UTILITIES:
            raise ValueError(f"unknown utility {utility!r} (expected cost or unit)")
        self.profile = profile
        self.costs = profile.costs
        self.util = profile.costs if utility == "cost" else np.ones(profile.n_projects)
        self.counts = profile.supporters
        self.rank = profile.tie_rank(seed)
        # Supporters of each project as one index array (CSC layout).
        proj, voter = np.nonzero(profile.approvals.T)
        self.ptr = np.concatenate([[0], np.cumsum(np.bincount(proj, minlength=len(self.costs)))])
        self.sup = voter
        self._shares: dict[int, np.ndarray] = {}

    def supporters(self, p: int) -> np.ndarray:
        return self.sup[self.ptr[p] : self.ptr[p + 1]]

    def shares(self, p: int) -> np.ndarray:
        """Projects with at least one supporter in common with p."""
        found = self._shares.get(p)
        if found is None:
            found = self.profile.approvals[self.supporters(p)].any(axis=0)
            self._shares[p] = found
        return found

    def level(self, p: int, money: np.ndarray) -> float:
        """Payment level t for p (inf when its supporters cannot pay it).
        Poor supporters (money < t) pay all they have, the others pay t; t is
        found by moving supporters who cannot pay the current t to the poor
        side until none moves (t only rises, so this ends, usually in two or
        three steps, each one comparison and one sum)."""
        cost = self.costs[p]
        b = money[self.supporters(p)]
        if b.sum() < cost * (1 - TIE):
            return np.inf
        k = b.size
        t, n_poor = cost / k, 0
        while True:
            poor = b < t
            moved = int(np.count_nonzero(poor))
            if moved == n_poor:
                return float(t)
            if moved == k:  # only when just affordable: everybody pays all
                return float(b.max())
            n_poor = moved
            t = (cost - b[poor].sum()) / (k - n_poor)

    def run(self, endowment: float, *, limit: float | None = None, record: bool = False):
        """One MES run: (order, money, payments), or None as soon as the
        outcome's cost passes ``limit``. ``payments`` (with ``record``) holds,
        per round, (winner, supporter indices, amounts, rho)."""
        m = len(self.costs)
        money = np.full(self.profile.n_voters, float(endowment))
        active = (self.counts > 0) & (endowment * self.counts >= self.costs * (1 - TIE))
        rho = np.full(m, np.inf)
        rho[active] = self.costs[active] / self.counts[active] / self.util[active]
        fresh = np.ones(m, dtype=bool)
        order: list[int] = []
        payments = []
        spent = 0.0
        while True:
            # Lazy evaluation: recompute stale prices at the top until the
            # cheapest (and everything tied with it) is up to date.
            while True:
                cand = np.flatnonzero(active)
                if cand.size == 0:
                    break
                values = rho[cand]
                tied = cand[values <= values.min() * (1 + TIE)]
                stale = tied[~fresh[tied]]
                if stale.size == 0:
                    break
                for q in stale.tolist():
                    t = self.level(q, money)
                    rho[q] = t / self.util[q]
                    fresh[q] = True
                    if t == np.inf:
                        active[q] = False
            if cand.size == 0:
                break
            p = int(tied[np.argmin(self.rank[tied])])
            idx = self.supporters(p)
            b = money[idx]
            pay = np.minimum(b, rho[p] * self.util[p])
            money[idx] = b - pay
            active[p] = False
            fresh &= ~self.shares(p)
            order.append(p)
            spent += self.costs[p]
            if limit is not None and spent > limit:
                return None
            if record:
                payments.append((p, idx, pay, float(rho[p])))
        return order, money, payments


def _add1(mes: _Mes, start: float, *, until_exhaustive: bool = False) -> int:
    """How many whole units Add1 adds per voter to ``start`` (step by step)."""
    profile = mes.profile
    supported = profile.supporters > 0
    taken = np.zeros(profile.n_projects, dtype=bool)
    order = mes.run(start)[0]
    step = 0
    while True:
        taken[:] = False
        taken[order] = True
        if taken[supported].all() or (until_exhaustive and _exhaustive(profile, taken)):
            return step
        nxt = mes.run(start + step + 1, limit=profile.budget)
        if nxt is None:
            return step
        step += 1
        order = nxt[0]


def _exhaustive(profile: Profile, taken: np.ndarray) -> bool:
    left = profile.budget - profile.costs[taken].sum()
    open_ = ~taken & (profile.supporters > 0)
    return not np.any(profile.costs[open_] <= left)


def equal_shares(
    profile: Profile,
    *,
    utility: str = "cost",
    completion: str | None = None,
    seed: int | None = None,
    explain: bool = True,
    until_exhaustive: bool = False,
) -> Outcome:
    """MES outcome with ``utility`` "cost" or "unit" and ``completion`` None,
    "add1" or "greedy" (see the module docstring)."""
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r} (expected add1 or greedy)")
    mes = _Mes(profile, utility, seed)
    n, m = profile.n_voters, profile.n_projects
    name = f"mes-{utility}" + (f"-{completion}" if completion else "")
    if n == 0:
        empty = np.zeros(m, dtype=bool)
        return Outcome(name, empty, [], base_explanations(profile), None, 0, 0.0)
    start = profile.budget / n
    endowment, steps = start, 0
    if completion == "add1":
        steps = _add1(mes, start, until_exhaustive=until_exhaustive)
        endowment = start + steps
    order, _, payments = mes.run(endowment, record=True)
    taken = np.zeros(m, dtype=bool)
    taken[order] = True
    explanations = base_explanations(profile)
    if explain:
        _explain_mes(mes, explanations, endowment, payments)
    else:
        for p in order:
            explanations[p].selected, explanations[p].reason = True, "selected"
    order = list(order)
    if completion == "greedy":
        _, added, _ = greedy_fill(
            profile, taken=taken, stage="completion", seed=seed, explanations=explanations
        )
        order += added
    return Outcome(
        rule=name,
        selected=taken,
        order=order,
        explanations=explanations,
        endowment=endowment,
        increments=steps,
        total_cost=float(profile.costs[taken].sum()),
    )


def _explain_mes(mes: _Mes, explanations, endowment: float, payments) -> None:
    profile = mes.profile
    rounds = len(payments)
    winners = [p for p, _, _, _ in payments]
    # spent[q, r]: money q's supporters paid towards the winner of round r.
    spent = np.zeros((profile.n_projects, rounds))
    for r, (p, idx, pay, rho) in enumerate(payments):
        spent[:, r] = pay @ profile.approvals[idx]
        e = explanations[p]
        paid = pay[pay > 0]
        e.selected, e.reason, e.stage, e.round = True, "selected", "mes", r + 1
        e.payers = int(paid.size)
        e.payment_min = float(paid.min()) if paid.size else 0.0
        e.payment_max = float(paid.max()) if paid.size else 0.0
        e.payment_total = float(pay.sum())
        e.rho = rho
        e.money_start = endowment * e.supporters
    chosen = set(winners)
    left = endowment * profile.supporters[:, None] - np.cumsum(spent, axis=1)
    for e in explanations:
        q = e.project
        if q in chosen or e.supporters == 0:
            continue
        e.money_start = endowment * e.supporters
        if e.money_start < e.cost * (1 - TIE):
            e.reason, e.round, e.money_left = "short_from_start", 0, e.money_start
        else:
            short = np.flatnonzero(left[q] < e.cost * (1 - TIE))
            r = int(short[0]) if short.size else rounds - 1
            e.reason, e.round = "outspent", r + 1
            e.money_left = float(left[q, r]) if rounds else e.money_start
        top = np.argsort(-spent[q, : e.round], kind="stable")[:3] if e.round else []
        e.spent_on = [(winners[r], float(spent[q, r])) for r in top if spent[q, r] > 0]
