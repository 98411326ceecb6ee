"""Role × survey state × survey action: every action, every role, every state.

The expectations are data: for each action, the roles that may do it and in which
states of the survey. Time is frozen on 15 May 2026.
"""

from datetime import UTC, datetime

import pytest
import time_machine

from platskraft.municipalities.tests.factories import MunicipalityFactory
from platskraft.municipalities.tests.roles import (
    EDITORS,
    MEMBERS,
    NEVER,
    ROLES,
    STAFF_READERS,
    rows,
    user_for,
)
from platskraft.surveys.models import Access, SurveyStatus
from platskraft.surveys.permissions import SURVEY_ACTIONS

from .factories import SurveyFactory

NOW = datetime(2026, 5, 15, 12, tzinfo=UTC)
BEFORE = datetime(2026, 5, 1, tzinfo=UTC)
AFTER = datetime(2026, 6, 1, tzinfo=UTC)

STATES = {
    "draft": {"status": SurveyStatus.DRAFT},
    "open": {"opens_at": BEFORE, "closes_at": AFTER},
    "open_signed_in": {"access": Access.SIGNED_IN},
    "not_yet": {"opens_at": AFTER},
    "ended": {"closes_at": BEFORE},
    "closed": {"status": SurveyStatus.CLOSED},
    "closed_public": {"status": SurveyStatus.CLOSED, "results_public": True},
    "draft_public": {"status": SurveyStatus.DRAFT, "results_public": True},
}
ALL = frozenset(STATES)
NOT_DRAFT = ALL - {"draft", "draft_public"}
OPEN = frozenset({"open", "open_signed_in"})

LOGGED_IN = frozenset(ROLES) - {"anonymous"}


# action -> role -> the states in which the role may do it (absent role: never).
EXPECTED = {
    "surveys.view_staff": rows(ALL, STAFF_READERS),
    "surveys.manage": rows(ALL, EDITORS),
    "surveys.view_survey": rows(NOT_DRAFT, ROLES) | rows(ALL, STAFF_READERS),
    "surveys.change_survey": rows(ALL, EDITORS),
    "surveys.answer": rows({"open"}, ROLES) | rows(OPEN, LOGGED_IN),
    "surveys.enter_paper": rows(NOT_DRAFT, MEMBERS),
    "surveys.run_kiosk": rows(OPEN, MEMBERS),
    "surveys.view_results": rows({"closed_public"}, ROLES) | rows(ALL, STAFF_READERS),
    "surveys.view_responses": rows(ALL, STAFF_READERS),
    "surveys.export": rows(ALL, EDITORS),
    "surveys.import": rows(NOT_DRAFT, EDITORS),
}


def test_every_survey_action_has_expectations():
    assert set(EXPECTED) == set(SURVEY_ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, state):
    municipality = MunicipalityFactory(code="2282")
    survey = SurveyFactory(municipality=municipality, **STATES[state])
    user = user_for(role, municipality)
    targets = {"survey": survey, "municipality": municipality}
    with time_machine.travel(NOW, tick=False):
        got = {
            action: user.has_perm(action, targets[kind]) for action, kind in SURVEY_ACTIONS.items()
        }
    expected = {action: state in EXPECTED[action].get(role, NEVER) for action in SURVEY_ACTIONS}
    assert got == expected
