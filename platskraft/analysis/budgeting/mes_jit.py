"""MES runs and the Add1 search as compiled loops (numba), bit for bit as ``_Mes.run``.

``_Mes.run`` (numpy) stays the reference; this module repeats it operation
for operation in loops that numba compiles (``cache=True``: the machine code
is kept in ``__pycache__`` and loaded on the next start; the first call in a
fresh checkout compiles for a few seconds):

- the same lazy evaluation: each pass finds the lowest price among the
  projects in play, and recomputes, in index order, every stale price within
  ``TIE`` of it, until none is stale; the same tie-break by rank; the same
  projects leave play; the same stale marks after a purchase (``shares``:
  the projects with a supporter in common with the winner);
- the same IEEE operations on the same numbers, in the same order: first
  prices ``cost / supporters / utility``; the payment level of
  ``_Mes.level`` (``cost / k``, then ``(cost - sum of the poor) / (k - poor)``,
  or the largest money when everybody is poor); price ``level / utility``;
  each payment ``min(money, price × utility)`` and ``money - payment``; the
  running cost against the limit;
- every sum is numpy's ``sum`` of the same array in the same order: the
  supporters' money in the order of ``_Mes.supporters`` (ascending voter
  index), the poor ones taken out in that order, added up by
  :func:`pairwise_sum`, which is numpy's pairwise summation for float64
  (see its docstring). Comparisons, ``min`` and ``max`` have no rounding.

Two loops run on 8-wide vectors (``vector``): the 8 running sums of a
summation block, and taking the poor out (with AVX-512 only); each lane is
the same IEEE operation as in the scalar loop. Nothing is reordered: numba
compiles without fast-math, so LLVM keeps every addition where it is.

So every price, payment and amount of money is the very double ``_Mes.run``
computes, and with them every decision. The tests compare sums of every
length with the installed numpy's (a numpy that added differently would fail
them), prices (the just-affordable case too), whole runs (order, every
voter's money and payment) and whole Add1 searches with the numpy reference,
on random instances, every Pabulib file in the shared data and abcvoting's
test instances.

:func:`add1` is ``add1_steps_plain`` with every run compiled: one run per
step, the budget as the limit (a run stops as soon as it overspends).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .mes_run import TIE, _Mes
from .vector import HAS_COMPRESS, compress8, lane_sums

UP = 1.0 + TIE  # the same doubles as ``1 + TIE`` and ``1 - TIE`` in ``mes_run``
DOWN = 1.0 - TIE
BLOCK = 128  # numpy's pairwise summation: runs of up to 128 values in 8 lanes
DEPTH = 64  # halving stops at BLOCK: 64 levels cover any array length

_jit = njit(cache=True, nogil=True, error_model="numpy")


@_jit
def block_sum(a, lo, n):
    """numpy's sum of ``a[lo:lo + n]`` for n <= 128: fewer than 8 values one
    after another; else 8 running sums (value i goes to sum i mod 8) over the
    longest multiple of 8, combined as ((0+1)+(2+3))+((4+5)+(6+7))
    (``vector.lane_sums``), then the last n mod 8 values one after another."""
    if n < 8:
        s = 0.0
        for i in range(lo, lo + n):
            s += a[i]
        return s
    s = lane_sums(a, lo, n // 8)
    for i in range(lo + n - n % 8, lo + n):
        s += a[i]
    return s


@_jit
def pairwise_sum(a, lo, n, stack, partial):
    """numpy's ``a[lo:lo + n].sum()`` for float64, the same additions in the
    same order: up to 128 values by :func:`block_sum`; more: the first
    ``h = n // 2 - (n // 2) % 8`` values and the other ``n - h`` are summed
    the same way, and the two sums added (numpy adds the result to an initial
    0.0, which changes nothing but the sign of a zero).

    The halving is a recursion in numpy; here it runs on an explicit stack
    (``stack``: DEPTH × 3 int64, ``partial``: DEPTH float64, scratch), since
    numba cannot cache recursive functions safely."""
    if n <= BLOCK:
        return block_sum(a, lo, n)
    # stack[d] = (start, length, state) of the range at depth d; state 0: its
    # first half is next, 1: its second half, 2: both summed (first in partial[d]).
    d = 0
    stack[0, 0], stack[0, 1], stack[0, 2] = lo, n, 0
    s = 0.0
    while True:
        size = stack[d, 1]
        if size <= BLOCK:
            s = block_sum(a, stack[d, 0], size)
            d -= 1
        else:
            half = size // 2
            half -= half % 8
            state = stack[d, 2]
            if state == 0:
                stack[d, 2] = 1
                stack[d + 1, 0], stack[d + 1, 1], stack[d + 1, 2] = stack[d, 0], half, 0
                d += 1
                continue
            if state == 1:
                partial[d] = s
                stack[d, 2] = 2
                stack[d + 1, 0], stack[d + 1, 1] = stack[d, 0] + half, size - half
                stack[d + 1, 2] = 0
                d += 1
                continue
            s = partial[d] + s
            d -= 1
        if d < 0:
            return s


@_jit
def poor_scalar(b, k, t, c):
    """The values of ``b[:k]`` below t into ``c``, in order; how many. No
    branch: c[j] is written every time and kept only when the value is poor."""
    j = 0
    for i in range(k):
        x = b[i]
        c[j] = x
        j += x < t
    return j


@_jit
def poor_vector(b, k, t, c):
    """:func:`poor_scalar`, 8 values at a time (``vector.compress8``)."""
    j = 0
    i = 0
    while i + 8 <= k:
        j += compress8(b, i, c, j, t)
        i += 8
    while i < k:
        x = b[i]
        c[j] = x
        j += x < t
        i += 1
    return j


poor = poor_vector if HAS_COMPRESS else poor_scalar


@_jit
def level(p, cost, ptr, sup, money, b, c, stack, partial):
    """``_Mes.level(p, money)``; ``b`` and ``c`` are scratch arrays at least as
    long as p's list of supporters: ``b`` gets their money, ``c`` the poor
    ones' (those below t), both in supporter order."""
    lo = ptr[p]
    k = ptr[p + 1] - lo
    for i in range(k):
        b[i] = money[sup[lo + i]]
    if pairwise_sum(b, 0, k, stack, partial) < cost * DOWN:
        return np.inf
    t = cost / k
    n_poor = 0
    while True:
        moved = poor(b, k, t, c)
        if moved == n_poor:
            return t
        if moved == k:  # only when just affordable: everybody pays all
            top = b[0]
            for i in range(1, k):
                top = max(top, b[i])
            return top
        n_poor = moved
        t = (cost - pairwise_sum(c, 0, moved, stack, partial)) / (k - n_poor)


