"""Role × plan state × plan action: every action, every role, published or not.

The expectations are data: for each action, the roles that may do it, and in which
states of the plan. "owner_handler" is a case handler of the sub-project's owning
department; "other_handler" handles another department of the same municipality.
"""

import pytest

from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    MunicipalityFactory,
)
from platskraft.municipalities.tests.roles import EDITORS, NEVER, rows, user_for

from ..permissions import PLAN_ACTIONS
from .factories import AreaFactory, PlanFactory, SubProjectFactory

STATES = {"draft": {"is_published": False}, "published": {"is_published": True}}
ALL = frozenset(STATES)

ROLES = [
    "anonymous",
    "resident",
    "admin",
    "editor",
    "moderator",
    "owner_handler",
    "other_handler",
    "observer",
    "programme_observer",
    "admin_elsewhere",
]
MEMBERS = frozenset({"admin", "editor", "moderator", "owner_handler", "other_handler", "observer"})
STAFF_READERS = MEMBERS | {"programme_observer"}


EXPECTED = {
    "plans.view_staff": rows(ALL, STAFF_READERS),
    "plans.manage": rows(ALL, EDITORS),
    "plans.update": rows(ALL, EDITORS | {"owner_handler"}),
    "plans.view_plan": rows({"published"}, ROLES) | rows(ALL, STAFF_READERS),
}


def test_every_plan_action_has_expectations():
    assert set(EXPECTED) == set(PLAN_ACTIONS)


def _user_for(role: str, municipality, owner):
    if role == "owner_handler":
        return MembershipFactory(
            municipality=municipality, role=Role.CASE_HANDLER, department=owner
        ).user
    if role == "other_handler":
        return MembershipFactory(
            municipality=municipality,
            role=Role.CASE_HANDLER,
            department=DepartmentFactory(municipality=municipality),
        ).user
    return user_for(role, municipality)


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, state):
    municipality = MunicipalityFactory(code="1781")
    owner = DepartmentFactory(municipality=municipality)
    plan = PlanFactory(municipality=municipality, **STATES[state])
    sub_project = SubProjectFactory(area=AreaFactory(plan=plan), owner=owner)
    user = _user_for(role, municipality, owner)
    targets = {"municipality": municipality, "plan": plan, "sub_project": sub_project}
    got = {action: user.has_perm(action, targets[kind]) for action, kind in PLAN_ACTIONS.items()}
    expected = {action: state in EXPECTED[action].get(role, NEVER) for action in PLAN_ACTIONS}
    assert got == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "editor", "owner_handler", "observer"])
def test_staff_actions_on_a_plan_or_sub_project_match_the_municipality(role):
    """Staff views check `manage` and `view_staff` on a plan or sub-project as well."""
    municipality = MunicipalityFactory(code="1781")
    owner = DepartmentFactory(municipality=municipality)
    plan = PlanFactory(municipality=municipality, is_published=False)
    sub_project = SubProjectFactory(area=AreaFactory(plan=plan), owner=owner)
    user = _user_for(role, municipality, owner)
    for action in ("plans.view_staff", "plans.manage"):
        assert user.has_perm(action, plan) == user.has_perm(action, municipality)
        assert user.has_perm(action, sub_project) == user.has_perm(action, municipality)
    other = PlanFactory(municipality=MunicipalityFactory(code="1281"), is_published=False)
    assert not user.has_perm("plans.manage", other)
    assert not user.has_perm("plans.view_plan", other)


@pytest.mark.django_db
def test_a_handler_of_the_owner_may_not_update_a_sub_project_without_an_owner():
    municipality = MunicipalityFactory(code="1781")
    owner = DepartmentFactory(municipality=municipality)
    plan = PlanFactory(municipality=municipality)
    unowned = SubProjectFactory(area=AreaFactory(plan=plan), owner=None)
    user = _user_for("owner_handler", municipality, owner)
    assert not user.has_perm("plans.update", unowned)
