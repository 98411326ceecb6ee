"""Residents' pages through the test client: the calendar and its filters, the iCal feed,
the meeting page (drafts and other municipalities 404; minutes and outcomes once
published), registering (waiting list, duplicate, closed, answers kept), cancelling by
link, stopping "what happens next", and the process page's meetings panel."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.tests.factories import MunicipalityFactory, ProcessFactory

from ..models import MeetingStatus, Registration, RegistrationStatus
from ..selectors import PANEL_SHOWN
from ..services import registration as services
from .factories import (
    AttendanceFactory,
    MeetingFactory,
    OutcomeFactory,
    RegistrationFactory,
    RegistrationQuestionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def url(name, meeting=None, municipality=None, **kwargs):
    municipality = municipality or meeting.municipality
    if meeting is not None:
        kwargs["pk"] = meeting.pk
    return reverse(f"meetings:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    client.cookies["platskraft_language"] = "en"


@pytest.fixture
def town():
    return MunicipalityFactory(code="2282")


def test_calendar_lists_upcoming_and_past_and_never_drafts_or_others(client, town):
    soon = MeetingFactory(municipality=town, title="Soon café")
    MeetingFactory(municipality=town, title="Hidden draft", status=MeetingStatus.DRAFT)
    past = MeetingFactory(
        municipality=town,
        title="Last year walk",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=1),
    )
    MeetingFactory(municipality=MunicipalityFactory(code="1281"), title="Elsewhere")
    page = client.get(url("calendar", municipality=town)).content.decode()
    assert soon.title in page and "Hidden draft" not in page and "Elsewhere" not in page
    assert past.title not in page
    page = client.get(url("calendar", municipality=town), {"when": "past"}).content.decode()
    assert past.title in page and soon.title not in page


def test_calendar_filters_by_type_audience_process_and_month(client, town):
    process = ProcessFactory(municipality=town)
    start = (timezone.now() + timedelta(days=40)).replace(hour=18)
    cafe = MeetingFactory(
        municipality=town,
        kind="dialogue_cafe",
        audiences=["businesses"],
        process=process,
        phase=None,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        title="The business café",
    )
    MeetingFactory(municipality=town, kind="workshop", title="The workshop")
    base = url("calendar", municipality=town)

    def titles(**query):
        page = client.get(base, query).content.decode()
        return {t for t in ("The business café", "The workshop") if t in page}

    assert titles(kind="dialogue_cafe") == {"The business café"}
    assert titles(audience="businesses") == {"The business café"}
    assert titles(audience="residents") == {"The workshop"}
    assert titles(process=str(process.pk)) == {"The business café"}
    assert titles(month=timezone.localtime(start).strftime("%Y-%m")) == {"The business café"}
    assert titles(kind="nonsense", month="2026-13") == {"The business café", "The workshop"}
    assert cafe.pk


def test_calendar_paginates_keeping_the_filters(client, town):
    for n in range(23):
        MeetingFactory(municipality=town, kind="workshop", title=f"Workshop {n:02d}")
    response = client.get(url("calendar", municipality=town), {"kind": "workshop"})
    page = response.content.decode()
    assert "Workshop 19" in page and "Workshop 20" not in page
    assert 'href="?kind=workshop&amp;page=2"' in page
    page2 = client.get(url("calendar", municipality=town), {"kind": "workshop", "page": 2})
    assert "Workshop 22" in page2.content.decode()


def test_ical_feed_has_only_this_municipalitys_public_meetings(client, town):
    published = MeetingFactory(
        municipality=town, title="Open meeting", latitude=62.9, longitude=17.8
    )
    cancelled = MeetingFactory(municipality=town, title="Called off", status="cancelled")
    MeetingFactory(municipality=town, title="Draft", status=MeetingStatus.DRAFT)
    MeetingFactory(municipality=MunicipalityFactory(code="1281"), title="Elsewhere")
    response = client.get(url("calendar_ics", municipality=town))
    assert response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    got = {str(e["summary"]): e for e in events}
    assert set(got) == {"Open meeting", "Called off"}
    assert got["Open meeting"].decoded("dtstart") == published.starts_at
    assert str(got["Called off"]["status"]) == "CANCELLED"
    assert str(got["Open meeting"]["uid"]) != str(got["Called off"]["uid"])
    filtered = client.get(url("calendar_ics", municipality=town), {"kind": "workshop"})
    assert icalendar.Calendar.from_ical(filtered.content).walk("VEVENT") == []
    assert cancelled.pk


def test_one_meetings_ics(client, town):
    meeting = MeetingFactory(municipality=town, title="Walk and talk")
    response = client.get(url("meeting_ics", meeting))
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtend") == meeting.ends_at


def test_meeting_page_draft_and_other_municipality_are_404(client, town):
    draft = MeetingFactory(municipality=town, status=MeetingStatus.DRAFT)
    assert client.get(url("meeting", draft)).status_code == 404
    elsewhere = MeetingFactory(municipality=MunicipalityFactory(code="1281"))
    wrong = reverse("meetings:meeting", kwargs={"municipality_slug": town.slug, "pk": elsewhere.pk})
    assert client.get(wrong).status_code == 404
    assert client.get(url("register", municipality=town, pk=elsewhere.pk)).status_code == 404


def test_meeting_page_shows_map_access_agenda_and_record_only_once_published(client, town):
    meeting = MeetingFactory(
        municipality=town,
        latitude=62.93,
        longitude=17.78,
        accessibility="Step-free entrance",
        agenda="Welcome\n\nTable talks",
        minutes="We talked about the square.",
    )
    outcome = OutcomeFactory(meeting=meeting, text="Light the footpath")
    AttendanceFactory(meeting=meeting, audience="residents", count=17)
    page = client.get(url("meeting", meeting)).content.decode()
    assert 'class="map map-small point-map"' in page and "Step-free entrance" in page
    assert "Table talks" in page
    assert "Light the footpath" not in page and "We talked" not in page
    meeting.minutes_published_at = timezone.now()
    meeting.save()
    page = client.get(url("meeting", meeting)).content.decode()
    assert f'id="outcome-{outcome.pk}"' in page and "Light the footpath" in page
    assert "We talked about the square." in page and ">17<" in page
    assert client.get(outcome.get_absolute_url().split("#")[0]).status_code == 200


def test_register_then_waiting_list_is_said_clearly(
    client, town, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(municipality=town, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("register", meeting), {"email": "a@example.org"}, follow=True)
    assert 'data-status="confirmed"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("register", meeting), {"email": "b@example.org"}, follow=True)
    assert 'data-status="waiting"' in response.content.decode()
    page = client.get(url("register", meeting)).content.decode()
    assert "join the waiting list" in page
    assert len(mail.outbox) == 2


def test_an_address_registered_already_is_not_revealed(
    client, town, django_capture_on_commit_callbacks
):
    """Anyone can type anyone's address: the page looks as it does after registering, and
    the e-mail goes to the address. What was typed the second time changes nothing."""
    meeting = MeetingFactory(municipality=town)
    question = RegistrationQuestionFactory(meeting=meeting, text="Diet?")
    RegistrationFactory(meeting=meeting, email="a@example.org", name="Ann", answers={})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("register", meeting),
            {"email": "A@example.org", "name": "Bo", f"question_{question.pk}": "Vegan"},
            follow=True,
        )
    page = response.content.decode()
    assert response.status_code == 200 and "already" not in page
    assert 'data-status="confirmed"' in page
    stored = Registration.objects.get(meeting=meeting)
    assert (stored.name, stored.answers) == ("Ann", {})
    (message,) = mail.outbox
    assert message.to == ["a@example.org"] and "already registered" in message.subject


def test_required_question_and_bad_email_are_named(client, town):
    meeting = MeetingFactory(municipality=town)
    RegistrationQuestionFactory(meeting=meeting, text="Which table?", required=True)
    response = client.post(url("register", meeting), {"email": "not-an-address"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Write an e-mail address like" in page and "Answer this question" in page


def test_registration_after_closing_is_refused(client, town):
    meeting = MeetingFactory(
        municipality=town, registration_closes_at=timezone.now() - timedelta(minutes=5)
    )
    page = client.get(url("register", meeting)).content.decode()
    assert "Registration for this meeting has closed." in page
    response = client.post(url("register", meeting), {"email": "late@example.org"})
    assert "has closed" in response.content.decode()
    assert not Registration.objects.exists()


def test_signed_in_users_get_their_address_filled_in(client, town):
    user = UserFactory(email="me@example.org")
    client.force_login(user)
    meeting = MeetingFactory(municipality=town)
    assert 'value="me@example.org"' in client.get(url("register", meeting)).content.decode()
    client.post(url("register", meeting), {"email": "me@example.org"})
    assert Registration.objects.get().user == user


def test_cancel_link_asks_then_cancels_and_refuses_wrong_or_used(client, town):
    meeting = MeetingFactory(municipality=town)
    done = services.registration_create(meeting=meeting, email="a@example.org", site_url="")
    link = url("registration_cancel", meeting, token=done.token)
    assert client.get(link).status_code == 200  # a mail scanner's GET changes nothing
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    wrong = client.post(url("registration_cancel", meeting, token="wrong-token"))
    assert wrong.status_code == 400 and "not valid" in wrong.content.decode()
    assert 'id="cancel-done"' in client.post(link).content.decode()
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    again = client.post(link)
    assert again.status_code == 400 and "already cancelled" in again.content.decode()


def test_stop_updates_link(client, town):
    meeting = MeetingFactory(municipality=town)
    RegistrationFactory(meeting=meeting, token="tok-123", wants_updates=True)
    link = url("stop_updates", meeting, token="tok-123")
    client.get(link)
    assert Registration.objects.get().wants_updates
    assert 'id="updates-stopped"' in client.post(link).content.decode()
    assert not Registration.objects.get().wants_updates
    assert client.post(url("stop_updates", meeting, token="nope")).status_code == 400


def test_process_page_lists_meetings_held_with_attendance_and_outcomes(client, town):
    process = ProcessFactory(municipality=town)
    held = MeetingFactory(
        municipality=town,
        process=process,
        phase=None,
        title="The harbour meeting",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
        minutes_published_at=timezone.now(),
    )
    AttendanceFactory(meeting=held, audience="residents", count=20)
    AttendanceFactory(meeting=held, audience="businesses", count=4)
    OutcomeFactory(meeting=held, text="Keep the harbour open to all")
    MeetingFactory(municipality=town, process=process, phase=None, title="Coming café")
    unpublished = MeetingFactory(
        municipality=town,
        process=process,
        phase=None,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(hours=20),
    )
    OutcomeFactory(meeting=unpublished, text="Not public yet")
    page = client.get(
        reverse(
            "municipalities:process_detail",
            kwargs={"municipality_slug": town.slug, "pk": process.pk},
        )
    ).content.decode()
    assert 'id="process-meetings"' in page
    assert "Keep the harbour open to all" in page and "Not public yet" not in page
    assert "24 participants" in page and ">20<" in page and ">4<" in page
    assert "Coming café" in page  # in the activities
    assert "earlier meeting" not in page


def test_process_page_shows_the_latest_meetings_held_and_counts_them_all(client, town):
    process = ProcessFactory(municipality=town)
    now = timezone.now()
    for n in range(PANEL_SHOWN + 2):
        meeting = MeetingFactory(
            municipality=town,
            process=process,
            phase=None,
            title=f"Meeting number {n:02}",
            starts_at=now - timedelta(days=30 - n),
            ends_at=now - timedelta(days=30 - n) + timedelta(hours=2),
            minutes_published_at=now,
        )
        AttendanceFactory(meeting=meeting, audience="residents", count=10)
        OutcomeFactory(meeting=meeting)
    page = client.get(
        reverse(
            "municipalities:process_detail",
            kwargs={"municipality_slug": town.slug, "pk": process.pk},
        )
    ).content.decode()
    panel = page[page.index('id="process-meetings"') :]
    assert "12 meetings held, 120 participants and 12 outcomes." in panel
    assert "Meeting number 11" in panel and "Meeting number 02" in panel
    assert "Meeting number 01" not in panel
    calendar = url("calendar", municipality=town) + f"?when=past&amp;process={process.pk}"
    assert f'href="{calendar}">2 earlier meetings in the calendar</a>' in panel
