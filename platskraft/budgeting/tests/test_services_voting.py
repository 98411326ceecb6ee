"""Casting ballots: the rules of each kind of ballot, districts, closing, replacing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from platskraft.accounts.tests.factories import UserFactory

from ..models import Ballot, BallotKind, Channel, Eligibility, ProjectStatus, Stage, VoteEvent
from ..services import voting
from .factories import DistrictFactory, ProjectFactory, RoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def cast(round_, choices, *, key="voter-1", channel=Channel.ONLINE, district=None):
    return voting.ballot_cast(
        round=round_, voter_key=key, channel=channel, district=district, choices=choices
    )


def refused(round_, choices, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        cast(round_, choices, **kwargs)
    assert not Ballot.objects.filter(round=round_).exists() or "key" in kwargs
    return caught.value.messages


# --- knapsack -----------------------------------------------------------------------------


def test_knapsack_ballot_within_the_budget_is_cast_and_logged():
    round_ = RoundFactory(budget_sek=500_000)
    a = ProjectFactory(round=round_, cost_sek=200_000)
    b = ProjectFactory(round=round_, cost_sek=300_000)
    ballot, created = cast(round_, {a.pk: 1, b.pk: 1})
    assert created
    assert ballot.choices == {str(a.pk): 1, str(b.pk): 1}
    assert ballot.channel == Channel.ONLINE
    assert list(VoteEvent.objects.values_list("kind", "channel")) == [("cast", "online")]


def test_knapsack_ballot_over_budget_names_the_amounts(settings):
    settings.LANGUAGE_CODE = "en"
    round_ = RoundFactory(budget_sek=1_000_000)
    a = ProjectFactory(round=round_, cost_sek=700_000)
    b = ProjectFactory(round=round_, cost_sek=500_000)
    errors = voting.ballot_errors(round_, None, {a.pk: 1, b.pk: 1})
    assert len(errors) == 1
    assert "1,200,000" in errors[0] and "1,000,000" in errors[0] and "200,000" in errors[0]
    with pytest.raises(ValidationError):
        cast(round_, {a.pk: 1, b.pk: 1})
    assert not Ballot.objects.exists()
    assert not VoteEvent.objects.exists()


def test_knapsack_uses_the_district_budget():
    round_ = RoundFactory(budget_sek=10_000_000)
    north = DistrictFactory(round=round_, budget_sek=300_000)
    a = ProjectFactory(round=round_, district=north, cost_sek=200_000)
    b = ProjectFactory(round=round_, district=north, cost_sek=200_000)
    assert voting.ballot_errors(round_, north, {a.pk: 1}) == []
    assert voting.ballot_errors(round_, north, {a.pk: 1, b.pk: 1})


def test_approval_ballots_take_no_points():
    round_ = RoundFactory()
    a = ProjectFactory(round=round_)
    assert voting.ballot_errors(round_, None, {a.pk: 2})


# --- k-approval ---------------------------------------------------------------------------


def test_k_approval_at_most_k_and_at_least_the_fewest():
    round_ = RoundFactory(ballot_kind=BallotKind.K_APPROVAL, min_projects=2, max_projects=3)
    projects = [ProjectFactory(round=round_, cost_sek=900_000) for _ in range(5)]
    pks = [p.pk for p in projects]
    # The budget does not limit a k-approval ballot.
    assert voting.ballot_errors(round_, None, dict.fromkeys(pks[:3], 1)) == []
    too_many = voting.ballot_errors(round_, None, dict.fromkeys(pks[:4], 1))
    assert too_many and "3" in too_many[0] and "4" in too_many[0]
    too_few = voting.ballot_errors(round_, None, {pks[0]: 1})
    assert too_few and "2" in too_few[0]


def test_an_empty_ballot_is_refused_even_when_the_fewest_is_zero():
    round_ = RoundFactory(min_projects=0)
    ProjectFactory(round=round_)
    assert voting.ballot_errors(round_, None, {})
    assert voting.ballot_errors(round_, None, {ProjectFactory(round=round_).pk: 0})


# --- cumulative ---------------------------------------------------------------------------


@pytest.fixture
def cumulative():
    round_ = RoundFactory(ballot_kind=BallotKind.CUMULATIVE, points=10, max_projects=3)
    return round_, [ProjectFactory(round=round_, cost_sek=900_000) for _ in range(4)]


def test_cumulative_points_within_the_total(cumulative):
    round_, ps = cumulative
    ballot, _ = cast(round_, {ps[0].pk: 6, ps[1].pk: 4, ps[2].pk: 0})
    assert ballot.choices == {str(ps[0].pk): 6, str(ps[1].pk): 4}


@pytest.mark.parametrize(
    "points",
    [
        (6, 5),  # 11 > 10
        (-1, 5),  # negative
        (1.5, 2),  # not whole
        ("x", 2),  # not a number
        (True, 2),  # not a number either
        (0, 0),  # nothing given
    ],
)
def test_cumulative_bad_points_are_refused(cumulative, points):
    round_, ps = cumulative
    assert voting.ballot_errors(round_, None, {ps[0].pk: points[0], ps[1].pk: points[1]})


def test_cumulative_message_names_the_points(cumulative):
    round_, ps = cumulative
    (message,) = voting.ballot_errors(round_, None, {ps[0].pk: 7, ps[1].pk: 5})
    assert "12" in message and "10" in message


def test_cumulative_at_most_max_projects(cumulative):
    round_, ps = cumulative
    assert voting.ballot_errors(round_, None, {p.pk: 1 for p in ps})
    assert voting.ballot_errors(round_, None, {p.pk: 1 for p in ps[:3]}) == []


def test_whole_number_strings_and_floats_are_accepted(cumulative):
    round_, ps = cumulative
    assert voting.ballot_errors(round_, None, {str(ps[0].pk): "3", ps[1].pk: 2.0}) == []


# --- which projects -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [ProjectStatus.IDEA, ProjectStatus.REVIEW, ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN],
)
def test_only_approved_projects(status):
    round_ = RoundFactory()
    project = ProjectFactory(round=round_, status=status)
    (message,) = voting.ballot_errors(round_, None, {project.pk: 1})
    assert str(project.number) in message


def test_projects_of_another_round_or_unknown():
    round_ = RoundFactory()
    other = ProjectFactory(round=RoundFactory(municipality=round_.municipality))
    assert voting.ballot_errors(round_, None, {other.pk: 1})
    assert voting.ballot_errors(round_, None, {999_999: 1})
    assert voting.ballot_errors(round_, None, {"not-a-pk": 1})


def test_districts_projects_of_another_district_and_district_needed():
    round_ = RoundFactory()
    north, south = DistrictFactory(round=round_), DistrictFactory(round=round_)
    in_north = ProjectFactory(round=round_, district=north)
    assert voting.ballot_errors(round_, north, {in_north.pk: 1}) == []
    assert voting.ballot_errors(round_, south, {in_north.pk: 1})
    assert voting.ballot_errors(round_, None, {in_north.pk: 1})  # a district is needed
    elsewhere = DistrictFactory(round=RoundFactory(municipality=round_.municipality))
    assert voting.ballot_errors(round_, elsewhere, {in_north.pk: 1})


def test_district_less_projects_when_the_round_has_districts():
    round_ = RoundFactory()
    north = DistrictFactory(round=round_)
    loose = ProjectFactory(round=round_, district=None)
    assert voting.ballot_errors(round_, north, {loose.pk: 1})


# --- open, replace ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"stage": Stage.REVIEW},
        {"stage": Stage.COUNTING},
        {"stage": Stage.RESULTS},
        {"voting_closes_at": timezone.now() - timedelta(minutes=1)},
        {"voting_opens_at": timezone.now() + timedelta(hours=1)},
    ],
)
def test_no_vote_unless_voting_is_open(fields):
    round_ = RoundFactory(**fields)
    project = ProjectFactory(round=round_)
    (message,) = refused(round_, {project.pk: 1})
    assert "closed" in message
    assert not VoteEvent.objects.exists()


def test_voting_closed_since_the_page_was_loaded():
    round_ = RoundFactory()
    project = ProjectFactory(round=round_)
    stale = type(round_).objects.get(pk=round_.pk)
    type(round_).objects.filter(pk=round_.pk).update(stage=Stage.COUNTING)
    with pytest.raises(ValidationError):
        cast(stale, {project.pk: 1})


def test_a_changed_ballot_replaces_the_old_one():
    round_ = RoundFactory()
    a, b = ProjectFactory(round=round_), ProjectFactory(round=round_)
    first, created = cast(round_, {a.pk: 1})
    second, created_again = cast(round_, {b.pk: 1})
    assert created and not created_again
    assert first.pk == second.pk
    assert Ballot.objects.get().choices == {str(b.pk): 1}
    assert list(VoteEvent.objects.order_by("pk").values_list("kind", flat=True)) == [
        "cast",
        "changed",
    ]


def test_a_refused_change_keeps_the_old_ballot():
    round_ = RoundFactory(budget_sek=300_000)
    a = ProjectFactory(round=round_, cost_sek=200_000)
    b = ProjectFactory(round=round_, cost_sek=200_000)
    cast(round_, {a.pk: 1})
    with pytest.raises(ValidationError):
        cast(round_, {a.pk: 1, b.pk: 1})
    assert Ballot.objects.get().choices == {str(a.pk): 1}


def test_channels_follow_the_eligibility():
    codes_only = RoundFactory(eligibility=Eligibility.CODES)
    project = ProjectFactory(round=codes_only)
    with pytest.raises(ValidationError):
        cast(codes_only, {project.pk: 1}, channel=Channel.ONLINE)
    assert cast(codes_only, {project.pk: 1}, channel=Channel.CODE)[1]
    residents = RoundFactory(
        eligibility=Eligibility.RESIDENTS, municipality=codes_only.municipality
    )
    other = ProjectFactory(round=residents)
    with pytest.raises(ValidationError):
        cast(residents, {other.pk: 1}, channel=Channel.CODE)
    with pytest.raises(ValueError):
        cast(residents, {other.pk: 1}, channel=Channel.PAPER)


# --- voter keys and eligibility -----------------------------------------------------------


def test_voter_keys_differ_per_round_and_person_and_hide_the_pk():
    r1, r2 = RoundFactory(), RoundFactory()
    u1, u2 = UserFactory(), UserFactory()
    keys = {
        voting.voter_key_for_user(r1, u1),
        voting.voter_key_for_user(r1, u2),
        voting.voter_key_for_user(r2, u1),
        voting.voter_key_for_code(r1, "K7QM-4PXT-9WHD"),
        voting.voter_key_for_sheet(r1, "17"),
    }
    assert len(keys) == 5
    assert all(len(k) == 64 and int(k, 16) >= 0 for k in keys)
    assert voting.voter_key_for_user(r1, u1) == voting.voter_key_for_user(r1, u1)
    assert voting.voter_key_for_code(r1, "k7qm 4pxt 9whd") == voting.voter_key_for_code(
        r1, "K7QM-4PXT-9WHD"
    )


def test_eligibility_errors():
    round_ = RoundFactory(min_age=16)
    assert (
        len(
            voting.eligibility_errors(
                round_, channel=Channel.ONLINE, confirms_residence=False, confirms_age=False
            )
        )
        == 2
    )
    (age,) = voting.eligibility_errors(
        round_, channel=Channel.ONLINE, confirms_residence=True, confirms_age=False
    )
    assert "16" in age
    assert (
        voting.eligibility_errors(
            round_, channel=Channel.ONLINE, confirms_residence=True, confirms_age=True
        )
        == []
    )
    (residence,) = voting.eligibility_errors(
        RoundFactory(municipality=round_.municipality),
        channel=Channel.ONLINE,
        confirms_residence=False,
        confirms_age=False,
    )
    assert round_.municipality.name in residence
    assert voting.eligibility_errors(
        RoundFactory(eligibility=Eligibility.CODES, municipality=round_.municipality),
        channel=Channel.ONLINE,
        confirms_residence=True,
        confirms_age=True,
    )
    assert voting.eligibility_errors(
        RoundFactory(eligibility=Eligibility.RESIDENTS, municipality=round_.municipality),
        channel=Channel.CODE,
        confirms_residence=True,
        confirms_age=True,
    )
