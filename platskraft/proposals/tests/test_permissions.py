"""Role × channel phase × proposal action: every action, every role, every kind of channel.

The expectations are data: for each action, the roles that may do it and in which
channels. Time is frozen on 15 May 2026, inside the process's second phase.
"""

from datetime import date

import pytest
import time_machine

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.models.process import ProcessStatus
from platskraft.municipalities.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    MunicipalityFactory,
    PhaseFactory,
    ProcessFactory,
)
from platskraft.municipalities.tests.roles import NEVER, user_for
from platskraft.proposals.models import Visibility
from platskraft.proposals.permissions import PROPOSAL_ACTIONS

from .factories import ChannelFactory, ProposalFactory

TODAY = date(2026, 5, 15)

# The channel the action is checked in: always open, or a call for proposals inside a
# phase that has ended, runs now, or has not started.
CHANNELS = ["always", "past", "current", "future"]
ALL = frozenset(CHANNELS)
OPEN = frozenset({"always", "current"})

ROLES = [
    "anonymous",
    "resident",
    "author",  # wrote the proposal; no role in the municipality
    "admin",
    "editor",
    "moderator",
    "case_handler",  # of the committee the proposal was routed to
    "case_handler_elsewhere",  # of another committee of the same municipality
    "observer",
    "programme_observer",
    "admin_elsewhere",  # admin of another municipality
]
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
STAFF_READERS = frozenset(
    {
        "admin",
        "editor",
        "moderator",
        "case_handler",
        "case_handler_elsewhere",
        "observer",
        "programme_observer",
    }
)


def everyone(channels: frozenset[str], roles=frozenset(ROLES)) -> dict[str, frozenset[str]]:
    return dict.fromkeys(roles, channels)


# action -> role -> the channels in which the role may do it (absent role: nowhere).
# A person with a role elsewhere (admin_elsewhere) takes part like any resident here,
# and has no staff rights here.
EXPECTED: dict[str, dict[str, frozenset[str]]] = {
    # Channel actions (on the channel).
    "proposals.view_channel": everyone(ALL),
    "proposals.add_proposal": everyone(OPEN, LOGGED_IN),
    # Actions on a published proposal (change_proposal: on the author's draft).
    "proposals.view_proposal": everyone(ALL),
    "proposals.change_proposal": {"author": OPEN},
    "proposals.support_proposal": everyone(OPEN, LOGGED_IN),
    "proposals.comment_proposal": everyone(OPEN, LOGGED_IN),
    "proposals.follow_proposal": everyone(ALL, LOGGED_IN),
    "proposals.report_proposal": everyone(ALL, LOGGED_IN - {"author"}),
    "proposals.moderate_proposal": everyone(ALL, {"admin", "moderator"}),
    "proposals.route_proposal": everyone(
        ALL, {"admin", "editor", "case_handler", "case_handler_elsewhere"}
    ),
    "proposals.change_status": everyone(ALL, {"admin", "editor", "case_handler"}),
    "proposals.score_proposal": everyone(ALL, {"admin", "editor"}),
    # The municipality's proposal work (on the municipality; the channel does not matter).
    "proposals.view_cases": everyone(ALL, STAFF_READERS),
    "proposals.manage_channels": everyone(ALL, {"admin", "editor"}),
    "proposals.export_proposals": everyone(ALL, {"admin", "editor", "moderator"}),
    "proposals.moderate": everyone(ALL, {"admin", "moderator"}),
}
# The object an action is checked on, when it is not the published proposal.
TARGET = {"proposals.change_proposal": "draft"}


def test_every_proposal_action_has_expectations():
    assert set(EXPECTED) == set(PROPOSAL_ACTIONS)
    for rows in EXPECTED.values():
        assert set(rows) <= set(ROLES)


def _user_for(role: str, municipality, committee, other_committee, author):
    if role == "author":
        return author
    if role == "case_handler":
        return MembershipFactory(
            municipality=municipality, role=Role.CASE_HANDLER, department=committee
        ).user
    if role == "case_handler_elsewhere":
        return MembershipFactory(
            municipality=municipality, role=Role.CASE_HANDLER, department=other_committee
        ).user
    return user_for(role, municipality)


