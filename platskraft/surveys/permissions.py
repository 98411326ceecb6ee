"""Who may do what with surveys: role in the municipality × the survey's state.

Objects: the Municipality (staff lists, new surveys, localities) or a Survey.
`SURVEY_ACTIONS` lists every action with the object it is checked on; the permission
matrix test walks it.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from platskraft.municipalities.permissions import (
    is_admin,
    is_editor,
    is_staff_member,
    may_read_staff_pages,
)

from .models import Access, SurveyStatus

edits = is_admin | is_editor


@rules.predicate
def is_logged_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_draft(user, survey) -> bool:
    return survey.status == SurveyStatus.DRAFT


@rules.predicate
def is_public(user, survey) -> bool:
    """Residents can see it: published or closed (not a draft)."""
    return survey.status != SurveyStatus.DRAFT


@rules.predicate
def is_open(user, survey) -> bool:
    return survey.is_open(timezone.now())


@rules.predicate
def anyone_may_answer(user, survey) -> bool:
    return survey.access == Access.ANYONE


@rules.predicate
def results_are_public(user, survey) -> bool:
    return survey.results_public and survey.status != SurveyStatus.DRAFT


# The municipality's survey pages for staff.
rules.add_perm("surveys.view_staff", may_read_staff_pages)
rules.add_perm("surveys.manage", edits)
# One survey.
rules.add_perm("surveys.view_survey", is_public | may_read_staff_pages)
rules.add_perm("surveys.change_survey", edits)
rules.add_perm("surveys.answer", is_open & (anyone_may_answer | is_logged_in))
rules.add_perm("surveys.enter_paper", is_staff_member & ~is_draft)
rules.add_perm("surveys.run_kiosk", is_staff_member & is_open)
rules.add_perm("surveys.view_results", results_are_public | may_read_staff_pages)
rules.add_perm("surveys.view_responses", may_read_staff_pages)
rules.add_perm("surveys.export", edits)
rules.add_perm("surveys.import", edits & ~is_draft)

SURVEY_ACTIONS = {
    "surveys.view_staff": "municipality",
    "surveys.manage": "municipality",
    "surveys.view_survey": "survey",
    "surveys.change_survey": "survey",
    "surveys.answer": "survey",
    "surveys.enter_paper": "survey",
    "surveys.run_kiosk": "survey",
    "surveys.view_results": "survey",
    "surveys.view_responses": "survey",
    "surveys.export": "survey",
    "surveys.import": "survey",
}
