"""Meetings in a real browser: a resident on a phone finds a meeting in the calendar,
registers, gets the confirmation e-mail with a calendar file and cancels from its link;
an official records the attendance and the minutes with three outcomes, which appear on
the public meeting page. axe-core on the calendar, the meeting page and the form."""

from __future__ import annotations

import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.meetings.models import Registration, RegistrationStatus
from platskraft.meetings.tests.factories import MeetingFactory, RegistrationQuestionFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browsers):
    """A touch phone, in English."""
    return browsers(phone=True, english=True)


@pytest.fixture
def desk(browsers):
    return browsers(english=True)


@pytest.fixture
def meeting(kramfors):
    start = (timezone.now() + timedelta(days=10)).replace(
        hour=17, minute=30, second=0, microsecond=0
    )
    meeting = MeetingFactory(
        municipality=kramfors,
        title="Dialogue café on the river front",
        kind="dialogue_cafe",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        latitude=62.9279,
        longitude=17.7809,
        accessibility="Step-free entrance, hearing loop.",
        capacity=30,
    )
    RegistrationQuestionFactory(
        meeting=meeting, text="Which table?", kind="choice", choices=["Housing", "Jobs"]
    )
    return meeting


def test_a_resident_registers_gets_the_ics_and_cancels(phone, meeting, kramfors):
    phone.goto(f"/{kramfors.slug}/meetings/")
    assert axe_violations(phone) == []
    phone.click(f"[data-meeting='{meeting.pk}'] h3 a")
    phone.wait_for_selector("#meeting-title")
    assert axe_violations(phone) == []
    phone.click("#registration a.button")
    phone.wait_for_selector("#registration-form")
    assert axe_violations(phone) == []
    phone.fill("#id_name", "Ann")
    phone.fill("#id_email", "ann@example.org")
    phone.get_by_label("Jobs").check()
    phone.get_by_label("Tell me what happens next").check()
    phone.click("#registration-form button[type=submit]")
    result = phone.wait_for_selector("#registration-result")
    assert result.get_attribute("data-status") == "confirmed"
    assert result.get_attribute("role") == "status"

    (message,) = mail.outbox
    assert message.to == ["ann@example.org"]
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at
    registration = Registration.objects.get(meeting=meeting)
    assert registration.wants_updates and registration.answers == {
        str(meeting.registration_questions.get().pk): "Jobs"
    }

    link = re.search(r"https?://\S+/cancel/\S+/", message.body).group(0)
    phone.goto(link)
    phone.click("#confirm-cancel")
    phone.wait_for_selector("#cancel-done")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert phone.script_errors == []


def test_an_official_records_attendance_minutes_and_three_outcomes(desk, meeting, kramfors):
    official = UserFactory(email="official@example.org")
    MembershipFactory(user=official, municipality=kramfors, role=Role.EDITOR)
    log_in(desk, "official@example.org", PASSWORD)
    base = f"/{kramfors.slug}/staff/meetings/{meeting.pk}/"
    desk.goto(base)
    desk.click(f"a[href='{base}attendance/']")
    desk.fill("#id_residents", "21")
    desk.fill("#id_politicians", "3")
    desk.click("main form button[type=submit]")
    desk.wait_for_url(re.compile(rf"{base}$"))

    desk.goto(base + "outcomes/")
    desk.fill(
        "#id_texts",
        "Open the river path all year\nMore benches on the square\nA youth café in the old station",
    )
    desk.click("#outcomes-form button[type=submit]")
    desk.wait_for_selector("#staff-outcomes li:nth-child(3)")

    desk.goto(base + "minutes/")
    desk.fill("#id_minutes", "Thirty residents talked about the river front.")
    desk.check("#id_publish")
    desk.click("main form button[type=submit]")
    desk.wait_for_url(re.compile(rf"{base}$"))

    desk.goto(meeting.get_absolute_url())
    outcomes = desk.locator(".outcome-list li .outcome-text").all_inner_texts()
    assert outcomes == [
        "Open the river path all year",
        "More benches on the square",
        "A youth café in the old station",
    ]
    assert "24" in desk.inner_text("#record")
    assert "Thirty residents" in desk.inner_text("#record")
    assert axe_violations(desk) == []
