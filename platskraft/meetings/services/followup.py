""" "What happened next": when an outcome of a meeting is taken up (a plan item, a
decision), everyone who registered for the meeting and asked for it gets an e-mail, with
a link that stops these e-mails. The app that takes the outcome up calls
`notify_outcome_followed_up`; the e-mails go after its transaction commits."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction

from ..models import Outcome, Registration, RegistrationStatus
from . import mail
from .registration import rotate_token


def _site_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


@transaction.atomic
def notify_outcome_followed_up(
    outcome: Outcome, *, title: str, url: str, site_url: str = ""
) -> int:
    """E-mail every registrant of the outcome's meeting (not cancelled) who asked to hear
    what happens next. `title` and `url` name what took the outcome up; `url` should be
    absolute (its site is used for our own links unless `site_url` is given). Returns the
    number of e-mails that will be sent."""
    site_url = (site_url or _site_of(url)).rstrip("/")
    meeting = outcome.meeting
    registrations = list(
        Registration.objects.filter(meeting=meeting, wants_updates=True)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
    )
    messages = []
    for registration in registrations:
        registration.meeting = meeting
        token = rotate_token(registration)
        stop = mail.updates_url(registration, token, site_url=site_url)
        messages.append(
            mail.message(
                registration,
                "followed_up",
                site_url=site_url,
                list_unsubscribe=stop,
                outcome=outcome,
                outcome_url=site_url + outcome.get_absolute_url(),
                followup_title=title,
                followup_url=url,
                unsubscribe_url=stop,
            )
        )
    mail.send_after_commit(messages)
    return len(messages)
