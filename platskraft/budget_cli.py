"""``platskraft budget-outcome FILE.pb --rule RULE``: outcome rules for analysts.

Runs without a database and without Django settings: ``platskraft.cli``
hands the arguments here before it sets Django up. Prints the selected
project ids one per line in the file's order, and nothing else; with
``--explain`` a tab-separated table instead (project, selected, votes, cost,
explanation). Errors go to standard error with exit code 2.
"""

from __future__ import annotations

import argparse
import sys

from platskraft.analysis.budgeting import RULES, Profile, describe, outcome_for_rule
from platskraft.analysis.pabulib import PabulibError, read_pb


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="platskraft budget-outcome",
        description="Compute a participatory-budgeting outcome from a Pabulib .pb file.",
    )
    parser.add_argument("file", help="the .pb file")
    parser.add_argument(
        "--rule",
        required=True,
        choices=RULES,
        help="greedy-threshold uses the file's min_project_score_threshold when present",
    )
    parser.add_argument("--explain", action="store_true", help="print why each project won or lost")
    parser.add_argument("--seed", type=int, help="seed for the last tie-breaking step")
    return parser


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # exits with 2 on bad arguments
    try:
        election = read_pb(args.file)
    except OSError as error:
        print(
            f"platskraft budget-outcome: cannot read {args.file}: {error.strerror}", file=sys.stderr
        )
        return 2
    except PabulibError as error:
        print(f"platskraft budget-outcome: {args.file}: {error}", file=sys.stderr)
        return 2
    points = None if election.vote_type == "approval" else election.points
    profile = Profile.from_csr(
        election.costs, election.budget, election.indptr, election.indices, points
    )
    outcome = outcome_for_rule(profile, args.rule, threshold=election.threshold, seed=args.seed)
    ids = election.project_ids
    if not args.explain:
        sys.stdout.write("".join(f"{ids[k]}\n" for k in outcome.winners))
        return 0
    lines = ["project_id\tselected\tvotes\tcost\texplanation"]
    for e in outcome.explanations:
        lines.append(
            f"{ids[e.project]}\t{int(e.selected)}\t{_number(e.votes)}\t{_number(e.cost)}\t"
            f"{describe(e, ids)}"
        )
    if outcome.endowment is not None:
        lines.append(f"# endowment per voter: {outcome.endowment:.2f}")
    lines.append(f"# total cost: {_number(outcome.total_cost)} of {_number(election.budget)}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
