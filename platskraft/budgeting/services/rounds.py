"""Writes for rounds and their districts, and moving a round through its stages.

Stages go forward one step at a time: draft → ideas → review → voting → counting; the
results stage is reached only by publishing an outcome (`outcome.outcome_publish`).
A round may go back to an earlier stage, except:

* published results are final;
* once ballots are cast, not back before voting (the projects on the ballot are fixed);
* back to voting only while the closing time (if any) is still ahead.

Going to voting needs a ballot that can be cast: approved projects (each with a cost
that fits its budget) in the round, or in every district that has projects, and a
district for every approved project when the round has districts. Going to counting
closes voting (the closing time is set to now unless it has passed).

Once ballots are cast, what shapes a ballot (its kind, budgets, number of projects,
points) no longer changes, so no cast ballot becomes invalid.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Ballot,
    BallotKind,
    District,
    PaperEntry,
    Project,
    ProjectStatus,
    Round,
    Rule,
    Stage,
    VoteEvent,
    VotingCode,
)
from .common import event, locked_round, sek

STAGES = list(Stage.values)

ROUND_FIELDS = frozenset(
    {
        "title",
        "description",
        "budget_sek",
        "ballot_kind",
        "min_projects",
        "max_projects",
        "points",
        "eligibility",
        "min_age",
        "min_support",
        "rule",
        "tie_seed",
        "voting_opens_at",
        "voting_closes_at",
        "is_demo",
    }
)
# Fields that shape a ballot: fixed once a ballot is cast.
BALLOT_FIELDS = frozenset({"budget_sek", "ballot_kind", "min_projects", "max_projects", "points"})


def _unknown(fields: dict, allowed) -> None:
    if unknown := set(fields) - set(allowed):
        raise TypeError(f"Unknown round fields: {', '.join(sorted(unknown))}")


def _settings_errors(round: Round) -> dict[str, str]:
    """The rules between fields that a model field cannot check alone."""
    errors = {}
    if round.ballot_kind == BallotKind.K_APPROVAL and not round.max_projects:
        errors["max_projects"] = _("Say how many projects a voter may choose at most.")
    if round.ballot_kind == BallotKind.CUMULATIVE and not round.points:
        errors["points"] = _("Say how many points each voter spreads.")
    if round.max_projects is not None and round.max_projects < (round.min_projects or 0):
        errors["max_projects"] = _("The most projects cannot be fewer than the fewest.")
    if (
        round.voting_opens_at
        and round.voting_closes_at
        and round.voting_closes_at <= round.voting_opens_at
    ):
        errors["voting_closes_at"] = _("Voting must close after it opens.")
    if round.rule == Rule.GREEDY_THRESHOLD and round.min_support is None:
        errors["min_support"] = _("Say how many votes a project needs at least to be funded.")
    return errors


def _save(round: Round) -> Round:
    errors = {}
    try:
        round.full_clean(exclude=["municipality", "process"])
    except ValidationError as error:
        errors = error.message_dict
    for field, message in _settings_errors(round).items():
        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)
    round.save()
    return round


def _check_process(municipality, process) -> None:
    if process is None or process.municipality_id != municipality.pk:
        raise ValidationError({"process": _("Choose a process of this municipality.")})


@transaction.atomic
def round_create(*, municipality, process, by, **fields) -> Round:
    """A new round, as a draft (or in the `stage` given, for imports and demos)."""
    _unknown(fields, ROUND_FIELDS | {"stage"})
    _check_process(municipality, process)
    return _save(Round(municipality=municipality, process=process, **fields))


@transaction.atomic
def round_update(*, round: Round, by, **fields) -> Round:
    """Change the round's settings; `process` may move it to another process."""
    _unknown(fields, ROUND_FIELDS | {"process"})
    current = locked_round(round)
    if "process" in fields:
        _check_process(current.municipality, fields["process"])
    changed = {k for k, v in fields.items() if getattr(current, k) != v}
    if current.stage == Stage.RESULTS and changed - {"title", "description"}:
        raise ValidationError(
            _("The results are published: only the title and description can change.")
        )
    if changed & BALLOT_FIELDS and Ballot.objects.filter(round=current).exists():
        raise ValidationError(
            _(
                "Ballots have been cast: the budget, the kind of ballot and the number "
                "of projects or points can no longer change."
            )
        )
    for name, value in fields.items():
        setattr(current, name, value)
    return _save(current)


def _voting_errors(round: Round) -> list[str]:
    errors = list(_settings_errors(round).values())
    if round.voting_closes_at and round.voting_closes_at <= timezone.now():
        errors.append(_("The closing time of voting has passed: set a later one first."))
    districts = list(District.objects.filter(round=round))
    approved = list(
        Project.objects.filter(round=round, status=ProjectStatus.APPROVED).select_related(
            "district"
        )
    )
    for project in approved:
        budget = project.district.budget_sek if project.district_id else round.budget_sek
        if not project.cost_sek or project.cost_sek <= 0:
            errors.append(_("Project %(number)s has no cost.") % {"number": project.number})
        elif project.cost_sek > budget:
            errors.append(
                _("Project %(number)s costs %(cost)s, more than the budget of %(budget)s.")
                % {"number": project.number, "cost": sek(project.cost_sek), "budget": sek(budget)}
            )
        if districts and project.district_id is None:
            errors.append(
                _("Project %(number)s has no district: choose one.") % {"number": project.number}
            )
    if not districts:
        if not approved:
            errors.append(_("Approve at least one project before voting starts."))
        return errors
    with_projects = set(
        Project.objects.filter(round=round, district__isnull=False).values_list(
            "district_id", flat=True
        )
    )
    with_approved = {p.district_id for p in approved}
    for district in districts:
        if district.pk in with_projects and district.pk not in with_approved:
            errors.append(
                _("The district “%(name)s” has no approved project.") % {"name": district.name}
            )
    if not with_approved:
        errors.append(_("Approve at least one project before voting starts."))
    return errors


