"""Outcome rules against real elections, pabutools and abcvoting's test instances.

Data: ``<shared data>/pb/*.pb`` (Pabulib) and ``pb/reference/abcvoting_test_instances``
(see SOURCES.md and REFERENCE_RESULTS.md, section PB), read at test time.

- The official ``selected`` column: greedy by votes for Warszawa 2023 Mokotów and
  2017 Las; MES with cost utilities and Add1 for Wieliczka 2023 (30 winners,
  995 079 PLN, endowment ≈ 315.84 PLN).
- pabutools 1.2.3 (``greedy_utilitarian_welfare``, ``method_of_equal_shares``
  with ``Cost_Sat`` and ``Cardinality_Sat``, given our tie-breaking rule) gives the
  same winners on every file in pb/.
- abcvoting instances (unit costs, budget = committee size): greedy is among the
  committees listed for ``av``, MES with greedy completion among those for
  ``equal-shares-with-av-completion``, compared on the projects someone approves,
  as pabutools' own test does. ``equal-shares`` (seq-Phragmén completion) and
  ``equal-shares-with-increment-completion`` (increments of budget/100, not one
  currency unit) have no counterpart here.
"""

import ast
import re

import numpy as np
import pytest

from platskraft.analysis.budgeting import Profile, equal_shares, greedy
from platskraft.analysis.budgeting.mes import _Mes
from platskraft.analysis.pabulib import read_pb

FILES = [
    "Poland_Warszawa_2023_Mokotow",
    "Poland_Warszawa_2017_Las",
    "Poland_Wieliczka_2023_Green_Budget",
    "France_Toulouse_2019",
]


def load(shared_data, name):
    election = read_pb(shared_data / "pb" / f"{name}.pb")
    points = None if election.vote_type == "approval" else election.points
    profile = Profile.from_csr(
        election.costs, election.budget, election.indptr, election.indices, points
    )
    return election, profile


def ids(election, outcome):
    return sorted(election.project_ids[k] for k in outcome.winners)


def official(election):
    return sorted(np.asarray(election.project_ids)[election.selected].tolist())


@pytest.mark.parametrize("name", ["Poland_Warszawa_2023_Mokotow", "Poland_Warszawa_2017_Las"])
def test_greedy_reproduces_the_official_outcome(shared_data, name):
    election, profile = load(shared_data, name)
    assert ids(election, greedy(profile)) == official(election)
    assert profile.votes.tolist() == [float(v) for v in election.project_column("votes")]


def test_wieliczka_mes_cost_add1_reproduces_the_official_outcome(shared_data):
    election, profile = load(shared_data, "Poland_Wieliczka_2023_Green_Budget")
    out = equal_shares(profile, utility="cost", completion="add1")
    assert ids(election, out) == official(election)
    assert len(out.winners) == 30 and out.total_cost == 995_079
    assert out.endowment == pytest.approx(1_000_000 / 6586 + 164)  # ≈ 315.84
    assert out.endowment == pytest.approx(315.84, abs=0.01)
    # Unit utilities do not give the official outcome (REFERENCE_RESULTS.md).
    unit = equal_shares(profile, utility="unit", completion="add1")
    assert ids(election, unit) != official(election)
    # pabutools' variant stops at the first exhaustive outcome, earlier.
    early = equal_shares(profile, utility="cost", completion="add1", until_exhaustive=True)
    assert early.endowment == pytest.approx(1_000_000 / 6586 + 150)
    assert len(early.winners) == 31 and early.total_cost == 984_579


def test_add1_is_the_step_by_step_definition(shared_data):
    """The Add1 loop against a plain loop over MES runs on Las and Wieliczka."""
    for name in ("Poland_Warszawa_2017_Las", "Poland_Wieliczka_2023_Green_Budget"):
        _, profile = load(shared_data, name)
        mes = _Mes(profile, "cost", None)
        start = profile.budget / profile.n_voters
        step, kept, everything = 0, None, int((profile.supporters > 0).sum())
        while True:
            order = mes.run(start + step)[0]
            if profile.costs[order].sum() > profile.budget:
                step -= 1
                break
            kept = sorted(order)
            if len(order) == everything:  # all bought: nothing more to raise for
                break
            step += 1
        out = equal_shares(profile, completion="add1")
        assert sorted(out.order) == kept
        assert out.increments == step