def _channels(municipality) -> dict[str, object]:
    process = ProcessFactory(
        municipality=municipality,
        status=ProcessStatus.PUBLISHED,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    phases = {
        "past": PhaseFactory(
            process=process, start_date=date(2026, 1, 1), end_date=date(2026, 3, 31)
        ),
        "current": PhaseFactory(
            process=process, start_date=date(2026, 4, 1), end_date=date(2026, 6, 30)
        ),
        "future": PhaseFactory(
            process=process, start_date=date(2026, 7, 1), end_date=date(2026, 9, 30)
        ),
    }
    channels = {"always": ChannelFactory(municipality=municipality)}
    for name, phase in phases.items():
        channels[name] = ChannelFactory(municipality=municipality, phase=phase)
    return channels


@pytest.mark.django_db
@pytest.mark.parametrize("channel_kind", CHANNELS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, channel_kind):
    municipality = MunicipalityFactory(code="2282")
    committee = DepartmentFactory(municipality=municipality)
    other_committee = DepartmentFactory(municipality=municipality)
    channel = _channels(municipality)[channel_kind]
    author = UserFactory()
    published = ProposalFactory(channel=channel, author=author, department=committee)
    draft = ProposalFactory(channel=channel, author=author, visibility=Visibility.DRAFT)
    user = _user_for(role, municipality, committee, other_committee, author)
    targets = {
        "channel": channel,
        "proposal": published,
        "draft": draft,
        "municipality": municipality,
    }

    with time_machine.travel(TODAY, tick=False):
        got = {
            action: user.has_perm(action, targets[TARGET.get(action, kind)])
            for action, kind in PROPOSAL_ACTIONS.items()
        }
    expected = {
        action: channel_kind in EXPECTED[action].get(role, NEVER) for action in PROPOSAL_ACTIONS
    }
    assert got == expected


# --- What the public may see of proposals that are not published -----------------------------

# visibility -> roles that may see such a proposal (besides its author, who always may).
SEEN_BY = {
    Visibility.PUBLISHED: frozenset(ROLES),
    Visibility.PENDING: STAFF_READERS | {"author"},
    Visibility.HIDDEN: STAFF_READERS | {"author"},
    Visibility.UNCONFIRMED: STAFF_READERS | {"author"},
    Visibility.DRAFT: STAFF_READERS | {"author"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", list(SEEN_BY))
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_proposal_by_its_visibility(role, visibility):
    municipality = MunicipalityFactory(code="2282")
    committee = DepartmentFactory(municipality=municipality)
    author = UserFactory()
    proposal = ProposalFactory(
        channel=ChannelFactory(municipality=municipality),
        author=author,
        department=committee,
        visibility=visibility,
    )
    other_committee = DepartmentFactory(municipality=municipality)
    user = _user_for(role, municipality, committee, other_committee, author)
    assert user.has_perm("proposals.view_proposal", proposal) == (role in SEEN_BY[visibility])
    # Only a published proposal takes supports and comments.
    if role != "anonymous":
        published = visibility == Visibility.PUBLISHED
        assert user.has_perm("proposals.support_proposal", proposal) == published
        assert user.has_perm("proposals.comment_proposal", proposal) == published


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("process_status", "channel_published", "public", "open_"),
    [
        (ProcessStatus.PUBLISHED, True, True, True),
        (ProcessStatus.CLOSED, True, True, False),
        (ProcessStatus.DRAFT, True, False, False),
        (ProcessStatus.PUBLISHED, False, False, False),
    ],
)
def test_channel_of_a_closed_or_draft_process_or_unpublished(
    process_status, channel_published, public, open_
):
    municipality = MunicipalityFactory(code="2282")
    phase = PhaseFactory(
        process=ProcessFactory(municipality=municipality, status=process_status),
        start_date=date(2026, 4, 1),
        end_date=date(2026, 6, 30),
    )
    channel = ChannelFactory(municipality=municipality, phase=phase, is_published=channel_published)
    proposal = ProposalFactory(channel=channel)
    resident = UserFactory()
    editor = MembershipFactory(municipality=municipality, role=Role.EDITOR).user
    with time_machine.travel(TODAY, tick=False):
        assert resident.has_perm("proposals.view_channel", channel) is public
        assert resident.has_perm("proposals.view_proposal", proposal) is public
        assert resident.has_perm("proposals.add_proposal", channel) is (public and open_)
        assert resident.has_perm("proposals.comment_proposal", proposal) is (public and open_)
        assert editor.has_perm("proposals.view_channel", channel) is True
        assert editor.has_perm("proposals.view_proposal", proposal) is True


@pytest.mark.django_db
def test_the_case_handler_named_on_the_case_may_move_it_on():
    municipality = MunicipalityFactory(code="2282")
    handler = MembershipFactory(
        municipality=municipality,
        role=Role.CASE_HANDLER,
        department=DepartmentFactory(municipality=municipality),
    ).user
    proposal = ProposalFactory(
        channel=ChannelFactory(municipality=municipality),
        department=DepartmentFactory(municipality=municipality),
    )
    assert not handler.has_perm("proposals.change_status", proposal)
    proposal.handler = handler
    assert type(handler).objects.get(pk=handler.pk).has_perm("proposals.change_status", proposal)


@pytest.mark.django_db
def test_inactive_people_have_no_rights():
    municipality = MunicipalityFactory(code="2282")
    admin = MembershipFactory(municipality=municipality, role=Role.ADMIN).user
    admin.is_active = False
    admin.save()
    proposal = ProposalFactory(channel=ChannelFactory(municipality=municipality))
    assert not admin.has_perm("proposals.support_proposal", proposal)
    assert not admin.has_perm("proposals.view_cases", municipality)
    assert not admin.has_perm("proposals.add_proposal", proposal.channel)
