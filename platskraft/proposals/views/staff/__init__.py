"""The staff side of citizen proposals: moderation, routing, case handling, ranking, exports.

Every view first checks a permission on the request's municipality (so an anonymous
visitor is asked to log in and anyone without a role here gets 404), then finds its
object inside that municipality, then calls a service and answers.

`cases` holds the case list and one case; `moderation` reports and comments; `channels`
the channels and their parts; `ranking` a channel's ranking; `exports` the spreadsheets;
`_common` the helpers they share.
"""

from platskraft.core.access import site_url

from ._common import staff_url
from .cases import (
    PAGE_SIZE,
    VISIBILITY_TABS,
    Case,
    CaseList,
    CaseModerate,
    CaseRoute,
    CaseScores,
    CaseStatus,
    case_get,
    case_url,
    render_case,
)
from .channels import (
    CategoryDelete,
    CategoryFormView,
    ChannelDelete,
    ChannelFormView,
    Channels,
    CriterionDelete,
    CriterionFormView,
)
from .exports import (
    FORMULA_START,
    XLSX_TYPE,
    ExportCsv,
    ExportXlsx,
    csv_response,
    csv_stream,
    safe_cell,
    xlsx_response,
)
from .moderation import CommentModerate, ReportDismiss, Reports
from .ranking import Ranking, RankingExport, ranking_table

__all__ = [
    "FORMULA_START",
    "PAGE_SIZE",
    "VISIBILITY_TABS",
    "XLSX_TYPE",
    "Case",
    "CaseList",
    "CaseModerate",
    "CaseRoute",
    "CaseScores",
    "CaseStatus",
    "CategoryDelete",
    "CategoryFormView",
    "ChannelDelete",
    "ChannelFormView",
    "Channels",
    "CommentModerate",
    "CriterionDelete",
    "CriterionFormView",
    "ExportCsv",
    "ExportXlsx",
    "Ranking",
    "RankingExport",
    "ReportDismiss",
    "Reports",
    "case_get",
    "case_url",
    "csv_response",
    "csv_stream",
    "ranking_table",
    "render_case",
    "safe_cell",
    "site_url",
    "staff_url",
    "xlsx_response",
]
