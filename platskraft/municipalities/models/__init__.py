from .process import Financier, GovernanceGroup, GroupMember, Phase, Process
from .tenant import (
    County,
    Department,
    KnownMunicipality,
    Membership,
    ModerationMode,
    Municipality,
    Role,
)

__all__ = [
    "County",
    "Department",
    "Financier",
    "GovernanceGroup",
    "GroupMember",
    "KnownMunicipality",
    "Membership",
    "ModerationMode",
    "Municipality",
    "Phase",
    "Process",
    "Role",
]
