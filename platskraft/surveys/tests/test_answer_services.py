"""Answering's writes and reads: saving sections, resuming, sending, closed surveys,
one answer per device or person, duplicate flags, field entry and kiosks."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from platskraft.accounts.tests.factories import UserFactory
from platskraft.core.privacy import keyed_hash
from platskraft.surveys.answering import AnswerForm, Structure
from platskraft.surveys.models import Channel, Response, ResponseStatus, SurveyStatus
from platskraft.surveys.selectors import responses as reads
from platskraft.surveys.services import responses as services
from platskraft.surveys.services.responses import Respondent

from .factories import ResponseFactory, survey_with_every_kind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def survey(kramfors):
    return survey_with_every_kind(kramfors)


@pytest.fixture
def structure(survey):
    return Structure.load(survey)


def keys(structure):
    return {item.question.code: item.question.key for item in structure.all_items()}


def device(name="phone"):
    return Respondent(device_hash=reads.device_hash(name), ip_hash=keyed_hash("10.0.0.1", ""))


def first_page(structure, **extra):
    k = keys(structure)
    return {k["role"]: 1, k["age"]: 2, **extra}


def last_page(structure):
    k = keys(structure)
    return {k["overall"]: 4, k["leisure"]: 0, k["leisure_other"]: "A cinema"}


def save(survey, entries, response=None, respondent=None, cleared=(), pages=None):
    return services.response_save_answers(
        survey=survey,
        response=response,
        respondent=respondent or device(),
        entries=entries,
        cleared=set(cleared),
        completed_pages=pages,
    )


def submit(survey, structure, response, entries, respondent=None):
    return services.response_submit(
        survey=survey,
        structure=structure,
        response=response,
        respondent=respondent or device(),
        entries=entries,
        cleared=set(),
    )


# --- Saving sections ------------------------------------------------------------------------


def test_the_first_saved_section_creates_the_response(survey, structure):
    assert not Response.objects.exists()
    response = save(survey, first_page(structure), pages=1)
    response.refresh_from_db()
    assert response.status == ResponseStatus.STARTED
    assert response.answers == first_page(structure)
    assert response.section_index == 1
    assert response.channel == Channel.WEB and response.user is None
    # Only keyed hashes are kept: never the device id or the address themselves.
    assert response.device_hash == keyed_hash("phone", "survey-device") != "phone"
    assert response.ip_hash and "10.0.0.1" not in response.ip_hash


def test_saving_again_updates_and_clears_answers(survey, structure):
    k = keys(structure)
    response = save(survey, first_page(structure, **{k["area"]: 1}), pages=1)
    response = save(survey, {k["role"]: 2}, response=response, cleared={k["area"]})
    response.refresh_from_db()
    assert response.answers == {k["role"]: 2, k["age"]: 2}
    assert response.section_index == 1  # saving for later does not move the place on


def test_a_closed_survey_takes_no_answers_and_writes_nothing(survey, structure):
    survey.status = SurveyStatus.CLOSED
    survey.save()
    with pytest.raises(ValidationError) as error:
        save(survey, first_page(structure), pages=1)
    assert error.value.code == "closed"
    assert not Response.objects.exists()


def test_a_survey_past_its_closing_time_takes_no_answers(survey, structure):
    response = save(survey, first_page(structure), pages=1)
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    with pytest.raises(ValidationError) as error:
        submit(survey, structure, response, last_page(structure))
    assert error.value.code == "closed"
    response.refresh_from_db()
    assert response.status == ResponseStatus.STARTED
    assert keys(structure)["overall"] not in response.answers


# --- Sending --------------------------------------------------------------------------------


def test_sending_completes_the_response_and_drops_hidden_answers(survey, structure):
    k = keys(structure)
    response = save(survey, first_page(structure), pages=1)
    token = services.response_issue_resume(response=response)
    # An answer to the follow-up question, then “Yes” to the question it depends on.
    entries = {**last_page(structure), k["leisure"]: 1}
    result = submit(survey, structure, response, entries)
    assert result.complete
    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETE
    assert response.submitted_at is not None
    assert response.section_index == len(structure.pages)
    assert k["leisure_other"] not in response.answers
    assert response.answers[k["leisure"]] == 1
    assert response.resume_hash == ""
    assert reads.response_for_resume(survey=survey, token=token) is None


def test_sending_with_a_required_answer_missing_keeps_the_answers(survey, structure):
    k = keys(structure)
    response = save(survey, {k["age"]: 2}, pages=1)  # “role” (required) left out
    result = submit(survey, structure, response, last_page(structure))
    assert not result.complete and result.missing_page == 0
    response.refresh_from_db()
    assert response.status == ResponseStatus.STARTED
    assert response.answers[k["overall"]] == 4
    assert response.section_index == 0


def test_a_sent_response_cannot_be_saved_again(survey, structure):
    response = save(survey, first_page(structure), pages=1)
    submit(survey, structure, response, last_page(structure))
    with pytest.raises(ValidationError) as error:
        save(survey, {}, response=response)
    assert error.value.code == "sent"


# --- One answer per device or person --------------------------------------------------------


def test_a_device_that_has_answered_cannot_start_again(survey, structure):
    response = save(survey, first_page(structure), pages=1)
    submit(survey, structure, response, last_page(structure))
    assert reads.device_has_answered(survey=survey, device=reads.device_hash("phone"))
    with pytest.raises(ValidationError) as error:
        save(survey, first_page(structure))
    assert error.value.code == "already_answered"
    assert Response.objects.count() == 1
    # Another device can.
    save(survey, first_page(structure), respondent=device("tablet"))
    assert Response.objects.count() == 2


def test_a_signed_in_person_has_one_response(kramfors):
    survey = survey_with_every_kind(kramfors, access="signed_in")
    structure = Structure.load(survey)
    person = UserFactory()
    respondent = Respondent(user=person)
    first = save(survey, first_page(structure), respondent=respondent, pages=1)
    # A second tab that did not know of the first response continues it.
    again = save(survey, {keys(structure)["area"]: 2}, respondent=respondent)
    assert again.pk == first.pk and Response.objects.count() == 1
    assert reads.response_in_progress(survey=survey, user=person).pk == first.pk
    submit(survey, structure, again, last_page(structure), respondent=respondent)
    with pytest.raises(ValidationError) as error:
        save(survey, first_page(structure), respondent=respondent)
    assert error.value.code == "already_answered"


def test_kiosk_responses_have_no_device_and_no_limit(survey, structure):
    kiosk = Respondent(channel=Channel.KIOSK)
    for _person in range(2):
        response = save(survey, first_page(structure), respondent=kiosk, pages=1)
        assert submit(survey, structure, response, last_page(structure), kiosk).complete
    sent = Response.objects.filter(status=ResponseStatus.COMPLETE)
    assert sent.count() == 2
    assert set(sent.values_list("channel", "device_hash", "ip_hash")) == {("kiosk", "", "")}
    assert not any(r.is_duplicate for r in reads.response_list_for_staff(survey=survey))


def test_duplicate_flags(survey):
    now = timezone.now()
    same_device = reads.device_hash("phone")

    def sent(minutes_ago, **fields):
        return ResponseFactory(
            survey=survey, submitted_at=now - timedelta(minutes=minutes_ago), **fields
        )

    first = sent(3000, device_hash=same_device, ip_hash="a")
    again = sent(10, device_hash=same_device, ip_hash="b")
    address_early = sent(2000, device_hash="x", ip_hash="shared")
    address_soon = sent(1900, device_hash="y", ip_hash="shared")
    address_late = sent(1, device_hash="z", ip_hash="shared")  # more than a day later
    paper = [sent(5, channel=Channel.PAPER), sent(4, channel=Channel.PAPER)]
    unfinished = ResponseFactory(
        survey=survey, status=ResponseStatus.STARTED, submitted_at=None, device_hash=same_device
    )
    flags = {r.pk: r for r in reads.response_list_for_staff(survey=survey)}
    assert not flags[first.pk].is_duplicate
    assert flags[again.pk].is_duplicate and flags[again.pk].same_device
    assert not flags[address_early.pk].is_duplicate
    assert flags[address_soon.pk].is_duplicate and not flags[address_soon.pk].same_device
    assert not flags[address_late.pk].is_duplicate
    assert not any(flags[r.pk].is_duplicate for r in paper)
    assert not flags[unfinished.pk].is_duplicate


# --- Resume links ---------------------------------------------------------------------------


def test_a_resume_link_is_stored_only_as_a_hash_and_only_opens_its_survey(kramfors, survey):
    structure = Structure.load(survey)
    response = save(survey, first_page(structure))
    token = services.response_issue_resume(response=response)
    assert len(token) >= 32
    response.refresh_from_db()
    assert token not in response.resume_hash and response.resume_hash
    assert reads.response_for_resume(survey=survey, token=token) == response
    other = survey_with_every_kind(kramfors)
    assert reads.response_for_resume(survey=other, token=token) is None
    assert reads.response_for_resume(survey=survey, token=token + "x") is None
    # Saving again in the same browser keeps the link; without it, a new one replaces it.
    assert services.response_issue_resume(response=response, token=token) == token
    newer = services.response_issue_resume(response=response)
    assert newer != token
    assert reads.response_for_resume(survey=survey, token=token) is None
    assert reads.response_for_resume(survey=survey, token=newer) == response


# --- Pages and conditions -------------------------------------------------------------------


def test_a_condition_on_the_same_page_shows_the_question(structure):
    second = structure.pages[1]
    codes = [item.question.code for item in reads.visible_items(structure, second, {})]
    assert "leisure_other" in codes
    assert reads.pages_asked(structure, {}) == [0, 1]
    k = keys(structure)
    assert reads.first_missing_page(structure, {k["role"]: 1}) == 1
    assert reads.first_missing_page(structure, {k["role"]: 1, k["overall"]: 3}) is None


# --- Field mode -----------------------------------------------------------------------------


def test_field_entry_saves_a_complete_response_by_the_official(survey, structure):
    official = UserFactory()
    k = keys(structure)
    form = AnswerForm(
        structure,
        structure.all_items(),
        {},
        data={
            f"q{k['role']}": "3",
            f"q{k['overall']}": "5",
            f"q{k['leisure']}": "1",
            f"q{k['leisure_other']}": "Nothing",
        },
    )
    assert form.is_valid(), form.errors
    response = services.response_enter(
        survey=survey,
        structure=structure,
        entries=form.entries,
        channel=Channel.CAFE,
        entered_by=official,
    )
    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETE and response.submitted_at
    assert response.channel == Channel.CAFE and response.entered_by == official
    assert response.answers == {k["role"]: 3, k["overall"]: 5, k["leisure"]: 1}
    assert response.device_hash == response.ip_hash == ""
    assert reads.entered_today(survey=survey, user=official) == {"all": 1, "mine": 1}
    assert reads.entered_today(survey=survey, user=UserFactory()) == {"all": 1, "mine": 0}


def test_field_entry_refuses_other_channels_and_drafts(survey, structure):
    official = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.response_enter(
            survey=survey, structure=structure, entries={}, channel="kiosk", entered_by=official
        )
    assert error.value.code == "channel"
    survey.status = SurveyStatus.DRAFT
    survey.save()
    with pytest.raises(ValidationError) as error:
        services.response_enter(
            survey=survey, structure=structure, entries={}, channel="paper", entered_by=official
        )
    assert error.value.code == "draft"
    assert not Response.objects.exists()
