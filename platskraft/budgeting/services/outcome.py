"""Counting a round and publishing its results.

`outcome_compute` counts each district (or the whole round) on its own: its approved
projects in number order, its ballots as a points matrix, its budget, the round's rule
and tie seed (`platskraft.analysis.budgeting`). It stores, per district, the selected
projects and every project's explanation in numbers (the pages build translated
sentences from them), and greedy and the Method of Equal Shares side by side for the
comparison. An outcome is kept as computed; computing again adds a newer one. Staff
review it and `outcome_publish` makes it public.
"""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.analysis.budgeting import Profile, outcome_for_rule

from ..models import Outcome, Round, Rule, Stage, VoteEvent
from ..selectors.outcome import CountGroup, count_groups, latest_outcome

# The two rules the comparison sets side by side, unless the round's rule is one of them.
GREEDY_DEFAULT = Rule.GREEDY.value
MES_DEFAULT = Rule.MES_COST_ADD1.value


def _threshold(round: Round, rule: str) -> float | None:
    if rule == Rule.GREEDY_THRESHOLD and round.min_support is not None:
        return float(round.min_support)
    return None


def _run(profile: Profile, round: Round, rule: str):
    return outcome_for_rule(profile, rule, threshold=_threshold(round, rule), seed=round.tie_seed)


def _amount(value: float | None) -> float | None:
    return None if value is None else float(np.round(value, 2))


def _whole(value: float) -> int:
    return int(np.rint(value))


def _reach(profile: Profile, selected: np.ndarray) -> dict:
    """The comparison's figures for one outcome."""
    voters = profile.n_voters
    reached = int(profile.approvals[:, selected].any(axis=1).sum()) if voters else 0
    return {
        "projects": int(selected.sum()),
        "cost": _whole(profile.costs[selected].sum()),
        "voters_reached": reached,
        "share_reached": reached / voters if voters else None,
    }


def _comparison(profile: Profile, round: Round, chosen, pks: list[int]) -> dict:
    rules_ = {
        "greedy": round.rule if round.rule.startswith("greedy") else GREEDY_DEFAULT,
        "mes": round.rule if round.rule.startswith("mes") else MES_DEFAULT,
    }
    found = {}
    for side, rule in rules_.items():
        result = chosen if rule == round.rule else _run(profile, round, rule)
        found[side] = {
            "rule": rule,
            "selected": [pks[j] for j in np.flatnonzero(result.selected)],
            **_reach(profile, result.selected),
        }
    return found


def _group_data(group: CountGroup, round: Round) -> dict:
    pks = [p.pk for p in group.projects]
    profile = Profile(
        costs=np.array([p.cost_sek for p in group.projects], dtype=np.float64),
        budget=float(group.budget),
        points=group.points,
    )
    result = _run(profile, round, round.rule)
    # Every project's place in the order greedy considers them (most votes first, ties
    # broken as the rules break them), for the explanations of greedy outcomes.
    order = np.lexsort((profile.tie_rank(round.tie_seed), -profile.votes))
    rank = np.empty(len(pks), dtype=np.int64)
    rank[order] = np.arange(1, len(pks) + 1)
    projects = {}
    for e, project in zip(result.explanations, group.projects, strict=True):
        projects[str(project.pk)] = {
            "number": project.number,
            "title": project.title,
            "cost": int(project.cost_sek),
            "votes": _whole(e.votes),
            "supporters": e.supporters,
            "selected": bool(e.selected),
            "reason": e.reason,
            "stage": e.stage,
            "round": e.round,
            "rank": int(rank[e.project]),
            "payers": e.payers,
            "payment_min": _amount(e.payment_min),
            "payment_max": _amount(e.payment_max),
            "payment_total": _amount(e.payment_total),
            "rho": e.rho,
            "money_start": _amount(e.money_start),
            "money_left": _amount(e.money_left),
            "budget_left": _amount(e.budget_left),
            "spent_on": [[pks[q], _amount(a)] for q, a in e.spent_on],
        }
    return {
        "district": group.district.pk if group.district else None,
        "name": group.name,
        "budget": int(group.budget),
        "voters": profile.n_voters,
        "selected": [pks[j] for j in result.order],
        "total_cost": _whole(result.total_cost),
        "endowment": _amount(result.endowment),
        "increments": result.increments,
        "projects": projects,
        "comparison": _comparison(profile, round, result, pks),
    }


@transaction.atomic
def outcome_compute(*, round: Round, by) -> Outcome:
    """Count the round with its rule (voting must be closed: stage counting)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.stage != Stage.COUNTING:
        raise ValidationError(
            _("The votes can be counted once voting has closed (the round is in “counting”).")
        )
    groups = count_groups(round=round)
    if not groups:
        raise ValidationError(_("There are no approved projects to count."))
    districts = [_group_data(group, round) for group in groups]
    outcome = Outcome.objects.create(
        round=round,
        rule=round.rule,
        computed_by=by,
        ballots=round.ballots.count(),
        data={
            "rule": round.rule,
            "seed": round.tie_seed,
            "threshold": round.min_support if round.rule == Rule.GREEDY_THRESHOLD else None,
            "ballot_kind": round.ballot_kind,
            "districts": districts,
        },
    )
    VoteEvent.objects.create(
        round=round,
        kind=VoteEvent.Kind.COMPUTED,
        staff=by,
        note=_("Rule %(rule)s, seed %(seed)s") % {"rule": round.rule, "seed": round.tie_seed},
    )
    return outcome


@transaction.atomic
def outcome_publish(*, outcome: Outcome, by) -> Outcome:
    """Publish the round's newest outcome; the round moves to its results stage."""
    round = Round.objects.select_for_update().get(pk=outcome.round_id)
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if round.stage != Stage.COUNTING:
        raise ValidationError(_("Results can be published while the round is in “counting”."))
    newest = latest_outcome(round=round)
    if newest is None or newest.pk != outcome.pk:
        raise ValidationError(
            _("The votes were counted again since; review the newest count and publish that.")
        )
    outcome.published_at = timezone.now()
    outcome.save(update_fields=["published_at"])
    round.stage = Stage.RESULTS
    round.save(update_fields=["stage", "updated_at"])
    VoteEvent.objects.create(round=round, kind=VoteEvent.Kind.PUBLISHED, staff=by)
    return outcome
