"""The citizen budget's staff pages in a real browser: two officials, each in a browser of
their own, enter the same paper ballot and it counts once; a sheet they read differently
is listed as a conflict and nothing is counted. Every staff page visited passes axe."""

import re

import pytest

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.budgeting.models import Ballot, Channel, PaperEntry, Stage, VotingCode
from platskraft.budgeting.tests.factories import ProjectFactory, RoundFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def member(municipality, role, email):
    user = UserFactory(email=email, display_name=email.split("@")[0].title())
    MembershipFactory(municipality=municipality, role=role, user=user)
    return user


def visit(page, address):
    page.goto(address)
    assert axe_violations(page) == [], address


def enter_sheet(page, round_, sheet, projects):
    page.goto(f"/kramfors/staff/budget/{round_.pk}/paper/")
    page.fill("#id_sheet", sheet)
    for project in projects:
        page.check(f"#id_project_{project.pk}")
    page.click("form.paper-form button[type=submit]")
    page.wait_for_load_state()
    if not page.locator(".messages").count():
        return page.locator("main").inner_text()
    return page.locator(".messages").inner_text()


def test_two_officials_enter_paper_ballots(page, person, kramfors):
    member(kramfors, Role.EDITOR, "eva@example.org")
    member(kramfors, Role.CASE_HANDLER, "hans@example.org")
    round_ = RoundFactory(municipality=kramfors, title="Medborgarbudget 2026", stage=Stage.VOTING)
    park = ProjectFactory(round=round_, title="Lekpark vid älven", cost_sek=400_000)
    bench = ProjectFactory(round=round_, title="Bänkar på torget", cost_sek=200_000)
    light = ProjectFactory(round=round_, title="Belysning", cost_sek=300_000)

    eva = page
    log_in(eva, "eva@example.org", PASSWORD)
    hans = person("hans@example.org")

    # The official's way in: the staff menu, the round and its pages, all accessible.
    visit(eva, "/kramfors/staff/")
    eva.click(".staff-nav a[href='/kramfors/staff/budget/']")
    eva.wait_for_url("**/staff/budget/")
    assert axe_violations(eva) == []
    eva.click(f"a[href='/kramfors/staff/budget/{round_.pk}/']")
    assert axe_violations(eva) == []
    for address in ["projects/", "projects/new/", f"projects/{park.pk}/review/", "audit/"]:
        visit(eva, f"/kramfors/staff/budget/{round_.pk}/{address}")

    # Codes: made once, printed as letters; only their hashes stay.
    visit(eva, f"/kramfors/staff/budget/{round_.pk}/codes/")
    eva.fill("#id_count", "3")
    eva.click("main form button[type=submit]")
    eva.wait_for_selector(".letter")
    assert eva.locator(".letter").count() == 3
    assert axe_violations(eva) == []
    code = eva.locator(".letter-code").first.inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert not VotingCode.objects.filter(code_hash=code).exists()
    assert VotingCode.objects.filter(round=round_).count() == 3

    # Sheet 101: Eva enters it, then Hans, the same: one ballot.
    visit(eva, f"/kramfors/staff/budget/{round_.pk}/paper/")
    assert enter_sheet(eva, round_, "101", [park, bench])
    assert eva.locator(".message-info").count() == 1
    assert Ballot.objects.filter(round=round_).count() == 0
    assert eva.locator("section[aria-labelledby=waiting-heading] tbody th").all_inner_texts() == [
        "101"
    ]
    assert axe_violations(eva) == []

    enter_sheet(hans, round_, "101", [park, bench])
    assert hans.locator(".message-success").count() == 1
    assert axe_violations(hans) == []
    ballots = Ballot.objects.filter(round=round_)
    assert ballots.count() == 1 and ballots.get().channel == Channel.PAPER
    assert ballots.get().choices == {str(park.pk): 1, str(bench.pk): 1}
    assert PaperEntry.objects.filter(sheet="101", counted=True).count() == 2

    # Entering the counted sheet again counts nothing more.
    enter_sheet(hans, round_, "101", [park, bench])
    assert hans.locator(".error-summary").is_visible()
    assert Ballot.objects.filter(round=round_).count() == 1

    # Sheet 102: the two officials read it differently: a conflict, nothing counted.
    enter_sheet(eva, round_, "102", [park])
    enter_sheet(hans, round_, "102", [light])
    assert hans.locator(".message-error").count() == 1
    assert Ballot.objects.filter(round=round_).count() == 1
    conflicts = hans.locator("section[aria-labelledby=conflict-heading] tbody th")
    assert conflicts.all_inner_texts() == ["102"]
    assert axe_violations(hans) == []

    # The round's page sums it up; the audit log has the entries, not what they said.
    visit(eva, f"/kramfors/staff/budget/{round_.pk}/")
    visit(eva, f"/kramfors/staff/budget/{round_.pk}/audit/")
    log = eva.locator("main").inner_text()
    assert "Lekpark" not in log and "Belysning" not in log