@_jit
def run(problem, e, limit, work, order, pays, rhos):
    """``_Mes.run(e, limit=limit)``. Returns how many projects it bought (the
    first entries of ``order``), or -1 as soon as the cost passed ``limit``
    (inf: no limit); ``work[0]`` holds every voter's money at the end (when
    cut short, when it was cut). With ``pays`` as long as ``sup`` (else
    empty), the payments of round r are at the places of its winner p in
    ``sup`` (``ptr[p]:ptr[p + 1]``) and its rho is ``rhos[r]``."""
    costs, util, counts, rank, ptr, sup, shares = problem
    money, b, c, stack, partial, active, fresh, rho = work
    m = costs.size
    record = pays.size > 0
    money[:] = e
    for q in range(m):
        fresh[q] = True
        active[q] = counts[q] > 0 and e * counts[q] >= costs[q] * DOWN
        rho[q] = costs[q] / counts[q] / util[q] if active[q] else np.inf
    bought = 0
    spent = 0.0
    while True:
        # Lazy evaluation, one pass at a time as in _Mes.run: the stale
        # prices within TIE of the lowest are recomputed in index order.
        while True:
            low = np.inf
            found = False
            for q in range(m):
                if active[q]:
                    found = True
                    low = min(low, rho[q])
            if not found:
                return bought
            bound = low * UP
            stale = False
            for q in range(m):
                if active[q] and not fresh[q] and rho[q] <= bound:
                    stale = True
                    t = level(q, costs[q], ptr, sup, money, b, c, stack, partial)
                    rho[q] = t / util[q]
                    fresh[q] = True
                    if t == np.inf:
                        active[q] = False
            if not stale:
                break
        p = -1
        for q in range(m):  # the tied project that wins the tie-break
            if active[q] and rho[q] <= bound and (p < 0 or rank[q] < rank[p]):
                p = q
        price = rho[p] * util[p]
        for i in range(ptr[p], ptr[p + 1]):
            v = sup[i]
            x = money[v]
            pay = min(x, price)
            money[v] = x - pay
            if record:
                pays[i] = pay
        if record:
            rhos[bought] = rho[p]
        active[p] = False
        for q in range(m):
            if shares[p, q]:
                fresh[q] = False
        order[bought] = p
        bought += 1
        spent += costs[p]
        if spent > limit:
            return -1


@_jit
def workspace(problem, n):
    """Scratch arrays for :func:`run`: money (n voters), two arrays as long as
    the longest list of supporters, the summation stack, and per project
    active, fresh and rho."""
    costs, counts = problem[0], problem[2]
    m = costs.size
    longest = max(1, counts.max()) if m else 1
    return (
        np.empty(n),
        np.empty(longest),
        np.empty(longest),
        np.zeros((DEPTH, 3), dtype=np.int64),
        np.zeros(DEPTH),
        np.zeros(m, dtype=np.bool_),
        np.zeros(m, dtype=np.bool_),
        np.zeros(m),
    )


