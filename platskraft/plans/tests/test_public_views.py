"""Residents' action-plan pages through the test client against the real database: the
list, the follow-up page (counts, tree, budget, charts with tables, filters without
JavaScript), a sub-project's page, the feeds, "You said → we did" on the proposal, the plan
on its process page, 404s for unpublished plans and other municipalities, and the demo."""

from __future__ import annotations

import json
import re
from datetime import date
from xml.etree import ElementTree

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from platskraft.accounts.tests.factories import UserFactory
from platskraft.core.tests.pages import page_text as text
from platskraft.municipalities.models import Role
from platskraft.municipalities.models.process import ProcessStatus
from platskraft.municipalities.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    MunicipalityFactory,
)
from platskraft.plans.models import Link, Status
from platskraft.plans.tests.factories import (
    AreaFactory,
    FundingFactory,
    MilestoneFactory,
    PlanFactory,
    SubProjectFactory,
    UpdateFactory,
)
from platskraft.proposals.tests.factories import ProposalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


def url(name, plan, **kwargs):
    return reverse(
        f"plans:{name}",
        kwargs={"municipality_slug": plan.municipality.slug, "pk": plan.pk, **kwargs},
    )


@pytest.fixture
def plan():
    """Two areas: A with 3 done + 1 ongoing (owner: parks), B with 1 not started (schools)."""
    plan = PlanFactory(title="Action plan for Riverside")
    parks = DepartmentFactory(municipality=plan.municipality, name="Parks committee")
    schools = DepartmentFactory(municipality=plan.municipality, name="School committee")
    a = AreaFactory(plan=plan, title="A living centre")
    b = AreaFactory(plan=plan, title="Good schools")
    for n in range(3):
        SubProjectFactory(area=a, title=f"Done thing {n}", status=Status.DONE, owner=parks)
    ongoing = SubProjectFactory(area=a, title="Benches by the river", owner=parks, progress=40)
    SubProjectFactory(area=b, title="New schoolyard", status=Status.NOT_STARTED, owner=schools)
    FundingFactory(sub_project=ongoing, financier="The municipality", planned_sek=100_000)
    FundingFactory(
        sub_project=ongoing, financier="Growth agency", planned_sek=50_000, spent_sek=60_000
    )
    UpdateFactory(sub_project=ongoing, date=date(2026, 5, 4), text="The benches are ordered.")
    return plan


