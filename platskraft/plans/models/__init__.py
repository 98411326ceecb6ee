from .plan import Funding, Milestone, Plan, PriorityArea, Status, SubProject, Update
from .trace import Change, Link, ReportSection, Revision

__all__ = [
    "Change",
    "Funding",
    "Link",
    "Milestone",
    "Plan",
    "PriorityArea",
    "ReportSection",
    "Revision",
    "Status",
    "SubProject",
    "Update",
]
