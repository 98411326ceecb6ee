"""The staff side of proposals: who may open what, and what each action does."""

import csv
import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    PhaseFactory,
    ProcessFactory,
)
from platskraft.proposals import selectors
from platskraft.proposals.models import (
    Category,
    Channel,
    Comment,
    Criterion,
    Follow,
    Proposal,
    Report,
    Score,
    Status,
    StatusChange,
    Visibility,
)

from .factories import (
    CategoryFactory,
    ChannelFactory,
    CommentFactory,
    CriterionFactory,
    ProposalFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


STAFF = ["admin", "editor", "moderator", "handler", "other_handler", "observer"]
EVERYONE = [*STAFF, "resident", "anonymous", "lund_admin"]


def url(name, municipality, **kwargs):
    return reverse(f"proposals:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


@dataclass
class World:
    municipality: object
    users: dict
    committee: object
    other_committee: object
    channel: Channel
    criterion: Criterion
    category: Category
    pending: Proposal
    published: Proposal
    routed: Proposal
    comment: Comment
    report: Report


@pytest.fixture
def world(kramfors, lund):
    committee = DepartmentFactory(municipality=kramfors, name="Tekniska nämnden")
    other = DepartmentFactory(municipality=kramfors, name="Kultur- och fritidsnämnden")

    def member(role, municipality=kramfors, **extra):
        return MembershipFactory(municipality=municipality, role=role, **extra).user

    users = {
        "admin": member(Role.ADMIN),
        "editor": member(Role.EDITOR),
        "moderator": member(Role.MODERATOR),
        "handler": member(Role.CASE_HANDLER, department=committee),
        "other_handler": member(Role.CASE_HANDLER, department=other),
        "observer": member(Role.OBSERVER),
        "resident": UserFactory(),
        "anonymous": None,
        "lund_admin": member(Role.ADMIN, municipality=lund),
    }
    channel = ChannelFactory(municipality=kramfors, title="Idéer för Kramfors")
    criterion = CriterionFactory(channel=channel, name="Effect", weight=2)
    category = CategoryFactory(channel=channel, name="Parks")
    pending = ProposalFactory(
        channel=channel, title="Pending bench", visibility=Visibility.PENDING, published_at=None
    )
    published = ProposalFactory(channel=channel, title="Published swings")
    routed = ProposalFactory(
        channel=channel,
        title="Routed lights",
        department=committee,
        case_number="KS 2026/1",
        status=Status.FORWARDED,
    )
    comment = CommentFactory(proposal=published, body="Rude words")
    Proposal.objects.filter(pk=published.pk).update(comment_count=1)
    report = Report.objects.create(
        proposal=published, comment=comment, reporter=users["resident"], reason="Rude"
    )
    return World(
        kramfors,
        users,
        committee,
        other,
        channel,
        criterion,
        category,
        pending,
        published,
        routed,
        comment,
        report,
    )


def log_in_as(client, world, who):
    user = world.users[who]
    if user is not None:
        client.force_login(user)
    return user


# --- every view × every kind of visitor ---------------------------------------------------

M = "kramfors"


def _get(name, **kw):
    return ("get", name, kw, None)


VIEWS = {
    "cases": (_get("staff_cases"), STAFF),
    "case": (_get("staff_case", pk="pending"), STAFF),
    "moderate": (
        (
            "post",
            "staff_case_moderate",
            {"pk": "pending"},
            lambda w: {"action": "hide", "reason": "Off topic"},
        ),
        ["admin", "moderator"],
    ),
    "route": (
        (
            "post",
            "staff_case_route",
            {"pk": "published"},
            lambda w: {
                "department": w.committee.pk,
                "case_number": "KS 2026/77",
                "explanation": "Sent to the technical committee.",
                "version": w.published.version,
            },
        ),
        ["admin", "editor", "handler", "other_handler"],
    ),
    "status": (
        (
            "post",
            "staff_case_status",
            {"pk": "routed"},
            lambda w: {
                "status": "review",
                "explanation": "We are looking at it.",
                "version": w.routed.version,
            },
        ),
        ["admin", "editor", "handler"],
    ),
    "scores": (
        (
            "post",
            "staff_case_scores",
            {"pk": "published"},
            lambda w: {f"score_{w.criterion.pk}": "4", f"reason_{w.criterion.pk}": "Big effect"},
        ),
        ["admin", "editor"],
    ),
    "reports": (_get("staff_reports"), ["admin", "moderator"]),
    "report_dismiss": (
        ("post", "staff_report_dismiss", {"report_id": "report"}, lambda w: {}),
        ["admin", "moderator"],
    ),
    "comment_moderate": (
        (
            "post",
            "staff_comment_moderate",
            {"comment_id": "comment"},
            lambda w: {"action": "hide", "reason": "Rude"},
        ),
        ["admin", "moderator"],
    ),
    "channels": (_get("staff_channels"), ["admin", "editor"]),
    "channel_add": (_get("staff_channel_add"), ["admin", "editor"]),
    "channel_edit": (_get("staff_channel_edit", part_id="channel"), ["admin", "editor"]),
    "channel_delete": (_get("staff_channel_delete", part_id="channel"), ["admin", "editor"]),
    "category_add": (_get("staff_category_add", pk="channel"), ["admin", "editor"]),
    "category_edit": (
        _get("staff_category_edit", pk="channel", part_id="category"),
        ["admin", "editor"],
    ),
    "category_delete": (
        _get("staff_category_delete", pk="channel", part_id="category"),
        ["admin", "editor"],
    ),
    "criterion_add": (_get("staff_criterion_add", pk="channel"), ["admin", "editor"]),
    "criterion_edit": (
        _get("staff_criterion_edit", pk="channel", part_id="criterion"),
        ["admin", "editor"],
    ),
    "criterion_delete": (
        _get("staff_criterion_delete", pk="channel", part_id="criterion"),
        ["admin", "editor"],
    ),
    "ranking": (_get("staff_ranking", pk="channel"), STAFF),
    "ranking_export": (
        _get("staff_ranking_export", pk="channel", fmt="csv"),
        ["admin", "editor", "moderator"],
    ),
    "export_csv": (_get("staff_export_csv"), ["admin", "editor", "moderator"]),
    "export_xlsx": (_get("staff_export_xlsx"), ["admin", "editor", "moderator"]),
}


def _resolve(world, kwargs):
    return {
        key: getattr(world, value).pk if isinstance(value, str) and hasattr(world, value) else value
        for key, value in kwargs.items()
    }


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("view", list(VIEWS))
def test_each_view_answers_each_kind_of_visitor(client, world, view, who):
    (method, name, kwargs, data), allowed = VIEWS[view]
    log_in_as(client, world, who)
    target = url(name, world.municipality, **_resolve(world, kwargs))
    response = client.get(target) if method == "get" else client.post(target, data(world))
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif who in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("accounts:login"))
        if method == "post":
            # The action went through: no form came back with errors.
            assert response.status_code == 302
    else:
        assert response.status_code == 404


def test_another_municipalitys_objects_are_404_under_its_own_address(client, world, lund):
    client.force_login(world.users["lund_admin"])
    channel = world.channel
    assert client.get(url("staff_case", lund, pk=world.published.pk)).status_code == 404
    assert client.get(url("staff_channel_edit", lund, part_id=channel.pk)).status_code == 404
    assert client.get(url("staff_ranking", lund, pk=channel.pk)).status_code == 404
    assert (
        client.get(
            url("staff_category_edit", lund, pk=channel.pk, part_id=world.category.pk)
        ).status_code
        == 404
    )
    response = client.post(url("staff_report_dismiss", lund, report_id=world.report.pk))
    assert response.status_code == 404
    response = client.post(
        url("staff_comment_moderate", lund, comment_id=world.comment.pk),
        {"action": "hide", "reason": "x"},
    )
    assert response.status_code == 404
    response = client.post(
        url("staff_case_moderate", lund, pk=world.pending.pk), {"action": "approve"}
    )
    assert response.status_code == 404
    world.report.refresh_from_db()
    world.comment.refresh_from_db()
    world.pending.refresh_from_db()
    assert world.report.resolved_at is None and not world.comment.is_hidden
    assert world.pending.visibility == Visibility.PENDING


def test_get_is_not_allowed_on_actions(client, world):
    client.force_login(world.users["admin"])
    assert (
        client.get(url("staff_case_moderate", world.municipality, pk=world.pending.pk)).status_code
        == 405
    )
    assert (
        client.get(
            url("staff_report_dismiss", world.municipality, report_id=world.report.pk)
        ).status_code
        == 405
    )


def test_drafts_have_no_case_page(client, world):
    draft = ProposalFactory(channel=world.channel, visibility=Visibility.DRAFT)
    client.force_login(world.users["admin"])
    assert client.get(url("staff_case", world.municipality, pk=draft.pk)).status_code == 404


# --- the case list ------------------------------------------------------------------------


def test_case_list_shows_the_moderation_queue_and_filters(client, world):
    client.force_login(world.users["moderator"])
    page = client.get(url("staff_cases", world.municipality)).content.decode()
    assert "Pending bench" in page and "Published swings" in page
    assert "?visibility=pending" in page

    page = client.get(
        url("staff_cases", world.municipality) + "?visibility=pending"
    ).content.decode()
    assert "Pending bench" in page and "Published swings" not in page
    assert 'aria-current="page">Awaiting review (1)' in page

    page = client.get(
        url("staff_cases", world.municipality) + f"?department={world.committee.pk}"
    ).content.decode()
    assert "Routed lights" in page and "Published swings" not in page

    page = client.get(url("staff_cases", world.municipality) + "?status=forwarded").content.decode()
    assert "Routed lights" in page and "Pending bench" not in page

    page = client.get(url("staff_cases", world.municipality) + "?q=swings").content.decode()
    assert "Published swings" in page and "Routed lights" not in page

    other = ChannelFactory(municipality=world.municipality)
    ProposalFactory(channel=other, title="Other channel idea")
    page = client.get(
        url("staff_cases", world.municipality) + f"?channel={other.pk}"
    ).content.decode()
    assert "Other channel idea" in page and "Published swings" not in page


def test_case_list_marks_overdue_cases_in_text_and_counts_them(client, world):
    world.routed.response_due = timezone.localdate() - timedelta(days=3)
    world.routed.save()
    world.published.response_due = timezone.localdate() + timedelta(days=3)
    world.published.save()
    client.force_login(world.users["observer"])
    page = client.get(url("staff_cases", world.municipality)).content.decode()
    assert "1 case is overdue." in page
    row = page[page.index("Routed lights") - 300 : page.index("Routed lights") + 1200]
    assert 'class="is-overdue"' in row and ">Overdue<" in row
    row = page[page.index("Published swings") : page.index("Published swings") + 1200]
    assert ">Overdue<" not in row.split("</tr>")[0]

    page = client.get(url("staff_cases", world.municipality) + "?overdue=1").content.decode()
    assert "Routed lights" in page and "Published swings" not in page


def test_case_list_shows_case_facts_and_export_links_only_to_exporters(client, world):
    world.routed.handler = world.users["handler"]
    world.routed.save()
    client.force_login(world.users["observer"])
    page = client.get(url("staff_cases", world.municipality)).content.decode()
    assert "KS 2026/1" in page and "Tekniska nämnden" in page
    assert world.users["handler"].display_name in page
    assert "export.csv" not in page
    client.force_login(world.users["editor"])
    page = client.get(url("staff_cases", world.municipality)).content.decode()
    assert url("staff_export_csv", world.municipality) in page
    assert url("staff_export_xlsx", world.municipality) in page


def test_case_list_pages_by_fifty_and_keeps_the_filters(client, world):
    for n in range(52):
        ProposalFactory(channel=world.channel, title=f"Bulk {n}", visibility=Visibility.HIDDEN)
    client.force_login(world.users["admin"])
    first = client.get(url("staff_cases", world.municipality) + "?visibility=hidden")
    assert first.context["page"].paginator.count == 52
    assert len(first.context["page"].object_list) == 50
    assert "?visibility=hidden&amp;page=2" in first.content.decode()
    second = client.get(url("staff_cases", world.municipality) + "?visibility=hidden&page=2")
    assert len(second.context["page"].object_list) == 2


def test_staff_nav_links_to_the_proposal_pages_by_role(client, world):
    client.force_login(world.users["moderator"])
    page = client.get(url("staff_cases", world.municipality)).content.decode()
    assert url("staff_reports", world.municipality) in page
    assert url("staff_channels", world.municipality) not in page
    client.force_login(world.users["editor"])
    page = client.get(reverse("municipalities:staff", kwargs={"municipality_slug": "kramfors"}))
    page = page.content.decode()
    assert url("staff_cases", world.municipality) in page
    assert url("staff_channels", world.municipality) in page
    assert url("staff_reports", world.municipality) not in page


# --- the case page ------------------------------------------------------------------------


def test_case_page_tells_staff_who_an_anonymous_author_is(client, world):
    proposal = world.published
    proposal.is_anonymous = True
    proposal.place_name = "Strandparken"
    proposal.save()
    client.force_login(world.users["observer"])
    page = client.get(url("staff_case", world.municipality, pk=proposal.pk)).content.decode()
    assert proposal.author.display_name in page and proposal.author.email in page
    assert "anonymous to the public" in page
    assert "Strandparken" in page
    assert "Rude words" in page  # the comments
    assert "Rude" in page  # the open report


def test_case_page_shows_a_guest_authors_address(client, world):
    guest = ProposalFactory(
        channel=world.channel, author=None, author_name="", guest_email="guest@example.org"
    )
    client.force_login(world.users["admin"])
    page = client.get(url("staff_case", world.municipality, pk=guest.pk)).content.decode()
    assert "guest@example.org" in page and "guest without an account" in page


@pytest.mark.parametrize(
    ("who", "forms"),
    [
        ("admin", {"moderate", "route", "status", "scores"}),
        ("editor", {"route", "status", "scores"}),
        ("moderator", {"moderate"}),
        ("handler", {"route", "status"}),
        ("other_handler", {"route"}),
        ("observer", set()),
    ],
)
def test_case_page_shows_each_action_only_with_its_permission(client, world, who, forms):
    client.force_login(world.users[who])
    page = client.get(url("staff_case", world.municipality, pk=world.routed.pk)).content.decode()
    shown = {
        name
        for name, action in [
            ("moderate", "staff_case_moderate"),
            ("route", "staff_case_route"),
            ("status", "staff_case_status"),
            ("scores", "staff_case_scores"),
        ]
        if f'action="{url(action, world.municipality, pk=world.routed.pk)}"' in page
    }
    assert shown == forms


def test_comment_hide_buttons_only_for_moderators(client, world):
    target = url("staff_comment_moderate", world.municipality, comment_id=world.comment.pk)
    client.force_login(world.users["moderator"])
    assert (
        target
        in client.get(url("staff_case", world.municipality, pk=world.published.pk)).content.decode()
    )
    client.force_login(world.users["editor"])
    assert (
        target
        not in client.get(
            url("staff_case", world.municipality, pk=world.published.pk)
        ).content.decode()
    )


# --- moderation ---------------------------------------------------------------------------


def test_moderator_publishes_a_pending_proposal_and_the_author_is_told(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("staff_case_moderate", world.municipality, pk=world.pending.pk),
            {"action": "approve"},
        )
    assert response["Location"] == url("staff_case", world.municipality, pk=world.pending.pk)
    world.pending.refresh_from_db()
    assert world.pending.visibility == Visibility.PUBLISHED
    assert [m.to for m in mail.outbox] == [[world.pending.author.email]]


def test_hiding_needs_a_reason_and_keeps_nothing_half_done(client, world):
    client.force_login(world.users["moderator"])
    response = client.post(
        url("staff_case_moderate", world.municipality, pk=world.pending.pk),
        {"action": "hide", "reason": "  "},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'href="#moderate-reason"' in page
    assert "failed-banner" in page
    world.pending.refresh_from_db()
    assert world.pending.visibility == Visibility.PENDING
    assert mail.outbox == []


def test_hiding_with_a_reason_tells_the_author(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("staff_case_moderate", world.municipality, pk=world.published.pk),
            {"action": "hide", "reason": "Names a private person."},
        )
    world.published.refresh_from_db()
    assert world.published.visibility == Visibility.HIDDEN
    assert world.published.hidden_reason == "Names a private person."
    assert "Names a private person." in mail.outbox[0].body


def test_hiding_from_the_reports_page_returns_there(client, world):
    report = Report.objects.create(
        proposal=world.published, reporter=world.users["resident"], reason="Spam"
    )
    client.force_login(world.users["moderator"])
    reports_url = url("staff_reports", world.municipality)
    page = client.get(reports_url).content.decode()
    assert "Spam" in page and "Rude" in page
    response = client.post(
        url("staff_case_moderate", world.municipality, pk=world.published.pk),
        {"action": "hide", "reason": "Spam", "next": reports_url},
    )
    assert response["Location"] == reports_url
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert "Spam" not in client.get(reports_url).content.decode()


def test_next_must_stay_on_this_site(client, world):
    client.force_login(world.users["moderator"])
    response = client.post(
        url("staff_case_moderate", world.municipality, pk=world.pending.pk),
        {"action": "approve", "next": "https://evil.example.org/"},
    )
    assert response["Location"] == url("staff_case", world.municipality, pk=world.pending.pk)


def test_comment_is_hidden_with_a_reason_and_shown_again(client, world):
    client.force_login(world.users["moderator"])
    target = url("staff_comment_moderate", world.municipality, comment_id=world.comment.pk)
    response = client.post(target, {"action": "hide", "reason": ""})
    world.comment.refresh_from_db()
    assert not world.comment.is_hidden
    assert "Give a reason" in client.get(response["Location"]).content.decode()

    client.post(target, {"action": "hide", "reason": "Insults"})
    world.comment.refresh_from_db()
    world.report.refresh_from_db()
    assert world.comment.is_hidden and world.comment.hidden_reason == "Insults"
    assert world.report.resolved_at is not None
    page = client.get(url("staff_case", world.municipality, pk=world.published.pk)).content.decode()
    assert "Insults" in page and "Rude words" in page  # staff still read hidden comments

    client.post(target, {"action": "unhide"})
    world.comment.refresh_from_db()
    assert not world.comment.is_hidden


def test_report_is_dismissed(client, world):
    client.force_login(world.users["moderator"])
    response = client.post(
        url("staff_report_dismiss", world.municipality, report_id=world.report.pk)
    )
    assert response["Location"] == url("staff_reports", world.municipality)
    world.report.refresh_from_db()
    assert world.report.resolved_at is not None
    world.comment.refresh_from_db()
    assert not world.comment.is_hidden


# --- routing and status, with the e-mails ---------------------------------------------------


def _follow(proposal, *users, email=""):
    for user in users:
        Follow.objects.create(proposal=proposal, user=user)
    if email:
        Follow.objects.create(proposal=proposal, email=email)


def test_routing_sends_the_case_to_a_committee_and_tells_followers(
    client, world, django_capture_on_commit_callbacks
):
    proposal = world.published
    follower = UserFactory()
    _follow(proposal, proposal.author, follower, email="guest@example.org")
    client.force_login(world.users["editor"])
    due = timezone.localdate() + timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("staff_case_route", world.municipality, pk=proposal.pk),
            {
                "department": world.committee.pk,
                "case_number": "KS 2026/123",
                "handler": world.users["handler"].pk,
                "response_due": due.isoformat(),
                "explanation": "The technical committee handles parks.",
                "version": proposal.version,
            },
        )
    assert response["Location"] == url("staff_case", world.municipality, pk=proposal.pk)
    proposal.refresh_from_db()
    assert proposal.status == Status.FORWARDED
    assert proposal.department == world.committee and proposal.case_number == "KS 2026/123"
    assert proposal.handler == world.users["handler"] and proposal.response_due == due
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [proposal.author.email, follower.email, "guest@example.org"]
    )
    for message in mail.outbox:
        assert "/kramfors/proposals/unsubscribe/" in message.body
        assert message.body.count("http://testserver/") >= 2
        assert "KS 2026/123" in message.body
    page = client.get(response["Location"]).content.decode()
    assert "The technical committee handles parks." in page  # in the history


