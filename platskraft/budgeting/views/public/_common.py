"""What the residents' budget pages share: addresses, the round and project lookups, and
who is voting (a signed-in resident or the holder of a voting code).

A code voter is remembered by the voter key that `voter_key_for_code` derives from the
code (never the code itself), signed, in the session, for one round only and only until
voting closes. A signed-in resident is known by `voter_key_for_user`. Neither is linked
to the ballot in any other way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.db.models import Q
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from platskraft.core.access import get_scoped_or_404, scoped

from ...models import Ballot, Channel, District, Eligibility, Project, ProjectStatus, Round, Stage
from ...services import voting

CODE_SALT = "budgeting.code-voter"


def url(request, name: str, **kwargs) -> str:
    return reverse(
        f"budgeting:{name}", kwargs={"municipality_slug": request.municipality.slug, **kwargs}
    )


def results_url(request, round_: Round) -> str:
    """The published results page (P4's), or blank while there is none."""
    if round_.stage != Stage.RESULTS:
        return ""
    try:
        return url(request, "results", pk=round_.pk)
    except NoReverseMatch:
        return ""


# --- lookups ------------------------------------------------------------------------------


def round_for_residents(request, pk: int) -> Round:
    """A round residents may see (drafts only for staff; 404 otherwise)."""
    round_ = get_scoped_or_404(
        Round.objects.select_related("process", "municipality"), request.municipality, pk=pk
    )
    if not request.user.has_perm("budgeting.view_round", round_):
        raise Http404
    return round_


def public_rounds(request) -> list[Round]:
    rounds = scoped(Round.objects.select_related("process"), request.municipality).exclude(
        stage=Stage.DRAFT
    )
    return [r for r in rounds if request.user.has_perm("budgeting.view_round", r)]


def project_for_residents(request, round_: Round, project_pk: int) -> Project:
    """A project of a visible round; withdrawn projects are not shown."""
    return get_scoped_or_404(
        Project.objects.select_related("district", "proposal").exclude(
            status=ProjectStatus.WITHDRAWN
        ),
        request.municipality,
        pk=project_pk,
        round=round_,
    )


def shown_statuses(round_: Round) -> list[str]:
    """Which projects the round page lists: ideas while ideas are collected and reviewed,
    the approved ones from voting on."""
    if round_.stage in (Stage.IDEAS, Stage.REVIEW):
        return [
            ProjectStatus.IDEA,
            ProjectStatus.REVIEW,
            ProjectStatus.APPROVED,
            ProjectStatus.REJECTED,
        ]
    return [ProjectStatus.APPROVED]


def ballot_projects(round_: Round, district: District | None) -> list[Project]:
    """The projects on the ballot of a district (or of the whole round)."""
    projects = Project.objects.filter(round=round_, status=ProjectStatus.APPROVED)
    if district is not None:
        projects = projects.filter(Q(district=district))
    return list(projects.order_by("number"))


def districts_of(round_: Round) -> list[District]:
    return list(round_.districts.all())


# --- who is voting ------------------------------------------------------------------------


@dataclass
class Voter:
    key: str
    channel: str  # Channel.ONLINE or Channel.CODE
    district_id: int | None = None  # fixed by the voting code's letter, when it has one

    @property
    def by_code(self) -> bool:
        return self.channel == Channel.CODE


def _code_session_key(round_: Round) -> str:
    return f"budgeting.{round_.pk}.code"


def confirm_session_key(round_: Round) -> str:
    return f"budgeting.{round_.pk}.confirmed"


def code_voter_remember(request, round_: Round, *, key: str, district_id: int | None) -> None:
    until = round_.voting_closes_at.timestamp() if round_.voting_closes_at else None
    request.session[_code_session_key(round_)] = signing.dumps(
        {"round": round_.pk, "key": key, "district": district_id, "until": until},
        salt=CODE_SALT,
    )
    request.session.pop(confirm_session_key(round_), None)


def code_voter_forget(request, round_: Round) -> None:
    request.session.pop(_code_session_key(round_), None)
    request.session.pop(confirm_session_key(round_), None)


def code_voter(request, round_: Round) -> Voter | None:
    """The code voter of this round in this session, until voting closes."""
    token = request.session.get(_code_session_key(round_))
    if not token:
        return None
    try:
        data = signing.loads(token, salt=CODE_SALT)
    except signing.BadSignature:
        code_voter_forget(request, round_)
        return None
    until = data.get("until")
    expired = until is not None and timezone.now().timestamp() >= until
    if data.get("round") != round_.pk or expired or not round_.voting_is_open():
        code_voter_forget(request, round_)
        return None
    return Voter(key=data["key"], channel=Channel.CODE, district_id=data.get("district"))


def residents_may_vote(round_: Round) -> bool:
    return round_.eligibility in (Eligibility.RESIDENTS, Eligibility.BOTH)


def codes_may_vote(round_: Round) -> bool:
    return round_.eligibility in (Eligibility.CODES, Eligibility.BOTH)


def voter_for(request, round_: Round) -> Voter | None:
    """The person voting in this request: a code voter first (they chose to use the code),
    then a signed-in resident where residents may vote; None for anyone else."""
    found = code_voter(request, round_)
    if found is not None:
        return found
    if request.user.is_authenticated and residents_may_vote(round_):
        return Voter(key=voting.voter_key_for_user(round_, request.user), channel=Channel.ONLINE)
    return None


def ballot_of(round_: Round, voter: Voter | None) -> Ballot | None:
    if voter is None:
        return None
    return (
        Ballot.objects.filter(round=round_, voter_key=voter.key).select_related("district").first()
    )
