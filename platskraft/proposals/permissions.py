"""Who may do what with proposals: role in the municipality × the channel's phase.

Objects: a Channel (submit, view), a Proposal (everything else) or the Municipality
(staff lists, exports, channel management). `PROPOSAL_ACTIONS` lists every action
with the object it is checked on; the permission matrix test walks it.
"""

from __future__ import annotations

import rules

from platskraft.analysis import schedule
from platskraft.municipalities.models import Membership, Role
from platskraft.municipalities.permissions import (
    has_role,
    is_admin,
    is_editor,
    is_programme_observer,
    may_read_staff_pages,
    today,
)

from .models import Visibility

is_moderator = has_role(Role.ADMIN, Role.MODERATOR)
is_case_staff = has_role(Role.ADMIN, Role.EDITOR, Role.CASE_HANDLER)
is_case_handler = has_role(Role.CASE_HANDLER)
edits = is_admin | is_editor


def _channel_of(obj):
    return getattr(obj, "channel", obj)


@rules.predicate
def is_logged_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def channel_is_public(user, obj) -> bool:
    channel = _channel_of(obj)
    if not channel.is_published:
        return False
    return channel.process_id is None or channel.process.is_public


@rules.predicate
def channel_is_open(user, obj) -> bool:
    """Open for new proposals, supports and comments: always-open, or its phase runs now."""
    channel = _channel_of(obj)
    if channel.process_id is not None and channel.process.is_closed:
        return False
    return channel.state_on(today()) is schedule.State.CURRENT


@rules.predicate
def is_published(user, proposal) -> bool:
    return proposal.visibility == Visibility.PUBLISHED


@rules.predicate
def is_draft(user, proposal) -> bool:
    return proposal.visibility == Visibility.DRAFT


@rules.predicate
def is_awaiting_review(user, proposal) -> bool:
    return proposal.visibility == Visibility.PENDING


@rules.predicate
def is_author(user, proposal) -> bool:
    return bool(user.is_authenticated and proposal.author_id == user.pk)


@rules.predicate
def handles_its_department(user, proposal) -> bool:
    """A case handler of the proposal's committee, or the handler named on the case."""
    if not user.is_authenticated:
        return False
    if proposal.handler_id == user.pk:
        return True
    if proposal.department_id is None:
        return False
    cache = user.__dict__.setdefault("_platskraft_departments", {})
    key = proposal.municipality_id
    if key not in cache:
        cache[key] = frozenset(
            Membership.objects.filter(
                user=user, municipality_id=key, role=Role.CASE_HANDLER
            ).values_list("department_id", flat=True)
        )
    return proposal.department_id in cache[key]


sees_staff_side = may_read_staff_pages
visible = (is_published & channel_is_public) | is_author | sees_staff_side

# Channels (obj: Channel).
rules.add_perm("proposals.view_channel", channel_is_public | sees_staff_side)
rules.add_perm("proposals.add_proposal", is_logged_in & channel_is_public & channel_is_open)

# One proposal (obj: Proposal).
rules.add_perm("proposals.view_proposal", visible)
rules.add_perm("proposals.change_proposal", is_author & is_draft & channel_is_open)
rules.add_perm("proposals.support_proposal", is_logged_in & is_published & channel_is_open)
rules.add_perm(
    "proposals.comment_proposal",
    is_logged_in & is_published & channel_is_public & channel_is_open,
)
rules.add_perm("proposals.follow_proposal", is_logged_in & is_published)
rules.add_perm("proposals.report_proposal", is_logged_in & is_published & ~is_author)
rules.add_perm("proposals.moderate_proposal", is_moderator & ~is_draft)
rules.add_perm("proposals.route_proposal", (edits | is_case_handler) & is_published)
rules.add_perm(
    "proposals.change_status", (edits | (is_case_handler & handles_its_department)) & is_published
)
rules.add_perm("proposals.score_proposal", edits & ~is_draft)

# The municipality's proposal work (obj: Municipality).
rules.add_perm("proposals.view_cases", may_read_staff_pages)
rules.add_perm("proposals.manage_channels", edits)
rules.add_perm("proposals.export_proposals", edits | is_moderator)
rules.add_perm("proposals.moderate", is_moderator)

PROPOSAL_ACTIONS: dict[str, str] = {
    "proposals.view_channel": "channel",
    "proposals.add_proposal": "channel",
    "proposals.view_proposal": "proposal",
    "proposals.change_proposal": "proposal",
    "proposals.support_proposal": "proposal",
    "proposals.comment_proposal": "proposal",
    "proposals.follow_proposal": "proposal",
    "proposals.report_proposal": "proposal",
    "proposals.moderate_proposal": "proposal",
    "proposals.route_proposal": "proposal",
    "proposals.change_status": "proposal",
    "proposals.score_proposal": "proposal",
    "proposals.view_cases": "municipality",
    "proposals.manage_channels": "municipality",
    "proposals.export_proposals": "municipality",
    "proposals.moderate": "municipality",
}

__all__ = ["PROPOSAL_ACTIONS", "is_programme_observer"]
