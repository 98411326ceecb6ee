"""Residents answering a survey through the pages: introduction, sections, errors,
save and continue later, resume links, sending, closed surveys and signed-in surveys."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import ProcessFactory
from platskraft.surveys.models import Access, Response, ResponseStatus, SurveyStatus

from .answer_helpers import data, key, member, page_url, url
from .factories import QuestionFactory, SectionFactory, SurveyFactory, survey_with_every_kind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


@pytest.fixture
def survey(kramfors):
    process = ProcessFactory(municipality=kramfors, title="Living in Kramfors")
    return survey_with_every_kind(kramfors, process=process, title="Life in Kramfors")


def first_page(survey, action="next", **extra):
    return data(survey, action, role=1, age=2, reasons=[1, 99], reasons__other="The lake", **extra)


def last_page(survey, action="next", **extra):
    answers = {
        "overall": 4,
        "services__1": 5,
        "services__3": 2,
        "leisure": 0,
        "leisure_other": "A pool",
        **extra,
    }
    return data(survey, action, **answers)


def text(response):
    return response.content.decode()


# --- The list and the introduction ------------------------------------------------------------


def test_the_list_shows_open_surveys_first_and_closed_ones_after(client, kramfors, survey):
    closed = SurveyFactory(
        municipality=kramfors, title="Old survey", status=SurveyStatus.CLOSED, results_public=True
    )
    draft = SurveyFactory(municipality=kramfors, title="Secret draft", status=SurveyStatus.DRAFT)
    page = text(client.get(reverse("surveys:list", kwargs={"municipality_slug": "kramfors"})))
    assert page.index("Life in Kramfors") < page.index("Closed") < page.index("Old survey")
    assert draft.title not in page
    assert url("results", closed) in page


def test_the_introduction_says_who_may_answer_and_how_long_it_takes(client, survey):
    page = client.get(url("detail", survey))
    assert page.status_code == 200
    body = text(page)
    assert "Tell us what you think of living here." in body
    assert f"{survey.questions.count()} questions" in body
    assert "Anyone, without an account" in body
    assert page_url(survey, 1) in body


def test_a_draft_is_not_found_by_residents_nor_by_another_municipalitys_staff(
    client, kramfors, lund
):
    draft = survey_with_every_kind(kramfors, status=SurveyStatus.DRAFT)
    assert client.get(url("detail", draft)).status_code == 404
    assert client.get(page_url(draft, 1)).status_code == 404
    client.force_login(member(lund, Role.ADMIN))
    assert client.get(url("detail", draft)).status_code == 404
    assert client.get(page_url(draft, 1)).status_code == 404


def test_a_survey_of_another_municipality_is_not_found(client, lund):
    other = survey_with_every_kind(lund)
    address = reverse("surveys:detail", kwargs={"municipality_slug": "kramfors", "pk": other.pk})
    client.force_login(member(lund, Role.ADMIN))
    assert client.get(address).status_code == 404


def test_a_closed_survey_says_so_and_takes_no_answers(client, survey):
    survey.closes_at = timezone.now() - timedelta(days=1)
    survey.save()
    page = client.get(url("detail", survey))
    assert page.status_code == 200 and "This survey is closed" in text(page)
    refused = client.post(page_url(survey, 1), first_page(survey))
    assert refused.status_code == 403 and "This survey is closed" in text(refused)
    assert not Response.objects.exists()
    for address in (url("resume", survey, token="abc"), url("saved", survey)):
        page = client.get(address)
        assert page.status_code == 403 and "This survey is closed" in text(page)


def test_a_survey_closed_while_answering_keeps_nothing_half_written(client, survey):
    client.post(page_url(survey, 1), first_page(survey))
    survey.status = SurveyStatus.CLOSED
    survey.save()
    refused = client.post(page_url(survey, 2), last_page(survey))
    assert refused.status_code == 403
    response = Response.objects.get()
    assert response.status == ResponseStatus.STARTED
    assert key(survey, "overall") not in response.answers


def test_a_signed_in_survey_sends_anonymous_visitors_to_log_in(client, kramfors):
    survey = survey_with_every_kind(kramfors, access=Access.SIGNED_IN)
    assert "Log in to answer" in text(client.get(url("detail", survey)))
    answering = client.get(page_url(survey, 1))
    assert answering.status_code == 302 and "/accounts/login/" in answering["Location"]
    assert client.post(page_url(survey, 1), first_page(survey)).status_code == 302
    assert not Response.objects.exists()


# --- Answering --------------------------------------------------------------------------------


def test_a_section_page_has_progress_fieldsets_and_help(client, survey):
    body = text(client.get(page_url(survey, 1)))
    assert "Section 1 of 2" in body and '<progress max="2" value="1"' in body
    assert body.count("<legend>") >= 3  # a fieldset per question with options
    role = key(survey, "role")
    assert f'for="id_q{role}_0"' in body  # every option has its label
    assert 'name="action" value="save"' in body


def test_missing_answers_are_listed_and_what_was_typed_is_kept(client, survey):
    posted = data(survey, since="not a date", area=2)
    page = client.post(page_url(survey, 1), posted)
    assert page.status_code == 200
    body = text(page)
    role, since = key(survey, "role"), key(survey, "since")
    assert 'class="error-summary"' in body
    assert f'href="#id_q{role}_0"' in body and "This question needs an answer." in body
    assert f'href="#id_q{since}"' in body
    assert 'value="not a date"' in body
    assert f'aria-describedby="id_q{since}_error"' in body
    area = key(survey, "area")
    assert re.search(rf'<input type="radio" name="q{area}" value="2"[^>]*checked', body)
    assert not Response.objects.exists()


def test_answering_every_section_and_sending(client, survey):
    assert client.get(page_url(survey, 2)).status_code == 302  # not reached yet
    first = client.post(page_url(survey, 1), first_page(survey))
    assert first.status_code == 302 and first["Location"] == page_url(survey, 2)
    cookie = client.cookies[f"platskraft_survey_{survey.pk}"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    response = Response.objects.get()
    assert response.status == ResponseStatus.STARTED and response.section_index == 1
    assert cookie.value.split(":")[0] not in response.device_hash

    page = text(client.get(page_url(survey, 2)))
    assert "Section 2 of 2" in page and ">Send<" in page
    assert "Answer if you answered “No” to “Is there enough to do in your free time?”" in page

    sent = client.post(page_url(survey, 2), last_page(survey))
    assert sent["Location"] == url("thanks", survey)
    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETE and response.submitted_at
    assert response.answers[key(survey, "services")] == {"1": 5, "3": 2}
    assert response.answers[key(survey, "reasons") + ".other"] == "The lake"
    thanks = text(client.get(url("thanks", survey)))
    assert "The answers go into the action plan." in thanks
    assert survey.process.get_absolute_url() in thanks
    assert "http-equiv" not in thanks

    again = client.get(url("detail", survey))
    assert "You have already answered from this device" in text(again)
    refused = client.post(page_url(survey, 1), first_page(survey))
    assert "You have already answered from this device" in text(refused)
    assert Response.objects.count() == 1


def test_an_answer_whose_condition_fails_is_not_stored(client, survey):
    client.post(page_url(survey, 1), first_page(survey))
    client.post(page_url(survey, 2), last_page(survey, leisure=1))
    answers = Response.objects.get().answers
    assert answers[key(survey, "leisure")] == 1
    assert key(survey, "leisure_other") not in answers


def test_previous_keeps_the_answers_without_asking_for_required_ones(client, survey):
    client.post(page_url(survey, 1), first_page(survey))
    back = client.post(page_url(survey, 2), data(survey, "previous", commute=25))
    assert back["Location"] == page_url(survey, 1)
    assert Response.objects.get().answers[key(survey, "commute")] == 25
    assert 'value="25"' in text(client.get(page_url(survey, 2)))


# --- Save and continue later -------------------------------------------------------------------


def test_save_and_continue_later_on_another_device(client, survey):
    client.post(page_url(survey, 1), first_page(survey))
    saved = client.post(page_url(survey, 2), data(survey, "save", commute=30, overall=""))
    assert saved["Location"] == url("saved", survey)
    page = client.get(url("saved", survey))
    link = page.context["resume_url"]
    assert "/resume/" in link and "bookmark" in text(page)
    token = link.rstrip("/").rsplit("/", 1)[1]
    response = Response.objects.get()
    assert response.answers[key(survey, "commute")] == 30
    assert token not in response.resume_hash
    # Saving again in the same browser shows the same link.
    client.post(page_url(survey, 2), data(survey, "save", commute=31))
    assert client.get(url("saved", survey)).context["resume_url"] == link

    other = Client()
    other.cookies["platskraft_language"] = "en"
    opened = other.get(link)
    assert opened["Location"] == page_url(survey, 2)
    assert 'value="31"' in text(other.get(page_url(survey, 2)))
    done = other.post(page_url(survey, 2), last_page(survey, commute=31))
    assert done["Location"] == url("thanks", survey)
    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETE and response.resume_hash == ""
    assert Response.objects.count() == 1
    stranger = Client()
    stranger.cookies["platskraft_language"] = "en"
    assert "does not belong" in text(stranger.get(link))


def test_a_resume_link_of_another_survey_is_refused(client, kramfors, survey):
    other = survey_with_every_kind(kramfors, title="Another survey")
    client.post(page_url(survey, 1), first_page(survey, action="save"))
    link = client.get(url("saved", survey)).context["resume_url"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    stranger = Client()
    stranger.cookies["platskraft_language"] = "en"
    refused = stranger.get(url("resume", other, token=token))
    assert refused.status_code == 404
    body = text(refused)
    assert "This link does not belong to this survey" in body
    assert "The lake" not in body and "Life in Kramfors" not in body


# --- Signed-in answering ---------------------------------------------------------------------


def test_a_signed_in_person_answers_once(client, kramfors):
    survey = survey_with_every_kind(kramfors, access=Access.SIGNED_IN)
    person = UserFactory()
    client.force_login(person)
    client.post(page_url(survey, 1), first_page(survey, action="save"))
    assert "simply come back" in text(client.get(url("saved", survey)))
    # Coming back later, without the link: the answers wait.
    client.session.flush()
    client.force_login(person)
    assert "Continue where you left off" in text(client.get(url("detail", survey)))
    client.post(page_url(survey, 1), first_page(survey))
    client.post(page_url(survey, 2), last_page(survey))
    response = Response.objects.get()
    assert response.user == person and response.status == ResponseStatus.COMPLETE
    assert response.device_hash == "" and response.ip_hash == ""
    assert "You have already answered this survey" in text(client.get(url("detail", survey)))
    assert "You have already answered this survey" in text(client.get(page_url(survey, 1)))


# --- Pages skipped by conditions ----------------------------------------------------------------


def test_a_page_without_questions_for_this_person_is_skipped(client, kramfors):
    survey = SurveyFactory(municipality=kramfors)
    first, second, third = (
        SectionFactory(survey=survey, title=title, position=i)
        for i, title in enumerate(["Family", "School", "Last"], start=1)
    )
    children = QuestionFactory(section=first, code="children", kind="yes_no", text="Children?")
    QuestionFactory(
        section=second,
        code="school",
        text="Which school?",
        condition_question=children,
        condition_values=[1],
    )
    QuestionFactory(section=third, code="wish", text="Anything else?", required=True)

    went = client.post(page_url(survey, 1), data(survey, children=0))
    assert went["Location"] == page_url(survey, 3)
    assert client.get(page_url(survey, 2))["Location"] == page_url(survey, 3)
    back = client.post(page_url(survey, 3), data(survey, "previous"))
    assert back["Location"] == page_url(survey, 1)
    # Changing the answer opens the page in between.
    assert client.post(page_url(survey, 1), data(survey, children=1))["Location"] == page_url(
        survey, 2
    )
    client.post(page_url(survey, 2), data(survey, school="Gudmundrå"))
    client.post(page_url(survey, 1), data(survey, children=0))
    sent = client.post(page_url(survey, 3), data(survey, wish="More light"))
    assert sent["Location"] == url("thanks", survey)
    answers = Response.objects.get().answers
    assert answers == {key(survey, "children"): 0, key(survey, "wish"): "More light"}


def test_a_survey_without_questions_sends_back_to_its_introduction(client, kramfors):
    survey = SurveyFactory(municipality=kramfors)
    SectionFactory(survey=survey)
    assert client.get(page_url(survey, 1))["Location"] == url("detail", survey)
    assert "no questions yet" in text(client.get(url("detail", survey)))