def pabutools_outcomes(shared_data, name, profile, election):
    pabutools = pytest.importorskip("pabutools")
    from pabutools.election import Cardinality_Sat, Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    assert pabutools.__version__ if hasattr(pabutools, "__version__") else True
    instance, prof = parse_pabulib(str(shared_data / "pb" / f"{name}.pb"))
    where = {pid: k for k, pid in enumerate(election.project_ids)}
    # Our documented rule: more votes, then lower cost, then file order.
    ours = TieBreakingRule(
        lambda _i, _p, project: (
            -profile.votes[where[project.name]],
            profile.costs[where[project.name]],
            where[project.name],
        )
    )
    for sat, utility, by in ((Cost_Sat, "cost", "cost"), (Cardinality_Sat, "unit", "unit")):
        mes = method_of_equal_shares(instance, prof, sat_class=sat, tie_breaking=ours)
        yield f"mes-{utility}", sorted(p.name for p in mes), equal_shares(profile, utility=utility)
        gr = greedy_utilitarian_welfare(instance, prof, sat_class=sat, tie_breaking=ours)
        yield f"greedy-{by}", sorted(p.name for p in gr), greedy(profile, by=by)


@pytest.mark.parametrize("name", FILES)
def test_agrees_with_pabutools(shared_data, name):
    election, profile = load(shared_data, name)
    for rule, theirs, ours in pabutools_outcomes(shared_data, name, profile, election):
        assert ids(election, ours) == theirs, rule
    if election.vote_type == "approval":  # Cost_Sat greedy is greedy by votes
        assert ids(election, greedy(profile)) == ids(election, greedy(profile, by="cost"))


def read_abc(path):
    """The few fields we need from an abcvoting .abc.yaml file (no YAML library)."""
    text = path.read_text()
    # Long lists wrap over several lines.
    ballots = ast.literal_eval(re.search(r"^profile:(.*?)^num_cand:", text, re.M | re.S).group(1))
    m = int(re.search(r"^num_cand: (\d+)$", text, re.M).group(1))
    k = int(re.search(r"^committeesize: (\d+)$", text, re.M).group(1))
    results = {}
    for rule, result, resolute in re.findall(
        r"^- rule_id: (\S+)\n  result:(.*?)\n  resolute: (true|false)$", text, re.M | re.S
    ):
        if resolute == "false" and result.strip():
            results[rule] = ast.literal_eval(result)
    matrix = np.zeros((len(ballots), m), dtype=bool)
    for i, ballot in enumerate(ballots):
        matrix[i, ballot] = True
    return Profile(costs=np.ones(m), budget=k, points=matrix), results


def abc_files(shared_data):
    folder = shared_data / "pb" / "reference" / "abcvoting_test_instances"
    files = sorted(folder.glob("*.abc.yaml"))
    assert len(files) == 84
    return files


def test_abcvoting_instances(shared_data):
    checked = 0
    for path in abc_files(shared_data):
        profile, results = read_abc(path)
        supported = set(np.flatnonzero(profile.supporters > 0).tolist())

        def on_supported(committees, supported=supported):
            return {tuple(sorted(set(c) & supported)) for c in committees}

        def committee(outcome, supported=supported):
            return tuple(sorted(set(outcome.winners.tolist()) & supported))

        assert committee(greedy(profile)) in on_supported(results["av"]), path.name
        listed = on_supported(results["equal-shares-with-av-completion"])
        for utility in ("cost", "unit"):
            out = equal_shares(profile, utility=utility, completion="greedy")
            assert committee(out) in listed, (path.name, utility)
        checked += 1
    assert checked == 84