def test_route_form_offers_active_departments_and_this_municipalitys_people(client, world, lund):
    DepartmentFactory(municipality=world.municipality, name="Old board", is_active=False)
    DepartmentFactory(municipality=lund, name="Lund board")
    client.force_login(world.users["editor"])
    response = client.get(url("staff_case", world.municipality, pk=world.published.pk))
    form = response.context["route_form"]
    assert set(form.fields["department"].queryset) == {world.committee, world.other_committee}
    people = set(form.fields["handler"].queryset)
    assert world.users["handler"] in people and world.users["observer"] in people
    assert world.users["resident"] not in people and world.users["lund_admin"] not in people


def test_routing_errors_keep_what_was_typed(client, world):
    client.force_login(world.users["editor"])
    response = client.post(
        url("staff_case_route", world.municipality, pk=world.published.pk),
        {"department": "", "case_number": "KS 9", "explanation": "", "version": 1},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#route-department"' in page and 'href="#route-explanation"' in page
    assert 'value="KS 9"' in page
    world.published.refresh_from_db()
    assert world.published.department is None


def test_case_handler_publishes_a_decision_as_the_official_answer(
    client, world, django_capture_on_commit_callbacks
):
    proposal = world.routed
    follower = UserFactory()
    _follow(proposal, proposal.author, follower)
    client.force_login(world.users["handler"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("staff_case_status", world.municipality, pk=proposal.pk),
            {
                "status": "approved",
                "explanation": "The committee decided to build it in 2027.",
                "version": proposal.version,
            },
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED
    assert proposal.answer == "The committee decided to build it in 2027."
    assert proposal.answered_at is not None
    change = StatusChange.objects.get(proposal=proposal)
    assert (change.old_status, change.new_status) == ("forwarded", "approved")
    assert change.changed_by == world.users["handler"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([proposal.author.email, follower.email])
    assert all("unsubscribe" in m.body and "2027" in m.body for m in mail.outbox)


def test_status_form_offers_only_the_statuses_that_may_follow(client, world):
    client.force_login(world.users["editor"])
    response = client.get(url("staff_case", world.municipality, pk=world.routed.pk))
    choices = response.context["status_form"].fields["status"].choices
    flat = [value for value, label in choices if not isinstance(label, list | tuple)]
    grouped = [
        value for _group, items in choices if isinstance(items, list | tuple) for value, _l in items
    ]
    assert set(flat) - {""} == {"review"}
    assert set(grouped) == {"approved", "partly", "rejected"}
    assert "official answer" in response.content.decode()

    response = client.post(
        url("staff_case_status", world.municipality, pk=world.routed.pk),
        {"status": "implemented", "explanation": "Done", "version": world.routed.version},
    )
    assert response.status_code == 200
    assert 'href="#status-status"' in response.content.decode()
    world.routed.refresh_from_db()
    assert world.routed.status == Status.FORWARDED


def test_second_handler_gets_a_conflict_and_keeps_the_text(client, world):
    """Two handlers load version 1 and both send; the second is told, nothing is lost."""
    proposal = world.routed
    version = proposal.version
    first, second = world.users["handler"], world.users["editor"]
    client.force_login(first)
    client.get(url("staff_case", world.municipality, pk=proposal.pk))
    response = client.post(
        url("staff_case_status", world.municipality, pk=proposal.pk),
        {"status": "approved", "explanation": "Approved by the committee.", "version": version},
    )
    assert response.status_code == 302

    client.force_login(second)
    response = client.post(
        url("staff_case_status", world.municipality, pk=proposal.pk),
        {"status": "rejected", "explanation": "My careful rejection text.", "version": version},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "conflict-banner" in page
    assert "Someone else changed this case" in page
    assert "My careful rejection text." in page  # the typed text is kept in the form
    form = response.context["status_form"]
    assert form["version"].value() == str(version + 1)
    assert "Approved by the committee." in page  # the case as it is now
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED
    assert proposal.answer == "Approved by the committee."

    # Sending again with the brought-up version works.
    response = client.post(
        url("staff_case_status", world.municipality, pk=proposal.pk),
        {"status": "rejected", "explanation": "My careful rejection text.", "version": version + 1},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.REJECTED


def test_route_conflict_keeps_the_typed_explanation(client, world):
    proposal = world.published
    client.force_login(world.users["editor"])
    data = {
        "department": world.committee.pk,
        "case_number": "KS 1",
        "explanation": "First routing.",
        "version": proposal.version,
    }
    assert (
        client.post(url("staff_case_route", world.municipality, pk=proposal.pk), data).status_code
        == 302
    )
    data.update(department=world.other_committee.pk, explanation="Second routing, typed carefully.")
    response = client.post(url("staff_case_route", world.municipality, pk=proposal.pk), data)
    page = response.content.decode()
    assert response.status_code == 200 and "conflict-banner" in page
    assert "Second routing, typed carefully." in page
    assert response.context["route_form"]["version"].value() == str(proposal.version + 1)
    proposal.refresh_from_db()
    assert proposal.department == world.committee


# --- scores and ranking -------------------------------------------------------------------


def test_scores_are_saved_and_shown_in_the_ranking_with_reasons(client, world):
    second = CriterionFactory(channel=world.channel, name="Cost", weight=1)
    client.force_login(world.users["editor"])
    response = client.post(
        url("staff_case_scores", world.municipality, pk=world.published.pk),
        {
            f"score_{world.criterion.pk}": "5",
            f"reason_{world.criterion.pk}": "Many people use the park",
            f"score_{second.pk}": "",
        },
    )
    assert response.status_code == 302
    assert Score.objects.get(proposal=world.published, criterion=world.criterion).value == 5
    assert not Score.objects.filter(criterion=second).exists()

    page = client.get(
        url("staff_ranking", world.municipality, pk=world.channel.pk)
    ).content.decode()
    assert "Many people use the park" in page
    assert page.index("Published swings") < page.index("Routed lights")
    assert "Cost" in page  # not scored yet
    assert url("staff_case", world.municipality, pk=world.published.pk) in page


def test_bad_score_is_an_error_next_to_the_field(client, world):
    client.force_login(world.users["editor"])
    response = client.post(
        url("staff_case_scores", world.municipality, pk=world.published.pk),
        {f"score_{world.criterion.pk}": "9", f"reason_{world.criterion.pk}": "Too high"},
    )
    assert response.status_code == 200
    assert f'href="#scores-score_{world.criterion.pk}"' in response.content.decode()
    assert not Score.objects.exists()


def _csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def test_ranking_exports_as_csv_and_xlsx_with_stable_columns(client, world):
    Score.objects.create(
        proposal=world.published, criterion=world.criterion, value=3, reason="=cmd|' /C calc'!A0"
    )
    client.force_login(world.users["moderator"])
    rows = _csv(
        client.get(url("staff_ranking_export", world.municipality, pk=world.channel.pk, fmt="csv"))
    )
    assert rows[0] == [
        "rank",
        "proposal_id",
        "title",
        "priority",
        "support",
        "score:Effect",
        "reason:Effect",
        "url",
    ]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["proposal_id"] == str(world.published.pk) and first["rank"] == "1"
    assert first["score:Effect"] == "3"
    assert first["reason:Effect"] == "'=cmd|' /C calc'!A0"
    assert first["url"].endswith(world.published.get_absolute_url())
    assert len(rows) == 3  # the two published proposals

    response = client.get(
        url("staff_ranking_export", world.municipality, pk=world.channel.pk, fmt="xlsx")
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert list(values[0]) == rows[0]
    assert values[1][6] == "'=cmd|' /C calc'!A0"

    response = client.get(
        url("staff_ranking_export", world.municipality, pk=world.channel.pk, fmt="pdf")
    )
    assert response.status_code == 404


# --- exports ------------------------------------------------------------------------------


def test_csv_export_has_every_sent_proposal_with_stable_columns(client, world):
    world.published.is_anonymous = True
    world.published.save()
    ProposalFactory(channel=world.channel, title="Secret draft", visibility=Visibility.DRAFT)
    ProposalFactory(channel=world.channel, title='=HYPERLINK("http://x")')
    client.force_login(world.users["editor"])
    response = client.get(url("staff_export_csv", world.municipality))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.streaming
    rows = _csv(response)
    assert rows[0] == selectors.EXPORT_COLUMNS
    by_title = {row[4]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_title) == {
        "Pending bench",
        "Published swings",
        "Routed lights",
        '\'=HYPERLINK("http://x")',
    }
    swings = by_title["Published swings"]
    assert swings["author_email"] == world.published.author.email
    assert swings["is_anonymous"] == "True"
    assert by_title["Routed lights"]["case_number"] == "KS 2026/1"
    assert by_title["Pending bench"]["visibility"] == "pending"


def test_xlsx_export_reads_back_with_the_same_columns(client, world):
    ProposalFactory(channel=world.channel, title="+SUM(A1:A2)", place_name="@home")
    client.force_login(world.users["moderator"])
    response = client.get(url("staff_export_xlsx", world.municipality))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert list(rows[0]) == selectors.EXPORT_COLUMNS
    titles = {row[4] for row in rows[1:]}
    assert "'+SUM(A1:A2)" in titles and "Routed lights" in titles
    injected = next(row for row in rows[1:] if row[4] == "'+SUM(A1:A2)")
    assert injected[selectors.EXPORT_COLUMNS.index("place_name")] == "'@home"
    assert injected[0] == Proposal.objects.get(title="+SUM(A1:A2)").pk  # numbers stay numbers


# --- channels, categories, criteria ---------------------------------------------------------


def test_editor_creates_a_channel_in_a_phase_and_adds_parts(client, world):
    process = ProcessFactory(municipality=world.municipality, title="Framtidsbygget")
    phase = PhaseFactory(process=process, name="Idéer")
    client.force_login(world.users["editor"])
    form_page = client.get(url("staff_channel_add", world.municipality)).content.decode()
    assert "Framtidsbygget – Idéer (2026-01-01 – 2026-12-31)" in form_page
    response = client.post(
        url("staff_channel_add", world.municipality),
        {
            "title": "Call for ideas",
            "description": "Tell us",
            "phase": phase.pk,
            "is_published": "on",
            "support_weight": "2",
        },
    )
    channel = Channel.objects.get(title="Call for ideas")
    assert response["Location"] == url("staff_channel_edit", world.municipality, part_id=channel.pk)
    assert channel.process == process and channel.municipality == world.municipality

    response = client.post(
        url("staff_category_add", world.municipality, pk=channel.pk),
        {"name": "Parks", "position": 0},
    )
    assert response["Location"] == url("staff_channel_edit", world.municipality, part_id=channel.pk)
    response = client.post(
        url("staff_category_add", world.municipality, pk=channel.pk),
        {"name": "Parks", "position": 1},
    )
    assert response.status_code == 200
    assert channel.categories.count() == 1
    client.post(
        url("staff_criterion_add", world.municipality, pk=channel.pk),
        {"name": "Cost", "description": "Cheap is good", "weight": 3, "position": 0},
    )
    page = client.get(
        url("staff_channel_edit", world.municipality, part_id=channel.pk)
    ).content.decode()
    assert "Parks" in page and "Cheap is good" in page
    assert url("staff_ranking", world.municipality, pk=channel.pk) in page


def test_channel_form_does_not_offer_another_municipalitys_phases(client, world, lund):
    foreign = PhaseFactory(process=ProcessFactory(municipality=lund))
    client.force_login(world.users["admin"])
    response = client.post(
        url("staff_channel_add", world.municipality),
        {"title": "Sneaky", "phase": foreign.pk, "support_weight": "1"},
    )
    assert response.status_code == 200
    assert 'href="#id_phase"' in response.content.decode()
    assert not Channel.objects.filter(title="Sneaky").exists()


def test_channel_with_proposals_cannot_be_removed(client, world):
    client.force_login(world.users["admin"])
    delete_url = url("staff_channel_delete", world.municipality, part_id=world.channel.pk)
    page = client.get(delete_url).content.decode()
    assert "cannot be removed" in page and 'type="submit"' not in page.split("<main")[1]
    response = client.post(delete_url, follow=True)
    assert "cannot be removed" in response.content.decode()
    assert Channel.objects.filter(pk=world.channel.pk).exists()
    assert Proposal.objects.filter(channel=world.channel).count() == 3

    empty = ChannelFactory(municipality=world.municipality)
    client.post(url("staff_channel_delete", world.municipality, part_id=empty.pk))
    assert not Channel.objects.filter(pk=empty.pk).exists()


def test_categories_and_criteria_of_another_channel_are_404(client, world):
    other = ChannelFactory(municipality=world.municipality)
    client.force_login(world.users["admin"])
    response = client.get(
        url("staff_category_edit", world.municipality, pk=other.pk, part_id=world.category.pk)
    )
    assert response.status_code == 404
    response = client.post(
        url("staff_criterion_delete", world.municipality, pk=other.pk, part_id=world.criterion.pk)
    )
    assert response.status_code == 404
    assert Criterion.objects.filter(pk=world.criterion.pk).exists()
