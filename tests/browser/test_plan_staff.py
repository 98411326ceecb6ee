"""Action plans' staff pages in a real browser: an official adds a dated update to a
sub-project and links it to a citizen proposal (found by its number), marks a revision,
changes the sub-project's status, marks another, and compares the two: the changed status
is listed. Every page visited passes axe."""

import pytest
from django.utils import translation

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory
from platskraft.plans.models import Link, Revision, Status
from platskraft.plans.tests.factories import (
    AreaFactory,
    FundingFactory,
    PlanFactory,
    SubProjectFactory,
)
from platskraft.proposals.tests.factories import ChannelFactory, ProposalFactory

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visit(page, address):
    page.goto(address)
    assert axe_violations(page) == [], address


def submit(page, form_selector):
    with page.expect_navigation():
        page.click(f"{form_selector} button[type=submit]")
    assert axe_violations(page) == [], page.url


def test_official_updates_links_and_compares_revisions(page, kramfors):
    user = UserFactory(email="eva@example.org", display_name="Eva")
    MembershipFactory(municipality=kramfors, role=Role.EDITOR, user=user)
    plan = PlanFactory(municipality=kramfors, title="Handlingsplan Kramfors")
    area = AreaFactory(plan=plan, title="Levande centrum")
    sp = SubProjectFactory(area=area, code="1.1", title="Bänkar vid älven")
    FundingFactory(sub_project=sp, financier="Kommunen", planned_sek=100_000, spent_sek=120_000)
    proposal = ProposalFactory(
        channel=ChannelFactory(municipality=kramfors), title="Fler bänkar vid älven"
    )
    base = f"/kramfors/staff/plans/{plan.pk}/"
    sp_page = f"{base}sub-projects/{sp.pk}/"

    log_in(page, "eva@example.org", PASSWORD)
    visit(page, "/kramfors/staff/")
    with page.expect_navigation():
        page.click(".staff-nav a[href='/kramfors/staff/plans/']")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.click(f"main a[href='{base}']")
    assert axe_violations(page) == []
    assert page.locator(".overspent").count() >= 1  # spent over planned is flagged
    for address in ["history/", "revisions/", "settings/", "areas/new/", "sub-projects/new/"]:
        visit(page, base + address)

    # A dated update on the timeline.
    visit(page, sp_page)
    visit(page, sp_page + "updates/new/")
    page.fill("#id_date", "2026-05-04")
    page.fill("#id_text", "Fem bänkar står nu längs älven.")
    submit(page, "main form.stacked-form")
    assert page.url.endswith(sp_page + "#updates")
    assert "Fem bänkar står nu längs älven." in page.locator("#updates").inner_text()
    assert "2026-05-04" in page.locator("#updates").inner_text()

    # Link it to the proposal, found by its number.
    visit(page, sp_page + "links/new/")
    page.select_option("#id_kind", "proposal")
    page.fill("#id_q", str(proposal.pk))
    submit(page, "form.link-search")
    page.check(f"input[name=target][value='{proposal.pk}']")
    page.fill("#id_note", "Bänkarna kom från förslaget.")
    submit(page, "main form[method=post]")
    assert Link.objects.filter(sub_project=sp, object_id=proposal.pk).exists()
    links = page.locator("#links").inner_text()
    assert "Fler bänkar vid älven" in links and "1.1 Bänkar vid älven" in links

    # Two revisions with a status change between them, compared.
    visit(page, base + "revisions/")
    page.fill("#id_label", "Styrgrupp mars")
    page.fill("#id_date", "2026-03-14")
    submit(page, "section[aria-labelledby=mark-heading] form")
    visit(page, sp_page + "edit/")
    page.select_option("#id_status", Status.DONE)
    submit(page, "main form.stacked-form")
    visit(page, base + "revisions/")
    page.fill("#id_label", "Styrgrupp juni")
    page.fill("#id_date", "2026-06-10")
    submit(page, "section[aria-labelledby=mark-heading] form")
    assert Revision.objects.filter(plan=plan).count() == 2

    old = Revision.objects.get(label="Styrgrupp mars")
    new = Revision.objects.get(label="Styrgrupp juni")
    page.select_option("#id_old", str(old.pk))
    page.select_option("#id_new", str(new.pk))
    submit(page, "form.compare-form")
    changed = page.locator("table.diff-changed").inner_text()
    assert "1.1 Bänkar vid älven" in changed
    status_row = page.locator("table.diff-changed tr", has=page.locator(".diff-status"))
    assert status_row.count() == 1
    cells = status_row.locator("td").all_inner_texts()
    with translation.override("sv"):  # the browser asks for Swedish
        assert cells[-2:] == [str(Status.ONGOING.label), str(Status.DONE.label)]
