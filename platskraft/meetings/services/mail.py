"""E-mail to the people registered for a meeting, sent only after the transaction has
committed: confirmation (with the meeting's .ics attached), moved up from the waiting
list, the meeting cancelled, the reminder and "what happened next".

Each is written in the language the person registered in, else their account's, else the
language of the request or the municipality's first language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .. import ical
from ..models import Meeting, Registration


def cancel_url(registration: Registration, token: str, *, site_url: str) -> str:
    meeting = registration.meeting
    return site_url + reverse(
        "meetings:registration_cancel",
        kwargs={"municipality_slug": meeting.municipality.slug, "pk": meeting.pk, "token": token},
    )


def updates_url(registration: Registration, token: str, *, site_url: str) -> str:
    meeting = registration.meeting
    return site_url + reverse(
        "meetings:stop_updates",
        kwargs={"municipality_slug": meeting.municipality.slug, "pk": meeting.pk, "token": token},
    )


def _language(registration: Registration, fallback: str = "") -> str:
    if registration.language in dict(settings.LANGUAGES):
        return registration.language
    user = registration.user
    if user is not None and getattr(user, "preferred_language", ""):
        return user.preferred_language
    return fallback or registration.meeting.municipality.languages[0]


def message(
    registration: Registration,
    template: str,
    *,
    site_url: str,
    language: str = "",
    attach_ics: bool = False,
    list_unsubscribe: str = "",
    **context,
) -> EmailMessage:
    meeting = registration.meeting
    with translation.override(_language(registration, language)):
        full = {
            **context,
            "registration": registration,
            "meeting": meeting,
            "municipality": meeting.municipality,
            "meeting_url": site_url + meeting.get_absolute_url(),
        }
        subject = render_to_string(f"meetings/email/{template}_subject.txt", full)
        body = render_to_string(f"meetings/email/{template}.txt", full)
    email = EmailMessage(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [registration.email]
    )
    if attach_ics:
        email.attach(
            f"meeting-{meeting.pk}.ics",
            ical.calendar_bytes([meeting], site_url=site_url),
            "text/calendar; charset=utf-8; method=PUBLISH",
        )
    if list_unsubscribe:
        email.extra_headers["List-Unsubscribe"] = f"<{list_unsubscribe}>"
    return email


def send_after_commit(messages: list[EmailMessage]) -> None:
    """Sent once the data are committed; a mail server that fails is logged, and what the
    person did (a place taken, a link replaced) stands."""
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages), robust=True)


def registered(
    registration: Registration, token: str, *, site_url: str, again: bool = False
) -> None:
    """The confirmation (a place or the waiting list), or, `again`, the e-mail to an address
    registered a second time: its place as it is and the new cancellation link."""
    confirmed = registration.status == "confirmed"
    template = "registered_again" if again else ("registered" if confirmed else "waiting")
    send_after_commit(
        [
            message(
                registration,
                template,
                site_url=site_url,
                language=translation.get_language() or "",
                attach_ics=confirmed,
                confirmed=confirmed,
                cancel_url=cancel_url(registration, token, site_url=site_url),
            )
        ]
    )


def promoted(registration: Registration, token: str, *, site_url: str) -> None:
    send_after_commit(
        [
            message(
                registration,
                "promoted",
                site_url=site_url,
                attach_ics=True,
                cancel_url=cancel_url(registration, token, site_url=site_url),
            )
        ]
    )


def meeting_cancelled(
    meeting: Meeting, registrations: list[Registration], *, site_url: str
) -> None:
    for registration in registrations:
        registration.meeting = meeting
    send_after_commit([message(r, "meeting_cancelled", site_url=site_url) for r in registrations])
