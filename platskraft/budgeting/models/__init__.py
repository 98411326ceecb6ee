from .ballot import Ballot, Channel, Outcome, PaperEntry, VoteEvent, VotingCode
from .round import (
    BallotKind,
    District,
    Eligibility,
    Project,
    ProjectStatus,
    Round,
    Rule,
    Stage,
)

__all__ = [
    "Ballot",
    "BallotKind",
    "Channel",
    "District",
    "Eligibility",
    "Outcome",
    "PaperEntry",
    "Project",
    "ProjectStatus",
    "Round",
    "Rule",
    "Stage",
    "VoteEvent",
    "VotingCode",
]
