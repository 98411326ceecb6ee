"""Case handling: routing a proposal, moving its status on, scoring it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.core.text import clean_html

from ..models import (
    DECIDED,
    EXPLANATION_MAX,
    TRANSITIONS,
    Criterion,
    Proposal,
    Score,
    Status,
    StatusChange,
    Visibility,
)
from .common import CONFLICT_MESSAGE, _check_length, _length_errors, _lock, _stale
from .mail import _notify_followers


def _record(
    proposal: Proposal, *, old: str, new: str, explanation: str, by, site_url: str
) -> StatusChange:
    change = StatusChange.objects.create(
        proposal=proposal,
        old_status=old,
        new_status=new,
        explanation=explanation,
        changed_by=by,
        department_name=proposal.department.name if proposal.department_id else "",
        case_number=proposal.case_number,
    )
    _notify_followers(proposal, change, site_url=site_url)
    return change


@transaction.atomic
def proposal_route(
    *,
    proposal: Proposal,
    by,
    department,
    case_number: str,
    handler,
    response_due: date | None,
    explanation: str,
    version: int | None = None,
    site_url: str = "",
) -> Proposal:
    """Send the proposal to a committee or department with a case number and a deadline.

    A case that has not been decided becomes "forwarded"; residents read the explanation.
    """
    current = _lock(proposal)
    if _stale(current, version):
        raise ValidationError(_(CONFLICT_MESSAGE), code="conflict")
    if current.visibility != Visibility.PUBLISHED:
        raise ValidationError(_("Only a published proposal can be routed."))
    explanation = clean_html(explanation)
    errors = {}
    if department is None:
        errors["department"] = _("Choose the committee or department that handles the case.")
    elif department.municipality_id != current.municipality_id:
        errors["department"] = _("The committee or department belongs to another municipality.")
    if not explanation:
        errors["explanation"] = _("Tell residents where the proposal was sent and why.")
    elif too_long := _length_errors(explanation, EXPLANATION_MAX):
        errors["explanation"] = too_long
    if errors:
        raise ValidationError(errors)
    current.department = department
    current.case_number = case_number.strip()
    current.handler = handler
    current.response_due = response_due
    old = current.status
    if old in (Status.RECEIVED, Status.REVIEW):
        current.status = Status.FORWARDED
    current.version += 1
    current.full_clean(exclude=["image"])
    current.save()
    _record(current, old=old, new=current.status, explanation=explanation, by=by, site_url=site_url)
    return current


@transaction.atomic
def proposal_change_status(
    *,
    proposal: Proposal,
    by,
    status: str,
    explanation: str,
    version: int | None = None,
    site_url: str = "",
) -> Proposal:
    """Move the case on. A decision's explanation is published as the official answer."""
    current = _lock(proposal)
    if _stale(current, version):
        raise ValidationError(_(CONFLICT_MESSAGE), code="conflict")
    if current.visibility != Visibility.PUBLISHED:
        raise ValidationError(_("Only a published proposal has a case to move on."))
    explanation = clean_html(explanation)
    if status not in TRANSITIONS.get(current.status, ()):
        raise ValidationError(
            {
                "status": _("A case that is “%(old)s” cannot become “%(new)s”.")
                % {
                    "old": Status(current.status).label,
                    "new": Status(status).label if status in Status.values else status,
                }
            }
        )
    if not explanation:
        raise ValidationError({"explanation": _("Explain the change to residents.")})
    _check_length("explanation", explanation, EXPLANATION_MAX)
    old = current.status
    current.status = status
    if status in DECIDED:
        current.answer = explanation
        current.answered_at = timezone.now()
    current.version += 1
    current.save()
    _record(current, old=old, new=status, explanation=explanation, by=by, site_url=site_url)
    return current


# --- Prioritisation -----------------------------------------------------------------------


@transaction.atomic
def scores_save(
    *, proposal: Proposal, by, values: dict[Criterion, tuple[int | None, str]]
) -> list[Score]:
    """Store an official's scores (0–5 with a reason) on the channel's criteria."""
    saved = []
    for criterion, (value, reason) in values.items():
        if criterion.channel_id != proposal.channel_id:
            raise ValidationError(_("The criterion belongs to another channel."))
        if value is None:
            Score.objects.filter(proposal=proposal, criterion=criterion).delete()
            continue
        if not 0 <= int(value) <= 5:
            raise ValidationError(
                {f"score_{criterion.pk}": _("A score is a whole number from 0 to 5.")}
            )
        score, _created = Score.objects.update_or_create(
            proposal=proposal,
            criterion=criterion,
            defaults={"value": int(value), "reason": reason.strip()[:500], "scored_by": by},
        )
        saved.append(score)
    return saved
