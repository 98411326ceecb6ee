"""How many took part, and how much they said, in the modules a process may use:
proposals, surveys and the citizen budget. Each count is one query scoped to the
municipality and, when the plan has one, the process."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _


def _proposals(municipality, process) -> list[tuple[str, int]]:
    from platskraft.proposals.models import Comment, Proposal, Support, Visibility

    proposals = Proposal.objects.filter(municipality=municipality).exclude(
        visibility__in=[Visibility.DRAFT, Visibility.UNCONFIRMED]
    )
    if process is not None:
        proposals = proposals.filter(channel__process=process)
    authors = proposals.exclude(author=None).values("author").distinct().count()
    guests = (
        proposals.filter(author=None).exclude(guest_email="").values("guest_email").distinct()
    ).count()
    return [
        (_("Proposals from residents"), proposals.count()),
        (_("People who sent proposals"), authors + guests),
        (_("Supports for proposals"), Support.objects.filter(proposal__in=proposals).count()),
        (
            _("Comments on proposals"),
            Comment.objects.filter(proposal__in=proposals, is_hidden=False).count(),
        ),
    ]


def _surveys(municipality, process) -> list[tuple[str, int]]:
    from platskraft.surveys.models import Response, ResponseStatus, Survey, SurveyStatus

    surveys = Survey.objects.filter(municipality=municipality).exclude(status=SurveyStatus.DRAFT)
    if process is not None:
        surveys = surveys.filter(process=process)
    return [
        (_("Surveys"), surveys.count()),
        (
            _("Survey responses"),
            Response.objects.filter(survey__in=surveys, status=ResponseStatus.COMPLETE).count(),
        ),
    ]


def _budget(municipality, process) -> list[tuple[str, int]]:
    from platskraft.budgeting.models import Ballot, Project, Round, Stage

    rounds = Round.objects.filter(municipality=municipality).exclude(stage=Stage.DRAFT)
    if process is not None:
        rounds = rounds.filter(process=process)
    if not rounds.exists():
        return []
    return [
        (_("Citizen budget rounds"), rounds.count()),
        (_("Budget ballots cast"), Ballot.objects.filter(round__in=rounds).count()),
        (
            _("Projects in the citizen budget"),
            Project.objects.filter(round__in=rounds).count(),
        ),
    ]


MODULES = (("proposals", _proposals), ("surveys", _surveys), ("budgeting", _budget))


def counts(municipality, process) -> list[tuple[str, int]]:
    """(label, number) for every module installed, in a fixed order."""
    found: list[tuple[str, int]] = []
    for label, read in MODULES:
        if apps.is_installed(f"platskraft.{label}"):
            found += read(municipality, process)
    return found
