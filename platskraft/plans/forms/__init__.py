"""Staff forms of action plans: the plan and its priority areas, sub-projects (with the
version they were opened at), funding per financier, milestones, dated updates, links to
residents' input, and revisions. They check what a person typed and name the field; the
services check the rules that span rows (codes, cycles, conflicts)."""

from .plans import AreaForm, CompareForm, PlanForm, RevisionForm, add_errors
from .subprojects import (
    FromProposalForm,
    FundingFormSet,
    LinkForm,
    LinkSearchForm,
    MilestoneForm,
    SubProjectForm,
    UpdateForm,
)

__all__ = [
    "AreaForm",
    "CompareForm",
    "FromProposalForm",
    "FundingFormSet",
    "LinkForm",
    "LinkSearchForm",
    "MilestoneForm",
    "PlanForm",
    "RevisionForm",
    "SubProjectForm",
    "UpdateForm",
    "add_errors",
]
