"""Role × meeting state × meeting action: every action, every role, every state."""

from datetime import UTC, datetime

import pytest
import time_machine

from platskraft.municipalities.tests.factories import MunicipalityFactory
from platskraft.municipalities.tests.roles import (
    EDITORS,
    NEVER,
    ROLES,
    STAFF_READERS,
    rows,
    user_for,
)

from ..models import MeetingStatus
from ..permissions import MEETING_ACTIONS
from .factories import MeetingFactory, OutcomeFactory

NOW = datetime(2026, 5, 15, 12, tzinfo=UTC)
LATER = datetime(2026, 6, 1, 18, tzinfo=UTC)
EARLIER = datetime(2026, 5, 1, 18, tzinfo=UTC)

STATES = {
    "draft": {"status": MeetingStatus.DRAFT},
    "open": {"status": MeetingStatus.PUBLISHED},
    "no_registration": {"status": MeetingStatus.PUBLISHED, "registration_open": False},
    "registration_closed": {
        "status": MeetingStatus.PUBLISHED,
        "registration_closes_at": datetime(2026, 5, 14, tzinfo=UTC),
    },
    "started": {"status": MeetingStatus.PUBLISHED, "starts_at": EARLIER},
    "cancelled": {"status": MeetingStatus.CANCELLED},
    "held_minutes_published": {
        "status": MeetingStatus.PUBLISHED,
        "starts_at": EARLIER,
        "minutes_published_at": EARLIER,
    },
}
ALL = frozenset(STATES)
NOT_DRAFT = ALL - {"draft"}


EXPECTED = {
    "meetings.view_staff": rows(ALL, STAFF_READERS),
    "meetings.manage": rows(ALL, EDITORS),
    "meetings.view_registrations": rows(ALL, EDITORS),
    "meetings.facilitate": rows(ALL, EDITORS),
    "meetings.view_meeting": rows(NOT_DRAFT, ROLES) | rows(ALL, STAFF_READERS),
    "meetings.register": rows({"open"}, ROLES),
    "meetings.view_outcome": rows({"held_minutes_published"}, ROLES) | rows(ALL, STAFF_READERS),
}


def test_every_meeting_action_has_expectations():
    assert set(EXPECTED) == set(MEETING_ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, state):
    municipality = MunicipalityFactory(code="2282")
    fields = {"starts_at": LATER, **STATES[state]}
    meeting = MeetingFactory(municipality=municipality, **fields)
    user = user_for(role, municipality)
    targets = {
        "meeting": meeting,
        "municipality": municipality,
        "outcome": OutcomeFactory(meeting=meeting),
    }
    with time_machine.travel(NOW, tick=False):
        got = {
            action: user.has_perm(action, targets[kind]) for action, kind in MEETING_ACTIONS.items()
        }
    expected = {action: state in EXPECTED[action].get(role, NEVER) for action in MEETING_ACTIONS}
    assert got == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "editor", "observer"])
def test_staff_actions_on_a_meeting_match_the_municipality(role):
    municipality = MunicipalityFactory(code="2282")
    meeting = MeetingFactory(municipality=municipality)
    user = user_for(role, municipality)
    for action in ("meetings.view_staff", "meetings.manage"):
        assert user.has_perm(action, meeting) == user.has_perm(action, municipality)
    other = MeetingFactory(municipality=MunicipalityFactory(code="1281"))
    assert not user.has_perm("meetings.manage", other)
    assert not user.has_perm("meetings.view_registrations", other)
