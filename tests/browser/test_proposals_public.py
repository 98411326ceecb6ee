"""Residents send, support and discuss proposals in a real browser."""

import re

import pytest
from django.utils import timezone

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.municipalities.tests.factories import (
    DepartmentFactory,
    MunicipalityFactory,
)
from platskraft.proposals.models import Comment, Proposal, Status, StatusChange, Support
from platskraft.proposals.tests.factories import (
    CategoryFactory,
    ChannelFactory,
    CommentFactory,
    ProposalFactory,
)

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site():
    kramfors = MunicipalityFactory(code="2282", slug="kramfors", centre_lat=62.93, centre_lon=17.78)
    channel = ChannelFactory(
        municipality=kramfors,
        title="Idéer för Kramfors",
        description="Skicka dina idéer om platser i kommunen.",
    )
    CategoryFactory(channel=channel, name="Parker och grönområden")
    CategoryFactory(channel=channel, name="Trafik")
    return kramfors, channel


def resident(email, name):
    return UserFactory(email=email, display_name=name)


def test_resident_sends_a_proposal_by_map_and_one_by_typed_place(page, site):
    _kramfors, channel = site
    resident("rut@example.org", "Rut")
    log_in(page, "rut@example.org", PASSWORD)

    page.goto(f"/kramfors/proposals/channels/{channel.pk}/new/")
    page.fill("#id_title", "Bänk vid älvstranden")
    page.fill("#id_body", "En bänk där man kan vila och se på älven.")
    page.select_option("#id_category", label="Parker och grönområden")
    place_map = page.locator("#proposal-place-map")
    place_map.wait_for(state="visible")
    assert page.input_value("#id_latitude") == ""
    place_map.click(position={"x": 200, "y": 120})
    assert page.input_value("#id_latitude") != ""
    assert page.locator("#place-status").inner_text() != ""
    page.click("button[name=action][value=submit]")
    page.wait_for_url(re.compile(r"/kramfors/proposals/\d+/$"))
    first = Proposal.objects.get(title="Bänk vid älvstranden")
    assert first.latitude is not None and first.longitude is not None
    # The click landed on the map around the municipality's centre.
    assert abs(first.latitude - 62.93) < 0.2 and abs(first.longitude - 17.78) < 0.4
    assert first.category.name == "Parker och grönområden"
    assert page.locator(f"#proposal-{first.pk}").is_visible()
    assert page.locator(".point-map").is_visible()

    # A keyboard user marks the middle of the map with Enter and can take it away again.
    page.goto(f"/kramfors/proposals/channels/{channel.pk}/new/")
    page.locator("#proposal-place-map").focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    assert page.input_value("#id_latitude") != ""
    page.click("#remove-point")
    assert page.input_value("#id_latitude") == "" and page.input_value("#id_longitude") == ""

    # A place written in words is enough; the map is never required.
    page.fill("#id_title", "Belysning på gångvägen")
    page.fill("#id_body", "Gångvägen är mörk på vintern.")
    page.fill("#id_place_name", "Gångvägen mellan torget och stationen")
    page.click("button[name=action][value=submit]")
    page.wait_for_url(re.compile(r"/kramfors/proposals/\d+/$"))
    second = Proposal.objects.get(title="Belysning på gångvägen")
    assert second.latitude is None and second.place_name.startswith("Gångvägen mellan")
    assert "Gångvägen mellan torget och stationen" in page.inner_text("main")


def test_form_errors_keep_what_was_typed(page, site):
    _kramfors, channel = site
    resident("rut@example.org", "Rut")
    log_in(page, "rut@example.org", PASSWORD)
    page.goto(f"/kramfors/proposals/channels/{channel.pk}/new/")
    page.fill("#id_body", "Text utan rubrik.")
    page.fill("#id_place_name", "Hamnen")
    page.click("button[name=action][value=submit]")
    assert page.locator(".error-summary a[href='#id_title']").is_visible()
    assert page.input_value("#id_body") == "Text utan rubrik."
    assert page.input_value("#id_place_name") == "Hamnen"
    assert not Proposal.objects.exists()


