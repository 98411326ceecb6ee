"""The compiled MES run and Add1 search against the numpy reference.

``mes_jit`` repeats ``_Mes.run`` operation for operation in compiled loops and
must reproduce it bit for bit: its sums equal numpy's ``sum`` for every
length, its payment levels ``_Mes.level`` (the just-affordable case too), its
runs the order and every voter's money and payment of ``_Mes.run`` (runs cut
short by the budget too), and ``add1_steps`` must give the very same answer
as ``add1_steps_plain`` (one ``_Mes.run`` per step) on random instances, the
Pabulib files and abcvoting's test instances.
"""

import numpy as np
import pytest

from platskraft.analysis.budgeting import Profile, equal_shares, mes_jit
from platskraft.analysis.budgeting.add1 import add1_steps, add1_steps_plain
from platskraft.analysis.budgeting.mes import TIE, _Mes
from platskraft.analysis.pabulib import read_pb
from platskraft.analysis.tests.test_budgeting_reference import abc_files, read_abc

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


def large_profile(seed, n=3000, m=25):
    """Supporter lists of several hundred voters (summed in several halves),
    each voter approving a handful of projects."""
    rng = np.random.default_rng(seed)
    costs = np.round(np.exp(rng.uniform(np.log(1_000), np.log(200_000), m)), -2)
    popularity = rng.dirichlet(np.full(m, 0.7))
    matrix = np.zeros((n, m), dtype=bool)
    for i, size in enumerate(rng.integers(1, 7, n)):
        matrix[i, rng.choice(m, size=size, replace=False, p=popularity)] = True
    return Profile(costs=costs, budget=float(costs.sum() // 3), points=matrix)


def same_run(got, want):
    """Equal outcomes of one run, bit for bit: order, money, every payment."""
    if got is None or want is None:
        return got is None and want is None
    (order, money, pays), (order_, money_, pays_) = got, want
    return (
        order == order_
        and np.array_equal(money, money_)
        and len(pays) == len(pays_)
        and all(
            p == p_ and np.array_equal(i, i_) and np.array_equal(a, a_) and r == r_
            for (p, i, a, r), (p_, i_, a_, r_) in zip(pays, pays_, strict=True)
        )
    )


def test_pairwise_sum_adds_like_numpy_sum():
    rng = np.random.default_rng(0)
    stack, partial = np.zeros((mes_jit.DEPTH, 3), dtype=np.int64), np.zeros(mes_jit.DEPTH)
    lengths = [*range(0, 300), 383, 384, 385, 511, 1000, 1024, 4097, 8191, 8192, 8193]
    lengths += [11_067, 20_000, 100_003, 1_000_001]
    for n in lengths:
        values = rng.random(n + 3) * 10.0 ** rng.uniform(-3, 3, n + 3)
        for lo in (0, 3):  # from the start of the array and from inside it
            got = mes_jit.pairwise_sum(values, lo, n, stack, partial)
            assert got == float(values[lo : lo + n].sum()), (n, lo)


def test_taking_out_the_poor_keeps_their_order():
    """Both ways of taking out the values below t (vector: AVX-512 compress,
    used where the processor has it; scalar: elsewhere) give numpy's
    ``b[b < t]``, whichever one ``level`` uses here."""
    rng = np.random.default_rng(2)
    for k in [*range(0, 40), 127, 1000, 3001]:
        b = rng.choice([0.0, 1.0, 2.0, 3.5], size=k) * rng.uniform(0, 2, size=k)
        for t in (0.0, 1.0, 2.5, 100.0, *b[:3]):
            want = b[b < t]
            for poor in (mes_jit.poor_scalar, mes_jit.poor_vector):
                c = np.full(k, np.nan)
                moved = poor(b, k, t, c)
                assert moved == want.size and np.array_equal(c[:moved], want), (k, t, poor)
    assert mes_jit.poor in (mes_jit.poor_scalar, mes_jit.poor_vector)


def test_levels_match_the_single_price_computation():
    rng = np.random.default_rng(1)
    for seed in range(16):
        profile = random_profile(seed) if seed < 12 else large_profile(seed)
        n, m = profile.n_voters, profile.n_projects
        for utility in ("cost", "unit"):
            mes = _Mes(profile, utility, None)
            problem = mes_jit.problem_of(mes)
            ptr, sup = problem[4], problem[5]
            work = mes_jit.workspace(problem, n)
            b, c, stack, partial = work[1:5]
            for row in range(6):
                money = rng.choice([0.0, 1.0, 2.5, 3.0], size=n) * rng.uniform(0, 30, size=n)
                if row < 2:
                    # Row 0: for every project, its supporters hold just under
                    # its cost (everybody pays all); row 1: just over it.
                    scale = 1 - TIE / 10 if row == 0 else 1 + 1e-12
                    for q in range(m):
                        who = mes.supporters(q)
                        if who.size:
                            money[who] = profile.costs[q] / who.size * scale
                for q in np.flatnonzero(profile.supporters > 0).tolist():
                    want = mes.level(q, money)
                    got = mes_jit.level(q, profile.costs[q], ptr, sup, money, b, c, stack, partial)
                    assert got == want, (seed, utility, row, q)


@pytest.mark.parametrize("utility", ["cost", "unit"])
def test_compiled_run_repeats_run_bit_for_bit(utility):
    for seed in range(30):
        profile = random_profile(seed) if seed < 25 else large_profile(seed)
        mes = _Mes(profile, utility, seed if seed % 4 == 0 else None)
        start = profile.budget / profile.n_voters
        for j in range(12):
            e = start + 0.37 * j
            limit = None if j % 3 == 0 else profile.budget
            want = mes.run(e, limit=limit, record=True)
            got = mes_jit.run_mes(mes, e, limit=limit, record=True)
            assert same_run(got, want), (seed, j)
            if want is not None:
                assert mes_jit.run_mes(mes, e, limit=limit)[0] == want[0]


def test_shares_are_the_projects_with_a_supporter_in_common():
    for seed in range(10):
        profile = random_profile(seed)
        mes = _Mes(profile, "cost", None)
        want = np.array([mes.shares(p) for p in range(profile.n_projects)])
        assert np.array_equal(mes_jit.problem_of(mes)[6], want)


@pytest.mark.parametrize("utility", ["cost", "unit"])
def test_add1_matches_the_plain_loop_on_random_instances(utility):
    checked = 0
    for seed in range(42):
        profile = random_profile(seed) if seed < 40 else large_profile(seed, n=600)
        mes = _Mes(profile, utility, seed if seed % 5 == 0 else None)
        start = profile.budget / profile.n_voters
        for exhaustive in (False, True):
            want = add1_steps_plain(mes, start, until_exhaustive=exhaustive)
            assert add1_steps(mes, start, until_exhaustive=exhaustive) == want, seed
            checked += want > 8  # many steps
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
        e = start + want
        assert same_run(mes_jit.run_mes(mes, e, record=True), mes.run(e, record=True))
    mes = _Mes(profile, "cost", None)
    want = add1_steps_plain(mes, start, until_exhaustive=True)
    assert add1_steps(mes, start, until_exhaustive=True) == want


def test_add1_matches_the_plain_loop_on_abcvoting_instances(shared_data):
    for path in abc_files(shared_data):
        profile, _ = read_abc(path)
        start = profile.budget / profile.n_voters
        for utility in ("cost", "unit"):
            mes = _Mes(profile, utility, None)
            for exhaustive in (False, True):
                want = add1_steps_plain(mes, start, until_exhaustive=exhaustive)
                got = add1_steps(mes, start, until_exhaustive=exhaustive)
                assert got == want, (path.name, utility, exhaustive)


@pytest.mark.parametrize("utility", ["cost", "unit"])
def test_compiled_runs_on_mokotow_endowments(shared_data, utility):
    """The largest file, where Add1 takes 359 steps (cost utilities): a
    sample of them bit for bit, and the steps around where the loop stops."""
    profile = load(shared_data, "Poland_Warszawa_2023_Mokotow")
    mes = _Mes(profile, utility, None)
    start = profile.budget / profile.n_voters
    steps = add1_steps(mes, start)
    if utility == "cost":
        assert steps == 359
    sample = sorted({0, 1, 57, 130, steps // 2, max(steps - 1, 0), steps, steps + 1})
    outcomes = []
    for j in sample:
        e = start if j == 0 else start + (j - 1) + 1
        limit = None if j == 0 else profile.budget
        want = mes.run(e, limit=limit, record=True)
        assert same_run(mes_jit.run_mes(mes, e, limit=limit, record=True), want), j
        outcomes.append(want)
    # The plain loop stops at `steps`: that run fits, the next one does not.
    assert outcomes[-2] is not None and outcomes[-1] is None
