"""Role × process state × staff action: every staff action, every role, every phase."""

from datetime import date

import pytest
import time_machine

from platskraft.municipalities.models import Role
from platskraft.municipalities.models.process import PhaseKind, ProcessStatus
from platskraft.municipalities.permissions import STAFF_ACTIONS

from .factories import (
    MembershipFactory,
    MunicipalityFactory,
    PhaseFactory,
    ProcessFactory,
)
from .roles import ROLES, user_for

# The process runs 2026: forum Jan–Mar, arena Apr–Jun, court Jul–Sep.
STATES = {
    #        status                 today
    "draft": (ProcessStatus.DRAFT, date(2026, 2, 15)),
    "before": (ProcessStatus.PUBLISHED, date(2025, 12, 1)),
    "forum": (ProcessStatus.PUBLISHED, date(2026, 2, 15)),
    "arena": (ProcessStatus.PUBLISHED, date(2026, 5, 15)),
    "court": (ProcessStatus.PUBLISHED, date(2026, 8, 15)),
    "after": (ProcessStatus.PUBLISHED, date(2026, 11, 15)),
    "closed": (ProcessStatus.CLOSED, date(2026, 11, 15)),
}
ALL = frozenset(STATES)
PUBLIC = ALL - {"draft"}
OPEN = PUBLIC - {"closed"}
FORUM_NOT_ENDED = frozenset({"draft", "before", "forum"})
NONE: frozenset[str] = frozenset()

READERS = {"admin", "editor", "moderator", "case_handler", "observer", "programme_observer"}

# action -> role -> states in which the role may do it (absent role: never).
EXPECTED: dict[str, dict[str, frozenset[str]]] = {
    "municipalities.view_staff_area": {r: ALL for r in READERS},
    "municipalities.change_municipality": {"admin": ALL},
    "municipalities.manage_memberships": {"admin": ALL},
    "municipalities.manage_departments": {"admin": ALL, "editor": ALL},
    "municipalities.add_process": {"admin": ALL, "editor": ALL},
    "municipalities.view_process": {
        **{r: PUBLIC for r in ["anonymous", "resident", "admin_elsewhere"]},
        **{r: ALL for r in READERS},
    },
    "municipalities.change_process": {"admin": ALL, "editor": ALL - {"closed"}},
    "municipalities.publish_process": {"admin": {"draft"}, "editor": {"draft"}},
    "municipalities.close_process": {"admin": OPEN, "editor": OPEN},
    "municipalities.reopen_process": {"admin": {"closed"}},
    "municipalities.delete_process": {"admin": {"draft"}},
    "municipalities.change_phase": {"admin": ALL, "editor": FORUM_NOT_ENDED},
}


def test_every_staff_action_has_expectations():
    assert set(EXPECTED) == set(STAFF_ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, state):
    status, today = STATES[state]
    municipality = MunicipalityFactory(code="2282")
    process = ProcessFactory(
        municipality=municipality,
        status=status,
        start_date=date(2025, 11, 1),
        end_date=date(2026, 12, 31),
    )
    forum = PhaseFactory(
        process=process,
        kind=PhaseKind.FORUM,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 3, 31),
    )
    PhaseFactory(
        process=process,
        kind=PhaseKind.ARENA,
        start_date=date(2026, 4, 1),
        end_date=date(2026, 6, 30),
    )
    PhaseFactory(
        process=process,
        kind=PhaseKind.COURT,
        start_date=date(2026, 7, 1),
        end_date=date(2026, 9, 30),
    )
    user = user_for(role, municipality)
    targets = {"municipality": municipality, "process": process, "phase": forum}

    with time_machine.travel(today, tick=False):
        got = {
            action: user.has_perm(action, targets[kind]) for action, kind in STAFF_ACTIONS.items()
        }
    expected = {action: state in EXPECTED[action].get(role, NONE) for action in STAFF_ACTIONS}
    assert got == expected


@pytest.mark.django_db
def test_inactive_member_has_no_rights():
    membership = MembershipFactory(role=Role.ADMIN)
    membership.user.is_active = False
    membership.user.save()
    assert not membership.user.has_perm("municipalities.view_staff_area", membership.municipality)
