"""The whole life of a citizen proposal, in a real browser: sent, moderated, supported,
commented, routed to a committee and answered; and the staff pages pass axe."""

import re

import pytest

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import DepartmentFactory, MembershipFactory
from platskraft.proposals.models import Proposal, Report, Status, Visibility
from platskraft.proposals.tests.factories import (
    CategoryFactory,
    ChannelFactory,
    CommentFactory,
    CriterionFactory,
    ProposalFactory,
)

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def member(municipality, role, email, **extra):
    user = UserFactory(email=email, display_name=email.split("@")[0].title())
    MembershipFactory(municipality=municipality, role=role, user=user, **extra)
    return user


def send_proposal(page, channel, title, body, category, place):
    page.goto(f"/kramfors/proposals/channels/{channel.pk}/new/")
    page.fill("#id_title", title)
    page.fill("#id_body", body)
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_place_name", place)
    page.click("button[name=action][value=submit]")
    page.wait_for_url(re.compile(r"/kramfors/proposals/\d+/$"))


def test_a_proposal_from_sending_to_the_official_answer(page, person, kramfors, mailoutbox):
    kramfors.moderation_mode = "pre"
    kramfors.save()
    committee = DepartmentFactory(municipality=kramfors, name="Tekniska nämnden")
    channel = ChannelFactory(municipality=kramfors, title="Idéer för Kramfors")
    parks = CategoryFactory(channel=channel, name="Parker")
    UserFactory(email="alice@example.org", display_name="Alice")
    UserFactory(email="bo@example.org", display_name="Bo")
    member(kramfors, Role.MODERATOR, "mona@example.org")
    member(kramfors, Role.EDITOR, "eva@example.org")
    handler = member(kramfors, Role.CASE_HANDLER, "hans@example.org", department=committee)

    # A resident sends two proposals; the municipality reviews before publishing.
    log_in(page, "alice@example.org", PASSWORD)
    send_proposal(
        page,
        channel,
        "Bänkar längs Ångermanälven",
        "Fler bänkar längs strandpromenaden, så att äldre orkar gå hela vägen.",
        parks,
        "Strandpromenaden, Kramfors",
    )
    send_proposal(
        page,
        channel,
        "Riv grannens staket",
        "Grannen på Storgatan 3 har ett fult staket.",
        parks,
        "Storgatan 3",
    )
    benches = Proposal.objects.get(title="Bänkar längs Ångermanälven")
    fence = Proposal.objects.get(title="Riv grannens staket")
    assert benches.visibility == fence.visibility == Visibility.PENDING
    assert benches.place_name == "Strandpromenaden, Kramfors"
    assert benches.category == parks

    # The moderator finds both in the queue, publishes one and hides the other.
    moderator = person("mona@example.org")
    moderator.goto("/kramfors/staff/proposals/?visibility=pending")
    queue = moderator.locator("main table")
    assert queue.get_by_text("Bänkar längs Ångermanälven").is_visible()
    assert queue.get_by_text("Riv grannens staket").is_visible()
    assert axe_violations(moderator) == []

    moderator.click(f"main a[href='/kramfors/staff/proposals/{benches.pk}/']")
    moderator.wait_for_url(f"**/kramfors/staff/proposals/{benches.pk}/")
    assert "alice@example.org" in moderator.inner_text("main")
    assert axe_violations(moderator) == []
    moderator.click("button[name=action][value=approve]")
    moderator.wait_for_url(f"**/kramfors/staff/proposals/{benches.pk}/")
    assert moderator.locator(".message-success").is_visible()

    moderator.goto(f"/kramfors/staff/proposals/{fence.pk}/")
    moderator.click("button[name=action][value=hide]")  # no reason: refused, told where
    assert moderator.locator(".error-summary a[href='#moderate-reason']").is_visible()
    moderator.fill("#moderate-reason", "Förslaget pekar ut en enskild person.")
    moderator.click("button[name=action][value=hide]")
    moderator.wait_for_url(f"**/kramfors/staff/proposals/{fence.pk}/")
    benches.refresh_from_db()
    fence.refresh_from_db()
    assert benches.visibility == Visibility.PUBLISHED
    assert fence.visibility == Visibility.HIDDEN

    # Another resident supports and comments on the published proposal.
    resident = person("bo@example.org")
    resident.goto(f"/kramfors/proposals/{benches.pk}/")
    resident.click('form[action$="/support/"] button')
    resident.wait_for_function(
        "() => document.querySelector('#support .count-number').textContent.trim() === '1'"
    )
    resident.fill('form[action$="/comments/"] #id_body', "Ja! Gärna med ryggstöd.")
    resident.click('form[action$="/comments/"] button[type=submit]')
    resident.wait_for_url(re.compile(rf"/kramfors/proposals/{benches.pk}/"))
    assert resident.get_by_text("Ja! Gärna med ryggstöd.").is_visible()
    benches.refresh_from_db()
    assert (benches.support_count, benches.comment_count) == (1, 1)

    # An official routes it to the committee with a case number.
    official = person("eva@example.org")
    official.goto(f"/kramfors/staff/proposals/{benches.pk}/")
    official.select_option("#route-department", str(committee.pk))
    official.fill("#route-case_number", "TN 2026/123")
    official.select_option("#route-handler", str(handler.pk))
    official.fill("#route-response_due", "2099-06-30")
    official.fill("#route-explanation", "Tekniska nämnden ansvarar för parker och stråk.")
    official.click('form[action$="/route/"] button[type=submit]')
    official.wait_for_url(f"**/kramfors/staff/proposals/{benches.pk}/")
    assert official.locator(".message-success").is_visible()

    # The committee's case handler publishes the decision.
    hans = person("hans@example.org")
    hans.goto(f"/kramfors/staff/proposals/{benches.pk}/")
    hans.select_option("#status-status", "approved")
    hans.fill("#status-explanation", "Nämnden beslutade att sätta ut tio bänkar under 2027.")
    hans.click('form[action$="/status/"] button[type=submit]')
    hans.wait_for_url(f"**/kramfors/staff/proposals/{benches.pk}/")
    assert hans.locator(".message-success").is_visible()
    assert axe_violations(hans) == []
    benches.refresh_from_db()
    assert benches.status == Status.APPROVED
    assert benches.case_number == "TN 2026/123" and benches.department == committee

    # The author reads the history and the official answer, and why the other was hidden.
    page.goto(f"/kramfors/proposals/{benches.pk}/")
    history = page.locator("#history-heading + ol").inner_text()
    assert "Tekniska nämnden ansvarar för parker och stråk." in history
    assert "TN 2026/123" in history
    answer = page.locator("section[aria-labelledby=answer-heading]").inner_text()
    assert "Nämnden beslutade att sätta ut tio bänkar under 2027." in answer
    page.goto(f"/kramfors/proposals/{fence.pk}/")
    assert "Förslaget pekar ut en enskild person." in page.inner_text("main")

    # The e-mails: published and hidden to the author; each case step to the followers.
    sent = [(m.to, m.subject) for m in mailoutbox]
    to_alice = [subject for to, subject in sent if to == ["alice@example.org"]]
    assert any("Bänkar längs Ångermanälven" in s for s in to_alice)
    assert any("Riv grannens staket" in s for s in to_alice)
    steps = [m for m in mailoutbox if "/kramfors/proposals/unsubscribe/" in m.body]
    assert len([m for m in steps if m.to == ["alice@example.org"]]) == 2  # routed, decided
    assert all("Bänkar längs Ångermanälven" in m.subject for m in steps)
    assert any("TN 2026/123" in m.body for m in steps)
    assert any("tio bänkar" in m.body for m in steps)
    assert not any("mona@example.org" in m.to for m in mailoutbox)


def test_other_staff_pages_pass_axe(page, kramfors):
    member(kramfors, Role.ADMIN, "ada@example.org")
    channel = ChannelFactory(municipality=kramfors, title="Idéer")
    CategoryFactory(channel=channel, name="Parker")
    CriterionFactory(channel=channel, name="Effekt", description="Hur många får nytta", weight=2)
    proposal = ProposalFactory(channel=channel, title="Lekplats", response_due="2020-01-01")
    comment = CommentFactory(proposal=proposal, body="Dumheter")
    Report.objects.create(proposal=proposal, comment=comment, reason="Otrevligt")
    Report.objects.create(proposal=proposal, reason="Reklam")
    log_in(page, "ada@example.org", PASSWORD)
    for path in (
        "/kramfors/staff/proposals/reports/",
        "/kramfors/staff/proposals/channels/",
        f"/kramfors/staff/proposals/channels/{channel.pk}/",
        f"/kramfors/staff/proposals/channels/{channel.pk}/ranking/",
        f"/kramfors/staff/proposals/{proposal.pk}/",
        "/kramfors/staff/proposals/?overdue=1",
    ):
        page.goto(path)
        assert axe_violations(page) == [], path
