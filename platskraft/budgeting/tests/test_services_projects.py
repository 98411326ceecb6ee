"""Projects: numbering, costs, review, districts, and projects from citizen proposals."""

import pytest
from django.core.exceptions import ValidationError

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.tests.factories import MunicipalityFactory
from platskraft.proposals.models import Status, StatusChange
from platskraft.proposals.tests.factories import ProposalFactory

from ..models import Project, ProjectStatus, Stage
from ..services import projects
from .factories import DistrictFactory, ProjectFactory, RoundFactory

pytestmark = pytest.mark.django_db


def create(round_, **fields):
    return projects.project_create(round=round_, by=UserFactory(), title="A bench", **fields)


def test_projects_are_numbered_in_order():
    round_ = RoundFactory(stage=Stage.IDEAS)
    assert [create(round_).number for _ in range(3)] == [1, 2, 3]
    other = RoundFactory(stage=Stage.IDEAS, municipality=round_.municipality)
    assert create(other).number == 1
    assert Project.objects.get(round=other).status == ProjectStatus.IDEA


@pytest.mark.parametrize("cost", [0, -5, "-5", 1.5, "many", True])
def test_zero_negative_or_odd_costs_are_refused(cost):
    round_ = RoundFactory(stage=Stage.IDEAS)
    with pytest.raises(ValidationError) as caught:
        create(round_, cost_sek=cost)
    assert "cost_sek" in caught.value.message_dict
    assert not Project.objects.exists()


def test_zero_cost_message_names_the_amount():
    round_ = RoundFactory(stage=Stage.IDEAS)
    with pytest.raises(ValidationError) as caught:
        create(round_, cost_sek=-100)
    assert "-100" in caught.value.message_dict["cost_sek"][0]


def test_title_and_place_are_checked():
    round_ = RoundFactory(stage=Stage.IDEAS)
    with pytest.raises(ValidationError) as caught:
        projects.project_create(round=round_, by=None, title="  ")
    assert "title" in caught.value.message_dict
    with pytest.raises(ValidationError):
        create(round_, latitude=62.9)
    with pytest.raises(ValidationError):
        create(round_, district=DistrictFactory())  # another round's district


def test_no_new_projects_once_voting_started():
    with pytest.raises(ValidationError):
        create(RoundFactory(stage=Stage.VOTING))


def test_review_approves_with_a_cost():
    project = ProjectFactory(
        round=RoundFactory(stage=Stage.REVIEW), status=ProjectStatus.IDEA, cost_sek=None
    )
    with pytest.raises(ValidationError) as caught:
        projects.project_review(project=project, by=None, status=ProjectStatus.APPROVED)
    assert "cost_sek" in caught.value.message_dict
    for bad in (0, -1):
        with pytest.raises(ValidationError):
            projects.project_review(
                project=project, by=None, status=ProjectStatus.APPROVED, cost_sek=bad
            )
    assert Project.objects.get().status == ProjectStatus.IDEA
    approved = projects.project_review(
        project=project, by=None, status=ProjectStatus.APPROVED, cost_sek=250_000, review_notes="OK"
    )
    assert approved.status == ProjectStatus.APPROVED and approved.cost_sek == 250_000


def test_review_refuses_a_cost_above_the_budget():
    round_ = RoundFactory(stage=Stage.REVIEW, budget_sek=100_000)
    project = ProjectFactory(round=round_, status=ProjectStatus.REVIEW)
    with pytest.raises(ValidationError):
        projects.project_review(
            project=project, by=None, status=ProjectStatus.APPROVED, cost_sek=100_001
        )


def test_review_needs_a_district_when_the_round_has_districts():
    round_ = RoundFactory(stage=Stage.REVIEW)
    DistrictFactory(round=round_)
    project = ProjectFactory(round=round_, status=ProjectStatus.REVIEW)
    with pytest.raises(ValidationError):
        projects.project_review(project=project, by=None, status=ProjectStatus.APPROVED)


def test_rejecting_needs_a_reason():
    project = ProjectFactory(round=RoundFactory(stage=Stage.REVIEW), status=ProjectStatus.REVIEW)
    with pytest.raises(ValidationError) as caught:
        projects.project_review(project=project, by=None, status=ProjectStatus.REJECTED)
    assert "review_notes" in caught.value.message_dict
    rejected = projects.project_review(
        project=project, by=None, status=ProjectStatus.REJECTED, review_notes="Not our land."
    )
    assert rejected.review_notes == "Not our land."


def test_review_and_costs_fixed_once_voting_started():
    project = ProjectFactory(round=RoundFactory(stage=Stage.VOTING))
    with pytest.raises(ValidationError):
        projects.project_review(
            project=project, by=None, status=ProjectStatus.WITHDRAWN, review_notes="x"
        )
    with pytest.raises(ValidationError):
        projects.project_update(project=project, by=None, cost_sek=1)
    updated = projects.project_update(project=project, by=None, description="Clearer text")
    assert updated.description == "Clearer text"


def test_update_an_approved_project_keeps_it_valid():
    project = ProjectFactory(round=RoundFactory(stage=Stage.REVIEW))
    with pytest.raises(ValidationError):
        projects.project_update(project=project, by=None, cost_sek=None)
    with pytest.raises(ValidationError):
        projects.project_update(project=project, by=None, cost_sek=0)
    projects.project_update(project=project, by=None, cost_sek=123_000, title="Better bench")
    assert Project.objects.get().cost_sek == 123_000


def test_project_from_proposal_copies_and_links_and_forwards_the_case():
    round_ = RoundFactory(stage=Stage.IDEAS)
    proposal = ProposalFactory(
        channel__municipality=round_.municipality,
        title="Lights on the path",
        body="The path to the school is dark.",
        place_name="Skolstigen",
        latitude=62.93,
        longitude=17.78,
    )
    official = UserFactory()
    project = projects.project_from_proposal(round=round_, proposal=proposal, by=official)
    assert project.proposal == proposal
    assert (project.title, project.description, project.place_name) == (
        "Lights on the path",
        "The path to the school is dark.",
        "Skolstigen",
    )
    assert (project.latitude, project.longitude) == (62.93, 17.78)
    proposal.refresh_from_db()
    assert proposal.status == Status.FORWARDED
    change = StatusChange.objects.get(proposal=proposal)
    assert round_.title in change.explanation and str(project.number) in change.explanation
    with pytest.raises(ValidationError):
        projects.project_from_proposal(round=round_, proposal=proposal, by=official)


def test_project_from_a_proposal_of_another_municipality_is_refused():
    round_ = RoundFactory(stage=Stage.IDEAS, municipality=MunicipalityFactory(code="2282"))
    proposal = ProposalFactory(channel__municipality=MunicipalityFactory(code="1281"))
    with pytest.raises(ValidationError):
        projects.project_from_proposal(round=round_, proposal=proposal, by=None)
    assert not Project.objects.exists()
