"""Voting: who may vote (log in or a voting code), the eligibility step, the ballot, and
the confirmation. The ballot works without JavaScript: the server checks it with
`ballot_errors`, shows the messages and keeps the choices; `ballot.js` only adds the
running total and stops choices that would not fit before they are sent."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from platskraft.core.access import LoginRequired, login_when_required

from ...models import BallotKind, Round
from ...services import voting
from ._common import (
    Voter,
    ballot_of,
    ballot_projects,
    code_voter_forget,
    codes_may_vote,
    confirm_session_key,
    districts_of,
    residents_may_vote,
    round_for_residents,
    url,
    voter_for,
)
from .forms import EligibilityForm
from .pages import voting_state


def read_choices(post, round_: Round, projects) -> tuple[dict[int, int], dict[str, str], list]:
    """The ballot as sent: (choices for the service, what to show again, messages about
    values that are not numbers)."""
    errors: list[str] = []
    shown: dict[str, str] = {}
    choices: dict[int, int] = {}
    if round_.ballot_kind == BallotKind.CUMULATIVE:
        for project in projects:
            raw = post.get(f"points-{project.pk}", "").strip()
            shown[str(project.pk)] = raw
            if raw in ("", "0"):
                continue
            if not raw.isdigit() or len(raw) > 6:
                errors.append(
                    _("Points for “%(title)s” must be a whole number, 0 or more.")
                    % {"title": project.title}
                )
                continue
            choices[project.pk] = int(raw)
        return choices, shown, errors
    for raw in post.getlist("project"):
        raw = raw.strip()
        if raw.isdigit() and len(raw) < 12:
            choices[int(raw)] = 1
            shown[raw] = "1"
        else:
            errors.append(_("A choice on the ballot was not understood. Choose again."))
    return choices, shown, errors


def _script_texts() -> dict[str, str]:
    """The sentences `ballot.js` fills in, translated here (the same wording as the page)."""
    return {
        "money": _("%(amount)s SEK"),
        "left": _("%(left)s of %(budget)s left"),
        "count_max": _("%(count)s of at most %(max)s chosen"),
        "points": _("%(left)s of %(points)s points left"),
        "points_over": _(
            "That is %(over)s points more than you have. Take some away before you send the vote."
        ),
        "too_dear": _("Costs more than what is left of the budget."),
        "blocked": _(
            "“%(title)s” costs %(cost)s, but only %(left)s is left of the budget. Remove "
            "another project first if you want this one."
        ),
        "max_blocked": _(
            "You can choose at most %(max)s projects. Remove one first if you want “%(title)s”."
        ),
    }


def _closed(request, round_: Round, status: int = 200):
    return render(
        request,
        "budgeting/vote_closed.html",
        {"round": round_, "state": voting_state(round_)},
        status=status,
    )


def _voter_or_response(request, round_: Round):
    """The voter, or the page that tells a visitor how to vote."""
    voter = voter_for(request, round_)
    if voter is not None:
        return voter, None
    if request.user.is_authenticated or not residents_may_vote(round_):
        # Signed in where only codes vote, or a visitor where only codes vote.
        return None, redirect(url(request, "code", pk=round_.pk))
    if not codes_may_vote(round_):
        raise LoginRequired
    return None, render(request, "budgeting/vote_how.html", {"round": round_})


def _confirmed(request, round_: Round, voter: Voter) -> dict | None:
    data = request.session.get(confirm_session_key(round_))
    if isinstance(data, dict) and data.get("voter") == voter.key[:16]:
        return data
    return None


def _district(request, round_: Round, voter: Voter, ballot, districts):
    """(the district to vote in, whether the voter must first confirm who they are)."""
    by_pk = {d.pk: d for d in districts}
    if voter.by_code and voter.district_id in by_pk:
        return by_pk[voter.district_id], False
    confirmed = _confirmed(request, round_, voter)
    if confirmed is not None:
        chosen = by_pk.get(confirmed.get("district"))
        return chosen, bool(districts) and chosen is None
    if ballot is not None:
        return ballot.district, False
    if voter.by_code and not districts:
        return None, False
    return None, True


def _budget(round_: Round, district) -> int:
    return district.budget_sek if district is not None else round_.budget_sek


def _ballot_page(request, round_, voter, district, projects, chosen, ballot, errors=(), status=200):
    budget = _budget(round_, district)
    spent = sum(p.cost_sek or 0 for p in projects if chosen.get(str(p.pk)) not in (None, "", "0"))
    points_used = sum(int(v) for v in chosen.values() if str(v).isdigit())
    for project in projects:
        project.chosen_value = chosen.get(str(project.pk), "")
    return render(
        request,
        "budgeting/ballot.html",
        {
            "round": round_,
            "voter": voter,
            "district": district,
            "may_change_district": len(districts_of(round_)) > 1
            and not (voter.by_code and voter.district_id),
            "projects": projects,
            "budget": budget,
            "spent": spent,
            "left": budget - spent,
            "count": sum(1 for p in projects if p.chosen_value not in ("", "0")),
            "points_used": points_used,
            "points_left": (round_.points or 0) - points_used,
            "ballot": ballot,
            "errors": list(errors),
            "texts": _script_texts(),
        },
        status=status,
    )


@login_when_required
@never_cache
@require_http_methods(["GET", "POST"])
def vote(request, pk: int):
    round_ = round_for_residents(request, pk)
    if not round_.voting_is_open():
        return _closed(request, round_, status=403 if request.method == "POST" else 200)
    voter, response = _voter_or_response(request, round_)
    if response is not None:
        return response
    ballot = ballot_of(round_, voter)
    districts = districts_of(round_)
    district, must_confirm = _district(request, round_, voter, ballot, districts)
    if must_confirm:
        return redirect(url(request, "confirm", pk=round_.pk))
    projects = ballot_projects(round_, district)
    if request.method == "POST":
        choices, shown, errors = read_choices(request.POST, round_, projects)
        if not errors:
            errors = voting.ballot_errors(round_, district, choices)
        if not errors:
            try:
                voting.ballot_cast(
                    round=round_,
                    voter_key=voter.key,
                    channel=voter.channel,
                    district=district,
                    choices=choices,
                )
            except ValidationError as error:
                errors = error.messages
            else:
                request.session.pop(confirm_session_key(round_), None)
                if ballot is None:
                    messages.success(request, _("Thank you! Your vote is counted."))
                else:
                    messages.success(request, _("Your vote is changed."))
                return redirect(url(request, "done", pk=round_.pk))
        if not round_.voting_is_open():
            return _closed(request, round_, status=403)
        return _ballot_page(request, round_, voter, district, projects, shown, ballot, errors, 400)
    chosen = {}
    if ballot is not None and ballot.district_id == (district.pk if district else None):
        chosen = {str(k): str(v) for k, v in ballot.choices.items()}
    return _ballot_page(request, round_, voter, district, projects, chosen, ballot)


@login_when_required
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, pk: int):
    """Who may vote: residence and age for signed-in residents, the district where the
    round has districts."""
    round_ = round_for_residents(request, pk)
    if not round_.voting_is_open():
        return _closed(request, round_, status=403 if request.method == "POST" else 200)
    voter, response = _voter_or_response(request, round_)
    if response is not None:
        return response
    districts = districts_of(round_)
    fixed = voter.by_code and voter.district_id is not None
    form_kwargs = {
        "round_": round_,
        "ask_residence": not voter.by_code,
        "districts": [] if fixed else districts,
    }
    ballot = ballot_of(round_, voter)
    initial = {"district": str(ballot.district_id)} if ballot and ballot.district_id else None
    form = EligibilityForm(request.POST or None, initial=initial, **form_kwargs)
    if not form.fields:
        return redirect(url(request, "vote", pk=round_.pk))
    if request.method == "POST" and form.is_valid():
        request.session[confirm_session_key(round_)] = {
            "voter": voter.key[:16],
            "district": form.cleaned_data.get("district"),
        }
        return redirect(url(request, "vote", pk=round_.pk))
    return render(
        request,
        "budgeting/vote_confirm.html",
        {"round": round_, "form": form, "voter": voter, "ballot": ballot},
        status=400 if form.errors else 200,
    )


@login_when_required
@never_cache
@require_http_methods(["GET"])
def done(request, pk: int):
    """What the voter chose, and until when they can change it."""
    round_ = round_for_residents(request, pk)
    voter = voter_for(request, round_) if round_.voting_is_open() else None
    ballot = ballot_of(round_, voter)
    if ballot is None:
        return redirect(url(request, "vote", pk=round_.pk))
    projects = ballot_projects(round_, ballot.district)
    picked = []
    for project in projects:
        points = ballot.choices.get(str(project.pk))
        if points:
            project.points = points
            picked.append(project)
    return render(
        request,
        "budgeting/vote_done.html",
        {
            "round": round_,
            "ballot": ballot,
            "voter": voter,
            "picked": picked,
            "spent": sum(p.cost_sek or 0 for p in picked),
            "budget": _budget(round_, ballot.district),
        },
    )


@require_POST
def leave(request, pk: int):
    """Forget the voting code's voter on this device (a shared computer)."""
    round_ = round_for_residents(request, pk)
    code_voter_forget(request, round_)
    messages.success(request, _("The code is forgotten on this device."))
    return redirect(url(request, "round", pk=round_.pk))
