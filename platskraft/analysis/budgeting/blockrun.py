"""MES at many endowments side by side, bit for bit as ``_Mes.run`` at each.

Rows of a money array (endowments × voters) go through the rounds together.
Each row repeats exactly what ``_Mes.run`` does at its endowment: the same
lazy evaluation (which prices are stale, which are recomputed, when a project
leaves play), the same arithmetic on each price and payment, the same
tie-break, the same running total against the limit. Only the loops differ:

- every price the rows need in one pass of the lazy evaluation is computed in
  one flat pass (:func:`levels`): the supporters' money of each (row,
  project) pair is laid out one segment after another, and the steps of
  ``_Mes.level`` (compare with t, count the poor, sum the poor, new t) run
  on all segments at once, each pair leaving when ``_Mes.level`` would stop;
- every comparison, product and quotient is the same IEEE operation on the
  same two numbers, element-wise;
- sums, whose rounding depends on the order of the additions, equal numpy's
  ``sum`` of the same 1-D array: each segment starts with a 0.0 and
  ``np.add.reduceat`` adds a segment as its first element plus the pairwise
  sum of the rest (:func:`segment_sums`), i.e. exactly ``sum`` of the values;
  the poor supporters are taken out in order (``np.compress``) first.

So prices, payments and every voter's money are the very numbers
``_Mes.run`` computes, and with them every decision. The tests check sums of
every length, prices (also the just-affordable case) and whole runs bit for
bit, and whole Add1 searches against the plain loop.
"""

from __future__ import annotations

import numpy as np

from .mes_run import TIE, _Mes


