"""Writes for proposals: submit, moderate, take part, route, decide, score.

Every function is keyword-only, runs in one transaction and raises ValidationError
with a translated message (keyed by field where there is one) when the input or
the state of the proposal does not allow the change. E-mails leave only after the
transaction has committed.

The writes live in submodules by responsibility; this package re-exports every public
name, so `from platskraft.proposals import services` keeps working.
"""

from .cases import proposal_change_status, proposal_route, scores_save
from .channels import channel_delete, channel_save
from .common import (
    CONFLICT_MESSAGE,
    DEFAULT_RATE_LIMITS,
    ip_hash,
    rate_limits,
    request_ip_hash,
)
from .moderation import comment_moderate, proposal_moderate, report_create, report_dismiss
from .participation import (
    UNSUBSCRIBE_SALT,
    comment_add,
    follow_set,
    follow_unsubscribe,
    support_set,
    unsubscribe_token,
)
from .submitting import (
    GUEST_LINK_DAYS,
    GUEST_SALT,
    ProposalInput,
    proposal_confirm_guest,
    proposal_delete_draft,
    proposal_save,
)

__all__ = [
    "CONFLICT_MESSAGE",
    "DEFAULT_RATE_LIMITS",
    "GUEST_LINK_DAYS",
    "GUEST_SALT",
    "UNSUBSCRIBE_SALT",
    "ProposalInput",
    "channel_delete",
    "channel_save",
    "comment_add",
    "comment_moderate",
    "follow_set",
    "follow_unsubscribe",
    "ip_hash",
    "proposal_change_status",
    "proposal_confirm_guest",
    "proposal_delete_draft",
    "proposal_moderate",
    "proposal_route",
    "proposal_save",
    "rate_limits",
    "report_create",
    "report_dismiss",
    "request_ip_hash",
    "scores_save",
    "support_set",
    "unsubscribe_token",
]
