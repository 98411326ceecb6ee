"""Writes for proposals: submit, moderate, take part, route, decide, score.

Every function is keyword-only, runs in one transaction and raises ValidationError
with a translated message (keyed by field where there is one) when the input or
the state of the proposal does not allow the change. E-mails leave only after the
transaction has committed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from platskraft.core.images import normalise_image
from platskraft.core.text import clean_html, strip_tags

from .models import (
    BODY_MAX,
    COMMENT_MAX,
    DECIDED,
    EXPLANATION_MAX,
    TRANSITIONS,
    Category,
    Channel,
    Comment,
    Criterion,
    Follow,
    Proposal,
    Report,
    Score,
    Status,
    StatusChange,
    Support,
    Visibility,
)

GUEST_SALT = "platskraft.proposals.guest"
UNSUBSCRIBE_SALT = "platskraft.proposals.unsubscribe"
GUEST_LINK_DAYS = 7

# (how many, within how many seconds) per person and per IP address.
DEFAULT_RATE_LIMITS = {"proposal": (5, 3600), "comment": (20, 600)}


def rate_limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_RATE_LIMITS, **getattr(settings, "PLATSKRAFT_RATE_LIMITS", {})}


def ip_hash(address: str | None) -> str:
    """A keyed hash of an IP address: enough to count, useless to identify."""
    if not address:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def request_ip_hash(request) -> str:
    return ip_hash(request.META.get("REMOTE_ADDR"))


def _check_rate(kind: str, queryset, *, user, ip: str) -> None:
    count, seconds = rate_limits()[kind]
    since = timezone.now() - timedelta(seconds=seconds)
    recent = queryset.filter(created_at__gte=since)
    by_user = user is not None and user.is_authenticated
    if (by_user and recent.filter(author=user).count() >= count) or (
        ip and recent.filter(ip_hash=ip).count() >= count
    ):
        minutes = max(1, seconds // 60)
        if kind == "proposal":
            message = _(
                "You have sent many proposals in a short time. "
                "Please wait a while (up to %(minutes)s minutes) and try again."
            )
        else:
            message = _(
                "You have written many comments in a short time. "
                "Please wait a while (up to %(minutes)s minutes) and try again."
            )
        raise ValidationError(message % {"minutes": minutes}, code="rate_limited")


def _length_errors(text: str, limit: int) -> list[str]:
    """A text field's max_length is not checked by full_clean(); count what readers see."""
    try:
        MaxLengthValidator(limit)(strip_tags(text))
    except ValidationError as error:
        return error.messages
    return []


def _check_length(field: str, text: str, limit: int) -> None:
    if messages := _length_errors(text, limit):
        raise ValidationError({field: messages})


def _stale(proposal: Proposal, version: int | None) -> bool:
    return version is not None and int(version) != proposal.version


CONFLICT_MESSAGE = gettext_noop(
    "Someone else changed this case while you were working on it. "
    "Your text is kept below: check the case as it is now and send again."
)


def _lock(proposal: Proposal) -> Proposal:
    """The proposal as stored now, locked for the rest of the transaction."""
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


# --- Submitting ---------------------------------------------------------------------------


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


# --- Moderation ---------------------------------------------------------------------------


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


# --- Taking part --------------------------------------------------------------------------


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


# --- Case handling ------------------------------------------------------------------------


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


# --- Channels -----------------------------------------------------------------------------


@transaction.atomic
def channel_save(*, form) -> Channel:
    channel = form.save(commit=False)
    if channel.phase_id:
        if channel.phase.process.municipality_id != channel.municipality_id:
            raise ValidationError({"phase": _("The phase belongs to another municipality.")})
        channel.process = channel.phase.process
    channel.save()
    return channel


# --- E-mail -------------------------------------------------------------------------------


def _author_address(proposal: Proposal) -> tuple[str, str] | None:
    if proposal.author_id:
        return (proposal.author.email, proposal.author.preferred_language)
    if proposal.guest_email:
        return (proposal.guest_email, "")
    return None


def _notify_followers(proposal: Proposal, change: StatusChange, *, site_url: str) -> None:
    follows = list(Follow.objects.filter(proposal=proposal).select_related("user"))
    recipients = []
    for follow in follows:
        language = follow.user.preferred_language if follow.user_id else ""
        unsubscribe = site_url + reverse(
            "proposals:unsubscribe",
            kwargs={
                "municipality_slug": proposal.municipality.slug,
                "token": unsubscribe_token(follow),
            },
        )
        recipients.append((follow.address, language, unsubscribe))
    if not recipients:
        return
    context = {"change": change}

    def send() -> None:
        messages = [
            _message(proposal, address, language, "status_changed", context, site_url, unsub)
            for address, language, unsub in recipients
        ]
        get_connection().send_messages(messages)

    transaction.on_commit(send)


def _message(proposal, address, language, template, context, site_url, unsubscribe_url=""):
    language = language or proposal.municipality.languages[0]
    with translation.override(language):
        full = {
            **context,
            "proposal": proposal,
            "municipality": proposal.municipality,
            "proposal_url": site_url + proposal.get_absolute_url(),
            "unsubscribe_url": unsubscribe_url,
        }
        subject = render_to_string(f"proposals/email/{template}_subject.txt", full).strip()
        body = render_to_string(f"proposals/email/{template}.txt", full)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    if unsubscribe_url:
        message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    return message


def _mail_after_commit(proposal, recipients, template, context, *, site_url: str) -> None:
    def send() -> None:
        get_connection().send_messages(
            [
                _message(proposal, address, language, template, context, site_url)
                for address, language in recipients
            ]
        )

    transaction.on_commit(send)
