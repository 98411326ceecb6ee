"""Residents' pages of the citizen budget: the municipality's rounds, one round with its
projects (filtered by district, sorted), one project, and a project's image."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ...models import ProjectStatus, Stage
from ._common import (
    ballot_of,
    codes_may_vote,
    districts_of,
    project_for_residents,
    public_rounds,
    residents_may_vote,
    results_url,
    round_for_residents,
    shown_statuses,
    voter_for,
)

SORTS = {
    "number": ("number",),
    "cost": ("cost_sek", "number"),
    "cost_desc": ("-cost_sek", "number"),
    "title": ("title", "number"),
}


def _sort_choices() -> list[tuple[str, str]]:
    return [
        ("number", _("Ballot number")),
        ("cost", _("Lowest cost first")),
        ("cost_desc", _("Highest cost first")),
        ("title", _("Title (A–Ö)")),
    ]


def voting_state(round_, now=None) -> str:
    """upcoming | open | closed | not_voting, for the texts about voting."""
    now = now or timezone.now()
    if round_.stage in (Stage.DRAFT, Stage.IDEAS, Stage.REVIEW):
        return "upcoming"
    if round_.stage != Stage.VOTING:
        return "closed"
    if round_.voting_is_open(now):
        return "open"
    if round_.voting_opens_at and now < round_.voting_opens_at:
        return "upcoming"
    return "closed"


@require_GET
def round_list(request):
    rounds = public_rounds(request)
    current = [r for r in rounds if r.stage != Stage.RESULTS]
    finished = [r for r in rounds if r.stage == Stage.RESULTS]
    for round_ in finished:
        round_.results_link = results_url(request, round_)
    return render(
        request,
        "budgeting/round_list.html",
        {"current_rounds": current, "finished_rounds": finished},
    )


@require_GET
def round_detail(request, pk: int):
    round_ = round_for_residents(request, pk)
    districts = districts_of(round_)
    projects = round_.projects.filter(status__in=shown_statuses(round_)).select_related("district")
    chosen_district = None
    raw = request.GET.get("district", "")
    if raw.isdigit():
        chosen_district = next((d for d in districts if d.pk == int(raw)), None)
        if chosen_district is not None:
            projects = projects.filter(district=chosen_district)
    sort = request.GET.get("sort", "number")
    if sort not in SORTS:
        sort = "number"
    projects = list(projects.order_by(*SORTS[sort]))
    state = voting_state(round_)
    voter = voter_for(request, round_) if state == "open" else None
    ballot = ballot_of(round_, voter)
    not_on_ballot = []
    if round_.stage not in (Stage.IDEAS, Stage.REVIEW):
        not_on_ballot = list(round_.projects.filter(status=ProjectStatus.REJECTED))
    return render(
        request,
        "budgeting/round_detail.html",
        {
            "round": round_,
            "stages": [(value, label) for value, label in Stage.choices if value != Stage.DRAFT],
            "districts": districts,
            "chosen_district": chosen_district,
            "projects": projects,
            "sort": sort,
            "sort_choices": _sort_choices(),
            "filtered": chosen_district is not None or sort != "number",
            "state": state,
            "residents_vote": residents_may_vote(round_),
            "codes_vote": codes_may_vote(round_),
            "has_voted": ballot is not None,
            "voter": voter,
            "results_link": results_url(request, round_),
            "not_on_ballot": not_on_ballot,
            "process_public": round_.process.is_public,
        },
    )


@require_GET
def project_detail(request, pk: int, project_pk: int):
    round_ = round_for_residents(request, pk)
    project = project_for_residents(request, round_, project_pk)
    reviewed = project.status in (ProjectStatus.APPROVED, ProjectStatus.REJECTED)
    proposal = project.proposal
    proposal_url = ""
    same_place = proposal is not None and proposal.municipality_id == request.municipality.pk
    if same_place and proposal.is_published:
        proposal_url = proposal.get_absolute_url()
    return render(
        request,
        "budgeting/project_detail.html",
        {
            "round": round_,
            "project": project,
            "reviewed": reviewed,
            "proposal_url": proposal_url,
            "state": voting_state(round_),
            "has_place": project.latitude is not None and project.longitude is not None,
        },
    )


@require_GET
def project_image(request, pk: int, project_pk: int):
    round_ = round_for_residents(request, pk)
    project = project_for_residents(request, round_, project_pk)
    if not project.image:
        raise Http404
    try:
        handle = project.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