@_jit
def add1(problem, n, start, budget, until_exhaustive):
    """``add1_steps_plain``: the same steps, each run compiled."""
    costs, counts = problem[0], problem[2]
    m = costs.size
    work = workspace(problem, n)
    stack, partial = work[3], work[4]
    order = np.empty(m, dtype=np.int64)
    none = np.empty(0)
    taken = np.zeros(m, dtype=np.bool_)
    picked = np.empty(m)
    bought = run(problem, start, np.inf, work, order, none, none)
    step = 0
    while True:
        taken[:] = False
        for i in range(bought):
            taken[order[i]] = True
        complete = True
        for q in range(m):
            if counts[q] > 0 and not taken[q]:
                complete = False
        if complete:
            return step
        if until_exhaustive:  # add1._exhaustive: costs[taken].sum() in index order
            used = 0
            for q in range(m):
                if taken[q]:
                    picked[used] = costs[q]
                    used += 1
            room = budget - pairwise_sum(picked, 0, used, stack, partial)
            fits = False
            for q in range(m):
                if counts[q] > 0 and not taken[q] and costs[q] <= room:
                    fits = True
            if not fits:
                return step
        bought = run(problem, (start + step) + 1.0, budget, work, order, none, none)
        if bought < 0:
            return step
        step += 1


@_jit
def _shares(ptr, sup, n, m):
    """shares[p, q]: p and q have a supporter in common (p with itself when
    it has any), from the lists of supporters, voter by voter."""
    ballot_ptr = np.zeros(n + 1, dtype=np.int64)
    for i in range(sup.size):
        ballot_ptr[sup[i] + 1] += 1
    for v in range(n):
        ballot_ptr[v + 1] += ballot_ptr[v]
    fill = ballot_ptr[:-1].copy()
    ballots = np.empty(sup.size, dtype=np.int64)
    for p in range(m):
        for i in range(ptr[p], ptr[p + 1]):
            v = sup[i]
            ballots[fill[v]] = p
            fill[v] += 1
    shares = np.zeros((m, m), dtype=np.bool_)
    for v in range(n):
        for i in range(ballot_ptr[v], ballot_ptr[v + 1]):
            for j in range(ballot_ptr[v], ballot_ptr[v + 1]):
                shares[ballots[i], ballots[j]] = True
    return shares


def problem_of(mes: _Mes) -> tuple:
    """The arrays :func:`run` reads, in the types it is compiled for (kept on
    ``mes``)."""
    found = getattr(mes, "_compiled", None)
    if found is None:
        m, n = len(mes.costs), mes.profile.n_voters
        ptr = np.ascontiguousarray(mes.ptr, dtype=np.int64)
        sup = np.ascontiguousarray(mes.sup, dtype=np.int32)
        found = mes._compiled = (
            np.ascontiguousarray(mes.costs, dtype=np.float64),
            np.ascontiguousarray(mes.util, dtype=np.float64),
            np.ascontiguousarray(mes.counts, dtype=np.int64),
            np.ascontiguousarray(mes.rank, dtype=np.int64),
            ptr,
            sup,
            _shares(ptr, sup, n, m),
        )
    return found


def run_mes(mes: _Mes, endowment: float, *, limit: float | None = None, record: bool = False):
    """:meth:`_Mes.run`, compiled: the same (order, money, payments) or None."""
    problem = problem_of(mes)
    m, n = len(mes.costs), mes.profile.n_voters
    work = workspace(problem, n)
    order = np.empty(m, dtype=np.int64)
    pays = np.empty(len(mes.sup) if record else 0)
    rhos = np.empty(m if record else 0)
    limit = np.inf if limit is None else float(limit)
    bought = run(problem, float(endowment), limit, work, order, pays, rhos)
    if bought < 0:
        return None
    picks = order[:bought].tolist()
    payments = []
    if record:
        for r, p in enumerate(picks):
            lo, hi = mes.ptr[p], mes.ptr[p + 1]
            payments.append((p, mes.sup[lo:hi], pays[lo:hi], float(rhos[r])))
    return picks, work[0], payments


def add1_steps(mes: _Mes, start: float, *, until_exhaustive: bool = False) -> int:
    """``add1.add1_steps_plain``, every run compiled."""
    problem = problem_of(mes)
    n, budget = mes.profile.n_voters, float(mes.profile.budget)
    return int(add1(problem, n, float(start), budget, bool(until_exhaustive)))
