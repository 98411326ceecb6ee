from .meeting import (
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Outcome,
    OutcomeSource,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
)
from .opera import Idea, IdeaStage, OperaSession, Pair, Participant, Step, Theme, Vote

__all__ = [
    "Attendance",
    "Idea",
    "IdeaStage",
    "Meeting",
    "MeetingKind",
    "MeetingStatus",
    "OperaSession",
    "Outcome",
    "OutcomeSource",
    "Pair",
    "Participant",
    "Registration",
    "RegistrationQuestion",
    "RegistrationStatus",
    "Step",
    "Theme",
    "Vote",
]