def test_follow_up_page_shows_counts_tree_budget_and_timeline(client, plan):
    response = client.get(url("detail", plan))
    assert response.status_code == 200
    page = text(response)
    counts = re.findall(
        r'class="plan-count status-(\w+)"><span class="plan-count-number">(\d+)<',
        response.content.decode(),
    )
    assert counts == [("not_started", "1"), ("ongoing", "1"), ("done", "3")]
    assert "5 sub-projects in 2 priority areas" in page
    assert "Benches by the river" in page and "New schoolyard" in page
    assert "40 %" in page  # manual progress, as text beside the bar
    assert "150,000 SEK" in page or "150 000 SEK" in page  # planned in all
    assert "over the planned amount" in page  # 60 000 spent of 50 000
    assert "The benches are ordered." in page
    # Both charts are in the page, each beside its table.
    specs = re.findall(
        r'<script id="(\w+-chart-spec)" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert [name for name, _ in specs] == ["status-chart-spec", "budget-chart-spec"]
    status_values = json.loads(specs[0][1])["data"]["values"]
    assert sum(v["count"] for v in status_values) == 5
    assert "Sub-projects per priority area and status" in page


def test_progress_of_an_area_is_rolled_up(client, plan):
    response = client.get(url("detail", plan))
    # Area A: three done (100) and one at 40 → 85 %; area B: not started → 0 %.
    assert re.search(
        r"A living centre</a></th>(<td[^>]*>\d+</td>)+<td class=\"num\">85&nbsp;%",
        response.content.decode(),
    )


@pytest.mark.parametrize(
    ("query", "shown", "hidden", "sentence"),
    [
        ({"status": "not_started"}, ["New schoolyard"], ["Benches by the river"], "1 of 5"),
        ({"area": "1"}, ["Benches by the river", "Done thing 0"], ["New schoolyard"], "4 of 5"),
        ({"status": "done", "area": "1"}, ["Done thing 1"], ["Benches by the river"], "3 of 5"),
    ],
)
def test_filters_work_without_javascript(client, plan, query, shown, hidden, sentence):
    page = text(client.get(url("detail", plan), query))
    for title in shown:
        assert title in page
    for title in hidden:
        assert title not in page
    assert f"{sentence} sub-projects match the filters" in page
    assert "Clear the filters" in page


def test_owner_filter_and_unknown_values(client, plan):
    schools = plan.municipality.departments.get(name="School committee")
    page = text(client.get(url("detail", plan), {"owner": schools.pk}))
    assert "New schoolyard" in page and "Benches by the river" not in page
    # Unknown values are no filter at all, never an error.
    page = text(client.get(url("detail", plan), {"owner": "99999", "status": "x", "area": "zz"}))
    assert "Benches by the river" in page and "New schoolyard" in page
    assert "match the filters" not in page


def test_unpublished_plan_is_404_for_residents_and_shown_to_staff(client, plan):
    plan.is_published = False
    plan.save()
    resident = UserFactory()
    client.force_login(resident)
    assert client.get(url("detail", plan)).status_code == 404
    assert client.get(url("feed_rss", plan)).status_code == 404
    sp = plan.sub_projects.first()
    assert client.get(url("sub_project", plan, sp_pk=sp.pk)).status_code == 404
    assert "Action plan for Riverside" not in text(
        client.get(reverse("plans:list", kwargs={"municipality_slug": plan.municipality.slug}))
    )
    official = MembershipFactory(municipality=plan.municipality, role=Role.EDITOR).user
    client.force_login(official)
    response = client.get(url("detail", plan))
    assert response.status_code == 200
    assert "only the municipality's staff can see this plan" in text(response)


def test_plan_of_a_draft_process_is_404(client, plan):
    plan.process.status = ProcessStatus.DRAFT
    plan.process.save()
    assert client.get(url("detail", plan)).status_code == 404


def test_another_municipality_gets_404(client, plan):
    other = MunicipalityFactory()
    official = MembershipFactory(municipality=other, role=Role.ADMIN).user
    client.force_login(official)
    sp = plan.sub_projects.first()
    for name, kwargs in [("detail", {}), ("feed_atom", {}), ("sub_project", {"sp_pk": sp.pk})]:
        wrong = reverse(
            f"plans:{name}", kwargs={"municipality_slug": other.slug, "pk": plan.pk, **kwargs}
        )
        assert client.get(wrong).status_code == 404
    # A sub-project of another plan under this plan's address is not found either.
    foreign = SubProjectFactory()
    assert client.get(url("sub_project", plan, sp_pk=foreign.pk)).status_code == 404


def test_plan_list(client, plan):
    PlanFactory(
        municipality=plan.municipality,
        process=plan.process,
        title="Hidden draft",
        is_published=False,
    )
    page = text(
        client.get(reverse("plans:list", kwargs={"municipality_slug": plan.municipality.slug}))
    )
    assert "Action plan for Riverside" in page
    assert "Hidden draft" not in page


@pytest.mark.parametrize(("name", "kind"), [("feed_rss", "rss"), ("feed_atom", "atom")])
def test_feeds_of_updates(client, plan, name, kind):
    response = client.get(url(name, plan))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    body = response.content.decode()
    assert "The benches are ordered." in body
    assert "Benches by the river" in body
    if kind == "rss":
        assert root.tag == "rss" and len(root.findall("./channel/item")) == 1
    else:
        assert root.tag.endswith("feed")
        assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) == 1


def test_sub_project_page_with_milestones_funding_updates_and_what_residents_said(client, plan):
    sp = plan.sub_projects.get(title="Benches by the river")
    sp.progress = None
    sp.save()
    MilestoneFactory(sub_project=sp, title="Benches ordered", done=True)
    MilestoneFactory(sub_project=sp, title="Benches in place", done=False)
    proposal = ProposalFactory(channel__municipality=plan.municipality, title="Benches please")
    Link.objects.create(
        sub_project=sp,
        content_type=ContentType.objects.get_for_model(proposal),
        object_id=proposal.pk,
        label=proposal.title,
        note="Three benches, as proposed.",
    )
    response = client.get(url("sub_project", plan, sp_pk=sp.pk))
    assert response.status_code == 200
    page = text(response)
    assert "You said → we did" in page
    assert "Three benches, as proposed." in page
    assert proposal.get_absolute_url() in response.content.decode()
    assert "Done: Benches ordered" in page and "To do: Benches in place" in page
    assert "50 %" in page  # rolled up from the milestones
    assert "The benches are ordered." in page
    assert "Growth agency" in page

    # …and the other side: the proposal's page tells what was done with it.
    proposal_page = client.get(proposal.get_absolute_url())
    body = text(proposal_page)
    assert "You said → we did" in body
    assert "Benches by the river" in body and "Ongoing" in body
    assert url("sub_project", plan, sp_pk=sp.pk) in proposal_page.content.decode()

    # Unpublishing the plan takes it off the proposal's page too.
    plan.is_published = False
    plan.save()
    assert "You said → we did" not in text(client.get(proposal.get_absolute_url()))


def test_plan_is_an_activity_on_its_process_page(client, plan):
    response = client.get(plan.process.get_absolute_url())
    assert "Action plan for Riverside" in text(response)
    assert url("detail", plan) in response.content.decode()
