"""The staff pages of action plans through the test client: who may open what (every page ×
every kind of visitor; another municipality's staff get 404, and so do its plans' parts
through this municipality's address), every form's bad input (a clear message naming the
field, what was typed kept, nothing written), the edit conflict (the other person's save
shown, what was typed kept), links to residents' input, and comparing revisions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from platskraft.accounts.tests.factories import UserFactory
from platskraft.core.tests.pages import page_text as text
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory
from platskraft.plans.models import (
    Change,
    Funding,
    Link,
    Milestone,
    Plan,
    PriorityArea,
    Revision,
    Status,
    SubProject,
    Update,
)
from platskraft.plans.services import revisions as revision_services
from platskraft.plans.services import subprojects as sp_services
from platskraft.proposals.tests.factories import ChannelFactory, ProposalFactory

from .factories import AreaFactory, FundingFactory, PlanFactory, SubProjectFactory, UpdateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


def url(name, municipality, **kwargs):
    return reverse(f"plans:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


STAFF = ["admin", "editor", "moderator", "handler", "observer"]
MANAGERS = ["admin", "editor"]
EVERYONE = [*STAFF, "resident", "anonymous", "lund_admin"]


@dataclass
class World:
    municipality: object
    users: dict
    plan: Plan
    area: PriorityArea
    sp: SubProject
    milestone: Milestone
    update: Update
    link: Link
    proposal: object


@pytest.fixture
def world(kramfors, lund):
    def member(role, municipality=kramfors):
        return MembershipFactory(municipality=municipality, role=role).user

    users = {
        "admin": member(Role.ADMIN),
        "editor": member(Role.EDITOR),
        "moderator": member(Role.MODERATOR),
        "handler": member(Role.CASE_HANDLER),
        "observer": member(Role.OBSERVER),
        "resident": UserFactory(),
        "anonymous": None,
        "lund_admin": member(Role.ADMIN, municipality=lund),
    }
    plan = PlanFactory(municipality=kramfors, title="Handlingsplan Kramfors")
    area = AreaFactory(plan=plan, title="Levande centrum")
    sp = SubProjectFactory(area=area, code="1.1", title="Bänkar vid älven")
    FundingFactory(sub_project=sp, financier="Kommunen", planned_sek=100_000, spent_sek=40_000)
    milestone = Milestone.objects.create(sub_project=sp, title="Bänkar beställda")
    update = UpdateFactory(sub_project=sp)
    proposal = ProposalFactory(channel=ChannelFactory(municipality=kramfors), title="Fler bänkar")
    link = Link.objects.create(
        sub_project=sp,
        content_type=ContentType.objects.get_for_model(proposal),
        object_id=proposal.pk,
        label=proposal.title,
    )
    revision_services.revision_create(
        plan=plan, by=users["admin"], label="Styrgrupp 1", date=date(2026, 3, 1)
    )
    return World(kramfors, users, plan, area, sp, milestone, update, link, proposal)


P = {"pk": "plan"}
A = {"pk": "plan", "area_id": "area"}
SP = {"pk": "plan", "sp_id": "sp"}
M = {**SP, "milestone_id": "milestone"}
U = {**SP, "update_id": "update"}
L = {**SP, "link_id": "link"}

# name: (method, url name, kwargs, data, who may)
VIEWS = {
    "plans": ("get", "staff_plans", {}, None, STAFF),
    "plan": ("get", "staff_plan", P, None, STAFF),
    "history": ("get", "staff_plan_history", P, None, STAFF),
    "revisions": ("get", "staff_revisions", P, None, STAFF),
    "subproject": ("get", "staff_subproject", SP, None, STAFF),
    "plan_add": ("get", "staff_plan_add", {}, None, MANAGERS),
    "plan_edit": ("get", "staff_plan_edit", P, None, MANAGERS),
    "publish": ("post", "staff_plan_publish", P, {"published": "1"}, MANAGERS),
    "revision_mark": ("post", "staff_revisions", P, {"label": "", "date": ""}, MANAGERS),
    "area_add": ("get", "staff_area_add", P, None, MANAGERS),
    "area_edit": ("get", "staff_area_edit", A, None, MANAGERS),
    "area_delete": ("get", "staff_area_delete", A, None, MANAGERS),
    "area_move": ("post", "staff_area_move", A, {"direction": "down"}, MANAGERS),
    "sp_add": ("get", "staff_subproject_add", P, None, MANAGERS),
    "sp_edit": ("get", "staff_subproject_edit", SP, None, MANAGERS),
    "sp_delete": ("get", "staff_subproject_delete", SP, None, MANAGERS),
    "funding": ("get", "staff_funding", SP, None, MANAGERS),
    "milestone_add": ("get", "staff_milestone_add", SP, None, MANAGERS),
    "milestone_edit": ("get", "staff_milestone_edit", M, None, MANAGERS),
    "milestone_delete": ("get", "staff_milestone_delete", M, None, MANAGERS),
    "update_add": ("get", "staff_update_add", SP, None, MANAGERS),
    "update_delete": ("get", "staff_update_delete", U, None, MANAGERS),
    "link_add": ("get", "staff_link_add", SP, None, MANAGERS),
    "link_delete": ("get", "staff_link_delete", L, None, MANAGERS),
    "to_subproject": (
        "get",
        "staff_proposal_to_subproject",
        {"proposal_id": "proposal"},
        None,
        MANAGERS,
    ),
}


def resolve(world, kwargs):
    objects = {
        "plan": world.plan,
        "area": world.area,
        "sp": world.sp,
        "milestone": world.milestone,
        "update": world.update,
        "link": world.link,
        "proposal": world.proposal,
    }
    return {k: objects[v].pk for k, v in kwargs.items()}


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_who_may_open_each_page(client, world, view, who):
    method, name, kwargs, data, allowed = VIEWS[view]
    user = world.users[who]
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(
        url(name, world.municipality, **resolve(world, kwargs)), data or {}
    )
    if who in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404


def test_case_handler_of_the_owner_adds_updates_but_manages_nothing(client, world):
    handler = world.users["handler"]
    membership = handler.memberships.get(municipality=world.municipality)
    world.sp.owner = membership.department or _department(world, membership)
    world.sp.save()
    client.force_login(handler)
    add = url("staff_update_add", world.municipality, pk=world.plan.pk, sp_id=world.sp.pk)
    assert client.get(add).status_code == 200
    response = client.post(add, {"date": "2026-06-01", "text": "Benches painted."})
    assert response.status_code == 302
    assert world.sp.updates.filter(text="Benches painted.").exists()
    edit = url("staff_subproject_edit", world.municipality, pk=world.plan.pk, sp_id=world.sp.pk)
    assert client.get(edit).status_code == 404


def _department(world, membership):
    from platskraft.municipalities.models import Department

    department = Department.objects.create(municipality=world.municipality, name="Tekniska")
    membership.department = department
    membership.save()
    return department


def test_staff_nav_and_the_case_page_link_to_plans(client, world):
    client.force_login(world.users["editor"])
    page = client.get(reverse("municipalities:staff", kwargs={"municipality_slug": "kramfors"}))
    assert url("staff_plans", world.municipality) in page.content.decode()
    case = client.get(
        reverse(
            "proposals:staff_case",
            kwargs={"municipality_slug": "kramfors", "pk": world.proposal.pk},
        )
    )
    target = url("staff_proposal_to_subproject", world.municipality, proposal_id=world.proposal.pk)
    assert target in case.content.decode()


def test_observer_reads_without_buttons_to_change(client, world):
    client.force_login(world.users["observer"])
    page = client.get(url("staff_plan", world.municipality, pk=world.plan.pk))
    body = page.content.decode()
    assert "You can read here but not change anything." in text(page)
    assert url("staff_area_add", world.municipality, pk=world.plan.pk) not in body
    assert "Bänkar vid älven" in text(page)


def test_another_municipality_plan_and_its_parts_are_404(client, world, lund):
    other = PlanFactory(municipality=lund)
    other_sp = SubProjectFactory(area=AreaFactory(plan=other))
    client.force_login(world.users["admin"])
    assert client.get(url("staff_plan", world.municipality, pk=other.pk)).status_code == 404
    address = url("staff_subproject", world.municipality, pk=world.plan.pk, sp_id=other_sp.pk)
    assert client.get(address).status_code == 404


# --- the plan and its tree ---------------------------------------------------------------------


def test_the_tree_shows_status_progress_owner_and_flags_overspending(client, world):
    part = SubProjectFactory(
        area=world.area, parent=world.sp, code="1.1.1", title="Målning", progress=50
    )
    FundingFactory(sub_project=part, financier="Leader", planned_sek=10_000, spent_sek=12_000)
    client.force_login(world.users["observer"])
    page = text(client.get(url("staff_plan", world.municipality, pk=world.plan.pk)))
    assert "1.1.1" in page and "part of 1.1" in page
    assert "Ongoing" in page and "50 %" in page
    assert "over budget" in page
    assert "Levande centrum" in page


def test_new_plan_then_publish(client, world):
    client.force_login(world.users["editor"])
    response = client.post(
        url("staff_plan_add", world.municipality), {"title": "Plan 2027", "description": ""}
    )
    plan = Plan.objects.get(title="Plan 2027")
    assert response["Location"] == url("staff_plan", world.municipality, pk=plan.pk)
    assert not plan.is_published
    client.post(url("staff_plan_publish", world.municipality, pk=plan.pk), {"published": "1"})
    plan.refresh_from_db()
    assert plan.is_published


def test_plan_without_title_says_so(client, world):
    client.force_login(world.users["editor"])
    response = client.post(url("staff_plan_add", world.municipality), {"title": " "})
    assert response.status_code == 200
    assert "Give the plan a title." in text(response) or "Give it a title." in text(response)
    assert Plan.objects.filter(municipality=world.municipality).count() == 1


# --- areas ---------------------------------------------------------------------------------------


def test_area_add_edit_move_and_refused_removal(client, world):
    client.force_login(world.users["editor"])
    client.post(
        url("staff_area_add", world.municipality, pk=world.plan.pk),
        {"code": "2", "title": "Natur", "goal": "Fler stigar"},
    )
    second = PriorityArea.objects.get(plan=world.plan, code="2")
    assert second.goal == "Fler stigar"
    client.post(
        url("staff_area_move", world.municipality, pk=world.plan.pk, area_id=second.pk),
        {"direction": "up"},
    )
    order = list(PriorityArea.objects.filter(plan=world.plan).values_list("code", flat=True))
    assert order == ["2", "1"]
    # an area with sub-projects cannot go: the page says so before the button
    page = client.get(
        url("staff_area_delete", world.municipality, pk=world.plan.pk, area_id=world.area.pk)
    )
    assert "move or remove it first" in text(page)
    client.post(
        url("staff_area_delete", world.municipality, pk=world.plan.pk, area_id=world.area.pk)
    )
    assert PriorityArea.objects.filter(pk=world.area.pk).exists()
    client.post(url("staff_area_delete", world.municipality, pk=world.plan.pk, area_id=second.pk))
    assert not PriorityArea.objects.filter(pk=second.pk).exists()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"code": "", "title": "X"}, "code", "Give the area a code"),
        ({"code": "1", "title": "X"}, "code", "Another area of this plan has the code “1”."),
        ({"code": "3", "title": ""}, "title", "Give the area a title."),
        ({"code": "a b", "title": "X"}, "code", "no spaces"),
    ],
)
def test_area_bad_input(client, world, data, field, message):
    client.force_login(world.users["editor"])
    response = client.post(url("staff_area_add", world.municipality, pk=world.plan.pk), data)
    assert response.status_code == 200
    assert message in text(response)
    assert PriorityArea.objects.filter(plan=world.plan).count() == 1
    if data["title"]:
        assert f'value="{data["title"]}"' in response.content.decode()


# --- sub-projects ----------------------------------------------------------------------------


def sp_data(world, **changes):
    data = {
        "area": world.area.pk,
        "parent": "",
        "code": "1.2",
        "title": "Belysning",
        "description": "Lampor längs stigen",
        "owner": "",
        "responsible": "Kim",
        "start_date": "2026-04-01",
        "end_date": "2026-10-01",
        "status": "ongoing",
        "progress": "",
        "weight": "1",
    }
    data.update(changes)
    return data


def test_new_sub_project_with_every_field(client, world):
    client.force_login(world.users["editor"])
    response = client.post(
        url("staff_subproject_add", world.municipality, pk=world.plan.pk),
        sp_data(world, parent=world.sp.pk, progress="30", weight="2"),
    )
    sp = SubProject.objects.get(plan=world.plan, code="1.2")
    assert response["Location"] == url(
        "staff_subproject", world.municipality, pk=world.plan.pk, sp_id=sp.pk
    )
    assert (sp.parent, sp.progress, sp.weight, sp.status) == (world.sp, 30, 2, Status.ONGOING)
    assert Change.objects.filter(plan=world.plan, item="1.2", action="created").exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"progress": "120"}, "Progress is a per cent from 0 to 100."),
        ({"progress": "-5"}, "Progress is a per cent from 0 to 100."),
        ({"end_date": "2026-01-01"}, "The end cannot be before the start"),
        ({"start_date": "1 april"}, "Write the date as year-month-day"),
        ({"code": "1.1"}, "Another sub-project of this plan has the code “1.1”."),
        ({"title": ""}, "Give the sub-project a title."),
        ({"weight": "-1"}, "The weight cannot be negative."),
        ({"area": ""}, "Choose the priority area"),
    ],
)
def test_sub_project_bad_input(client, world, changes, message):
    client.force_login(world.users["editor"])
    response = client.post(
        url("staff_subproject_add", world.municipality, pk=world.plan.pk),
        sp_data(world, **changes),
    )
    assert response.status_code == 200
    assert message in text(response)
    assert 'value="Kim"' in response.content.decode()  # what was typed is kept
    assert SubProject.objects.filter(plan=world.plan).count() == 1


def test_a_parent_that_makes_a_cycle_is_refused(client, world):
    part = SubProjectFactory(area=world.area, parent=world.sp, code="1.1.1")
    client.force_login(world.users["editor"])
    data = sp_data(world, code="1.1", title=world.sp.title, parent=part.pk)
    data["version"] = world.sp.version
    response = client.post(
        url("staff_subproject_edit", world.municipality, pk=world.plan.pk, sp_id=world.sp.pk),
        data,
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    world.sp.refresh_from_db()
    assert world.sp.parent is None


def test_edit_conflict_shows_their_save_and_keeps_what_was_typed(client, world):
    editor, admin = world.users["editor"], world.users["admin"]
    opened = world.sp.version
    # the admin saves first
    sp_services.subproject_update(
        sub_project=world.sp, by=admin, expected_version=opened, status=Status.DONE
    )
    client.force_login(editor)
    data = sp_data(world, code="1.1", title="Bänkar och bord", status="paused")
    data["version"] = opened
    address = url("staff_subproject_edit", world.municipality, pk=world.plan.pk, sp_id=world.sp.pk)
    response = client.post(address, data)
    assert response.status_code == 200
    page = text(response)
    assert "Someone else saved this sub-project" in page
    assert "after you opened it" in page
    assert "Done" in page and "Paused" in page  # their status and the typed one
    assert 'value="Bänkar och bord"' in response.content.decode()
    world.sp.refresh_from_db()
    assert world.sp.status == Status.DONE and world.sp.title == "Bänkar vid älven"
    # the form now carries their version: sending again saves on purpose
    version = re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)
    assert int(version) == world.sp.version
    data["version"] = version
    assert client.post(address, data).status_code == 302
    world.sp.refresh_from_db()
    assert (world.sp.status, world.sp.title) == (Status.PAUSED, "Bänkar och bord")


def test_funding_rows_per_financier(client, world):
    client.force_login(world.users["editor"])
    address = url("staff_funding", world.municipality, pk=world.plan.pk, sp_id=world.sp.pk)
    data = {
        "funding-TOTAL_FORMS": "3",
        "funding-INITIAL_FORMS": "1",
        "funding-0-financier": "Kommunen",
        "funding-0-planned_sek": "100000",
        "funding-0-spent_sek": "150000",
        "funding-1-financier": "Leader",
        "funding-1-planned_sek": "50000",
        "funding-1-spent_sek": "",
        "funding-2-financier": "",
        "funding-2-planned_sek": "",
        "funding-2-spent_sek": "",
    }
    response = client.post(address, data, follow=True)
    assert "More is spent than planned for: Kommunen" in text(response)
    rows = dict(Funding.objects.filter(sub_project=world.sp).values_list("financier", "spent_sek"))
    assert rows == {"Kommunen": 150_000, "Leader": 0}


@pytest.mark.parametrize(
    "row, message",
    [
        ({"funding-1-financier": "Kommunen"}, "“Kommunen” is named twice"),
        ({"funding-1-planned_sek": "-5", "funding-1-financier": "EU"}, "cannot be negative"),
        ({"funding-1-planned_sek": "5000", "funding-1-financier": ""}, "Name the financier"),
        ({"funding-1-spent_sek": "tio", "funding-1-financier": "EU"}, "whole kronor"),
    ],
)
def test_funding_bad_input(client, world, row, message):
    client.force_login(world.users["editor"])
    address = url("staff_funding", world.municipality, pk=world.plan.pk, sp_id=world.sp.pk)
    data = {
        "funding-TOTAL_FORMS": "2",
        "funding-INITIAL_FORMS": "1",
        "funding-0-financier": "Kommunen",
        "funding-0-planned_sek": "1",
        "funding-0-spent_sek": "1",
        "funding-1-financier": "",
        "funding-1-planned_sek": "",
        "funding-1-spent_sek": "",
        **row,
    }
    response = client.post(address, data)
    assert response.status_code == 200
    page = text(response)
    assert message in page and "Row 2" in page
    assert Funding.objects.get(sub_project=world.sp).planned_sek == 100_000


def test_milestones_add_edit_remove_and_bad_input(client, world):
    client.force_login(world.users["editor"])
    kw = {"pk": world.plan.pk, "sp_id": world.sp.pk}
    response = client.post(
        url("staff_milestone_add", world.municipality, **kw), {"title": "", "weight": "1"}
    )
    assert "Say what the milestone is." in text(response)
    response = client.post(
        url("staff_milestone_add", world.municipality, **kw),
        {"title": "Ritning klar", "due_date": "2026-05-01", "weight": "1", "done": "on"},
    )
    assert response.status_code == 302
    made = Milestone.objects.get(title="Ritning klar")
    assert made.done and made.due_date == date(2026, 5, 1)
    client.post(
        url("staff_milestone_edit", world.municipality, milestone_id=made.pk, **kw),
        {"title": "Ritning godkänd", "weight": "2"},
    )
    made.refresh_from_db()
    assert (made.title, made.done, made.weight) == ("Ritning godkänd", False, 2)
    client.post(url("staff_milestone_delete", world.municipality, milestone_id=made.pk, **kw))
    assert not Milestone.objects.filter(pk=made.pk).exists()


def test_updates_newest_first_and_bad_input(client, world):
    client.force_login(world.users["editor"])
    kw = {"pk": world.plan.pk, "sp_id": world.sp.pk}
    address = url("staff_update_add", world.municipality, **kw)
    response = client.post(address, {"date": "2026-13-01", "text": "Klart"})
    assert "Write the date as year-month-day" in text(response)
    response = client.post(address, {"date": "2026-06-01", "text": ""})
    assert "Write what happened." in text(response)
    assert world.sp.updates.count() == 1
    client.post(address, {"date": "2026-09-01", "text": "Bänkarna är på plats."})
    page = text(client.get(url("staff_subproject", world.municipality, **kw)))
    assert page.index("2026-09-01") < page.index("2026-05-04")


def test_link_a_proposal_found_by_number_then_you_said_we_did(client, world):
    other = ProposalFactory(channel=world.proposal.channel, title="Lampor vid stigen")
    client.force_login(world.users["editor"])
    kw = {"pk": world.plan.pk, "sp_id": world.sp.pk}
    address = url("staff_link_add", world.municipality, **kw)
    found = client.get(address, {"kind": "proposal", "q": str(other.pk)})
    assert "Lampor vid stigen" in text(found) and "Fler bänkar" not in text(found)
    found = client.get(address, {"kind": "proposal", "q": "bänkar"})
    assert "already linked" in text(found)
    response = client.post(
        address, {"kind": "proposal", "q": "", "target": other.pk, "note": "Lampor sattes upp"}
    )
    assert response.status_code == 302
    page = text(client.get(url("staff_subproject", world.municipality, **kw)))
    assert "You said → we did" in page
    assert "Lampor vid stigen → 1.1 Bänkar vid älven" in page
    assert "Lampor sattes upp" in page


def test_link_to_another_municipality_input_is_refused(client, world, lund):
    foreign = ProposalFactory(channel=ChannelFactory(municipality=lund))
    client.force_login(world.users["editor"])
    address = url("staff_link_add", world.municipality, pk=world.plan.pk, sp_id=world.sp.pk)
    response = client.post(address, {"kind": "proposal", "target": foreign.pk})
    assert response.status_code == 200
    assert "Choose one of the inputs found in the search." in text(response)
    response = client.post(address, {"kind": "proposal", "target": ""})
    assert "Choose what residents said to link." in text(response)
    assert Link.objects.filter(sub_project=world.sp).count() == 1


def test_make_a_sub_project_from_the_proposal_case(client, world):
    proposal = ProposalFactory(channel=world.proposal.channel, title="Utegym")
    client.force_login(world.users["editor"])
    address = url("staff_proposal_to_subproject", world.municipality, proposal_id=proposal.pk)
    response = client.post(address, {"area": "", "code": ""})
    assert "Choose the priority area the sub-project goes to." in text(response)
    response = client.post(address, {"area": world.area.pk, "code": ""})
    made = SubProject.objects.get(plan=world.plan, title="Utegym")
    assert response["Location"] == url(
        "staff_subproject", world.municipality, pk=world.plan.pk, sp_id=made.pk
    )
    assert made.links.get().object_id == proposal.pk
    again = client.post(address, {"area": world.area.pk, "code": ""})
    assert "already linked" in text(again)


# --- history and revisions ---------------------------------------------------------------------


def test_history_says_who_when_and_what(client, world):
    editor = world.users["editor"]
    sp_services.subproject_update(
        sub_project=world.sp, by=editor, expected_version=world.sp.version, status=Status.DONE
    )
    client.force_login(world.users["observer"])
    page = text(
        client.get(url("staff_plan_history", world.municipality, pk=world.plan.pk), {"item": "1.1"})
    )
    assert "Changed" in page and "status : Ongoing → Done" in page
    assert (editor.display_name or editor.email) in page


def test_mark_and_compare_revisions(client, world):
    client.force_login(world.users["editor"])
    address = url("staff_revisions", world.municipality, pk=world.plan.pk)
    response = client.post(address, {"label": "", "date": "2026-04-01"})
    assert "Name the revision" in text(response)
    sp_services.subproject_update(
        sub_project=world.sp,
        by=world.users["admin"],
        expected_version=world.sp.version,
        status=Status.DONE,
    )
    SubProjectFactory(area=world.area, code="1.9", title="Konstverk")
    client.post(address, {"label": "Styrgrupp 2", "date": "2026-06-01"})
    old = Revision.objects.get(label="Styrgrupp 1")
    new = Revision.objects.get(label="Styrgrupp 2")
    compare = url("staff_revision_compare", world.municipality, pk=world.plan.pk)
    page = text(client.get(compare, {"old": old.pk, "new": new.pk}))
    assert "Added (1)" in page and "1.9 Konstverk" in page
    assert "Changed (1)" in page and "Ongoing" in page and "Done" in page
    same = text(client.get(compare, {"old": old.pk, "new": old.pk}))
    assert "Choose two different revisions to compare." in same
    assert client.get(compare, {"old": "999999", "new": "now"}).status_code == 200
