"""Who may do what with action plans: a role in the plan's municipality.

Objects: the Municipality (staff lists, new plans, imports), a Plan, or a SubProject
(adding updates). Every object reaches its municipality through `municipality_of` below,
so a role in another municipality never counts. `PLAN_ACTIONS` lists every action with the
object it is checked on; the permission matrix test walks it.
"""

from __future__ import annotations

import rules

from platskraft.municipalities.models import Membership, Municipality, Role
from platskraft.municipalities.permissions import is_programme_observer, roles_in

from .models import Plan, SubProject


def _municipality(obj) -> Municipality | None:
    if isinstance(obj, Municipality):
        return obj
    if isinstance(obj, SubProject):
        return obj.plan.municipality
    return getattr(obj, "municipality", None)


def _has_role(*roles: str) -> rules.Predicate:
    wanted = frozenset(roles)

    def check(user, obj=None) -> bool:
        return bool(roles_in(user, _municipality(obj)) & wanted)

    return rules.predicate(check, name="plans_role(" + ",".join(sorted(wanted)) + ")")


edits = _has_role(Role.ADMIN, Role.EDITOR)
is_case_handler = _has_role(Role.CASE_HANDLER)
reads_staff_pages = _has_role(*Role.values) | is_programme_observer


@rules.predicate
def is_published(user, plan) -> bool:
    """Published, and its process (if any) public: a plan never shows before its process."""
    plan = plan.plan if isinstance(plan, SubProject) else plan
    return (
        isinstance(plan, Plan)
        and plan.is_published
        and (plan.process_id is None or plan.process.is_public)
    )


@rules.predicate
def handles_the_owner(user, sub_project) -> bool:
    """A case handler of the sub-project's owning committee or department."""
    if not isinstance(sub_project, SubProject) or sub_project.owner_id is None:
        return False
    if not user.is_authenticated:
        return False
    municipality_id = sub_project.plan.municipality_id
    cache = user.__dict__.setdefault("_platskraft_departments", {})
    if municipality_id not in cache:
        cache[municipality_id] = frozenset(
            Membership.objects.filter(
                user=user, municipality_id=municipality_id, role=Role.CASE_HANDLER
            ).values_list("department_id", flat=True)
        )
    return sub_project.owner_id in cache[municipality_id]


# The municipality's plan pages for staff (obj: Municipality, Plan or SubProject).
rules.add_perm("plans.view_staff", reads_staff_pages)
rules.add_perm("plans.manage", edits)
# One sub-project's public timeline (obj: SubProject).
rules.add_perm("plans.update", edits | (is_case_handler & handles_the_owner))
# One plan (obj: Plan or SubProject): residents see a published plan.
rules.add_perm("plans.view_plan", is_published | reads_staff_pages)

PLAN_ACTIONS: dict[str, str] = {
    "plans.view_staff": "municipality",
    "plans.manage": "municipality",
    "plans.update": "sub_project",
    "plans.view_plan": "plan",
}