def segment_sums(values: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """numpy's ``sum`` of each segment, where every segment starts with a 0.0
    at ``heads[i]`` followed by its values: ``np.add.reduceat`` starts from the
    first element (the 0.0, which adds nothing) and adds the rest with the same
    pairwise summation as ``sum`` of that segment on its own."""
    return np.add.reduceat(values, heads)


class _Layout:
    """Per project, the columns of its supporters in the money array, led
    by column n: an extra column that stays 0.0 (the segment's head)."""

    def __init__(self, mes: _Mes):
        n = mes.profile.n_voters
        self.width = n + 1  # column n holds 0.0 in every row, never paid from
        self.k = mes.counts
        self.lens = mes.counts + 1
        head = np.array([n])
        self.cols = [np.concatenate([head, mes.supporters(q)]) for q in range(len(mes.costs))]
        self.pay_cols = [mes.supporters(q) for q in range(len(mes.costs))]


def levels(mes: _Mes, lay: _Layout, flat: np.ndarray, who, qs) -> np.ndarray:
    """``_Mes.level(qs[i], money[who[i]])`` for every i, in one flat pass.

    The supporters' money of every pair is laid out in one array, each
    segment preceded by a 0.0 (see :func:`segment_sums`)."""
    pairs = len(qs)
    k = lay.k[qs]
    cost = mes.costs[qs]
    lens = lay.lens[qs]
    heads = np.cumsum(lens) - lens
    cells = np.repeat(who * lay.width, lens)
    cells += np.concatenate([lay.cols[q] for q in qs.tolist()])
    b = np.take(flat, cells)  # (np.take and np.compress: faster than [ ])
    out = np.full(pairs, np.inf)
    ids = np.arange(pairs)  # the pairs in b
    go = ~(segment_sums(b, heads) < cost * (1 - TIE))
    t = cost / k
    n_poor = np.zeros(pairs, dtype=np.int64)
    poor = moved = None
    while True:
        if not go.all():
            if not go.any():
                break
            if 3 * lens[go].sum() < 2 * b.size:  # drop the pairs solved
                keep = np.repeat(go, lens)
                b = np.compress(keep, b)
                if poor is not None:
                    poor = np.compress(keep, poor)
                    moved = moved[go]
                ids, k, cost, lens, t, n_poor = (x[go] for x in (ids, k, cost, lens, t, n_poor))
                go = go[go]
                heads = np.cumsum(lens) - lens
            elif poor is not None:
                poor &= np.repeat(go, lens)
        if poor is not None:  # t from the sum over the poor, each led by its 0.0
            poor[heads] = True
            counts = np.where(go, moved, 0) + 1
            poor_sum = segment_sums(np.compress(poor, b), np.cumsum(counts) - counts)
            n_poor = np.where(go, moved, n_poor)
            t = np.where(go, (cost - poor_sum) / np.maximum(k - n_poor, 1), t)
        poor = b < np.repeat(t, lens)
        poor[heads] = False
        moved = np.add.reduceat(poor.view(np.uint8), heads, dtype=np.int64)
        done = go & (moved == n_poor)
        out[ids[done]] = t[done]
        go &= ~done
        full = go & (moved == k)
        if full.any():  # only when just affordable: everybody pays all
            out[ids[full]] = np.maximum.reduceat(b, heads)[full]  # money >= 0 = the head
            go &= ~full
    return out


def run_block(mes: _Mes, endowments, limits, *, with_money: bool = False):
    """``_Mes.run(e, limit=l)[0]`` (or None) for each endowment, side by side.

    With ``with_money`` also returns the voters' money at the end (rows ×
    voters; for a row cut short by its limit, when it was cut)."""
    costs, util, rank, k = mes.costs, mes.util, mes.rank, mes.counts
    m, n, rows = len(costs), mes.profile.n_voters, len(endowments)
    e = np.asarray(endowments, dtype=np.float64)
    limit = np.array([np.inf if x is None else x for x in limits], dtype=np.float64)
    lay = _Layout(mes)
    money = np.zeros((rows, lay.width))
    money[:, :n] = e[:, None]
    flat = money.ravel()
    active = (k > 0)[None, :] & (e[:, None] * k >= costs * (1 - TIE))
    with np.errstate(divide="ignore", invalid="ignore"):
        first = costs / k / util
    rho = np.where(active, first, np.inf)
    fresh = np.ones((rows, m), dtype=bool)
    orders = np.zeros((rows, m), dtype=np.int64)
    taken = np.zeros(rows, dtype=np.int64)
    spent = np.zeros(rows)
    result: list = [None] * rows
    live = np.arange(rows)
    no_rank = np.iinfo(np.int64).max
    while live.size:
        # Lazy evaluation, per row exactly as in _Mes.run: recompute the
        # stale prices among the cheapest until those are all up to date.
        while True:
            act = active[live]
            has = act.any(axis=1)
            if not has.all():
                for r in live[~has].tolist():
                    result[r] = orders[r, : taken[r]].tolist()
                live, act = live[has], act[has]
                if not live.size:
                    break
            values = np.where(act, rho[live], np.inf)
            tied = act & (values <= values.min(axis=1)[:, None] * (1 + TIE))
            stale = tied & ~fresh[live]
            if not stale.any():
                break
            at, qs = np.nonzero(stale)
            who = live[at]
            t = levels(mes, lay, flat, who, qs)
            rho[who, qs] = t / util[qs]
            fresh[who, qs] = True
            gone = t == np.inf
            active[who[gone], qs[gone]] = False
        if not live.size:
            break
        winner = np.where(tied, rank, no_rank).argmin(axis=1)
        _pay(lay, flat, live, winner, rho[live, winner] * util[winner])
        active[live, winner] = False
        for p in np.unique(winner).tolist():
            fresh[live[winner == p]] &= ~mes.shares(p)
        orders[live, taken[live]] = winner
        taken[live] += 1
        spent[live] += costs[winner]
        over = spent[live] > limit[live]
        if over.any():
            live = live[~over]  # their result stays None
    if with_money:
        return result, money[:, :n]
    return result


def _pay(lay: _Layout, flat: np.ndarray, who, ps, price) -> None:
    """Row who[i] pays for ps[i]: each supporter min(own money, price[i])."""
    lens = lay.k[ps]
    cells = np.repeat(who * lay.width, lens)
    cells += np.concatenate([lay.pay_cols[p] for p in ps.tolist()])
    b = np.take(flat, cells)
    np.put(flat, cells, b - np.minimum(b, np.repeat(price, lens)))
