"""The reminder e-mail, once per registration, a day (by default) before the meeting.

`reminders_send` is idempotent: a registration is marked `reminded_at` by a conditional
UPDATE before its e-mail goes, so two runs at once (or a run repeated after a crash)
never remind anyone twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from ..models import Meeting, MeetingStatus, Registration, RegistrationStatus
from . import mail
from .registration import rotate_token

AHEAD = timedelta(hours=24)


def reminders_send(*, site_url: str, now: datetime | None = None, ahead: timedelta = AHEAD) -> int:
    """Remind everyone with a place at a published meeting starting within `ahead`.
    Returns the number of e-mails sent."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        status=MeetingStatus.PUBLISHED, starts_at__gt=now, starts_at__lte=now + ahead
    ).select_related("municipality")
    sent = 0
    connection = get_connection()
    for meeting in meetings:
        due = Registration.objects.filter(
            meeting=meeting, status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True
        ).select_related("user")
        for registration in due:
            with transaction.atomic():
                claimed = Registration.objects.filter(
                    pk=registration.pk,
                    status=RegistrationStatus.CONFIRMED,
                    reminded_at__isnull=True,
                ).update(reminded_at=now)
                if not claimed:
                    continue
                registration.meeting = meeting
                token = rotate_token(registration)
                email = mail.message(
                    registration,
                    "reminder",
                    site_url=site_url,
                    attach_ics=True,
                    cancel_url=mail.cancel_url(registration, token, site_url=site_url),
                )
            connection.send_messages([email])
            sent += 1
        if meeting.reminder_sent_at is None:
            Meeting.objects.filter(pk=meeting.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
    return sent
