"""Staff pages of answering: who may open them, field mode, kiosk mode and the list of
responses with duplicate flags."""

from datetime import timedelta

import pytest
from django.utils import timezone

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import Role
from platskraft.surveys.models import Access, Channel, Response, ResponseStatus, SurveyStatus
from platskraft.surveys.selectors.responses import device_hash

from .answer_helpers import data, key, member, page_url, url
from .factories import ResponseFactory, survey_with_every_kind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


@pytest.fixture
def survey(kramfors):
    return survey_with_every_kind(kramfors, title="Life in Kramfors")


def person(name, kramfors, lund):
    if name == "anonymous":
        return None
    if name == "resident":
        return UserFactory()
    if name == "lund_admin":
        return member(lund, Role.ADMIN)
    return member(kramfors, name)


# GET status per person: 200 may; 404 may not (or another municipality); 302 log in first.
MATRIX = {
    "staff_field": {
        Role.ADMIN: 200,
        Role.EDITOR: 200,
        Role.MODERATOR: 200,
        Role.OBSERVER: 200,
        "resident": 404,
        "anonymous": 302,
        "lund_admin": 404,
    },
    "staff_kiosk": {
        Role.ADMIN: 200,
        Role.EDITOR: 200,
        Role.MODERATOR: 200,
        Role.OBSERVER: 200,
        "resident": 404,
        "anonymous": 302,
        "lund_admin": 404,
    },
    "staff_responses": {
        Role.ADMIN: 200,
        Role.EDITOR: 200,
        Role.MODERATOR: 200,
        Role.OBSERVER: 200,
        "resident": 404,
        "anonymous": 302,
        "lund_admin": 404,
    },
}


@pytest.mark.parametrize(
    ("view", "who", "status"),
    [(view, who, status) for view, row in MATRIX.items() for who, status in row.items()],
)
def test_who_may_open_the_staff_pages(client, kramfors, lund, survey, view, who, status):
    user = person(who, kramfors, lund)
    if user is not None:
        client.force_login(user)
    page = client.get(url(view, survey))
    assert page.status_code == status
    if status == 302:
        assert "/accounts/login/" in page["Location"]


def test_a_draft_takes_no_paper_answers_and_runs_no_kiosk(client, kramfors):
    draft = survey_with_every_kind(kramfors, status=SurveyStatus.DRAFT)
    client.force_login(member(kramfors, Role.EDITOR))
    assert client.get(url("staff_field", draft)).status_code == 404
    assert client.post(url("staff_kiosk", draft)).status_code == 404
    assert client.get(url("staff_responses", draft)).status_code == 200


# --- Field mode -------------------------------------------------------------------------------


def test_an_official_enters_two_paper_forms(client, kramfors, survey):
    official = member(kramfors, Role.EDITOR)
    client.force_login(official)
    page = client.get(url("staff_field", survey))
    body = page.content.decode()
    assert "0 answers entered today" in body
    assert body.count('id="question-') == survey.questions.count()  # all on one page

    first = data(survey, action=None, role=1, overall=2, leisure=0, leisure_other="A cinema")
    saved = client.post(url("staff_field", survey), {**first, "channel": Channel.CAFE}, follow=True)
    response = Response.objects.get()
    assert f"Response {response.pk} saved." in saved.content.decode()
    assert response.channel == Channel.CAFE and response.entered_by == official
    assert response.status == ResponseStatus.COMPLETE
    assert response.answers[key(survey, "leisure_other")] == "A cinema"
    # The channel is kept for the next form; the form itself is empty again.
    form = saved.context["channel_form"]
    assert form.initial["channel"] == Channel.CAFE
    assert "A cinema" not in saved.content.decode().split("</h1>", 1)[1]
    assert "1 answer entered today" in saved.content.decode()

    # A paper form with the required questions left blank is typed in as it is.
    second = data(survey, action=None, commute=12)
    client.post(url("staff_field", survey), {**second, "channel": Channel.PAPER})
    latest = Response.objects.latest("pk")
    assert latest.answers == {key(survey, "commute"): 12}
    assert latest.channel == Channel.PAPER
    assert Response.objects.filter(entered_by=official).count() == 2


def test_field_mode_reports_bad_answers_and_keeps_them(client, kramfors, survey):
    client.force_login(member(kramfors, Role.MODERATOR))
    posted = {**data(survey, action=None, commute=999, wish="Keep this"), "channel": "kiosk"}
    page = client.post(url("staff_field", survey), posted)
    body = page.content.decode()
    assert page.status_code == 200 and 'class="error-summary"' in body
    assert f'href="#id_q{key(survey, "commute")}"' in body
    assert "Keep this" in body and 'value="999"' in body
    assert not Response.objects.exists()


