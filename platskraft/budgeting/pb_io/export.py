"""Export of a round in the Pabulib `.pb` format (pabulib.org).

One file per district (or one for a round without districts) with META (what, where,
budget, ballot and rule), PROJECTS (the approved projects: number as project_id, cost,
votes, name, place, and `selected` once an outcome exists) and VOTES. Voters get plain
numbers 1, 2, … in the order of their keyed hash, which says nothing about who they are
or when they voted; voter keys never leave the database. While voting is open the file
has no votes: nobody, staff included, sees a running tally.
"""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from platskraft.analysis.pabulib import PbElection, format_pb

from ..models import (
    Ballot,
    BallotKind,
    Channel,
    District,
    Project,
    ProjectStatus,
    Round,
    Rule,
    Stage,
)
from ..selectors.outcome import latest_outcome, published_outcome

# Our rules as Pabulib's `rule` names them (the exact rule also goes in `platskraft_rule`).
PB_RULE = {
    Rule.GREEDY: "greedy",
    Rule.GREEDY_THRESHOLD: "greedy",
    Rule.MES_COST_ADD1: "equalshares/add1",
    Rule.MES_COST_GREEDY: "equalshares/greedy",
    Rule.MES_UNIT_ADD1: "equalshares-unit/add1",
}


# --- export -------------------------------------------------------------------------------


def votes_shown(round_: Round) -> bool:
    """Ballots go into a file unless voting is going on."""
    return round_.stage != Stage.VOTING


def _selected(round_: Round, district: District | None) -> set[int] | None:
    outcome = published_outcome(round=round_) or latest_outcome(round=round_)
    if outcome is None:
        return None
    wanted = district.pk if district else None
    for group in (outcome.data or {}).get("districts", []):
        if group.get("district") == wanted:
            return {int(pk) for pk in group.get("selected", [])}
    return None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def round_election(*, round: Round, district: District | None = None) -> PbElection:
    """The round (one district of it) as a Pabulib election."""
    projects = Project.objects.filter(round=round, status=ProjectStatus.APPROVED)
    if district is not None:
        projects = projects.filter(district=district)
    projects = list(projects.order_by("number"))
    if not projects:
        raise ValidationError(_("There are no approved projects to export yet."))
    column = {str(p.pk): k for k, p in enumerate(projects)}
    cumulative = round.ballot_kind == BallotKind.CUMULATIVE

    ballots = Ballot.objects.filter(round=round)
    if district is not None:
        ballots = ballots.filter(district=district)
    rows = list(ballots.order_by("voter_key").values_list("choices", "channel"))
    if not votes_shown(round):
        rows = []
    indptr, indices, points, methods = [0], [], [], []
    votes = np.zeros(len(projects), dtype=np.int64)
    score = np.zeros(len(projects), dtype=np.int64)
    for choices, channel in rows:
        marked = sorted(
            (column[key], int(value))
            for key, value in (choices or {}).items()
            if key in column and value
        )
        for k, value in marked:
            indices.append(k)
            points.append(value)
            votes[k] += 1
            score[k] += value
        indptr.append(len(indices))
        methods.append(["paper" if channel == Channel.PAPER else "internet"])

    budget = district.budget_sek if district is not None else round.budget_sek
    meta = {
        "description": f"{round.title}, {district.name}" if district else round.title,
        "country": "Sweden",
        "unit": round.municipality.name,
    }
    if district is not None:
        meta["district"] = district.name
    dates = [d for d in (round.voting_opens_at, round.voting_closes_at) if d]
    meta["instance"] = str((dates[0] if dates else round.created_at).year)
    meta.update(
        {
            "num_projects": str(len(projects)),
            "num_votes": str(len(rows)),
            "budget": str(budget),
            "vote_type": "cumulative" if cumulative else "approval",
            "rule": PB_RULE.get(round.rule, "equalshares/add1"),
            "platskraft_rule": round.rule,
            "tie_seed": str(round.tie_seed),
        }
    )
    if round.voting_opens_at:
        meta["date_begin"] = round.voting_opens_at.strftime("%d.%m.%Y")
    if round.voting_closes_at:
        meta["date_end"] = round.voting_closes_at.strftime("%d.%m.%Y")
    meta["min_length"] = str(round.min_projects)
    if round.max_projects:
        meta["max_length"] = str(round.max_projects)
    if round.ballot_kind == BallotKind.KNAPSACK:
        meta["max_sum_cost"] = str(budget)
    if cumulative and round.points:
        meta["max_sum_points"] = str(round.points)
    if round.rule == Rule.GREEDY_THRESHOLD and round.min_support:
        meta["min_project_score_threshold"] = str(round.min_support)
    meta.update({"language": "sv", "currency": "SEK"})

    selected = _selected(round, district)
    columns = ["votes", *(["score"] if cumulative else []), "name"]
    if selected is not None:
        columns.append("selected")
    placed = any(p.latitude is not None for p in projects)
    if placed:
        columns += ["latitude", "longitude"]
    extra = []
    for k, project in enumerate(projects):
        row = [str(votes[k]), *([str(score[k])] if cumulative else []), project.title]
        if selected is not None:
            row.append("1" if project.pk in selected else "0")
        if placed:
            row += [
                "" if project.latitude is None else repr(project.latitude),
                "" if project.longitude is None else repr(project.longitude),
            ]
        extra.append(row)
    return PbElection(
        meta=meta,
        project_ids=[str(p.number) for p in projects],
        costs=np.array([float(p.cost_sek) for p in projects], dtype=np.float64),
        voter_ids=[str(i) for i in range(1, len(rows) + 1)],
        indptr=np.array(indptr, dtype=np.int64),
        indices=np.array(indices, dtype=np.int64),
        points=np.array(points, dtype=np.float64),
        project_columns=columns,
        project_extra=extra,
        voter_columns=["voting_method"],
        voter_extra=methods,
    )


def export_pb(*, round: Round, district: District | None = None) -> str:
    return format_pb(round_election(round=round, district=district))


def export_filename(round_: Round, district: District | None = None) -> str:
    from django.utils.text import slugify

    parts = ["Sweden", round_.municipality.name, round_.title]
    if district is not None:
        parts.append(district.name)
    return "_".join(slugify(p).replace("-", "_") or "x" for p in parts) + ".pb"
