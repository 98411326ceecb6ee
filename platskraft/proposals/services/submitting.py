"""Submitting a proposal: drafts, sending, a guest's confirmation, deleting a draft."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.core.images import normalise_image
from platskraft.core.text import clean_html, strip_tags

from ..models import BODY_MAX, Category, Channel, Follow, Proposal, Visibility
from .common import _check_length, _check_rate
from .mail import _mail_after_commit

GUEST_SALT = "platskraft.proposals.guest"
GUEST_LINK_DAYS = 7


@dataclass
class ProposalInput:
    title: str
    body: str
    category: Category | None = None
    latitude: float | None = None
    longitude: float | None = None
    place_name: str = ""
    image: object | None = None  # an uploaded file; None keeps the current image
    remove_image: bool = False
    image_description: str = ""
    author_name: str = ""
    is_anonymous: bool = False


def _apply(proposal: Proposal, data: ProposalInput) -> None:
    proposal.title = strip_tags(data.title)
    proposal.body = clean_html(data.body)
    proposal.category = data.category
    proposal.latitude = data.latitude
    proposal.longitude = data.longitude
    proposal.place_name = data.place_name.strip()
    proposal.author_name = data.author_name.strip()
    proposal.is_anonymous = data.is_anonymous
    proposal.image_description = data.image_description.strip()
    proposal.search_text = " ".join(
        [proposal.title, strip_tags(proposal.body), proposal.place_name]
    ).lower()


def _apply_image(proposal: Proposal, data: ProposalInput) -> None:
    """Store or remove the image: only once everything else is valid, so a refused
    change never deletes the current image or leaves a stray file behind."""
    content = normalise_image(data.image) if data.image is not None else None
    if (data.remove_image or content is not None) and proposal.image:
        proposal.image.delete(save=False)
        proposal.image = None
    if content is not None:
        proposal.image_token = secrets.token_hex(16)
        proposal.image.save("image.jpg", content, save=False)


def _validate(proposal: Proposal) -> None:
    if proposal.category_id and proposal.category.channel_id != proposal.channel_id:
        raise ValidationError({"category": _("Choose one of this channel's categories.")})
    if (proposal.latitude is None) != (proposal.longitude is None):
        raise ValidationError({"latitude": _("A place on the map needs both coordinates.")})
    _check_length("body", proposal.body, BODY_MAX)
    proposal.full_clean(exclude=["image"])


@transaction.atomic
def proposal_save(
    *,
    channel: Channel,
    data: ProposalInput,
    author=None,
    guest_email: str = "",
    proposal: Proposal | None = None,
    submit: bool,
    ip: str = "",
    site_url: str = "",
) -> Proposal:
    """Create or change a proposal; keep it as a draft, or submit it.

    A guest's proposal waits for the guest to confirm the e-mail address. A submitted
    proposal is published at once (post-moderation) or waits for a moderator.
    """
    creating = proposal is None
    if creating:
        if author is None and not channel.allow_guests:
            raise ValidationError(_("Log in to send a proposal to this channel."))
        queryset = Proposal.objects.exclude(visibility=Visibility.DRAFT)
        if submit:
            _check_rate("proposal", queryset, user=author, ip=ip)
        proposal = Proposal(
            municipality=channel.municipality,
            channel=channel,
            author=author,
            guest_email=guest_email.strip().lower() if author is None else "",
            ip_hash=ip,
        )
    elif proposal.visibility != Visibility.DRAFT:
        raise ValidationError(_("Only a draft can be changed. This proposal has been sent."))
    elif submit:
        _check_rate(
            "proposal",
            Proposal.objects.exclude(visibility=Visibility.DRAFT).exclude(pk=proposal.pk),
            user=author,
            ip=ip,
        )
    _apply(proposal, data)
    _validate(proposal)
    _apply_image(proposal, data)
    proposal.save()
    if submit:
        _submit(proposal, site_url=site_url)
    return proposal


def _submit(proposal: Proposal, *, site_url: str) -> None:
    now = timezone.now()
    proposal.submitted_at = now
    if proposal.author_id is None:
        proposal.visibility = Visibility.UNCONFIRMED
        proposal.save(update_fields=["visibility", "submitted_at", "updated_at"])
        token = signing.dumps({"p": proposal.pk}, salt=GUEST_SALT)
        url = site_url + reverse(
            "proposals:guest_confirm",
            kwargs={"municipality_slug": proposal.municipality.slug, "token": token},
        )
        _mail_after_commit(
            proposal,
            [(proposal.guest_email, "")],
            "guest_confirm",
            {"confirm_url": url, "days": GUEST_LINK_DAYS},
            site_url=site_url,
        )
        return
    _enter_review(proposal, now)
    _follow, created = Follow.objects.get_or_create(proposal=proposal, user=proposal.author)
    if created:
        Proposal.objects.filter(pk=proposal.pk).update(follower_count=F("follower_count") + 1)


def _enter_review(proposal: Proposal, now) -> None:
    if proposal.municipality.moderation_mode == "pre":
        proposal.visibility = Visibility.PENDING
    else:
        proposal.visibility = Visibility.PUBLISHED
        proposal.published_at = now
    proposal.save(update_fields=["visibility", "submitted_at", "published_at", "updated_at"])


@transaction.atomic
def proposal_confirm_guest(*, token: str) -> Proposal:
    """The guest clicked the link in the e-mail: the proposal goes on to review."""
    try:
        data = signing.loads(token, salt=GUEST_SALT, max_age=timedelta(days=GUEST_LINK_DAYS))
        proposal = Proposal.objects.select_for_update().get(pk=data["p"])
    except (signing.BadSignature, KeyError, TypeError, Proposal.DoesNotExist) as error:
        raise ValidationError(
            _("This confirmation link is not valid or has expired."), code="bad_token"
        ) from error
    if proposal.visibility == Visibility.UNCONFIRMED:
        _enter_review(proposal, timezone.now())
        _follow, created = Follow.objects.get_or_create(
            proposal=proposal, user=None, email=proposal.guest_email
        )
        if created:
            Proposal.objects.filter(pk=proposal.pk).update(follower_count=F("follower_count") + 1)
    return proposal


@transaction.atomic
def proposal_delete_draft(*, proposal: Proposal) -> None:
    if proposal.visibility != Visibility.DRAFT:
        raise ValidationError(_("Only a draft can be deleted."))
    if proposal.image:
        proposal.image.delete(save=False)
    proposal.delete()