def test_second_resident_supports_comments_and_replies(page, site):
    _kramfors, channel = site
    proposal = ProposalFactory(channel=channel, title="Ny lekplats", author_name="Rut")
    earlier = CommentFactory(proposal=proposal, body="Vilken bra idé!")
    resident("sam@example.org", "Sam")
    log_in(page, "sam@example.org", PASSWORD)
    page.goto(f"/kramfors/proposals/{proposal.pk}/")

    page.click("#support-button")
    page.locator("#participation input[name=support][value='0']").wait_for(state="attached")
    assert page.locator("#participation .count-number").inner_text() == "1"
    assert page.locator("#participation-status").inner_text() != ""
    # The button keeps keyboard focus after the part of the page is replaced.
    assert page.evaluate("document.activeElement.id") == "support-button"
    page.reload()
    assert page.locator("#participation .count-number").inner_text() == "1"
    assert Support.objects.filter(proposal=proposal).count() == 1

    page.fill("#id_body", "Gärna med gungor för små barn.")
    page.click("#comment-form button[type=submit]")
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    comment = Comment.objects.get(body="Gärna med gungor för små barn.")
    assert page.locator(f"#comment-{comment.pk}").is_visible()

    page.click(f"#comment-{earlier.pk} .reply-box summary")
    page.fill(f"#reply-{earlier.pk}-body", "Håller med dig!")
    page.click(f"#comment-{earlier.pk} .reply-box button[type=submit]")
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    reply = Comment.objects.get(body="Håller med dig!")
    assert reply.parent_id == earlier.pk
    assert page.locator(f"#comment-{earlier.pk} #comment-{reply.pk}").is_visible()
    proposal.refresh_from_db()
    assert proposal.comment_count == 2 and proposal.support_count == 1  # factory comments uncounted


def test_proposal_pages_have_no_accessibility_violations(page, site):
    kramfors, channel = site
    department = DepartmentFactory(municipality=kramfors, name="Samhällsbyggnadsnämnden")
    proposal = ProposalFactory(
        channel=channel,
        title="Bänk vid älvstranden",
        body="En bänk där man kan vila.\n\nGärna i trä.",
        latitude=62.93,
        longitude=17.78,
        place_name="Älvstranden",
        department=department,
        case_number="SBN 2026/7",
        status=Status.APPROVED,
        answer="Nämnden bygger bänken under våren.",
        answered_at=timezone.now(),
        support_count=4,
    )
    StatusChange.objects.create(
        proposal=proposal,
        old_status=Status.RECEIVED,
        new_status=Status.FORWARDED,
        explanation="Skickat till samhällsbyggnadsnämnden.",
        department_name=department.name,
        case_number="SBN 2026/7",
    )
    StatusChange.objects.create(
        proposal=proposal,
        old_status=Status.FORWARDED,
        new_status=Status.APPROVED,
        explanation="Nämnden bygger bänken under våren.",
        department_name=department.name,
        case_number="SBN 2026/7",
    )
    top = CommentFactory(proposal=proposal, body="Bra förslag!")
    CommentFactory(proposal=proposal, parent=top, body="Ja, verkligen.")
    CommentFactory(proposal=proposal, body="Olämpligt", is_hidden=True, hidden_reason="Påhopp")
    ProposalFactory(channel=channel, title="Utan plats", status=Status.REVIEW)
    resident("rut@example.org", "Rut")

    pages = [
        "/kramfors/proposals/",
        "/kramfors/proposals/?status=decided&sort=support",
        "/kramfors/proposals/map/",
        f"/kramfors/proposals/channels/{channel.pk}/",
        f"/kramfors/proposals/{proposal.pk}/",
    ]
    for address in pages:
        page.goto(address)
        assert axe_violations(page) == [], address

    log_in(page, "rut@example.org", PASSWORD)
    for address in [
        f"/kramfors/proposals/{proposal.pk}/",
        f"/kramfors/proposals/channels/{channel.pk}/new/",
        "/kramfors/proposals/mine/",
    ]:
        page.goto(address)
        assert axe_violations(page) == [], address

    # The form with errors shown.
    page.goto(f"/kramfors/proposals/channels/{channel.pk}/new/")
    page.click("button[name=action][value=submit]")
    page.locator(".error-summary").wait_for()
    assert axe_violations(page) == []
