"""Staff pages through the test client: who may open what (another municipality's staff
get 404; names and e-mail addresses for the organisers only), creating and editing a
meeting (phase of another process, edit conflict keeping what was typed), publishing,
cancelling, questions, attendance, minutes and outcomes (several at once)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PhaseFactory,
    ProcessFactory,
)

from ..models import Meeting, MeetingStatus, Outcome, RegistrationQuestion
from ..views.staff import STAFF_PAGE
from .factories import MeetingFactory, RegistrationFactory, RegistrationQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    client.cookies["platskraft_language"] = "en"


@pytest.fixture
def meeting():
    return MeetingFactory(municipality=MunicipalityFactory(code="2282"), capacity=10)


def staff(client, municipality, role=Role.EDITOR):
    user = MembershipFactory(municipality=municipality, role=role).user
    client.force_login(user)
    return user


def url(name, meeting=None, municipality=None, **kwargs):
    municipality = municipality or meeting.municipality
    if meeting is not None:
        kwargs["pk"] = meeting.pk
    return reverse(f"meetings:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


PAGES = [
    "staff_meeting",
    "staff_edit",
    "staff_cancel",
    "staff_question_add",
    "staff_registrations",
    "staff_registrations_csv",
    "staff_attendance",
    "staff_minutes",
    "staff_outcomes",
]


@pytest.mark.parametrize("name", PAGES)
def test_another_municipalitys_staff_get_404(client, meeting, name):
    staff(client, MunicipalityFactory(code="1281"), Role.ADMIN)
    assert client.get(url(name, meeting)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, meeting, name):
    response = client.get(url(name, meeting))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_editors_open_every_page(client, meeting, name):
    staff(client, meeting.municipality)
    assert client.get(url(name, meeting)).status_code == 200


def test_observers_read_but_see_no_names_and_change_nothing(client, meeting):
    staff(client, meeting.municipality, Role.OBSERVER)
    RegistrationFactory(meeting=meeting, email="secret@example.org")
    page = client.get(url("staff_meeting", meeting)).content.decode()
    assert "secret@example.org" not in page and "1 registered" in page
    assert client.get(url("staff_registrations", meeting)).status_code == 404
    assert client.get(url("staff_registrations_csv", meeting)).status_code == 404
    assert client.post(url("staff_minutes", meeting), {"minutes": "x"}).status_code == 404


def test_list_upcoming_past_drafts(client, meeting):
    staff(client, meeting.municipality)
    MeetingFactory(municipality=meeting.municipality, title="A draft", status="draft")
    MeetingFactory(
        municipality=meeting.municipality,
        title="Long ago",
        starts_at=timezone.now() - timedelta(days=9),
        ends_at=timezone.now() - timedelta(days=9) + timedelta(hours=1),
    )
    listed = url("staff_list", municipality=meeting.municipality)
    upcoming = client.get(listed).content.decode()
    assert meeting.title in upcoming and "A draft" not in upcoming and "Long ago" not in upcoming
    assert "A draft" in client.get(listed, {"show": "drafts"}).content.decode()
    assert "Long ago" in client.get(listed, {"show": "past"}).content.decode()


def test_a_long_list_comes_in_pages_that_keep_the_filter(client, meeting):
    staff(client, meeting.municipality)
    MeetingFactory.create_batch(
        STAFF_PAGE + 1, municipality=meeting.municipality, kind="focus_group", status="draft"
    )
    listed = url("staff_list", municipality=meeting.municipality)
    first = client.get(listed, {"show": "drafts", "kind": "focus_group"}).content.decode()
    assert first.count('<th scope="row">') == STAFF_PAGE
    assert "?show=drafts&amp;kind=focus_group&amp;page=2" in first and "Page 1 of 2" in first
    second = client.get(listed, {"show": "drafts", "kind": "focus_group", "page": 2})
    assert second.content.decode().count('<th scope="row">') == 1


def _form(meeting, **changes):
    data = {
        "title": meeting.title,
        "kind": meeting.kind,
        "process": meeting.process_id or "",
        "phase": meeting.phase_id or "",
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "place_name": meeting.place_name,
        "address": meeting.address,
        "audiences": list(meeting.audiences),
        "registration_open": "on" if meeting.registration_open else "",
        "capacity": meeting.capacity or "",
        "version": meeting.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_create_a_meeting_as_a_draft(client, meeting):
    staff(client, meeting.municipality)
    data = _form(
        meeting,
        title="Walk along the river",
        kind="walk_and_talk",
        audiences=["residents", "politicians"],
        latitude="62.93",
        longitude="17.78",
        accessibility="Flat gravel path",
    )
    response = client.post(url("staff_add", municipality=meeting.municipality), data)
    created = Meeting.objects.get(title="Walk along the river")
    assert response.status_code == 302 and response["Location"] == url("staff_meeting", created)
    assert created.status == MeetingStatus.DRAFT
    assert created.audiences == ["residents", "politicians"] and created.latitude == 62.93
    assert created.phase == meeting.phase


def test_phase_of_another_process_is_refused_keeping_the_form(client, meeting):
    staff(client, meeting.municipality)
    other_phase = PhaseFactory(process=ProcessFactory(municipality=meeting.municipality))
    response = client.post(
        url("staff_edit", meeting), _form(meeting, phase=other_phase.pk, title="Typed title")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "belongs to another process" in page and 'value="Typed title"' in page
    meeting.refresh_from_db()
    assert meeting.phase != other_phase and meeting.title != "Typed title"


def test_a_phase_of_another_municipality_is_not_offered(client, meeting):
    staff(client, meeting.municipality)
    foreign = PhaseFactory(process=ProcessFactory(municipality=MunicipalityFactory(code="1281")))
    response = client.post(url("staff_edit", meeting), _form(meeting, phase=foreign.pk))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_edit_conflict_is_refused_and_what_was_typed_is_kept(client, meeting):
    staff(client, meeting.municipality)
    opened = _form(meeting, title="My new title")
    # Someone else saves first.
    assert (
        client.post(url("staff_edit", meeting), _form(meeting, title="Theirs")).status_code == 302
    )
    response = client.post(url("staff_edit", meeting), opened)
    assert response.status_code == 409
    page = response.content.decode()
    assert "after you opened it" in page and 'value="My new title"' in page
    meeting.refresh_from_db()
    assert meeting.title == "Theirs" and meeting.version == 2
    assert 'name="version" value="2"' in page  # saving again now takes it
    resent = client.post(url("staff_edit", meeting), _form(meeting, title="My new title"))
    assert resent.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "My new title"


def test_publish_and_cancel_with_a_reason(client, meeting, django_capture_on_commit_callbacks):
    staff(client, meeting.municipality)
    draft = MeetingFactory(municipality=meeting.municipality, status="draft")
    client.post(url("staff_publish", draft))
    draft.refresh_from_db()
    assert draft.status == MeetingStatus.PUBLISHED
    RegistrationFactory(meeting=meeting, email="come@example.org")
    response = client.post(url("staff_cancel", meeting), {"reason": ""})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("staff_cancel", meeting), {"reason": "Storm warning"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.cancel_reason == "Storm warning"
    assert mail.outbox[0].to == ["come@example.org"] and "Storm warning" in mail.outbox[0].body


def test_questions_add_edit_remove(client, meeting):
    staff(client, meeting.municipality)
    client.post(
        url("staff_question_add", meeting),
        {"text": "Which table?", "kind": "choice", "choices": "North\nSouth", "required": "on"},
    )
    question = RegistrationQuestion.objects.get(meeting=meeting)
    assert question.choices == ["North", "South"] and question.required
    response = client.post(
        url("staff_question_edit", meeting, question_id=question.pk),
        {"text": "Which table?", "kind": "choice", "choices": "North"},
    )
    assert response.status_code == 400 and "at least two options" in response.content.decode()
    client.post(url("staff_question_delete", meeting, question_id=question.pk))
    assert not RegistrationQuestion.objects.filter(meeting=meeting).exists()
    other = RegistrationQuestionFactory()
    assert (
        client.post(url("staff_question_delete", meeting, question_id=other.pk)).status_code == 404
    )


def test_registrations_page_and_csv_with_answers(client, meeting):
    staff(client, meeting.municipality)
    question = RegistrationQuestionFactory(meeting=meeting, text="Diet?")
    RegistrationFactory(
        meeting=meeting, name="Ann", email="ann@example.org", answers={str(question.pk): "Vegan"}
    )
    RegistrationFactory(
        meeting=meeting, name="=HYPERLINK()", email="b@example.org", status="waiting"
    )
    page = client.get(url("staff_registrations", meeting)).content.decode()
    assert "ann@example.org" in page and "Vegan" in page
    response = client.get(url("staff_registrations_csv", meeting))
    text = response.content.decode("utf-8-sig")
    assert "Ann,ann@example.org,Registered" in text and "Vegan" in text
    assert "'=HYPERLINK()" in text


def test_attendance_minutes_and_several_outcomes_at_once(client, meeting):
    staff(client, meeting.municipality)
    response = client.post(url("staff_attendance", meeting), {"residents": "-3"})
    assert response.status_code == 400 and "cannot be negative" in response.content.decode()
    client.post(url("staff_attendance", meeting), {"residents": "18", "officials": "3"})
    assert {a.audience: a.count for a in meeting.attendance.all()} == {
        "residents": 18,
        "officials": 3,
    }
    too_long = "y" * 301
    response = client.post(url("staff_outcomes", meeting), {"texts": f"Fine\n{too_long}"})
    assert response.status_code == 400 and "Line 2" in response.content.decode()
    assert too_long in response.content.decode()  # kept
    client.post(url("staff_outcomes", meeting), {"texts": "One\n\nTwo\nThree\n"})
    outcomes = list(Outcome.objects.filter(meeting=meeting))
    assert [o.text for o in outcomes] == ["One", "Two", "Three"]
    client.post(url("staff_outcome_move", meeting, outcome_id=outcomes[2].pk), {"direction": "up"})
    assert [o.text for o in meeting.outcomes.all()] == ["One", "Three", "Two"]
    client.post(url("staff_outcome_edit", meeting, outcome_id=outcomes[0].pk), {"text": "First"})
    client.post(url("staff_outcome_delete", meeting, outcome_id=outcomes[1].pk))
    assert [o.text for o in meeting.outcomes.all()] == ["First", "Three"]
    client.post(url("staff_minutes", meeting), {"minutes": "Notes", "publish": "on"})
    meeting.refresh_from_db()
    assert meeting.minutes == "Notes" and meeting.minutes_published_at


def test_staff_nav_links_to_meetings(client, meeting):
    staff(client, meeting.municipality)
    page = client.get(
        reverse("municipalities:staff", kwargs={"municipality_slug": meeting.municipality.slug})
    )
    assert url("staff_list", municipality=meeting.municipality) in page.content.decode()
