"""Registration: a place or the waiting list, one per address, closed in time, answers
checked; the confirmation e-mail with its .ics; cancelling by token (wrong or used
refused) moves the first waiting up; reminders once; "what happened next"."""

from datetime import timedelta

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from ..models import Registration, RegistrationStatus
from ..services import registration as services
from ..services.followup import notify_outcome_followed_up
from ..services.reminders import reminders_send
from ..tokens import token_hash
from .factories import (
    MeetingFactory,
    OutcomeFactory,
    RegistrationFactory,
    RegistrationQuestionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
SITE = "https://platskraft.example"


def register(meeting, email, **kwargs):
    return services.registration_create(meeting=meeting, email=email, site_url=SITE, **kwargs)


def test_places_then_the_waiting_list(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        a = register(meeting, "a@example.org")
        b = register(meeting, "b@example.org")
        c = register(meeting, "c@example.org")
    assert (a.waiting, b.waiting, c.waiting) == (False, False, True)
    assert services.places_left(meeting) == 0
    assert [m.to[0] for m in mail.outbox] == ["a@example.org", "b@example.org", "c@example.org"]
    assert "waiting list" in mail.outbox[2].subject
    assert not mail.outbox[2].attachments  # no place yet: no calendar file


def test_the_confirmation_has_the_ics_and_a_working_cancel_link(
    django_capture_on_commit_callbacks,
):
    meeting = MeetingFactory(title="Town centre café")
    with django_capture_on_commit_callbacks(execute=True):
        done = register(meeting, "Resident@Example.org", name="Ann", wants_updates=True)
    registration = done.registration
    assert registration.email == "resident@example.org"
    assert registration.token_hash == token_hash(done.token) and done.token not in str(
        Registration.objects.values_list().get(pk=registration.pk)
    )
    message = mail.outbox[0]
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["summary"]) == "Town centre café"
    link = f"/meetings/{meeting.pk}/cancel/{done.token}/"
    assert link in message.body


def test_one_registration_per_address_case_insensitive_until_cancelled(
    django_capture_on_commit_callbacks,
):
    meeting = MeetingFactory(capacity=1, title="Town centre café")
    first = register(meeting, "a@example.org", name="Ann", wants_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = register(meeting, " A@EXAMPLE.org ", name="Someone else", wants_updates=False)
    # The same registration, as it was; only the cancellation link is new.
    assert again.again and again.registration.pk == first.registration.pk
    stored = Registration.objects.get()
    assert (stored.name, stored.wants_updates, stored.status) == ("Ann", True, "confirmed")
    assert stored.token_hash == token_hash(again.token) != token_hash(first.token)
    # The address, not whoever typed it, hears about it, with its place and the new link.
    (message,) = mail.outbox
    assert message.to == ["a@example.org"]
    assert message.subject == "You were already registered: Town centre café"
    assert "nothing has changed" in message.body and "you have a place" in message.body
    assert f"/meetings/{meeting.pk}/cancel/{again.token}/" in message.body
    assert message.attachments[0][0].endswith(".ics")
    with pytest.raises(ValidationError, match="not valid"):
        services.registration_cancel(meeting=meeting, token=first.token, site_url=SITE)
    services.registration_cancel(meeting=meeting, token=again.token, site_url=SITE)
    assert not register(meeting, "a@example.org").waiting
    assert Registration.objects.count() == 2


def test_registering_again_on_the_waiting_list_says_so_without_a_calendar_file(
    django_capture_on_commit_callbacks,
):
    meeting = MeetingFactory(capacity=1)
    register(meeting, "a@example.org")
    register(meeting, "b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        again = register(meeting, "b@example.org")
    assert again.again and again.waiting
    (message,) = mail.outbox
    assert "you are on the waiting list" in message.body and not message.attachments


@pytest.mark.parametrize(
    "change",
    [
        {"registration_closes_at": "past"},
        {"starts_at": "past"},
        {"registration_open": False},
        {"status": "cancelled"},
        {"status": "draft"},
    ],
)
def test_registration_is_refused_once_closed(change):
    meeting = MeetingFactory()
    now = timezone.now()
    if change.get("registration_closes_at"):
        meeting.registration_closes_at = now - timedelta(minutes=1)
    elif change.get("starts_at"):
        meeting.starts_at = now - timedelta(minutes=1)
    else:
        for name, value in change.items():
            setattr(meeting, name, value)
    meeting.save()
    with pytest.raises(ValidationError) as caught:
        register(meeting, "late@example.org")
    assert caught.value.code == "closed"
    assert not Registration.objects.filter(meeting=meeting).exists()


def test_answers_are_checked_against_the_questions():
    meeting = MeetingFactory()
    diet = RegistrationQuestionFactory(meeting=meeting, text="Diet?", required=True)
    table = RegistrationQuestionFactory(
        meeting=meeting, text="Table?", kind="choice", choices=["North", "South"]
    )
    with pytest.raises(ValidationError) as caught:
        register(meeting, "a@example.org", answers={str(table.pk): "East"})
    assert set(caught.value.message_dict) == {f"question_{diet.pk}", f"question_{table.pk}"}
    done = register(
        meeting, "a@example.org", answers={str(diet.pk): "Vegan", str(table.pk): "South"}
    )
    assert done.registration.answers == {str(diet.pk): "Vegan", str(table.pk): "South"}


def test_cancelling_frees_the_place_for_the_first_waiting(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    holder = register(meeting, "holder@example.org")
    first = register(meeting, "first@example.org")
    second = register(meeting, "second@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(meeting=meeting, token=holder.token, site_url=SITE)
    statuses = dict(Registration.objects.filter(meeting=meeting).values_list("email", "status"))
    assert statuses == {
        "holder@example.org": RegistrationStatus.CANCELLED,
        "first@example.org": RegistrationStatus.CONFIRMED,
        "second@example.org": RegistrationStatus.WAITING,
    }
    assert [m.to[0] for m in mail.outbox] == ["first@example.org"]
    assert mail.outbox[0].attachments  # now a place: the calendar file
    # The first's old link was replaced by the one in the new e-mail.
    with pytest.raises(ValidationError):
        services.registration_cancel(meeting=meeting, token=first.token, site_url=SITE)
    assert second.registration.pk


def test_a_wrong_or_used_token_is_refused():
    meeting = MeetingFactory()
    done = register(meeting, "a@example.org")
    with pytest.raises(ValidationError) as caught:
        services.registration_cancel(meeting=meeting, token="not-the-token", site_url=SITE)
    assert caught.value.code == "bad_token"
    other = MeetingFactory(municipality=meeting.municipality)
    with pytest.raises(ValidationError):  # the token of another meeting's registration
        services.registration_cancel(meeting=other, token=done.token, site_url=SITE)
    services.registration_cancel(meeting=meeting, token=done.token, site_url=SITE)
    with pytest.raises(ValidationError) as caught:
        services.registration_cancel(meeting=meeting, token=done.token, site_url=SITE)
    assert caught.value.code == "already_cancelled"


def test_reminders_go_once_to_those_with_a_place(django_capture_on_commit_callbacks):
    soon = MeetingFactory(starts_at=timezone.now() + timedelta(hours=20))
    later = MeetingFactory(starts_at=timezone.now() + timedelta(days=3))
    placed = RegistrationFactory(meeting=soon, language="en")
    RegistrationFactory(meeting=soon, status=RegistrationStatus.WAITING)
    RegistrationFactory(meeting=soon, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(meeting=later)
    assert reminders_send(site_url=SITE) == 1
    assert [m.to[0] for m in mail.outbox] == [placed.email]
    assert "Reminder" in mail.outbox[0].subject and mail.outbox[0].attachments
    assert reminders_send(site_url=SITE) == 0
    call_command("send_meeting_reminders", "--site-url", SITE)
    assert len(mail.outbox) == 1
    placed.refresh_from_db()
    soon.refresh_from_db()
    assert placed.reminded_at and soon.reminder_sent_at
    with time_machine.travel(timezone.now() + timedelta(days=2, hours=12)):
        call_command("send_meeting_reminders", "--site-url", SITE)
    assert len(mail.outbox) == 2  # the later meeting's turn


def test_what_happened_next_goes_to_those_who_asked(django_capture_on_commit_callbacks, client):
    meeting = MeetingFactory()
    outcome = OutcomeFactory(meeting=meeting, text="A bench by the river")
    asked = RegistrationFactory(meeting=meeting, wants_updates=True)
    RegistrationFactory(meeting=meeting, wants_updates=False)
    RegistrationFactory(meeting=meeting, wants_updates=True, status=RegistrationStatus.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        count = notify_outcome_followed_up(
            outcome, title="Benches along the river", url=f"{SITE}/plans/1/"
        )
    assert count == 1 and [m.to[0] for m in mail.outbox] == [asked.email]
    body = mail.outbox[0].body
    assert "A bench by the river" in body and "Benches along the river" in body
    assert f"{SITE}/plans/1/" in body and f"#outcome-{outcome.pk}" in body
    stop = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    assert stop in body and stop.startswith(SITE)
    response = client.post(stop.removeprefix(SITE))
    assert response.status_code == 200
    asked.refresh_from_db()
    assert not asked.wants_updates
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_outcome_followed_up(outcome, title="Again", url=f"{SITE}/x/") == 0
    assert mail.outbox == []


def test_later_e_mail_is_in_the_language_the_person_registered_in(
    django_capture_on_commit_callbacks,
):
    from django.utils import translation

    meeting = MeetingFactory(capacity=1)
    holder = register(meeting, "holder@example.org")
    with translation.override("sv"):
        waiting = register(meeting, "svensk@example.org", name="")
    assert waiting.registration.language == "sv"
    with django_capture_on_commit_callbacks(execute=True):  # the request is in English
        services.registration_cancel(meeting=meeting, token=holder.token, site_url=SITE)
    moved_up = mail.outbox[0]
    assert moved_up.to == ["svensk@example.org"]
    with translation.override("sv"):
        hello = translation.gettext("Hello,")
    assert hello != "Hello,"
    assert moved_up.body.startswith(hello)