def _back_errors(round: Round, stage: str) -> list[str]:
    if round.stage == Stage.RESULTS:
        return [_("The results are published: the round cannot go back.")]
    has_ballots = Ballot.objects.filter(round=round).exists()
    has_ballots = has_ballots or PaperEntry.objects.filter(round=round).exists()
    if has_ballots and STAGES.index(stage) < STAGES.index(Stage.VOTING):
        return [_("Ballots have been cast: the round cannot go back to before voting.")]
    if (
        stage == Stage.VOTING
        and round.voting_closes_at
        and round.voting_closes_at <= timezone.now()
    ):
        return [_("The closing time of voting has passed: set a later one first.")]
    return []


@transaction.atomic
def round_set_stage(*, round: Round, stage: str, by) -> Round:
    """Move the round one stage on, or back to an earlier stage (see the module)."""
    current = locked_round(round)
    if stage not in STAGES:
        raise ValidationError({"stage": _("Unknown stage.")})
    here, there = STAGES.index(current.stage), STAGES.index(stage)
    if stage == Stage.RESULTS:
        raise ValidationError(_("Results are published by publishing a computed outcome."))
    if there == here:
        return current
    if there > here + 1:
        raise ValidationError(
            _("The round moves on one stage at a time: next is “%(next)s”.")
            % {"next": Stage(STAGES[here + 1]).label}
        )
    if there < here:
        errors = _back_errors(current, stage)
    elif stage == Stage.VOTING:
        errors = _voting_errors(current)
    else:
        errors = []
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    current.stage = stage
    if (
        stage == Stage.COUNTING
        and not (current.voting_closes_at and current.voting_closes_at <= now)
        and (current.voting_opens_at is None or current.voting_opens_at < now)
    ):
        current.voting_closes_at = now
    current.save(update_fields=["stage", "voting_closes_at", "updated_at"])
    event(current, VoteEvent.Kind.STAGE, staff=by, note=str(Stage(stage).label))
    round.stage, round.voting_closes_at = current.stage, current.voting_closes_at
    return current


# --- districts ----------------------------------------------------------------------------


def _check_no_ballots(round: Round) -> None:
    if Ballot.objects.filter(round=round).exists():
        raise ValidationError(
            _("Ballots have been cast: districts and their budgets can no longer change.")
        )


def _district_save(district: District) -> District:
    district.name = (district.name or "").strip()
    try:
        district.full_clean()
    except ValidationError as error:
        messages = error.message_dict
        if "__all__" in messages:
            messages.setdefault("name", []).extend(messages.pop("__all__"))
        raise ValidationError(messages) from None
    if (
        District.objects.filter(round=district.round, name__iexact=district.name)
        .exclude(pk=district.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "name": _("This round already has a district called “%(name)s”.")
                % {"name": district.name}
            }
        )
    district.save()
    return district


@transaction.atomic
def district_create(*, round: Round, name: str, budget_sek: int, by) -> District:
    current = locked_round(round)
    if current.stage == Stage.RESULTS:
        raise ValidationError(_("The results are published: the round cannot change."))
    _check_no_ballots(current)
    position = (District.objects.filter(round=current).aggregate(m=Max("position"))["m"] or 0) + 1
    return _district_save(
        District(round=current, name=name, budget_sek=budget_sek, position=position)
    )


@transaction.atomic
def district_update(*, district: District, by, **fields) -> District:
    _unknown(fields, {"name", "budget_sek", "position"})
    current_round = locked_round(district.round)
    current = District.objects.get(pk=district.pk)
    if "budget_sek" in fields and fields["budget_sek"] != current.budget_sek:
        if current_round.stage == Stage.RESULTS:
            raise ValidationError(_("The results are published: the round cannot change."))
        _check_no_ballots(current_round)
    for name, value in fields.items():
        setattr(current, name, value)
    return _district_save(current)


@transaction.atomic
def district_delete(*, district: District, by) -> None:
    current_round = locked_round(district.round)
    _check_no_ballots(current_round)
    if Project.objects.filter(district=district).exists():
        raise ValidationError(
            _("The district has projects: move them to another district or delete them first.")
        )
    if (
        VotingCode.objects.filter(district=district).exists()
        or PaperEntry.objects.filter(district=district).exists()
    ):
        raise ValidationError(
            _("Voting codes or paper ballots belong to this district: it cannot be deleted.")
        )
    District.objects.filter(pk=district.pk).delete()
