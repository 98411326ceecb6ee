"""Voting in the citizen budget in a real browser: a resident on a touch phone fills a
knapsack ballot (a project that does not fit is stopped with a message), sends it and
changes it; a voter with a code from a letter votes; axe-core on the ballot and the
confirmation pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.budgeting.models import (
    Ballot,
    BallotKind,
    Eligibility,
    Project,
    ProjectStatus,
    Round,
    Stage,
)
from platskraft.budgeting.services import voting
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory, ProcessFactory

from .conftest import axe_violations, log_in
from .test_surveys_answer import fits_the_phone, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def budget(kramfors):
    now = timezone.now()
    round_ = Round.objects.create(
        municipality=kramfors,
        process=ProcessFactory(municipality=kramfors, title="Levande älvstrand"),
        title="Medborgarbudget 2026",
        stage=Stage.VOTING,
        budget_sek=1_000_000,
        ballot_kind=BallotKind.KNAPSACK,
        eligibility=Eligibility.BOTH,
        voting_opens_at=now - timedelta(days=1),
        voting_closes_at=now + timedelta(days=14),
    )
    for number, (title, cost) in enumerate(
        [
            ("Lekpark vid älven", 600_000),
            ("Bänkar på torget", 300_000),
            ("Belysning på gångvägen", 500_000),
        ],
        start=1,
    ):
        Project.objects.create(
            round=round_,
            number=number,
            title=title,
            cost_sek=cost,
            status=ProjectStatus.APPROVED,
            description=f"{title}: en beskrivning av projektet.",
        )
    return round_


def box(page, title: str):
    return page.get_by_label(title, exact=False)


def tap_project(page, title: str) -> None:
    """Tap the project's name, the large target a phone user aims for."""
    page.locator(".ballot-choice label", has_text=title).tap()


def stored(round_) -> list[dict]:
    return [b.choices for b in Ballot.objects.filter(round=round_)]


def titles_of(choices: dict) -> set[str]:
    return set(
        Project.objects.filter(pk__in=[int(k) for k in choices]).values_list("title", flat=True)
    )


def test_resident_votes_on_a_phone_is_stopped_over_budget_and_changes_the_vote(phone, budget):
    page = phone
    UserFactory(email="rut@example.org", display_name="Rut")
    log_in(page, "rut@example.org", PASSWORD)

    page.goto(f"/kramfors/budget/{budget.pk}/")
    fits_the_phone(page)
    page.locator("main .how-to-vote a.button").first.tap()
    page.wait_for_url(f"**/budget/{budget.pk}/vote/confirm/")
    page.locator("input[name=resident]").tap()
    page.locator("main form button[type=submit]").tap()
    page.wait_for_url(f"**/budget/{budget.pk}/vote/")
    fits_the_phone(page)
    status = page.locator("#ballot-status")
    assert "1 000 000" in status.inner_text().replace("\xa0", " ")
    assert axe_violations(page) == []

    tap_project(page, "Lekpark vid älven")
    assert "400 000" in status.inner_text().replace("\xa0", " ")
    # Belysning (500 000) does not fit in the 400 000 left: stopped, and the page says why.
    light = box(page, "Belysning på gångvägen")
    note = page.locator(f"#note-{light.get_attribute('value')}")
    assert note.is_visible() and note.inner_text() != ""  # marked before it is tried
    tap_project(page, "Belysning på gångvägen")
    assert not light.is_checked()
    message = page.locator("#ballot-block")
    assert message.is_visible()
    said = message.inner_text().replace("\xa0", " ")
    assert "Belysning på gångvägen" in said and "500 000" in said and "400 000" in said
    assert "400 000" in status.inner_text().replace("\xa0", " ")
    # With the keyboard: Space on the bench's box chooses it.
    tab_to(page, f"#{box(page, 'Bänkar på torget').get_attribute('id')}")
    page.keyboard.press("Space")
    assert box(page, "Bänkar på torget").is_checked()
    assert "100 000" in status.inner_text().replace("\xa0", " ")
    assert message.inner_text() == ""
    assert axe_violations(page) == []

    page.locator("#ballot button[type=submit]").tap()
    page.wait_for_url(f"**/budget/{budget.pk}/vote/done/")
    fits_the_phone(page)
    done = page.locator("main").inner_text()
    assert "Lekpark vid älven" in done and "Bänkar på torget" in done
    assert "Belysning" not in done
    assert axe_violations(page) == []
    [choices] = stored(budget)
    assert titles_of(choices) == {"Lekpark vid älven", "Bänkar på torget"}
    costs = Project.objects.filter(pk__in=[int(k) for k in choices]).values_list(
        "cost_sek", flat=True
    )
    assert sum(costs) <= budget.budget_sek

    # Change the vote: the ballot comes back with the earlier choices.
    page.locator("main .toolbar a.button").tap()
    page.wait_for_url(f"**/budget/{budget.pk}/vote/")
    assert box(page, "Lekpark vid älven").is_checked()
    tap_project(page, "Lekpark vid älven")
    tap_project(page, "Belysning på gångvägen")
    assert box(page, "Belysning på gångvägen").is_checked()
    page.locator("#ballot button[type=submit]").tap()
    page.wait_for_url(f"**/budget/{budget.pk}/vote/done/")
    assert Ballot.objects.filter(round=budget).count() == 1
    [choices] = stored(budget)
    assert titles_of(choices) == {"Bänkar på torget", "Belysning på gångvägen"}
    assert page.script_errors == []


def test_a_code_letter_voter_votes(page, budget):
    editor = MembershipFactory(municipality=budget.municipality, role=Role.EDITOR).user
    [code] = voting.codes_create(round=budget, district=None, count=1, by=editor)

    page.goto(f"/kramfors/budget/{budget.pk}/")
    page.locator(f"a[href$='/budget/{budget.pk}/code/']").click()
    page.fill("input[name=code]", "ZZZZ-ZZZZ-ZZZZ")
    page.click("main form button[type=submit]")
    assert page.locator("#error-summary").is_visible()
    assert axe_violations(page) == []

    page.fill("input[name=code]", code.lower())
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/budget/{budget.pk}/vote/")
    box(page, "Belysning på gångvägen").check()
    box(page, "Bänkar på torget").check()
    page.click("#ballot button[type=submit]")
    page.wait_for_url(f"**/budget/{budget.pk}/vote/done/")
    assert "Belysning på gångvägen" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    ballot = Ballot.objects.get(round=budget)
    assert ballot.channel == "code"
    assert titles_of(ballot.choices) == {"Belysning på gångvägen", "Bänkar på torget"}
