"""One MES run at one endowment (the rule and its lazy evaluation: see ``mes``).

This is the reference computation, in numpy: ``mes_jit`` runs a compiled copy
of it (every MES run of ``equal_shares`` and Add1), which must reproduce it
operation for operation; the tests compare the two bit for bit.
"""

from __future__ import annotations

import numpy as np

from .profile import Profile

UTILITIES = ("cost", "unit")
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
