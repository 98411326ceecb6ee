"""Citizen proposals: channels that collect them, the proposals, and what follows.

A proposal has two independent states:
- `visibility`: where it stands with the author and the moderators
  (draft → awaiting e-mail confirmation (guests) → awaiting review (pre-moderation)
  → published, or hidden with a reason the author sees);
- `status`: where the case stands with the municipality
  (received → under review → forwarded → approved / partly approved / rejected
  → implemented). Each status change is kept with its public explanation.
"""

from .channel import Category, Channel, Criterion
from .participation import Comment, Follow, Report, Score, Support
from .proposal import (
    BODY_MAX,
    COMMENT_MAX,
    DECIDED,
    EXPLANATION_MAX,
    OPEN_CASE,
    TITLE_MAX,
    TRANSITIONS,
    Proposal,
    Status,
    StatusChange,
    Visibility,
    image_path,
)

__all__ = [
    "BODY_MAX",
    "COMMENT_MAX",
    "DECIDED",
    "EXPLANATION_MAX",
    "OPEN_CASE",
    "TITLE_MAX",
    "TRANSITIONS",
    "Category",
    "Channel",
    "Comment",
    "Criterion",
    "Follow",
    "Proposal",
    "Report",
    "Score",
    "Status",
    "StatusChange",
    "Support",
    "Visibility",
    "image_path",
]
