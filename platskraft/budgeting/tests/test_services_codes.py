"""Voting codes: made once, hashed at rest, normalised when typed, reusable to change."""

import re

import pytest
from django.core.exceptions import ValidationError

from platskraft.accounts.tests.factories import UserFactory

from ..models import Ballot, Channel, Eligibility, Stage, VoteEvent, VotingCode
from ..services import voting
from .factories import DistrictFactory, ProjectFactory, RoundFactory, VotingCodeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_codes_are_readable_unique_and_only_hashed():
    round_ = RoundFactory()
    official = UserFactory()
    codes = voting.codes_create(round=round_, district=None, count=50, by=official)
    assert len(set(codes)) == 50
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}", c) for c in codes)
    stored = set(VotingCode.objects.values_list("code_hash", flat=True))
    assert stored == {voting.code_hash(c) for c in codes}
    assert not stored & {voting.normalise_code(c) for c in codes}
    (event,) = VoteEvent.objects.filter(kind=VoteEvent.Kind.CODES_CREATED)
    assert event.staff == official and "50" in event.note


def test_a_second_batch_gets_the_next_number_and_its_district():
    round_ = RoundFactory()
    north = DistrictFactory(round=round_)
    voting.codes_create(round=round_, district=north, count=2, by=None)
    voting.codes_create(round=round_, district=north, count=3, by=None)
    assert sorted(VotingCode.objects.values_list("batch", flat=True)) == [1, 1, 2, 2, 2]
    assert set(VotingCode.objects.values_list("district", flat=True)) == {north.pk}


@pytest.mark.parametrize("count", [0, -3, 20_001, "many", None])
def test_bad_counts_are_refused(count):
    with pytest.raises(ValidationError) as caught:
        voting.codes_create(round=RoundFactory(), district=None, count=count, by=None)
    assert "count" in caught.value.message_dict
    assert not VotingCode.objects.exists()


def test_codes_need_a_district_of_the_round_when_it_has_districts():
    round_ = RoundFactory()
    DistrictFactory(round=round_)
    with pytest.raises(ValidationError):
        voting.codes_create(round=round_, district=None, count=1, by=None)
    with pytest.raises(ValidationError):
        voting.codes_create(round=round_, district=DistrictFactory(), count=1, by=None)


@pytest.mark.parametrize(
    "fields", [{"eligibility": Eligibility.RESIDENTS}, {"stage": Stage.COUNTING}]
)
def test_no_codes_for_residents_only_or_after_voting(fields):
    with pytest.raises(ValidationError):
        voting.codes_create(round=RoundFactory(**fields), district=None, count=1, by=None)


@pytest.mark.parametrize(
    "typed", ["K7QM-4PXT-9WHD", "k7qm4pxt9whd", " k7qm 4pxt 9whd ", "K7QM–4PXT–9WHD"]
)
def test_typed_codes_are_normalised(typed):
    assert voting.normalise_code(typed) == "K7QM4PXT9WHD"


def test_confusable_letters_read_as_digits():
    assert voting.normalise_code("OIL0-1") == "01101"
    round_ = RoundFactory()
    VotingCodeFactory(round=round_, code="A0B1-C1D0-EFGH")
    assert voting.code_use(round=round_, raw_code="aob1-cid0-efgh")


def test_code_use_marks_the_first_use_only():
    round_ = RoundFactory()
    code = VotingCodeFactory(round=round_, code="K7QM-4PXT-9WHD")
    used = voting.code_use(round=round_, raw_code="k7qm 4pxt 9whd")
    assert used.pk == code.pk and used.used_at is not None
    again = voting.code_use(round=round_, raw_code="K7QM-4PXT-9WHD")
    assert again.used_at == used.used_at


@pytest.mark.parametrize("typed", ["", "K7QM-4PXT-9WHE", "nonsense", "K7QM-4PXT"])
def test_unknown_codes_are_refused(typed):
    round_ = RoundFactory()
    VotingCodeFactory(round=round_, code="K7QM-4PXT-9WHD")
    with pytest.raises(ValidationError) as caught:
        voting.code_use(round=round_, raw_code=typed)
    assert caught.value.messages == ["This code is not valid for this vote."]


def test_a_code_of_another_round_is_not_valid_here():
    round_ = RoundFactory()
    VotingCodeFactory(round=RoundFactory(municipality=round_.municipality), code="AAAA-BBBB-CCCC")
    with pytest.raises(ValidationError):
        voting.code_use(round=round_, raw_code="AAAA-BBBB-CCCC")


def test_a_code_after_closing_is_refused():
    round_ = RoundFactory(stage=Stage.COUNTING)
    VotingCodeFactory(round=round_, code="AAAA-BBBB-CCCC")
    with pytest.raises(ValidationError) as caught:
        voting.code_use(round=round_, raw_code="AAAA-BBBB-CCCC")
    assert "closed" in caught.value.messages[0]
    assert VotingCode.objects.get().used_at is None


def test_a_reused_code_changes_its_ballot_instead_of_adding_one():
    round_ = RoundFactory()
    a, b = ProjectFactory(round=round_), ProjectFactory(round=round_)
    (plain,) = voting.codes_create(round=round_, district=None, count=1, by=None)
    for typed, project in [(plain, a), (plain.lower().replace("-", " "), b)]:
        voting.code_use(round=round_, raw_code=typed)
        voting.ballot_cast(
            round=round_,
            voter_key=voting.voter_key_for_code(round_, typed),
            channel=Channel.CODE,
            district=None,
            choices={project.pk: 1},
        )
    assert Ballot.objects.get().choices == {str(b.pk): 1}
    kinds = list(
        VoteEvent.objects.filter(channel="code").order_by("pk").values_list("kind", flat=True)
    )
    assert kinds == ["cast", "changed"]
