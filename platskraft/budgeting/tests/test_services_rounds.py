"""Rounds and districts: settings, and moving through the stages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.tests.factories import MunicipalityFactory, ProcessFactory

from ..models import BallotKind, District, ProjectStatus, Round, Rule, Stage, VoteEvent
from ..services import rounds
from .factories import BallotFactory, DistrictFactory, ProjectFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_round_create_makes_a_draft():
    process = ProcessFactory()
    round_ = rounds.round_create(
        municipality=process.municipality,
        process=process,
        by=UserFactory(),
        title="Medborgarbudget 2027",
        budget_sek=2_000_000,
    )
    assert round_.stage == Stage.DRAFT and round_.pk


def test_round_create_refuses_a_process_of_another_municipality():
    process = ProcessFactory(municipality=MunicipalityFactory(code="1281"))
    with pytest.raises(ValidationError) as caught:
        rounds.round_create(
            municipality=MunicipalityFactory(code="2282"),
            process=process,
            by=None,
            title="x",
            budget_sek=1,
        )
    assert "process" in caught.value.message_dict
    assert not Round.objects.exists()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"budget_sek": 0}, "budget_sek"),
        ({"ballot_kind": BallotKind.K_APPROVAL}, "max_projects"),
        ({"ballot_kind": BallotKind.CUMULATIVE}, "points"),
        ({"min_projects": 3, "max_projects": 2}, "max_projects"),
        ({"rule": Rule.GREEDY_THRESHOLD}, "min_support"),
        ({"title": ""}, "title"),
        (
            {
                "voting_opens_at": timezone.now(),
                "voting_closes_at": timezone.now() - timedelta(days=1),
            },
            "voting_closes_at",
        ),
    ],
)
def test_round_settings_are_checked(fields, field):
    process = ProcessFactory()
    values = {"title": "Budget", "budget_sek": 1_000_000, **fields}
    with pytest.raises(ValidationError) as caught:
        rounds.round_create(municipality=process.municipality, process=process, by=None, **values)
    assert field in caught.value.message_dict
    assert not Round.objects.exists()


def test_round_update_and_the_ballot_fixed_once_cast():
    round_ = RoundFactory()
    rounds.round_update(round=round_, by=None, title="New title", budget_sek=2_000_000)
    assert Round.objects.get().budget_sek == 2_000_000
    BallotFactory(round=round_)
    with pytest.raises(ValidationError):
        rounds.round_update(round=round_, by=None, budget_sek=3_000_000)
    rounds.round_update(round=round_, by=None, budget_sek=2_000_000, rule=Rule.GREEDY)
    assert Round.objects.get().rule == Rule.GREEDY


def test_round_update_after_results_only_texts():
    round_ = RoundFactory(stage=Stage.RESULTS)
    rounds.round_update(round=round_, by=None, title="Done", description="Thanks")
    with pytest.raises(ValidationError):
        rounds.round_update(round=round_, by=None, rule=Rule.GREEDY)


def test_round_update_refuses_unknown_fields():
    with pytest.raises(TypeError):
        rounds.round_update(round=RoundFactory(), by=None, stage=Stage.RESULTS)


# --- stages -------------------------------------------------------------------------------


def move(round_, stage):
    return rounds.round_set_stage(round=round_, stage=stage, by=UserFactory())


def test_forward_one_step_at_a_time_and_logged():
    round_ = RoundFactory(stage=Stage.DRAFT)
    ProjectFactory(round=round_)
    for stage in [Stage.IDEAS, Stage.REVIEW, Stage.VOTING, Stage.COUNTING]:
        assert move(round_, stage).stage == stage
    assert VoteEvent.objects.filter(kind=VoteEvent.Kind.STAGE).count() == 4


def test_skipping_a_stage_is_refused():
    round_ = RoundFactory(stage=Stage.IDEAS)
    ProjectFactory(round=round_)
    with pytest.raises(ValidationError):
        move(round_, Stage.VOTING)
    assert Round.objects.get().stage == Stage.IDEAS


def test_results_only_by_publishing():
    with pytest.raises(ValidationError):
        move(RoundFactory(stage=Stage.COUNTING), Stage.RESULTS)


def test_voting_needs_an_approved_project():
    round_ = RoundFactory(stage=Stage.REVIEW)
    ProjectFactory(round=round_, status=ProjectStatus.REVIEW, cost_sek=None)
    with pytest.raises(ValidationError):
        move(round_, Stage.VOTING)


def test_voting_needs_an_approved_project_in_every_district_with_projects():
    round_ = RoundFactory(stage=Stage.REVIEW)
    north, south = DistrictFactory(round=round_, name="North"), DistrictFactory(round=round_)
    DistrictFactory(round=round_)  # no projects at all: fine
    ProjectFactory(round=round_, district=north)
    ProjectFactory(round=round_, district=south, status=ProjectStatus.IDEA)
    with pytest.raises(ValidationError) as caught:
        move(round_, Stage.VOTING)
    assert any(south.name in m for m in caught.value.messages)
    assert not any("North" in m for m in caught.value.messages)


def test_voting_needs_a_district_for_each_approved_project():
    round_ = RoundFactory(stage=Stage.REVIEW)
    north = DistrictFactory(round=round_)
    ProjectFactory(round=round_, district=north)
    loose = ProjectFactory(round=round_, district=None)
    with pytest.raises(ValidationError) as caught:
        move(round_, Stage.VOTING)
    assert str(loose.number) in " ".join(caught.value.messages)


def test_voting_refuses_a_project_dearer_than_its_budget():
    round_ = RoundFactory(stage=Stage.REVIEW, budget_sek=100_000)
    ProjectFactory(round=round_, cost_sek=150_000)
    with pytest.raises(ValidationError):
        move(round_, Stage.VOTING)


def test_voting_refuses_a_closing_time_in_the_past():
    round_ = RoundFactory(
        stage=Stage.REVIEW,
        voting_opens_at=timezone.now() - timedelta(days=2),
        voting_closes_at=timezone.now() - timedelta(days=1),
    )
    ProjectFactory(round=round_)
    with pytest.raises(ValidationError):
        move(round_, Stage.VOTING)


def test_counting_closes_voting_now():
    round_ = RoundFactory(voting_closes_at=timezone.now() + timedelta(days=3))
    moved = move(round_, Stage.COUNTING)
    assert moved.voting_closes_at <= timezone.now()
    assert not Round.objects.get().voting_is_open()


def test_back_to_voting_while_the_closing_time_is_ahead():
    round_ = RoundFactory(stage=Stage.COUNTING)
    assert move(round_, Stage.VOTING).stage == Stage.VOTING
    closed = RoundFactory(
        stage=Stage.COUNTING,
        municipality=round_.municipality,
        voting_closes_at=timezone.now() - timedelta(hours=1),
    )
    with pytest.raises(ValidationError):
        move(closed, Stage.VOTING)


def test_not_back_before_voting_once_ballots_are_cast():
    round_ = RoundFactory()
    ProjectFactory(round=round_)
    assert move(round_, Stage.REVIEW).stage == Stage.REVIEW  # no ballots yet
    move(round_, Stage.VOTING)
    BallotFactory(round=round_)
    with pytest.raises(ValidationError):
        move(round_, Stage.REVIEW)


def test_published_results_are_final():
    with pytest.raises(ValidationError):
        move(RoundFactory(stage=Stage.RESULTS), Stage.COUNTING)


def test_unknown_stage():
    with pytest.raises(ValidationError):
        move(RoundFactory(), "nonsense")


# --- districts ----------------------------------------------------------------------------


def test_district_create_update_delete():
    round_ = RoundFactory(stage=Stage.IDEAS)
    north = rounds.district_create(round=round_, name=" North ", budget_sek=400_000, by=None)
    south = rounds.district_create(round=round_, name="South", budget_sek=600_000, by=None)
    assert north.name == "North" and south.position > north.position
    with pytest.raises(ValidationError) as caught:
        rounds.district_create(round=round_, name="north", budget_sek=1, by=None)
    assert "name" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        rounds.district_create(round=round_, name="East", budget_sek=0, by=None)
    assert "budget_sek" in caught.value.message_dict
    rounds.district_update(district=north, by=None, budget_sek=450_000)
    assert District.objects.get(pk=north.pk).budget_sek == 450_000
    rounds.district_delete(district=south, by=None)
    assert list(District.objects.values_list("name", flat=True)) == ["North"]


def test_a_district_with_projects_is_not_deleted():
    district = DistrictFactory(round=RoundFactory(stage=Stage.IDEAS))
    ProjectFactory(round=district.round, district=district)
    with pytest.raises(ValidationError):
        rounds.district_delete(district=district, by=None)


def test_districts_fixed_once_ballots_are_cast():
    district = DistrictFactory()
    BallotFactory(round=district.round, district=district)
    with pytest.raises(ValidationError):
        rounds.district_update(district=district, by=None, budget_sek=1)
    with pytest.raises(ValidationError):
        rounds.district_create(round=district.round, name="New", budget_sek=1, by=None)
    rounds.district_update(district=district, by=None, name="Renamed")
    assert District.objects.get().name == "Renamed"
