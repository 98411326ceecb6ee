"""A resident follows the demo action plan in a real browser: the follow-up page with its
counts 38 / 6 / 2, charts drawn beside their tables, a filter sent without JavaScript's
help, the sub-project that came from a proposal, and the proposal's page pointing back
("You said → we did"). axe-core on every page visited."""

import re
from datetime import date

import pytest

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.demo.plans import build_plans
from platskraft.municipalities.models import Role
from platskraft.municipalities.models.process import ProcessStatus
from platskraft.municipalities.tests.factories import ProcessFactory
from platskraft.proposals.tests.factories import ProposalFactory

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def count(page, status: str) -> int:
    return int(page.locator(f".plan-counts .status-{status} .plan-count-number").inner_text())


def test_a_resident_follows_the_plan_and_the_proposal_behind_a_sub_project(page, kramfors):
    process = ProcessFactory(
        municipality=kramfors, title="Framtidsbygget", status=ProcessStatus.CLOSED
    )
    proposal = ProposalFactory(
        channel__municipality=kramfors, title="Välkomstpaket till nyinflyttade"
    )
    plan = build_plans(
        kramfors=kramfors,
        process=process,
        staff={Role.EDITOR: UserFactory()},
        today=date(2026, 1, 1),
    )
    UserFactory(email="ines@example.org", display_name="Ines")
    log_in(page, "ines@example.org", PASSWORD)

    page.goto("/kramfors/plans/")
    assert axe_violations(page) == []
    page.click(f"a[href='/kramfors/plans/{plan.pk}/']")
    page.wait_for_url(re.compile(rf"/kramfors/plans/{plan.pk}/$"))
    assert (count(page, "done"), count(page, "ongoing"), count(page, "not_started")) == (38, 6, 2)
    assert page.locator(".plan-area").count() == 10
    assert page.locator(".plan-node").count() == 46
    page.wait_for_selector(".result-chart.is-drawn svg")
    assert page.locator(".result-chart.is-drawn svg").count() == 2
    # Each chart has its table: 10 areas, and the financiers with 1.7 MSEK in all.
    assert page.locator("#status-table >> xpath=ancestor::table//tbody/tr").count() == 10
    budget_total = page.locator("#budget-table >> xpath=ancestor::table//tfoot").inner_text()
    assert re.sub(r"\D", "", budget_total.split("\n")[0].split("\t")[1]) == "1700000"
    assert axe_violations(page) == []

    # The filters are an ordinary form: the ongoing ones only.
    page.select_option("#filter-status", "ongoing")
    page.click(".plan-filters button[type=submit]")
    page.wait_for_url(re.compile(r"status=ongoing"))
    assert page.locator(".plan-node").count() == 6
    assert count(page, "ongoing") == 6 and count(page, "done") == 0

    # The welcome pack came from a resident's proposal.
    welcome = plan.sub_projects.get(title="Välkomstpaket till nyinflyttade")
    page.click(f".plan-node a[href='/kramfors/plans/{plan.pk}/items/{welcome.pk}/']")
    page.wait_for_url(re.compile(rf"/items/{welcome.pk}/$"))
    said = page.locator(".follow-ups")
    assert "Välkomstpaket till nyinflyttade" in said.inner_text()
    assert "50" in page.locator(".plan-progress-text").first.inner_text()  # 2 of 4 milestones
    assert page.locator(".plan-update").count() == 1
    assert axe_violations(page) == []

    said.locator(f"a[href='/kramfors/proposals/{proposal.pk}/']").click()
    page.wait_for_url(re.compile(rf"/kramfors/proposals/{proposal.pk}/$"))
    back = page.locator("#follow-ups-heading + p + ul a")
    assert back.count() == 1
    assert welcome.title in back.inner_text()
    assert back.get_attribute("href") == f"/kramfors/plans/{plan.pk}/items/{welcome.pk}/"
    assert axe_violations(page) == []
