"""The people of the permission-matrix tests: every role a person can have towards a
municipality, and the sets of roles the expectations are written with."""

from django.contrib.auth.models import AnonymousUser

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import Role

from .factories import MembershipFactory, MunicipalityFactory

ROLES = [
    "anonymous",
    "resident",
    "admin",
    "editor",
    "moderator",
    "case_handler",
    "observer",
    "programme_observer",
    "admin_elsewhere",
]
MEMBERS = frozenset({"admin", "editor", "moderator", "case_handler", "observer"})
STAFF_READERS = MEMBERS | {"programme_observer"}
EDITORS = frozenset({"admin", "editor"})
NEVER: frozenset[str] = frozenset()


def rows(states, roles) -> dict[str, frozenset[str]]:
    """Expectations: each of `roles` may act in `states`."""
    return dict.fromkeys(roles, frozenset(states))


def user_for(role: str, municipality):
    """A person with `role` towards `municipality` (a role of `Role`, or one of anonymous,
    resident, programme_observer, admin_elsewhere)."""
    if role == "anonymous":
        return AnonymousUser()
    if role == "resident":
        return UserFactory()
    if role == "programme_observer":
        return UserFactory(is_programme_observer=True)
    if role == "admin_elsewhere":
        other = MunicipalityFactory(code="1281" if municipality.code != "1281" else "2282")
        return MembershipFactory(municipality=other, role=Role.ADMIN).user
    return MembershipFactory(municipality=municipality, role=role).user
