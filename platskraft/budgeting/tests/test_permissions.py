"""Role × round stage × budget action: every action, every role, every stage.

The expectations are data: for each action, the roles that may do it and in which
states of the round. Time is frozen on 15 May 2026.
"""

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

from ..models import Stage
from ..permissions import BUDGET_ACTIONS
from .factories import RoundFactory

NOW = datetime(2026, 5, 15, 12, tzinfo=UTC)
BEFORE = datetime(2026, 5, 1, tzinfo=UTC)
AFTER = datetime(2026, 6, 1, tzinfo=UTC)

STATES = {
    "draft": {"stage": Stage.DRAFT},
    "ideas": {"stage": Stage.IDEAS},
    "review": {"stage": Stage.REVIEW},
    "voting": {"stage": Stage.VOTING, "voting_opens_at": BEFORE, "voting_closes_at": AFTER},
    "voting_not_yet": {"stage": Stage.VOTING, "voting_opens_at": AFTER},
    "voting_ended": {"stage": Stage.VOTING, "voting_closes_at": BEFORE},
    "counting": {"stage": Stage.COUNTING},
    "results": {"stage": Stage.RESULTS},
}
ALL = frozenset(STATES)
NOT_DRAFT = ALL - {"draft"}
PAPER = frozenset({"voting", "voting_not_yet", "voting_ended", "counting"})


# action -> role -> the states in which the role may do it (absent role: never).
EXPECTED = {
    "budgeting.view_staff": rows(ALL, STAFF_READERS),
    "budgeting.manage": rows(ALL, EDITORS),
    "budgeting.enter_paper": rows(PAPER, EDITORS | {"case_handler"}),
    "budgeting.view_round": rows(NOT_DRAFT, ROLES) | rows(ALL, STAFF_READERS),
    "budgeting.vote": rows({"voting"}, ROLES),
}


def test_every_budget_action_has_expectations():
    assert set(EXPECTED) == set(BUDGET_ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, state):
    municipality = MunicipalityFactory(code="2282")
    round_ = RoundFactory(municipality=municipality, **STATES[state])
    user = user_for(role, municipality)
    targets = {"round": round_, "municipality": municipality}
    with time_machine.travel(NOW, tick=False):
        got = {
            action: user.has_perm(action, targets[kind]) for action, kind in BUDGET_ACTIONS.items()
        }
    expected = {action: state in EXPECTED[action].get(role, NEVER) for action in BUDGET_ACTIONS}
    assert got == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "editor", "case_handler"])
def test_staff_actions_checked_on_the_round_match_the_municipality(role):
    """The staff views check `manage` and `view_staff` on a round as well."""
    municipality = MunicipalityFactory(code="2282")
    round_ = RoundFactory(municipality=municipality, stage=Stage.REVIEW)
    user = user_for(role, municipality)
    for action in ("budgeting.view_staff", "budgeting.manage"):
        assert user.has_perm(action, round_) == user.has_perm(action, municipality)
    other = RoundFactory(municipality=MunicipalityFactory(code="1281"), stage=Stage.REVIEW)
    assert not user.has_perm("budgeting.manage", other)