# --- Kiosk mode --------------------------------------------------------------------------------


def answer_once(client, survey):
    client.post(page_url(survey, 1), data(survey, role=2))
    return client.post(page_url(survey, 2), data(survey, overall=5))


def test_a_kiosk_takes_one_person_after_another(client, kramfors, survey):
    official = member(kramfors, Role.MODERATOR)
    client.force_login(official)
    started = client.post(url("staff_kiosk", survey))
    assert started["Location"] == url("detail", survey)
    intro = client.get(url("detail", survey)).content.decode()
    assert "Kiosk mode" in intro and "Leave kiosk mode" in intro
    section = client.get(page_url(survey, 1)).content.decode()
    assert 'value="save"' not in section and 'autocomplete="off"' in section

    for _person in range(2):
        sent = answer_once(client, survey)
        assert sent["Location"] == url("thanks", survey)
        thanks = client.get(url("thanks", survey)).content.decode()
        assert f'http-equiv="refresh" content="20;url={url("detail", survey)}"' in thanks
        assert "Next person" in thanks
        # Nothing of the previous person is left: the next one starts on page one.
        assert client.get(page_url(survey, 2))["Location"] == page_url(survey, 1)
    responses = Response.objects.filter(status=ResponseStatus.COMPLETE)
    assert responses.count() == 2
    assert set(responses.values_list("channel", "user", "device_hash")) == {("kiosk", None, "")}
    assert f"platskraft_survey_{survey.pk}" not in client.cookies

    left = client.post(url("staff_kiosk_stop", survey))
    assert left.status_code == 302
    assert "Leave kiosk mode" not in client.get(url("detail", survey)).content.decode()


def test_a_kiosk_for_a_signed_in_survey_keeps_no_names(client, kramfors):
    survey = survey_with_every_kind(kramfors, access=Access.SIGNED_IN)
    client.force_login(member(kramfors, Role.EDITOR))
    client.post(url("staff_kiosk", survey))
    for _person in range(2):
        assert answer_once(client, survey)["Location"] == url("thanks", survey)
    assert list(Response.objects.values_list("user", "channel")) == [(None, "kiosk")] * 2


def test_a_kiosk_flag_is_only_good_for_its_survey_and_its_official(client, kramfors, survey):
    other = survey_with_every_kind(kramfors)
    official = member(kramfors, Role.EDITOR)
    client.force_login(official)
    client.post(url("staff_kiosk", survey))
    assert "Leave kiosk mode" not in client.get(url("detail", other)).content.decode()
    client.force_login(member(kramfors, Role.EDITOR))  # someone else in the same browser
    assert "Leave kiosk mode" not in client.get(url("detail", survey)).content.decode()


def test_another_municipalitys_staff_cannot_leave_or_start_a_kiosk_here(client, lund, survey):
    client.force_login(member(lund, Role.ADMIN))
    assert client.post(url("staff_kiosk", survey)).status_code == 404
    assert client.post(url("staff_kiosk_stop", survey)).status_code == 404


# --- The list of responses ---------------------------------------------------------------------


def test_the_responses_list_flags_duplicates_and_names_who_entered(client, kramfors, survey):
    official = member(kramfors, Role.EDITOR)
    official.display_name = "Eva Official"
    official.save()
    now = timezone.now()
    ResponseFactory(
        survey=survey, device_hash=device_hash("a"), submitted_at=now - timedelta(hours=2)
    )
    twice = ResponseFactory(survey=survey, device_hash=device_hash("a"), submitted_at=now)
    ResponseFactory(survey=survey, channel=Channel.PAPER, entered_by=official)
    ResponseFactory(survey=survey, status=ResponseStatus.STARTED, submitted_at=None)
    client.force_login(official)
    page = client.get(url("staff_responses", survey))
    body = page.content.decode()
    assert "3 sent responses" in body and "1 unfinished" in body
    assert body.count("Same device") == 1
    assert "Eva Official" in body
    assert device_hash("a") not in body
    rows = {r.pk: r for r in page.context["page"]}
    assert rows[twice.pk].is_duplicate


def test_the_responses_list_is_paginated(client, kramfors, survey):
    ResponseFactory.create_batch(55, survey=survey)
    client.force_login(member(kramfors, Role.ADMIN))
    first = client.get(url("staff_responses", survey))
    assert len(first.context["page"].object_list) == 50
    second = client.get(url("staff_responses", survey) + "?page=2")
    assert len(second.context["page"].object_list) == 5
