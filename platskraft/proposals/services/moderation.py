"""Moderation: publishing or hiding proposals and comments, handling reports."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Comment, Proposal, Report, Visibility
from .common import _check_length, _lock
from .mail import _author_address, _mail_after_commit


@transaction.atomic
def proposal_moderate(
    *, proposal: Proposal, moderator, approve: bool, reason: str = "", site_url: str = ""
) -> Proposal:
    """Publish a proposal, or hide it with a reason that its author is told."""
    proposal = _lock(proposal)
    if proposal.visibility in (Visibility.DRAFT, Visibility.UNCONFIRMED):
        raise ValidationError(_("This proposal has not been sent yet."))
    now = timezone.now()
    if approve:
        proposal.visibility = Visibility.PUBLISHED
        proposal.hidden_reason = ""
        proposal.published_at = proposal.published_at or now
    else:
        reason = reason.strip()
        if not reason:
            raise ValidationError(
                {"reason": _("Give a reason: the author is told why the proposal was hidden.")}
            )
        proposal.visibility = Visibility.HIDDEN
        proposal.hidden_reason = reason
    proposal.moderated_by = moderator
    proposal.moderated_at = now
    proposal.save()
    Report.objects.filter(proposal=proposal, comment=None, resolved_at=None).update(
        resolved_at=now, resolved_by=moderator
    )
    recipient = _author_address(proposal)
    if recipient:
        _mail_after_commit(
            proposal,
            [recipient],
            "published" if approve else "hidden",
            {"reason": proposal.hidden_reason},
            site_url=site_url,
        )
    return proposal


@transaction.atomic
def comment_moderate(*, comment: Comment, moderator, hide: bool, reason: str = "") -> Comment:
    reason = reason.strip()
    if hide and not reason:
        raise ValidationError({"reason": _("Give a reason for hiding the comment.")})
    if comment.is_hidden != hide:
        delta = -1 if hide else 1
        Proposal.objects.filter(pk=comment.proposal_id).update(
            comment_count=F("comment_count") + delta
        )
    comment.is_hidden = hide
    comment.hidden_reason = reason if hide else ""
    comment.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    Report.objects.filter(comment=comment, resolved_at=None).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )
    return comment


@transaction.atomic
def report_create(
    *, proposal: Proposal, reporter, reason: str, comment: Comment | None = None
) -> Report:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the moderators what is wrong.")})
    if comment is not None and comment.proposal_id != proposal.pk:
        raise ValidationError(_("The comment belongs to another proposal."))
    _check_length("reason", reason, Report._meta.get_field("reason").max_length)
    report = Report(proposal=proposal, comment=comment, reporter=reporter, reason=reason)
    # resolved_by (and reporter) are null=True without blank=True: not form input.
    report.full_clean(exclude=["resolved_by", "reporter"])
    report.save()
    return report


@transaction.atomic
def report_dismiss(*, report: Report, moderator) -> None:
    report.resolved_at = timezone.now()
    report.resolved_by = moderator
    report.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
