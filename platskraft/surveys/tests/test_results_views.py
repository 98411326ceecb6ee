"""The results pages: who sees what, the cross-tabulation form, the free-text answers."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import Role
from platskraft.surveys.models import SurveyStatus

from .results_helpers import answered_survey, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the pages, in English
    with translation.override("en"):
        yield


@pytest.fixture
def everyone(kramfors):
    kramfors.publication_threshold = 1
    kramfors.save()
    return kramfors


def url(name, survey, **kwargs):
    return reverse(
        f"surveys:{name}",
        kwargs={"municipality_slug": survey.municipality.slug, "pk": survey.pk, **kwargs},
    )


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def specs(html: str) -> list[dict]:
    return [
        json.loads(text)
        for text in re.findall(
            r'<script id="[^"]+" type="application/json">(.*?)</script>', html, re.S
        )
    ]


# --- Residents' page ----------------------------------------------------------------------------


def test_residents_see_published_results_without_free_texts(client, everyone):
    survey, _q = answered_survey(everyone, results_public=True)
    html = page(client.get(url("results", survey)))
    assert "8 complete responses." in html
    assert "Answers to “Which describes you best?”" in html
    assert '<th scope="row">I live here</th>' in html
    assert "More cycle paths" not in html  # free texts stay with staff
    assert "Free-text answers are not published here" in html
    assert "A swimming pool" not in html
    assert "My family lives here" not in html
    assert "Smallest" not in html  # one person's answer
    charts = specs(html)
    assert charts and all(spec["$schema"].endswith("vega-lite/v6.json") for spec in charts)
    assert "vendor/vega-embed/vega-embed.min.js" in html


@pytest.mark.parametrize(
    "fields",
    [
        {"results_public": False},
        {"results_public": True, "status": SurveyStatus.DRAFT},
    ],
)
def test_unpublished_results_are_not_found(client, kramfors, fields):
    survey, _q = answered_survey(kramfors, **fields)
    assert client.get(url("results", survey)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url("results", survey)).status_code == 404


def test_staff_may_look_at_the_residents_page_before_it_is_published(client, kramfors):
    survey, _q = answered_survey(kramfors, results_public=False)
    client.force_login(member(kramfors, Role.EDITOR))
    assert "Residents cannot see this page yet" in page(client.get(url("results", survey)))


def test_another_municipalitys_staff_gets_404(client, kramfors, lund):
    survey, q = answered_survey(kramfors, results_public=False)
    client.force_login(member(lund, Role.ADMIN))
    for address in [
        url("results", survey),
        url("staff_results", survey),
        url("staff_results_texts", survey, question_id=q["wish"].pk),
    ]:
        assert client.get(address).status_code == 404, address


def test_results_of_another_municipality_are_not_found_by_its_address(client, kramfors, lund):
    survey, _q = answered_survey(kramfors, results_public=True)
    address = reverse("surveys:results", kwargs={"municipality_slug": lund.slug, "pk": survey.pk})
    assert client.get(address).status_code == 404


# --- Staff page --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMIN, Role.EDITOR, Role.MODERATOR, Role.OBSERVER])
def test_staff_see_the_results_with_free_texts(client, everyone, role):
    survey, _q = answered_survey(everyone)
    client.force_login(member(everyone, role))
    html = page(client.get(url("staff_results", survey)))
    assert "More cycle paths along the river" in html
    assert "My family lives here" in html  # “other, namely”
    assert "Smallest" in html
    assert "Only staff see these results" in html
    assert 'id="crosstab"' in html and 'id="rate"' in html


def test_staff_page_asks_anonymous_visitors_to_log_in(client, kramfors):
    survey, _q = answered_survey(kramfors)
    response = client.get(url("staff_results", survey))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_residents_without_a_role_do_not_get_the_staff_page(client, kramfors):
    survey, _q = answered_survey(kramfors, results_public=True)
    client.force_login(UserFactory())
    assert client.get(url("staff_results", survey)).status_code == 404


def test_every_chart_has_a_table_with_caption_and_headers(client, everyone):
    survey, _q = answered_survey(everyone)
    client.force_login(member(everyone, Role.EDITOR))
    html = page(client.get(url("staff_results", survey)))
    charts = re.findall(r'data-chart="([^"]+)"', html)
    assert len(charts) == len(specs(html)) >= 12
    tables = re.findall(r"<table class=\"data-table[^\"]*\">\s*<caption", html)
    assert len(tables) >= len(charts)
    assert '<th scope="col" class="num">Respondents</th>' in html
    assert '<th scope="row">Answering</th>' in html


def test_crosstab_by_the_chosen_segment(client, everyone):
    survey, q = answered_survey(everyone)
    client.force_login(member(everyone, Role.EDITOR))
    html = page(
        client.get(url("staff_results", survey), {"by": q["role"].pk, "question": q["leisure"].pk})
    )
    assert "“Is there enough to do in your free time?” by “Which describes you best?”" in html
    assert f'<option value="{q["leisure"].pk}" selected>' in html
    # Nonsense in the address: the first segment and question instead.
    assert page(client.get(url("staff_results", survey), {"by": "x", "question": "-1"}))


def test_small_cells_are_hidden_on_the_staff_page_too(client, kramfors):
    kramfors.publication_threshold = 3
    kramfors.save()
    survey, q = answered_survey(kramfors)
    client.force_login(member(kramfors, Role.ADMIN))
    html = page(
        client.get(url("staff_results", survey), {"by": q["role"].pk, "question": q["leisure"].pk})
    )
    crosstab = html.split('id="crosstab"')[1].split('id="questions"')[0]
    assert '<span class="visually-hidden">hidden</span>' in crosstab
    assert "fewer than 3 respondents" in crosstab
    assert "Groups of fewer than 3 respondents are hidden" in html


def test_free_texts_are_searched_and_paged(client, everyone):
    survey, q = answered_survey(everyone)
    client.force_login(member(everyone, Role.OBSERVER))
    address = url("staff_results_texts", survey, question_id=q["leisure_other"].pk)
    html = page(client.get(address, {"q": "POOL"}))
    assert "A swimming pool" in html and "A cinema" not in html
    assert "1 answer contains “POOL”." in html
    html = page(client.get(address))
    assert "A swimming pool" in html and "=A cinema" in html
    other = url("staff_results_texts", survey, question_id=q["reasons"].pk)
    assert "My family lives here" in page(client.get(other, {"other": "1"}))


def test_free_texts_of_another_surveys_question_are_not_found(client, everyone):
    survey, _q = answered_survey(everyone)
    _other_survey, other_q = answered_survey(everyone)
    client.force_login(member(everyone, Role.EDITOR))
    address = url("staff_results_texts", survey, question_id=other_q["wish"].pk)
    assert client.get(address).status_code == 404


def test_a_survey_without_responses_has_a_results_page(client, everyone):
    survey, _q = answered_survey(everyone, responses=[], results_public=True)
    html = page(client.get(url("results", survey)))
    assert "0 complete responses." in html
    assert "The results are shown once at least 1 have answered." in html
    client.force_login(member(everyone, Role.EDITOR))
    assert "0 complete responses." in page(client.get(url("staff_results", survey)))
    csv_text = b"".join(client.get(url("staff_export_csv", survey)).streaming_content)
    assert csv_text.decode("utf-8-sig").startswith("response_id,channel,submitted_at,role")
