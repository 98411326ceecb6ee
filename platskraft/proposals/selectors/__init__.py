"""Reads for proposals: public lists with filters and search, staff case lists, ranking.

Split by responsibility: `lists` (filters, public and staff lists, map, counts),
`proposal` (one channel or proposal and what hangs on it), `reports` (ranking and
export) and `activities` (calls for proposals on a process page). Every public name is
re-exported here, so `selectors.proposal_list(...)` keeps working.
"""

from .activities import channel_activities
from .lists import (
    SORTS,
    ProposalFilters,
    apply_filters,
    case_list,
    filter_choices,
    is_public_channel,
    map_points,
    municipality_channels,
    my_proposals,
    overdue_count,
    proposal_list,
    public_proposals,
)
from .moderation import open_reports
from .proposal import (
    channel_get_for,
    channel_list,
    participation_of,
    proposal_comments,
    proposal_get_for,
    proposal_history,
    staff_channels,
)
from .reports import EXPORT_COLUMNS, export_rows, ranking

__all__ = [
    "EXPORT_COLUMNS",
    "SORTS",
    "ProposalFilters",
    "apply_filters",
    "case_list",
    "channel_activities",
    "channel_get_for",
    "channel_list",
    "export_rows",
    "filter_choices",
    "is_public_channel",
    "map_points",
    "municipality_channels",
    "my_proposals",
    "open_reports",
    "overdue_count",
    "participation_of",
    "proposal_comments",
    "proposal_get_for",
    "proposal_history",
    "proposal_list",
    "public_proposals",
    "ranking",
    "staff_channels",
]
