"""Who may do what with citizen budgets: role in the municipality × the round's stage.

Objects: the Municipality (staff lists, new rounds, imports) or a Round (a Municipality
stands for "any round" where a stage matters). `BUDGET_ACTIONS` lists every action with
the object it is checked on; the permission matrix test walks it.

Nobody, staff included, may see how a person voted: there is no permission for it
because no page or export links a ballot to a person.
"""

from __future__ import annotations

import rules

from platskraft.municipalities.models import Role
from platskraft.municipalities.permissions import (
    has_role,
    is_admin,
    is_editor,
    may_read_staff_pages,
)

from .models import Round, Stage

edits = is_admin | is_editor
enters_paper = has_role(Role.ADMIN, Role.EDITOR, Role.CASE_HANDLER)
PAPER_STAGES = frozenset({Stage.VOTING, Stage.COUNTING})


@rules.predicate
def is_draft(user, round) -> bool:
    return isinstance(round, Round) and round.stage == Stage.DRAFT


@rules.predicate
def takes_paper(user, round) -> bool:
    """Paper ballots are entered while voting is open and while counting."""
    return not isinstance(round, Round) or round.stage in PAPER_STAGES


@rules.predicate
def voting_is_open(user, round) -> bool:
    return isinstance(round, Round) and round.voting_is_open()


# The municipality's budget pages for staff (obj: Municipality or Round).
rules.add_perm("budgeting.view_staff", may_read_staff_pages)
rules.add_perm("budgeting.manage", edits)
rules.add_perm("budgeting.enter_paper", enters_paper & takes_paper)
# One round (obj: Round).
rules.add_perm("budgeting.view_round", ~is_draft | may_read_staff_pages)
rules.add_perm("budgeting.vote", voting_is_open)

BUDGET_ACTIONS = {
    "budgeting.view_staff": "municipality",
    "budgeting.manage": "municipality",
    "budgeting.enter_paper": "round",
    "budgeting.view_round": "round",
    "budgeting.vote": "round",
}
