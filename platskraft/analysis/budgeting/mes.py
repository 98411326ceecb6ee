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
comparison and a sum per step, usually two to five steps (``mes_run``, in
numpy: the reference; the runs here use its compiled copy in ``mes_jit``,
bit for bit the same). At the start every voter holds ``e``, so the first
prices are just ``cost / supporters`` for all projects at once. Money only
decreases, so a price computed earlier is a lower bound later: each round
only the projects at the top of the list whose supporters paid since their
price was computed are recomputed (lazy evaluation, exact), and which
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
step-by-step definition: every step is run (``add1``: the loop compiled,
each run bit for bit as the reference one, so the answer is the step-by-step
one). **Greedy completion** (pabutools
``completion_by_rule_combination`` with greedy): after MES, fill what is left
of the budget greedily by votes.
"""

from __future__ import annotations

import numpy as np

from .add1 import add1_steps
from .greedy import base_explanations, greedy_fill
from .mes_run import TIE, UTILITIES, _Mes
from .profile import Outcome, Profile

__all__ = ["COMPLETIONS", "TIE", "UTILITIES", "_Mes", "equal_shares"]

COMPLETIONS = (None, "add1", "greedy")


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
        steps = add1_steps(mes, start, until_exhaustive=until_exhaustive)
        endowment = start + steps
    from .mes_jit import run_mes  # numba loads on first use, not with the Django app

    order, _, payments = run_mes(mes, endowment, record=True)
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
