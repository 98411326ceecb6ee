"""Add1 a block of endowments at a time against the plain step-by-step loop.

``add1_steps`` runs many endowments side by side (``blockrun``) and must give
the very same answer as ``add1_steps_plain`` (one ``_Mes.run`` per step) on
every instance; ``run_block`` must reproduce ``_Mes.run`` bit for bit (order
and every voter's money), including its sums, its lazy evaluation, the
just-affordable case and runs cut short by the budget.
"""

import numpy as np
import pytest

from platskraft.analysis.budgeting import Profile, equal_shares
from platskraft.analysis.budgeting.add1 import add1_steps, add1_steps_plain
from platskraft.analysis.budgeting.blockrun import _Layout, levels, run_block, segment_sums
from platskraft.analysis.budgeting.mes import TIE, _Mes
from platskraft.analysis.pabulib import read_pb

# Pabulib files whose plain Add1 takes a fraction of a second (Mokotów, ~2 s
# per utility, is checked on a sample of endowments below).
SMALL_FILES = [
    "Poland_Warszawa_2017_Las",
    "Poland_Wieliczka_2023_Green_Budget",
    "France_Toulouse_2019",
]


def load(shared_data, name):
    election = read_pb(shared_data / "pb" / f"{name}.pb")
    points = None if election.vote_type == "approval" else election.points
    return Profile.from_csr(
        election.costs, election.budget, election.indptr, election.indices, points
    )


def random_profile(seed):
    """Small instances with many ties: few distinct costs, duplicated
    projects, duplicated ballots; the budget a random share of the total."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(5, 120)), int(rng.integers(2, 14))
    costs = rng.choice([10.0, 20.0, 25.0, 40.0, 100.0, 250.0], size=m)
    if seed % 3 == 0:
        costs = np.round(np.exp(rng.uniform(np.log(5), np.log(500), m)), 2)
    matrix = rng.random((n, m)) < rng.uniform(0.1, 0.7)
    if m > 2:  # a duplicated project: ties in everything but file order
        matrix[:, 1], costs[1] = matrix[:, 0], costs[0]
    matrix[n // 2 :] = matrix[: n - n // 2] if seed % 2 else matrix[n // 2 :]
    budget = float(np.round(costs.sum() * rng.uniform(0.15, 0.9), 1))
    return Profile(costs=costs, budget=budget, points=matrix)


def test_segment_sums_add_like_numpy_sum():
    rng = np.random.default_rng(0)
    lengths = [*range(0, 300), 511, 1000, 1024, 4097, 11_067, 20_000, 100_003]
    values = [rng.random(n) * 10.0 ** rng.uniform(-3, 3, n) for n in lengths]
    laid = np.concatenate([np.concatenate([[0.0], v]) for v in values])
    heads = np.cumsum([0] + [n + 1 for n in lengths[:-1]])
    got = segment_sums(laid, heads)
    assert [float(x) for x in got] == [float(v.sum()) for v in values]


def test_levels_match_the_single_price_computation():
    rng = np.random.default_rng(1)
    for seed in range(12):
        profile = random_profile(seed)
        for utility in ("cost", "unit"):
            mes = _Mes(profile, utility, None)
            lay = _Layout(mes)
            rows, n, m = 6, profile.n_voters, profile.n_projects
            money = np.zeros((rows, n + 1))
            money[:, :n] = rng.choice([0.0, 1.0, 2.5, 3.0], size=(rows, n)) * rng.uniform(
                0, 30, size=(rows, n)
            )
            # Row 0: for every project, its supporters hold just under its
            # cost (everybody pays all); row 1: just over it.
            for row, scale in ((0, 1 - TIE / 10), (1, 1 + 1e-12)):
                for q in range(m):
                    sup = mes.supporters(q)
                    if sup.size:
                        money[row, sup] = profile.costs[q] / sup.size * scale
            who, qs = np.divmod(np.arange(rows * m), m)
            keep = profile.supporters[qs] > 0
            who, qs = who[keep], qs[keep]
            got = levels(mes, lay, money.ravel(), who, qs)
            want = [mes.level(q, money[r, :n]) for r, q in zip(who, qs, strict=True)]
            assert got.tolist() == want


@pytest.mark.parametrize("utility", ["cost", "unit"])
def test_run_block_repeats_run_bit_for_bit(utility):
    for seed in range(25):
        profile = random_profile(seed)
        mes = _Mes(profile, utility, seed if seed % 4 == 0 else None)
        start = profile.budget / profile.n_voters
        endowments = [start + 0.37 * j for j in range(12)]
        limits = [None if j % 3 == 0 else profile.budget for j in range(12)]
        orders, money = run_block(mes, endowments, limits, with_money=True)
        for j, e in enumerate(endowments):
            one = mes.run(e, limit=limits[j])
            assert orders[j] == (None if one is None else one[0]), (seed, j)
            if one is not None:
                assert np.array_equal(money[j], one[1]), (seed, j)


@pytest.mark.parametrize("utility", ["cost", "unit"])
def test_add1_matches_the_plain_loop_on_random_instances(utility):
    checked = 0
    for seed in range(40):
        profile = random_profile(seed)
        mes = _Mes(profile, utility, seed if seed % 5 == 0 else None)
        start = profile.budget / profile.n_voters
        for exhaustive in (False, True):
            want = add1_steps_plain(mes, start, until_exhaustive=exhaustive)
            assert add1_steps(mes, start, until_exhaustive=exhaustive) == want, seed
            checked += want > 8  # a few blocks deep
    assert checked >= 10


@pytest.mark.parametrize("name", SMALL_FILES)
def test_add1_matches_the_plain_loop_on_pabulib_files(shared_data, name):
    profile = load(shared_data, name)
    start = profile.budget / profile.n_voters
    for utility in ("cost", "unit"):
        mes = _Mes(profile, utility, None)
        want = add1_steps_plain(mes, start)
        assert add1_steps(mes, start) == want, utility
        assert equal_shares(profile, utility=utility, completion="add1").increments == want
    mes = _Mes(profile, "cost", None)
    want = add1_steps_plain(mes, start, until_exhaustive=True)
    assert add1_steps(mes, start, until_exhaustive=True) == want


def test_run_block_on_mokotow_endowments(shared_data):
    """The largest file, where Add1 takes 359 steps: a sample of them, and
    the steps around where the loop stops."""
    profile = load(shared_data, "Poland_Warszawa_2023_Mokotow")
    mes = _Mes(profile, "cost", None)
    start = profile.budget / profile.n_voters
    steps = [0, 1, 57, 130, 131, 132, 250, 358, 359, 360]
    endowments = [start if j == 0 else start + (j - 1) + 1 for j in steps]
    limits = [None if j == 0 else profile.budget for j in steps]
    orders, money = run_block(mes, endowments, limits, with_money=True)
    for j, e, limit, order, row in zip(steps, endowments, limits, orders, money, strict=True):
        one = mes.run(e, limit=limit)
        assert order == (None if one is None else one[0]), j
        if one is not None:
            assert np.array_equal(row, one[1]), j
    assert orders[-2] is not None and orders[-1] is None  # 359 fits, 360 does not
