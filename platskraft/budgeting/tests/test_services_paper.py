"""Paper ballots entered twice: two officials must agree before a sheet counts."""

import pytest
from django.core.exceptions import ValidationError

from platskraft.accounts.tests.factories import UserFactory

from ..models import Ballot, Channel, PaperEntry, Stage, VoteEvent
from ..services import voting
from .factories import DistrictFactory, ProjectFactory, RoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def setup():
    round_ = RoundFactory(stage=Stage.COUNTING)
    projects = [ProjectFactory(round=round_, cost_sek=200_000) for _ in range(3)]
    return round_, projects, UserFactory(), UserFactory(), UserFactory()


def enter(round_, by, choices, sheet="17", district=None):
    return voting.paper_enter(round=round_, sheet=sheet, district=district, choices=choices, by=by)


def kinds(round_):
    return list(
        VoteEvent.objects.filter(round=round_).order_by("pk").values_list("kind", flat=True)
    )


def test_two_agreeing_entries_count_the_sheet(setup):
    round_, (a, b, _), anna, bo, _ = setup
    first = enter(round_, anna, {a.pk: 1, b.pk: 1})
    assert first.status == "waiting" and "17" in first.message
    assert not Ballot.objects.exists()
    second = enter(round_, bo, {b.pk: 1, a.pk: 1})
    assert second.status == "counted"
    ballot = Ballot.objects.get()
    assert ballot.channel == Channel.PAPER
    assert ballot.voter_key == voting.voter_key_for_sheet(round_, "17")
    assert ballot.choices == {str(a.pk): 1, str(b.pk): 1}
    assert PaperEntry.objects.filter(counted=True).count() == 2
    assert kinds(round_) == ["paper_entered", "paper_entered", "cast", "paper_counted"]


def test_entries_that_differ_count_nothing_until_a_third_agrees(setup):
    round_, (a, b, _c), anna, bo, cecilia = setup
    enter(round_, anna, {a.pk: 1})
    conflict = enter(round_, bo, {b.pk: 1})
    assert conflict.status == "conflict" and "17" in conflict.message
    assert not Ballot.objects.exists()
    assert PaperEntry.objects.count() == 2  # both kept
    resolved = enter(round_, cecilia, {b.pk: 1})
    assert resolved.status == "counted"
    assert Ballot.objects.get().choices == {str(b.pk): 1}
    assert set(PaperEntry.objects.filter(counted=True).values_list("entered_by", flat=True)) == {
        bo.pk,
        cecilia.pk,
    }
    assert "paper_conflict" in kinds(round_)


def test_a_different_district_is_a_conflict():
    round_ = RoundFactory(stage=Stage.COUNTING)
    north, south = DistrictFactory(round=round_), DistrictFactory(round=round_)
    pn = ProjectFactory(round=round_, district=north)
    ps = ProjectFactory(round=round_, district=south)
    enter(round_, UserFactory(), {pn.pk: 1}, district=north)
    assert enter(round_, UserFactory(), {ps.pk: 1}, district=south).status == "conflict"


def test_the_same_official_twice_is_refused(setup):
    round_, (a, *_), anna, *_ = setup
    enter(round_, anna, {a.pk: 1})
    with pytest.raises(ValidationError) as caught:
        enter(round_, anna, {a.pk: 1})
    assert "different official" in caught.value.messages[0]
    assert PaperEntry.objects.count() == 1 and not Ballot.objects.exists()


def test_a_counted_sheet_cannot_be_entered_again(setup):
    round_, (a, *_), anna, bo, cecilia = setup
    enter(round_, anna, {a.pk: 1}, sheet=" 17 ")
    enter(round_, bo, {a.pk: 1}, sheet="17")
    with pytest.raises(ValidationError) as caught:
        enter(round_, cecilia, {a.pk: 1})
    assert "already counted" in caught.value.messages[0]
    assert Ballot.objects.count() == 1


def test_an_invalid_paper_ballot_is_refused_with_the_ballot_messages(setup):
    round_, (a, b, c), anna, *_ = setup
    round_.budget_sek = 500_000
    round_.save()
    with pytest.raises(ValidationError) as caught:
        enter(round_, anna, {a.pk: 1, b.pk: 1, c.pk: 1})
    assert "600" in caught.value.messages[0]
    assert not PaperEntry.objects.exists()


def test_a_sheet_number_is_needed(setup):
    round_, (a, *_), anna, *_ = setup
    with pytest.raises(ValidationError) as caught:
        enter(round_, anna, {a.pk: 1}, sheet="  ")
    assert "sheet" in caught.value.message_dict


@pytest.mark.parametrize("stage", [Stage.REVIEW, Stage.RESULTS])
def test_paper_only_during_voting_and_counting(stage):
    round_ = RoundFactory(stage=stage)
    project = ProjectFactory(round=round_)
    with pytest.raises(ValidationError):
        enter(round_, UserFactory(), {project.pk: 1})


def test_paper_during_voting_is_allowed():
    round_ = RoundFactory(stage=Stage.VOTING)
    project = ProjectFactory(round=round_)
    assert enter(round_, UserFactory(), {project.pk: 1}).status == "waiting"
