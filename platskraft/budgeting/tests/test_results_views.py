"""The results pages: residents' page only once published, staff's preview with the
buttons to count and publish, explanations and charts, and the tenant boundary."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory

from ..models import Outcome, Stage, VoteEvent
from ..services.outcome import outcome_compute, outcome_publish
from .outcome_helpers import hand_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def member(municipality, role):
    user = UserFactory()
    MembershipFactory(municipality=municipality, role=role, user=user)
    return user


def url(name, round_, slug=None):
    return reverse(
        f"budgeting:{name}",
        kwargs={"municipality_slug": slug or round_.municipality.slug, "pk": round_.pk},
    )


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def specs(text: str) -> list[dict]:
    return [
        json.loads(found)
        for found in re.findall(
            r'<script id="[^"]+" type="application/json">(.*?)</script>', text, re.S
        )
    ]


@pytest.fixture
def counted(kramfors):
    round_, projects = hand_round(kramfors)
    outcome = outcome_compute(round=round_, by=None)
    return round_, projects, outcome


@pytest.fixture
def published(counted):
    round_, projects, outcome = counted
    outcome_publish(outcome=outcome, by=None)
    round_.refresh_from_db()
    return round_, projects, outcome


# --- residents ----------------------------------------------------------------------------------


def test_nothing_public_before_publishing(client, counted, kramfors):
    round_, _p, _o = counted
    assert client.get(url("results", round_)).status_code == 404
    client.force_login(member(kramfors, Role.ADMIN))
    assert client.get(url("results", round_)).status_code == 404  # staff use the preview


def test_published_results_show_winners_explanations_comparison_and_method(client, published):
    round_, p, _o = published
    page = html(client.get(url("results", round_)))
    # Winners per district with cost and share of the budget.
    assert "2 projects are funded, for 600 SEK of the budget of 900 SEK (67&nbsp;%)." in page
    assert f'<a href="#project-{p[2].pk}">2. Lekplats</a>' in page
    assert "33.3&nbsp;%" in page  # 300 of 900
    # Every project has an anchor and its explanation.
    for number in (1, 2, 3, 4, 5, 6, 7):
        assert f'id="project-{p[number].pk}"' in page
    assert "Funded in round 1: its 6 supporters paid 50 SEK each, 300 SEK in all." in page
    assert "after round 1 its 6 supporters had 594 SEK left of 894 SEK; it needed 600 SEK" in page
    assert "Linbana" not in page  # rejected: not counted, not listed
    # The comparison, per district.
    assert "Greedy and equal shares in Norr" in page
    assert "67&nbsp;% (6)" in page and "100&nbsp;% (9)" in page
    # The method, with the rule and the seed to repeat it.
    assert "--rule mes-cost-add1 --seed 11" in page
    assert "149.00 SEK" in page  # each voter's share in the final count
    # Charts: votes and cost per district, and the comparison.
    charts = specs(page)
    assert len(charts) == 5
    assert all(c["$schema"].startswith("https://vega.github.io/schema/vega-lite/") for c in charts)


def test_published_results_of_another_municipality_are_404(client, published, lund):
    round_, _p, _o = published
    assert client.get(url("results", round_, slug=lund.slug)).status_code == 404


def test_results_in_swedish(client, published, settings):
    round_, _p, _o = published
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    page = html(client.get(url("results", round_)))
    assert "300 SEK" not in page
    assert re.search(r"300(\s|\xa0|&nbsp;)kr", page)


# --- staff ----------------------------------------------------------------------------------------


def test_staff_preview_before_publishing(client, counted, kramfors):
    round_, _p, _outcome = counted
    client.force_login(member(kramfors, Role.OBSERVER))
    page = html(client.get(url("staff_results", round_)))
    assert "Only staff see this outcome." in page
    assert "Funded in round 1: its 6 supporters paid 50 SEK each" in page
    assert "Publish the results" not in page  # an observer reads, does not publish


def test_editor_counts_and_publishes(client, kramfors):
    round_, _p = hand_round(kramfors)
    client.force_login(member(kramfors, Role.EDITOR))
    page = html(client.get(url("staff_results", round_)))
    assert "Count the votes" in page and "Publish the results" not in page
    response = client.post(url("staff_compute", round_), follow=True)
    assert "The votes are counted." in html(response)
    outcome = Outcome.objects.get(round=round_)
    assert "Publish the results" in html(response)
    response = client.post(url("staff_publish", round_), {"outcome": outcome.pk}, follow=True)
    assert "The results are published." in html(response)
    round_.refresh_from_db()
    assert round_.stage == Stage.RESULTS
    assert set(VoteEvent.objects.values_list("kind", flat=True)) == {"computed", "published"}
    assert client.get(url("results", round_)).status_code == 200


def test_counting_while_voting_is_open_is_refused_with_a_message(client, kramfors):
    round_, _p = hand_round(kramfors, stage=Stage.VOTING)
    client.force_login(member(kramfors, Role.ADMIN))
    page = html(client.get(url("staff_results", round_)))
    assert "Count the votes" not in page
    response = client.post(url("staff_compute", round_), follow=True)
    assert "once voting has closed" in html(response)
    assert not Outcome.objects.exists()


def test_an_older_count_is_not_published(client, counted, kramfors):
    round_, _p, first = counted
    outcome_compute(round=round_, by=None)
    client.force_login(member(kramfors, Role.ADMIN))
    response = client.post(url("staff_publish", round_), {"outcome": first.pk}, follow=True)
    assert "review the newest count" in html(response)
    round_.refresh_from_db()
    assert round_.stage == Stage.COUNTING


def test_observer_may_not_count_or_publish(client, counted, kramfors):
    round_, _p, outcome = counted
    client.force_login(member(kramfors, Role.OBSERVER))
    assert client.post(url("staff_compute", round_)).status_code == 404
    assert client.post(url("staff_publish", round_), {"outcome": outcome.pk}).status_code == 404
    assert Outcome.objects.count() == 1 and outcome.round.stage == Stage.COUNTING


def test_actions_answer_post_only_and_bad_outcome_is_404(client, counted, kramfors):
    round_, _p, _o = counted
    client.force_login(member(kramfors, Role.ADMIN))
    assert client.get(url("staff_compute", round_)).status_code == 405
    assert client.post(url("staff_publish", round_), {"outcome": "x"}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, counted):
    round_, _p, _o = counted
    response = client.get(url("staff_results", round_))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_of_another_municipality_get_404(client, counted, lund):
    round_, _p, outcome = counted
    client.force_login(member(lund, Role.ADMIN))
    assert client.get(url("staff_results", round_)).status_code == 404
    assert client.get(url("staff_results", round_, slug=lund.slug)).status_code == 404
    assert client.post(url("staff_compute", round_, slug=lund.slug)).status_code == 404
    assert (
        client.post(
            url("staff_publish", round_, slug=lund.slug), {"outcome": outcome.pk}
        ).status_code
        == 404
    )
    assert Outcome.objects.count() == 1
