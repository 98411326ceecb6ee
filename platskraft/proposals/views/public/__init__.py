"""Residents' pages: browse, map, follow the case, send a proposal, support, comment, report.

Every view is: access (scoped to the request's municipality), permission, service, response.
Changes are POST-only and work without JavaScript; support and follow also answer htmx
requests with the part of the page that changed.

`lists` holds the lists, map and feed; `submit` sending a proposal; `proposal` one
proposal's page and what residents do there; `_common` the helpers they share.
"""

from .lists import (
    FEED_SIZE,
    PAGE_SIZE,
    AnsweredFeed,
    channel_detail,
    my_proposals,
    proposal_list,
    proposal_map,
    proposal_map_data,
)
from .proposal import comment, follow, proposal_detail, proposal_image, report, support
from .submit import (
    IMAGE_ERROR_CODES,
    ProposalEdit,
    ProposalSubmit,
    guest_confirm,
    proposal_delete_draft,
    unsubscribe,
)

__all__ = [
    "FEED_SIZE",
    "IMAGE_ERROR_CODES",
    "PAGE_SIZE",
    "AnsweredFeed",
    "ProposalEdit",
    "ProposalSubmit",
    "channel_detail",
    "comment",
    "follow",
    "guest_confirm",
    "my_proposals",
    "proposal_delete_draft",
    "proposal_detail",
    "proposal_image",
    "proposal_list",
    "proposal_map",
    "proposal_map_data",
    "report",
    "support",
    "unsubscribe",
]
