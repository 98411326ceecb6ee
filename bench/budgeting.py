"""Speed of the participatory-budgeting rules against pabutools, in one process.

Instances:

- Mokotów: ``../shared/data/pb/Poland_Warszawa_2023_Mokotow.pb`` (Warszawa 2023,
  11 067 approval ballots, 81 projects, 8 697 250 PLN), the largest real file here.
- Synthetic: 100 000 voters × 150 projects (seed 7): project costs log-uniform
  between 5 000 and 500 000, each voter approves 1–15 projects drawn with
  Zipf-like popularity; budget = a third of the total cost.

Figures (seconds are wall time; ours: median of 3 runs after a first, untimed
one, so that numba's compiled code is loaded, or compiled when its cache is missing;
pabutools: one run):

- ``greedy_mokotow_s`` / ``pabutools_greedy_mokotow_s``: greedy by votes
  (pabutools ``greedy_utilitarian_welfare`` with ``Cost_Sat``).
- ``mes_mokotow_s`` / ``pabutools_mes_mokotow_s``: MES with cost utilities, no
  completion (ours with its per-project explanations);
  ``mes_speedup_vs_pabutools`` is their ratio (target at least 100).
- ``mes_unit_mokotow_s``: MES with unit utilities.
- ``mes_add1_mokotow_s``: MES with cost utilities and Add1 completion, every
  step run (each a compiled MES run, bit for bit the numpy reference; target
  under 0.2 s); ``mes_add1_mokotow_cpu_s`` the same in CPU time of this
  process (the least of the 3 runs), which a busy or throttled machine
  disturbs less than wall time; ``mes_add1_mokotow_steps`` how many whole PLN
  per voter Add1 added, so how many MES runs it took (steps + 2).
- ``*_synthetic_s``: the same on the synthetic instance, and
  ``synthetic_mes_speedup_vs_pabutools``.
- ``*_vs_target``: below 1.00 (time) or above 1.00 (speed-up) meets the target.

Outcomes are asserted equal to pabutools' (both given our tie-breaking rule:
more votes, then lower cost, then file order) before any figure is printed.
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np
from pabutools.election import (
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    Instance,
    Project,
    parse_pabulib,
)
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from platskraft.analysis.budgeting import Profile, equal_shares, greedy  # noqa: E402
from platskraft.analysis.pabulib import read_pb  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
MOKOTOW = SHARED / "pb" / "Poland_Warszawa_2023_Mokotow.pb"
TARGET_ADD1_S = 0.2
TARGET_SPEEDUP = 100.0


def timed(fn, repeat=3, cpu=None):
    """Median wall time of ``repeat`` runs after an untimed first one (which
    loads or compiles the compiled code); with ``cpu`` a dict, also the least
    CPU time of this process under ``cpu["s"]``."""
    result = fn()
    times, cpu_times = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - start_cpu)
    if cpu is not None:
        cpu["s"] = min(cpu_times)
    return statistics.median(times), result


def tie_rule(profile, names):
    where = {name: k for k, name in enumerate(names)}
    return TieBreakingRule(
        lambda _i, _p, project: (
            -profile.votes[where[project.name]],
            profile.costs[where[project.name]],
            where[project.name],
        )
    )


def synthetic(n=100_000, m=150, seed=7):
    rng = np.random.default_rng(seed)
    costs = np.round(np.exp(rng.uniform(np.log(5_000), np.log(500_000), m)), -2)
    popularity = 1 / np.arange(1, m + 1) ** 0.8
    popularity = rng.permutation(popularity / popularity.sum())
    sizes = rng.integers(1, 16, n)
    matrix = np.zeros((n, m), dtype=bool)
    for size in range(1, 16):
        rows = np.flatnonzero(sizes == size)
        # Gumbel top-k: `size` distinct projects per voter, weighted by popularity.
        keys = np.log(popularity) + rng.gumbel(size=(rows.size, m))
        picks = np.argpartition(-keys, size - 1, axis=1)[:, :size]
        matrix[rows[:, None], picks] = True
    return Profile(costs=costs, budget=float(costs.sum() // 3), points=matrix)


def to_pabutools(profile):
    names = [str(k) for k in range(profile.n_projects)]
    instance = Instance(budget_limit=int(profile.budget))
    projects = [Project(name, int(cost)) for name, cost in zip(names, profile.costs, strict=True)]
    instance.update(projects)
    ballots = ApprovalProfile(
        [ApprovalBallot([projects[k] for k in np.flatnonzero(row)]) for row in profile.approvals],
        instance=instance,
    )
    return instance, ballots, names


def compare(label, profile, instance, ballots, names, figures):
    tb = tie_rule(profile, names)

    def ours(outcome):
        return sorted(names[k] for k in outcome.winners)

    t, out = timed(lambda: greedy(profile))
    start = time.perf_counter()
    theirs = greedy_utilitarian_welfare(instance, ballots, sat_class=Cost_Sat, tie_breaking=tb)
    t_pabu = time.perf_counter() - start
    assert ours(out) == sorted(p.name for p in theirs), f"greedy differs on {label}"
    figures[f"greedy_{label}_s"] = t
    figures[f"pabutools_greedy_{label}_s"] = t_pabu

    t, out = timed(lambda: equal_shares(profile, utility="cost"))
    start = time.perf_counter()
    theirs = method_of_equal_shares(instance, ballots, sat_class=Cost_Sat, tie_breaking=tb)
    t_pabu = time.perf_counter() - start
    assert ours(out) == sorted(p.name for p in theirs), f"MES differs on {label}"
    figures[f"mes_{label}_s"] = t
    figures[f"pabutools_mes_{label}_s"] = t_pabu

    figures[f"mes_unit_{label}_s"] = timed(lambda: equal_shares(profile, utility="unit"))[0]
    cpu = {}
    t, out = timed(lambda: equal_shares(profile, utility="cost", completion="add1"), cpu=cpu)
    figures[f"mes_add1_{label}_s"] = t
    figures[f"mes_add1_{label}_cpu_s"] = cpu["s"]
    figures[f"mes_add1_{label}_steps"] = out.increments
    assert out.total_cost <= profile.budget


def main():
    figures = {}
    election = read_pb(MOKOTOW)
    profile = Profile.from_csr(election.costs, election.budget, election.indptr, election.indices)
    instance, ballots = parse_pabulib(str(MOKOTOW))
    compare("mokotow", profile, instance, ballots, election.project_ids, figures)
    figures["mes_speedup_vs_pabutools"] = (
        figures["pabutools_mes_mokotow_s"] / figures["mes_mokotow_s"]
    )

    big = synthetic()
    instance, ballots, names = to_pabutools(big)
    compare("synthetic", big, instance, ballots, names, figures)
    figures["synthetic_mes_speedup_vs_pabutools"] = (
        figures["pabutools_mes_synthetic_s"] / figures["mes_synthetic_s"]
    )
    figures["mes_add1_mokotow_vs_target"] = figures["mes_add1_mokotow_s"] / TARGET_ADD1_S
    figures["mes_speedup_vs_target"] = figures["mes_speedup_vs_pabutools"] / TARGET_SPEEDUP
    for name, value in figures.items():
        print(f"{name}: {value}" if isinstance(value, int) else f"{name}: {value:.4f}")


if __name__ == "__main__":
    main()
