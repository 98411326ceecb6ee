"""The builder's pages at work: forms keep what was typed, refusals are explained, the
preview stores nothing, observers only read."""

import re

import pytest
from django.urls import reverse

from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory
from platskraft.surveys.kinds import kind_choices
from platskraft.surveys.models import Locality, Question, Response, Survey
from platskraft.surveys.presets import ROLE_OPTIONS

from .factories import ResponseFactory, SurveyFactory, survey_with_every_kind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.cookies["platskraft_language"] = "en"


@pytest.fixture
def editor(client, kramfors):
    user = MembershipFactory(municipality=kramfors, role=Role.EDITOR).user
    client.force_login(user)
    return user


def url(name, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"municipality_slug": "kramfors", **kwargs})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def follow_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_survey_is_created_and_bad_dates_keep_what_was_typed(client, editor, kramfors):
    response = client.post(
        url("staff_survey_add"),
        {
            "title": "Bo, verka, leva",
            "access": "anyone",
            "opens_at": "2026-05-10T10:00",
            "closes_at": "2026-05-01T10:00",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert 'value="Bo, verka, leva"' in page and 'value="2026-05-10T10:00"' in page
    assert 'href="#id_closes_at"' in page and "The survey must close after it opens." in page
    assert not Survey.objects.exists()
    response = client.post(
        url("staff_survey_add"), {"title": "Bo, verka, leva", "access": "signed_in"}
    )
    survey = Survey.objects.get()
    assert response["Location"] == url("staff_survey", pk=survey.pk)
    assert survey.status == "draft" and survey.access == "signed_in"
    page = text(client.get(url("staff_list")))
    assert "Bo, verka, leva" in page and 'aria-current="page">Surveys<' in page


def test_the_builder_page_shows_the_outline_the_conditions_and_the_tools(client, editor, kramfors):
    survey = survey_with_every_kind(kramfors, status="draft", target_responses=200)
    page = text(client.get(url("staff_survey", pk=survey.pk)))
    assert "Page 1: About you" in page and "Page 2: Living here" in page
    assert "Shown only when “Is there enough to do in your free time?” is answered: No" in page
    assert "0 complete of the 200 hoped for" in page
    assert url("staff_survey_preview", pk=survey.pk) in page
    assert 'aria-label="Tools for this survey"' in page
    assert "Before it can be published" not in page  # nothing stops it


def test_publishing_an_empty_survey_is_refused_with_the_reason(client, editor, kramfors):
    survey = SurveyFactory(municipality=kramfors, status="draft")
    response = client.post(
        url("staff_survey_status", pk=survey.pk), {"action": "publish"}, follow=True
    )
    assert "Add at least one question before publishing." in follow_messages(response)
    survey.refresh_from_db()
    assert survey.status == "draft"


def test_adding_a_question_asks_the_type_first_then_its_settings(client, editor, kramfors):
    survey = SurveyFactory(municipality=kramfors, status="draft")
    section = survey.sections.create(title="First", position=1)
    add = url("staff_question_add", pk=survey.pk, section_id=section.pk)
    page = text(client.get(add))
    for _key, label in kind_choices():
        assert str(label) in page
    page = text(client.get(add, {"kind": "number"}))
    assert "Lowest number allowed" in page and 'name="kind" value="number"' in page
    response = client.post(
        add,
        {"kind": "number", "text": "Minutes?", "setting_min": "10", "setting_max": "5"},
    )
    assert "The highest number cannot be lower than the lowest." in text(response)
    assert 'value="Minutes?"' not in text(response)  # a textarea keeps it as its content
    assert "Minutes?</textarea>" in text(response)
    response = client.post(
        add,
        {"kind": "number", "text": "Minutes?", "setting_min": "0", "setting_integer": "on"},
    )
    question = Question.objects.get(survey=survey)
    assert response["Location"].endswith(f"#question-{question.pk}")
    assert question.settings == {"min": 0, "integer": True} and question.code == "q1"
    client.post(add, {"kind": "segment", "text": "Who are you?", "setting_segment": "role"})
    segment = Question.objects.get(survey=survey, kind="segment")
    assert segment.options.count() == len(ROLE_OPTIONS)


def test_a_type_change_after_answers_is_refused_and_explained(client, editor, kramfors):
    survey = survey_with_every_kind(kramfors)
    area = Question.objects.get(survey=survey, code="area")
    ResponseFactory(survey=survey, answers={area.key: 1})
    edit = url("staff_question_edit", pk=survey.pk, question_id=area.pk)
    assert "so its type cannot change" in text(client.get(edit))
    response = client.post(
        url("staff_question_kind", pk=survey.pk, question_id=area.pk),
        {"kind": "multiple"},
        follow=True,
    )
    assert any("already has answers" in m for m in follow_messages(response))
    area.refresh_from_db()
    assert area.kind == "single"


def test_the_condition_form_offers_earlier_choice_questions_only(client, editor, kramfors):
    survey = survey_with_every_kind(kramfors, status="draft")
    codes = {q.code: q for q in Question.objects.filter(survey=survey)}
    target = codes["commute"]
    form_url = url("staff_question_condition", pk=survey.pk, question_id=target.pk)
    page = text(client.get(form_url))
    assert "Which describes you best?" in page and "How good is it to live here?" in page
    assert "<legend>Is there enough to do" not in page  # comes later
    assert "<legend>How many minutes" not in page  # itself
    assert "<legend>Put these in order" not in page  # a ranking is no condition
    both = [f"{codes['role'].pk}:1", f"{codes['area'].pk}:2"]
    response = client.post(form_url, {"answers": both})
    assert "Choose answers of one question only" in text(response)
    assert f'value="{codes["area"].pk}:2" id="condition-{codes["area"].pk}2" checked' in text(
        response
    )
    response = client.post(
        form_url, {"answers": [f"{codes['role'].pk}:1", f"{codes['role'].pk}:4"]}
    )
    target.refresh_from_db()
    assert target.condition_question == codes["role"] and target.condition_values == [1, 4]
    client.post(form_url, {"answers": [f"{codes['role'].pk}:1"], "clear": "1"})
    target.refresh_from_db()
    assert target.condition_question is None and target.condition_values == []


def test_an_option_gets_the_next_free_code_and_a_taken_code_is_refused(client, editor, kramfors):
    survey = survey_with_every_kind(kramfors, status="draft")
    area = Question.objects.get(survey=survey, code="area")
    add = url("staff_option_add", pk=survey.pk, question_id=area.pk, role="choice")
    client.post(add, {"label": "East"})
    assert area.options.get(label="East").value == 3
    response = client.post(add, {"label": "West", "value": "3"})
    page = text(response)
    assert "Another option of this question already has the code 3." in page
    assert 'value="West"' in page and 'href="#id_value"' in page
    rows = url("staff_option_add", pk=survey.pk, question_id=area.pk, role="row")
    response = client.post(rows, {"label": "A row"})
    assert "This type of question has no rows." in text(response)


def test_the_preview_walks_the_pages_and_stores_nothing(client, kramfors):
    observer = MembershipFactory(municipality=kramfors, role=Role.OBSERVER).user
    client.force_login(observer)
    survey = survey_with_every_kind(kramfors, status="draft")
    codes = {q.code: q for q in Question.objects.filter(survey=survey)}
    page = text(client.get(url("staff_survey_preview", pk=survey.pk)))
    assert "Preview – nothing is saved." in page and "Page 1 of 2" in page
    first = url("staff_survey_preview_page", pk=survey.pk, number=1)
    state = re.search(r'name="state" value="([^"]+)"', page).group(1)
    response = client.post(first, {"state": state})
    body = text(response)  # required, unanswered: the summary links to its first option
    assert f'href="#id_q{codes["role"].pk}_0"' in body and "This question needs an answer." in body
    response = client.post(first, {"state": state, f"q{codes['role'].pk}": "2"})
    page = text(response)
    assert "Page 2 of 2" in page and "What is missing?" in page
    state = re.search(r'name="state" value="([^"]+)"', page).group(1)
    second = url("staff_survey_preview_page", pk=survey.pk, number=2)
    response = client.post(second, {"state": state, f"q{codes['overall'].pk}": "4"})
    assert "Thank you for your answers" in text(response)
    assert survey.thanks in text(response)
    response = client.post(second, {"state": state, "back": "1"})
    assert "Page 1 of 2" in text(response) and 'value="2" required' not in text(response)
    assert not Response.objects.exists()
    # A forged state is ignored, not trusted.
    response = client.post(second, {"state": "forged", f"q{codes['overall'].pk}": "4"})
    assert response.status_code == 200


def test_an_observer_reads_the_builder_without_any_button(client, kramfors):
    observer = MembershipFactory(municipality=kramfors, role=Role.OBSERVER).user
    client.force_login(observer)
    survey = survey_with_every_kind(kramfors, status="draft")
    page = text(client.get(url("staff_survey", pk=survey.pk)))
    assert "You can read here but not change anything." in page
    assert url("staff_survey_edit", pk=survey.pk) not in page
    assert "staff_question_edit" not in page and "/questions/" not in page
    assert 'name="action"' not in page


def test_a_published_survey_explains_why_it_cannot_be_deleted(client, editor, kramfors):
    survey = SurveyFactory(municipality=kramfors)
    page = text(client.get(url("staff_survey_delete", pk=survey.pk)))
    assert "cannot be removed" in page and "Close the survey instead" in page
    response = client.post(url("staff_survey_delete", pk=survey.pk), follow=True)
    assert any("Only a draft can be deleted." in m for m in follow_messages(response))
    assert Survey.objects.filter(pk=survey.pk).exists()


def test_duplicating_as_the_next_round(client, editor, kramfors):
    survey = survey_with_every_kind(kramfors, title="Bo 2016")
    response = client.post(url("staff_survey_duplicate", pk=survey.pk), {"as_next_round": "on"})
    copy = Survey.objects.exclude(pk=survey.pk).get()
    assert response["Location"] == url("staff_survey", pk=copy.pk)
    assert copy.previous_round == survey and copy.title == "Copy of Bo 2016"
    form = text(client.get(url("staff_survey_edit", pk=copy.pk)))
    assert f'<option value="{survey.pk}" selected>Bo 2016</option>' in form


def test_the_list_of_localities(client, editor, kramfors):
    client.post(url("staff_localities"), {"name": "Nyland"})
    response = client.post(url("staff_localities"), {"name": "nyland"})
    page = text(response)
    assert "“nyland” is already on the list." in page and 'value="nyland"' in page
    assert list(Locality.objects.values_list("name", flat=True)) == ["Nyland"]
    assert "Nyland" in text(client.get(url("staff_localities")))
