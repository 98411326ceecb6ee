"""Who may do what: a role in the object's municipality, combined with the process's phase.

Roles come from Membership rows and are read once per request and municipality.
Platform operators (superusers) pass every check through Django's own rule.
"""

from __future__ import annotations

from datetime import date

import rules
from django.utils import timezone

from platskraft.analysis import schedule

from .models import Membership, Municipality, Role

STAFF_ROLES = frozenset(Role.values)


def municipality_of(obj) -> Municipality | None:
    return getattr(obj, "municipality", None)


def roles_in(user, municipality: Municipality | None) -> frozenset[str]:
    if municipality is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_platskraft_roles", {})
    if municipality.pk not in cache:
        cache[municipality.pk] = frozenset(
            Membership.objects.filter(user=user, municipality=municipality).values_list(
                "role", flat=True
            )
        )
    return cache[municipality.pk]


def has_role(*roles: str) -> rules.Predicate:
    wanted = frozenset(roles)

    def check(user, obj=None) -> bool:
        return bool(roles_in(user, municipality_of(obj)) & wanted)

    return rules.predicate(check, name="has_role(" + ",".join(sorted(wanted)) + ")")


is_admin = has_role(Role.ADMIN)
is_editor = has_role(Role.EDITOR)
is_staff_member = has_role(*STAFF_ROLES)


@rules.predicate
def is_programme_observer(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_programme_observer)


def _process_of(obj):
    return getattr(obj, "process", obj)


@rules.predicate
def process_is_draft(user, obj) -> bool:
    return _process_of(obj).is_draft


@rules.predicate
def process_is_closed(user, obj) -> bool:
    return _process_of(obj).is_closed


@rules.predicate
def process_is_public(user, obj) -> bool:
    return _process_of(obj).is_public


def today() -> date:
    return timezone.localdate()


@rules.predicate
def phase_has_ended(user, phase) -> bool:
    return schedule.span_state(phase.span, today()) is schedule.State.PAST


may_read_staff_pages = is_staff_member | is_programme_observer
edits_processes = is_admin | is_editor

# The national programme's overview of every municipality (no object).
rules.add_perm("municipalities.view_programme", is_programme_observer)

# The municipality's staff area (obj: Municipality).
rules.add_perm("municipalities.view_staff_area", may_read_staff_pages)
rules.add_perm("municipalities.change_municipality", is_admin)
rules.add_perm("municipalities.manage_memberships", is_admin)
rules.add_perm("municipalities.manage_departments", edits_processes)
rules.add_perm("municipalities.add_process", edits_processes)

# One process (obj: Process). Closed processes are history: only admins change them.
rules.add_perm("municipalities.view_process", process_is_public | may_read_staff_pages)
rules.add_perm("municipalities.change_process", is_admin | (is_editor & ~process_is_closed))
rules.add_perm("municipalities.publish_process", edits_processes & process_is_draft)
rules.add_perm(
    "municipalities.close_process", edits_processes & process_is_public & ~process_is_closed
)
rules.add_perm("municipalities.reopen_process", is_admin & process_is_closed)
rules.add_perm("municipalities.delete_process", is_admin & process_is_draft)

# One phase (obj: Phase). A phase that has ended is part of the record: editors may
# not rewrite it, admins may (to correct a mistake).
rules.add_perm(
    "municipalities.change_phase",
    is_admin | (is_editor & ~process_is_closed & ~phase_has_ended),
)

# Every action an official can take in the staff area, with the object it applies to
# ("municipality", "process" or "phase"). The permission matrix test walks this list.
STAFF_ACTIONS: dict[str, str] = {
    "municipalities.view_staff_area": "municipality",
    "municipalities.change_municipality": "municipality",
    "municipalities.manage_memberships": "municipality",
    "municipalities.manage_departments": "municipality",
    "municipalities.add_process": "municipality",
    "municipalities.view_process": "process",
    "municipalities.change_process": "process",
    "municipalities.publish_process": "process",
    "municipalities.close_process": "process",
    "municipalities.reopen_process": "process",
    "municipalities.delete_process": "process",
    "municipalities.change_phase": "phase",
}
