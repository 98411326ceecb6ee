"""Meeting services: create/edit (phase of the process, edit conflicts), publish, cancel
(everyone registered is e-mailed), questions, attendance, minutes and outcomes."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from platskraft.municipalities.tests.factories import PhaseFactory, ProcessFactory

from ..models import Meeting, MeetingStatus, Outcome, RegistrationStatus
from ..services import meetings as services
from ..services.common import EditConflict
from .factories import MeetingFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _fields(meeting, **changes):
    values = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    values.update(changes)
    return values


def test_create_is_a_draft_with_its_process_and_phase():
    other = MeetingFactory()
    meeting = services.meeting_create(
        municipality=other.municipality, by=None, **_fields(other, title="Café")
    )
    assert meeting.status == MeetingStatus.DRAFT
    assert meeting.phase == other.phase and meeting.version == 1


def test_a_phase_of_another_process_is_refused_on_the_phase_field():
    meeting = MeetingFactory()
    elsewhere = PhaseFactory(process=ProcessFactory(municipality=meeting.municipality))
    with pytest.raises(ValidationError) as caught:
        services.meeting_update(meeting=meeting, by=None, **_fields(meeting, phase=elsewhere))
    assert "phase" in caught.value.message_dict
    assert "another process" in caught.value.message_dict["phase"][0]
    meeting.refresh_from_db()
    assert meeting.phase != elsewhere


def test_ends_before_start_and_half_a_map_point_are_refused_by_field():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as caught:
        services.meeting_update(
            meeting=meeting,
            by=None,
            **_fields(meeting, ends_at=meeting.starts_at - timedelta(hours=1), latitude=62.9),
        )
    assert set(caught.value.message_dict) >= {"ends_at", "longitude"}


def test_an_edit_from_an_older_version_is_refused_and_nothing_saved():
    meeting = MeetingFactory(title="Before")
    services.meeting_update(meeting=meeting, by=None, expected_version=1, **_fields(meeting))
    with pytest.raises(EditConflict):
        services.meeting_update(
            meeting=meeting, by=None, expected_version=1, **_fields(meeting, title="Mine")
        )
    meeting.refresh_from_db()
    assert meeting.title == "Before" and meeting.version == 2


def test_more_places_move_the_waiting_list_up_in_order():
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    first = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITING)
    second = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITING)
    services.meeting_update(meeting=meeting, by=None, **_fields(meeting, capacity=2))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED and first.promoted_at
    assert second.status == RegistrationStatus.WAITING


def test_publish_only_a_draft():
    meeting = MeetingFactory(status=MeetingStatus.DRAFT)
    services.meeting_publish(meeting=meeting, by=None)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    with pytest.raises(ValidationError):
        services.meeting_publish(meeting=meeting, by=None)


def test_cancel_needs_a_reason_and_mails_everyone_registered_or_waiting(
    django_capture_on_commit_callbacks,
):
    meeting = MeetingFactory()
    confirmed = RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITING)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.CANCELLED)
    with pytest.raises(ValidationError) as caught:
        services.meeting_cancel(meeting=meeting, by=None, reason="  ")
    assert "reason" in caught.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, by=None, reason="The hall is flooded.")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and not meeting.registration_open
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.email, waiting.email])
    assert "The hall is flooded." in mail.outbox[0].body


def test_a_choice_question_needs_two_different_options():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as caught:
        services.question_save(
            meeting=meeting, by=None, text="Table?", kind="choice", choices=["A"]
        )
    assert "choices" in caught.value.message_dict
    question = services.question_save(
        meeting=meeting, by=None, text="Table?", kind="choice", choices=["A", " B ", ""]
    )
    assert question.choices == ["A", "B"]
    text = services.question_save(
        meeting=meeting, by=None, text="Diet?", kind="text", choices=["ignored"]
    )
    assert text.choices == [] and text.position > question.position


def test_attendance_by_audience_sets_and_removes_rows():
    meeting = MeetingFactory()
    services.attendance_record(meeting=meeting, by=None, counts={"residents": 14, "politicians": 2})
    services.attendance_record(meeting=meeting, by=None, counts={"residents": 15, "politicians": 0})
    assert {a.audience: a.count for a in meeting.attendance.all()} == {"residents": 15}
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=meeting, by=None, counts={"residents": -1})


def test_outcomes_are_added_all_or_none_and_too_long_is_named():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as caught:
        services.outcomes_add(meeting=meeting, by=None, texts=["Fine", "x" * 301])
    assert "Outcome 2" in caught.value.message_dict["texts"][0]
    assert not Outcome.objects.filter(meeting=meeting).exists()
    added = services.outcomes_add(meeting=meeting, by=None, texts=["One", "Two", "Three"])
    assert [o.text for o in meeting.outcomes.all()] == ["One", "Two", "Three"]
    services.outcome_move(outcome=added[2], by=None, up=True)
    assert [o.text for o in meeting.outcomes.all()] == ["One", "Three", "Two"]
    services.outcome_move(outcome=added[0], by=None, up=True)  # already first: stays
    assert [o.text for o in meeting.outcomes.all()] == ["One", "Three", "Two"]
    services.outcome_update(outcome=added[1], by=None, text="  Two,   better ")
    services.outcome_delete(outcome=added[0], by=None)
    assert [o.text for o in meeting.outcomes.all()] == ["Three", "Two, better"]
    with pytest.raises(ValidationError):
        services.outcome_update(outcome=added[1], by=None, text="")


def test_minutes_publish_and_unpublish():
    meeting = MeetingFactory()
    services.minutes_save(meeting=meeting, by=None, minutes="We talked.", publish=True)
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is not None
    services.minutes_save(meeting=meeting, by=None, minutes="We talked.", publish=False)
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None
    draft = MeetingFactory(status=MeetingStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.minutes_save(meeting=draft, by=None, minutes="x", publish=True)
    assert Meeting.objects.get(pk=draft.pk).minutes == ""
