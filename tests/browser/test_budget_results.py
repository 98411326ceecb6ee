"""Citizen budget results in a real browser: staff count the votes and publish the
results; a resident reads why a winning and a losing project won or lost; charts drawn;
no axe-core violations on either page."""

import re

import pytest

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.budgeting.models import Outcome, Stage
from platskraft.budgeting.services.outcome import outcome_compute, outcome_publish
from platskraft.budgeting.tests.outcome_helpers import hand_round
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_count_the_votes_and_publish_the_results(page, kramfors):
    round_, _p = hand_round(kramfors)
    editor = UserFactory(email="eva@example.org", display_name="Eva")
    MembershipFactory(municipality=kramfors, role=Role.EDITOR, user=editor)
    log_in(page, "eva@example.org", PASSWORD)
    page.goto(f"/kramfors/staff/budget/{round_.pk}/results/")
    assert page.locator("form[action$='/publish/']").count() == 0

    page.click("form[action$='/compute/'] button")
    page.wait_for_selector(".message-success")
    assert Outcome.objects.filter(round=round_).count() == 1
    # The preview: every project explained, charts drawn, nothing public yet.
    assert page.locator(".project-explanation").count() == 7
    page.wait_for_selector(".result-chart.is-drawn svg")
    assert (
        page.locator(".result-chart.is-drawn svg").count()
        == page.locator("[data-chart]").count()
        == 5
    )
    assert axe_violations(page) == []
    assert page.request.get(f"/kramfors/budget/{round_.pk}/results/").status == 404

    page.click("form[action$='/publish/'] button")
    page.wait_for_selector(".message-success")
    round_.refresh_from_db()
    assert round_.stage == Stage.RESULTS
    assert Outcome.objects.get(round=round_).published_at is not None
    assert page.locator("form[action$='/compute/']").count() == 0
    page.click(f"a[href='/kramfors/budget/{round_.pk}/results/']")
    page.wait_for_url(re.compile(rf"/budget/{round_.pk}/results/$"))


def test_a_resident_reads_why_a_project_won_and_another_lost(page, kramfors):
    round_, p = hand_round(kramfors)
    outcome_publish(outcome=outcome_compute(round=round_, by=None), by=None)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"/kramfors/budget/{round_.pk}/results/")
    page.wait_for_selector(".result-chart.is-drawn svg")
    assert axe_violations(page) == []

    # The winner: from the table of funded projects to its explanation.
    page.locator(f"#district-{p[2].district_id} table a[href='#project-{p[2].pk}']").first.click()
    winner = page.locator(f"#project-{p[2].pk}")
    assert page.url.endswith(f"#project-{p[2].pk}")
    assert winner.is_visible() and "is-funded" in winner.get_attribute("class")
    text = winner.inner_text()
    for figure in ("6", "50", "300"):  # six supporters paid 50 each, 300 in all
        assert re.search(rf"\b{figure}\b", text), text

    # The loser: from the table of every project.
    page.click(f"a[href='#project-{p[1].pk}']")
    loser = page.locator(f"#project-{p[1].pk}")
    assert loser.is_visible() and "is-funded" not in loser.get_attribute("class")
    text = loser.inner_text()
    for figure in ("594", "894", "600"):  # had 594 left of 894, needed 600
        assert re.search(rf"\b{figure}\b", text), text
