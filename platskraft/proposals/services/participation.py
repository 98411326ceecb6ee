"""Taking part: supporting, following and commenting on proposals."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from platskraft.core.text import clean_html

from ..models import COMMENT_MAX, Comment, Follow, Proposal, Support, Visibility
from .common import _check_length, _check_rate

UNSUBSCRIBE_SALT = "platskraft.proposals.unsubscribe"


@transaction.atomic
def support_set(*, proposal: Proposal, user, support: bool) -> bool:
    """Support a proposal or withdraw the support; clicking twice changes nothing."""
    if support:
        if proposal.visibility != Visibility.PUBLISHED:
            raise ValidationError(_("Only a published proposal can be supported."))
        try:
            with transaction.atomic():
                Support.objects.create(proposal=proposal, user=user)
        except IntegrityError:
            return True
        Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
        return True
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    if deleted:
        Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
    return False


@transaction.atomic
def follow_set(*, proposal: Proposal, user, follow: bool) -> bool:
    if follow:
        _follow, created = Follow.objects.get_or_create(proposal=proposal, user=user)
        if created:
            Proposal.objects.filter(pk=proposal.pk).update(follower_count=F("follower_count") + 1)
        return True
    deleted, _rows = Follow.objects.filter(proposal=proposal, user=user).delete()
    if deleted:
        Proposal.objects.filter(pk=proposal.pk).update(follower_count=F("follower_count") - 1)
    return False


def unsubscribe_token(follow: Follow) -> str:
    return signing.dumps(follow.pk, salt=UNSUBSCRIBE_SALT)


@transaction.atomic
def follow_unsubscribe(*, token: str) -> Proposal | None:
    """Stop the e-mails of one proposal from the link in an e-mail. None: already stopped."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise ValidationError(_("This link is not valid."), code="bad_token") from error
    follow = Follow.objects.select_related("proposal").filter(pk=pk).first()
    if follow is None:
        return None
    proposal = follow.proposal
    follow.delete()
    Proposal.objects.filter(pk=proposal.pk).update(follower_count=F("follower_count") - 1)
    return proposal


@transaction.atomic
def comment_add(
    *, proposal: Proposal, author, body: str, parent: Comment | None = None, ip: str = ""
) -> Comment:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.visibility != Visibility.PUBLISHED:
        raise ValidationError(
            _("This proposal is not published, so it cannot be commented on."), code="hidden"
        )
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ValidationError(_("You can only reply to a comment on the same proposal."))
        top = parent.parent or parent  # replies stay one level deep
        if parent.is_hidden or top.is_hidden:
            raise ValidationError(_("This comment has been hidden and cannot be replied to."))
        parent = top
    _check_rate("comment", Comment.objects.all(), user=author, ip=ip)
    comment = Comment(
        proposal=proposal, parent=parent, author=author, body=clean_html(body), ip_hash=ip
    )
    _check_length("body", comment.body, COMMENT_MAX)
    comment.full_clean()
    comment.save()
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + 1)
    return comment
