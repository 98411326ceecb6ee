"""Places at a meeting: register (a place, or the waiting list when full), cancel from the
link in the e-mail (the first on the waiting list moves up), stop "what happens next".

The meeting's row is locked while places are counted, so two people can never both take
the last place. The cancellation link carries a random token; only its keyed hash is
stored (`tokens`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Meeting, MeetingStatus, Registration, RegistrationQuestion, RegistrationStatus
from ..tokens import new_token, token_hash
from . import mail
from .common import locked


@dataclass(frozen=True)
class Registered:
    registration: Registration
    token: str  # the plain token of the cancellation link; stored nowhere
    again: bool = False  # the address was registered already: nothing new was made

    @property
    def waiting(self) -> bool:
        return self.registration.status == RegistrationStatus.WAITING


def registration_closes_at(meeting: Meeting):
    """When registration closes: the set time, or when the meeting starts if earlier."""
    if meeting.registration_closes_at is not None:
        return min(meeting.registration_closes_at, meeting.starts_at)
    return meeting.starts_at


def registration_state(meeting: Meeting) -> str:
    """'open', 'closed' (time passed), 'off' (no registration) or 'cancelled'."""
    if meeting.status == MeetingStatus.CANCELLED:
        return "cancelled"
    if meeting.status != MeetingStatus.PUBLISHED or not meeting.registration_open:
        return "off"
    if timezone.now() >= registration_closes_at(meeting):
        return "closed"
    return "open"


def places_taken(meeting: Meeting) -> int:
    return Registration.objects.filter(meeting=meeting, status=RegistrationStatus.CONFIRMED).count()


def places_left(meeting: Meeting) -> int | None:
    if meeting.capacity is None:
        return None
    return max(meeting.capacity - places_taken(meeting), 0)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def check_answers(meeting: Meeting, answers: dict) -> dict[str, str]:
    """The answers keyed by question id (str), checked against the questions."""
    errors: dict[str, list[str]] = {}
    kept: dict[str, str] = {}
    for question in RegistrationQuestion.objects.filter(meeting=meeting):
        key = str(question.pk)
        value = str(answers.get(key, answers.get(question.pk, "")) or "").strip()
        field = f"question_{question.pk}"
        if not value:
            if question.required:
                errors[field] = [_("Answer this question: it is required.")]
            continue
        if question.kind == RegistrationQuestion.Kind.CHOICE and value not in question.choices:
            errors[field] = [_("Choose one of the options.")]
            continue
        kept[key] = value[:500]
    if errors:
        raise ValidationError(errors)
    return kept


@transaction.atomic
def registration_create(
    *,
    meeting: Meeting,
    email: str,
    name: str = "",
    answers: dict | None = None,
    wants_updates: bool = False,
    user=None,
    site_url: str = "",
    language: str = "",
) -> Registered:
    """A place, or a place on the waiting list when the meeting is full. One registration
    per e-mail address (a second time: `_registered_again`); refused once registration
    has closed."""
    current = locked(meeting)
    state = registration_state(current)
    if state != "open":
        messages = {
            "cancelled": _("The meeting is cancelled: registration is closed."),
            "closed": _("Registration for this meeting has closed."),
            "off": _("This meeting does not take registrations."),
        }
        raise ValidationError(messages[state], code="closed")
    email = normalise_email(email)
    if not email:
        raise ValidationError({"email": _("Give your e-mail address.")})
    taken = (
        Registration.objects.select_for_update()
        .filter(meeting=current, email=email)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if taken is not None:
        return _registered_again(taken, site_url=site_url)
    kept = check_answers(current, answers or {})
    full = current.capacity is not None and places_taken(current) >= current.capacity
    token = new_token()
    registration = Registration(
        meeting=current,
        user=user if getattr(user, "is_authenticated", False) else None,
        name=(name or "").strip()[:120],
        email=email,
        answers=kept,
        wants_updates=bool(wants_updates),
        status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
        token_hash=token_hash(token),
        language=language or translation.get_language() or "",
    )
    registration.full_clean(exclude=["meeting", "user", "token_hash"], validate_unique=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:  # the same address in a race the lock did not cover
        raise ValidationError(
            {"email": _("This e-mail address is already registered for the meeting.")},
            code="duplicate",
        ) from error
    mail.registered(registration, token, site_url=site_url)
    return Registered(registration, token)


def _registered_again(registration: Registration, *, site_url: str) -> Registered:
    """The address is registered already. The page must not tell whoever typed it (anyone
    can type any address), so it shows what it shows after registering, and the e-mail
    goes to the address: the place or waiting-list position as it is, and a new link to
    cancel that replaces the old one. What was typed this time changes nothing."""
    token = new_token()
    registration.token_hash = token_hash(token)
    registration.save(update_fields=["token_hash"])
    mail.registered(registration, token, site_url=site_url, again=True)
    return Registered(registration, token, again=True)


def _by_token(meeting: Meeting, token: str) -> Registration:
    found = (
        Registration.objects.select_for_update()
        .filter(meeting=meeting, token_hash=token_hash(token or ""))
        .first()
        if token
        else None
    )
    if found is None:
        raise ValidationError(
            _(
                "This link is not valid. It may have been replaced by the link in a newer "
                "e-mail from us about this meeting."
            ),
            code="bad_token",
        )
    return found


def registration_for_token(*, meeting: Meeting, token: str) -> Registration | None:
    """The registration a link points to, without changing anything (None: not valid)."""
    if not token:
        return None
    return Registration.objects.filter(meeting=meeting, token_hash=token_hash(token)).first()


@transaction.atomic
def registration_cancel(*, meeting: Meeting, token: str, site_url: str = "") -> Registration:
    """Give up a place (or a place on the waiting list); the first waiting moves up."""
    current = locked(meeting)
    registration = _by_token(current, token)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(
            _("This registration is already cancelled."), code="already_cancelled"
        )
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if current.status == MeetingStatus.PUBLISHED and not current.has_ended:
        promote_waiting(current, site_url=site_url)
    return registration


def promote_waiting(current: Meeting, *, site_url: str = "") -> list[Registration]:
    """Move people up from the waiting list while there are places, first come first.
    The caller holds the meeting's lock."""
    waiting = Registration.objects.filter(meeting=current, status=RegistrationStatus.WAITING)
    capacity = current.capacity
    free = waiting.count() if capacity is None else capacity - places_taken(current)
    if free <= 0:
        return []
    promoted = list(waiting.order_by("created_at", "pk").select_for_update()[:free])
    now = timezone.now()
    for registration in promoted:
        token = new_token()
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.token_hash = token_hash(token)
        registration.save(update_fields=["status", "promoted_at", "token_hash"])
        mail.promoted(registration, token, site_url=site_url)
    return promoted


@transaction.atomic
def registration_stop_updates(*, meeting: Meeting, token: str) -> Registration:
    """No more "what happened next" e-mails for this registration."""
    registration = _by_token(meeting, token)
    if registration.wants_updates:
        registration.wants_updates = False
        registration.save(update_fields=["wants_updates"])
    return registration


def rotate_token(registration: Registration) -> str:
    """A new link for an e-mail sent later (reminder, "what happened next"); the earlier
    link stops working, because only one hash is kept."""
    token = new_token()
    Registration.objects.filter(pk=registration.pk).update(token_hash=token_hash(token))
    registration.token_hash = token_hash(token)
    return token
