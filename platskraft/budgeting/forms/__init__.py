"""Staff forms of the citizen budget: rounds and districts, projects and their review,
voting codes and paper ballots, and the Pabulib import. They check what a person typed
and say what is wrong by field; the services check the rules that span rows."""

from .interchange import PbImportForm
from .projects import FromProposalForm, ProjectForm, ProposalToProjectForm, ReviewForm
from .rounds import DistrictForm, RoundForm, add_errors
from .voting import CodesForm, PaperForm

__all__ = [
    "CodesForm",
    "DistrictForm",
    "FromProposalForm",
    "PaperForm",
    "PbImportForm",
    "ProjectForm",
    "ProposalToProjectForm",
    "ReviewForm",
    "RoundForm",
    "add_errors",
]
