"""Counting a round: the hand-computed outcome (see `outcome_helpers`), explanations built
from the stored numbers, the comparison, districts counted apart, and when counting and
publishing are allowed."""

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from platskraft.accounts.tests.factories import UserFactory
from platskraft.core.privacy import keyed_hash

from ..explanations import outcome_results
from ..models import Ballot, BallotKind, Channel, Outcome, Round, Rule, Stage, VoteEvent
from ..selectors.outcome import count_groups
from ..services.outcome import outcome_compute, outcome_publish
from .outcome_helpers import hand_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def official(kramfors):
    return UserFactory(email="eva@example.org")


def districts(outcome: Outcome) -> dict[str, dict]:
    return {d["name"]: d for d in outcome.data["districts"]}


def selected_numbers(district: dict) -> list[int]:
    return [district["projects"][str(pk)]["number"] for pk in district["selected"]]


# --- the selector ------------------------------------------------------------------------------


def test_ballots_become_one_matrix_per_district_in_three_queries(
    kramfors, django_assert_num_queries
):
    round_, _p = hand_round(kramfors)
    with django_assert_num_queries(3):  # districts, approved projects, ballots
        groups = count_groups(round=round_)
    norr, soder = groups
    assert [x.number for x in norr.projects] == [1, 2, 3, 4]  # the rejected 8 is left out
    assert norr.budget == 900 and soder.budget == 500
    assert norr.points.shape == (9, 4) and soder.points.shape == (4, 3)
    assert norr.points.sum(axis=0).tolist() == [6, 6, 3, 3]
    assert soder.points.sum(axis=0).tolist() == [3, 1, 3]


def test_cumulative_points_are_kept_as_points(kramfors):
    round_, p = hand_round(kramfors, ballot_kind=BallotKind.CUMULATIVE, points=5)
    Ballot.objects.filter(round=round_, district__name="Söder").delete()
    Ballot.objects.create(
        round=round_,
        district=round_.districts.get(name="Söder"),
        voter_key=keyed_hash("points", "test"),
        channel=Channel.PAPER,
        choices={str(p[5].pk): 3, str(p[6].pk): 2, "999999": 4},  # an unknown project is ignored
    )
    soder = count_groups(round=round_)[1]
    assert soder.points.tolist() == [[3, 2, 0]]


# --- computing -----------------------------------------------------------------------------------


def test_equal_shares_outcome_worked_out_by_hand(kramfors, official):
    round_, p = hand_round(kramfors)
    outcome = outcome_compute(round=round_, by=official)
    assert outcome.rule == Rule.MES_COST_ADD1 and outcome.ballots == 13
    assert outcome.data["seed"] == 11
    norr, soder = districts(outcome)["Norr"], districts(outcome)["Söder"]
    assert selected_numbers(norr) == [2, 3]  # in the order they were bought
    assert norr["total_cost"] == 600 and norr["voters"] == 9 and norr["budget"] == 900
    assert norr["endowment"] == 149 and norr["increments"] == 49
    two = norr["projects"][str(p[2].pk)]
    assert (two["round"], two["payers"], two["payment_min"], two["payment_total"]) == (
        1,
        6,
        50,
        300,
    )
    one = norr["projects"][str(p[1].pk)]
    assert (one["reason"], one["round"], one["money_start"], one["money_left"]) == (
        "outspent",
        1,
        894,
        594,
    )
    assert one["spent_on"] == [[p[2].pk, 300]]
    four = norr["projects"][str(p[4].pk)]
    assert (four["reason"], four["round"], four["money_left"]) == ("outspent", 2, 147)

    assert selected_numbers(soder) == [5, 7]
    assert soder["endowment"] == 399 and soder["voters"] == 4 and soder["budget"] == 500
    six = soder["projects"][str(p[6].pk)]
    assert (six["reason"], six["money_start"], six["spent_on"]) == ("short_from_start", 399, [])
    seven = soder["projects"][str(p[7].pk)]
    assert seven["payment_max"] == pytest.approx(83.33)

    event = VoteEvent.objects.get(round=round_)
    assert event.kind == VoteEvent.Kind.COMPUTED and event.staff == official
    round_.refresh_from_db()
    assert round_.stage == Stage.COUNTING  # nothing public until it is published


def test_comparison_of_greedy_and_equal_shares(kramfors, official):
    round_, p = hand_round(kramfors)
    norr = districts(outcome_compute(round=round_, by=official))["Norr"]
    greedy, mes = norr["comparison"]["greedy"], norr["comparison"]["mes"]
    assert greedy["rule"] == "greedy" and mes["rule"] == "mes-cost-add1"
    assert sorted(greedy["selected"]) == sorted([p[1].pk, p[2].pk])
    assert (greedy["projects"], greedy["cost"], greedy["voters_reached"]) == (2, 900, 6)
    assert greedy["share_reached"] == pytest.approx(6 / 9)
    assert (mes["projects"], mes["cost"], mes["voters_reached"], mes["share_reached"]) == (
        2,
        600,
        9,
        1.0,
    )


def test_greedy_outcome_and_its_ranks(kramfors, official):
    round_, p = hand_round(kramfors, rule=Rule.GREEDY)
    outcome = outcome_compute(round=round_, by=official)
    norr, soder = districts(outcome)["Norr"], districts(outcome)["Söder"]
    assert selected_numbers(norr) == [2, 1]
    assert selected_numbers(soder) == [5, 7]  # counted with Söder's own 500, not 1 400
    one = norr["projects"][str(p[1].pk)]
    assert (one["rank"], one["budget_left"]) == (2, 0)
    three = norr["projects"][str(p[3].pk)]
    assert three["reason"] == "no_room" and three["rank"] in (3, 4)
    assert norr["comparison"]["greedy"]["rule"] == "greedy"
    assert norr["comparison"]["mes"]["rule"] == "mes-cost-add1"


def test_greedy_with_a_threshold_leaves_out_projects_with_few_votes(kramfors, official):
    round_, p = hand_round(kramfors, rule=Rule.GREEDY_THRESHOLD, min_support=4)
    outcome = outcome_compute(round=round_, by=official)
    assert outcome.data["threshold"] == 4
    norr, soder = districts(outcome)["Norr"], districts(outcome)["Söder"]
    assert selected_numbers(norr) == [2, 1]
    assert norr["projects"][str(p[3].pk)]["reason"] == "below_threshold"
    assert selected_numbers(soder) == []  # three votes at most
    assert outcome.data["districts"][1]["comparison"]["greedy"]["rule"] == "greedy-threshold"
    text = explanation(outcome_results(outcome), 3)
    assert text == "Not funded: it got 3 votes, fewer than the 4 required."


def test_the_seed_is_used_to_break_ties(kramfors, official):
    """3 and 4 tie on votes and cost: their greedy ranks follow the seed's permutation."""
    ranks = set()
    for seed in range(6):
        round_, p = hand_round(kramfors, rule=Rule.GREEDY)
        Round.objects.filter(pk=round_.pk).update(tie_seed=seed)
        round_.refresh_from_db()
        norr = districts(outcome_compute(round=round_, by=official))["Norr"]
        ranks.add(norr["projects"][str(p[3].pk)]["rank"])
        assert norr["projects"][str(p[3].pk)]["rank"] + norr["projects"][str(p[4].pk)]["rank"] == 7
    assert ranks == {3, 4}


@pytest.mark.parametrize("stage", [Stage.DRAFT, Stage.REVIEW, Stage.VOTING, Stage.RESULTS])
def test_counting_is_refused_unless_voting_has_closed(kramfors, official, stage):
    round_, _p = hand_round(kramfors, stage=stage)
    with pytest.raises(ValidationError, match="once voting has closed"):
        outcome_compute(round=round_, by=official)
    assert not Outcome.objects.exists() and not VoteEvent.objects.exists()


def test_a_round_without_approved_projects_is_not_counted(kramfors, official):
    round_, _p = hand_round(kramfors)
    round_.projects.update(status="rejected")
    with pytest.raises(ValidationError, match="no approved projects"):
        outcome_compute(round=round_, by=official)


def test_a_round_without_districts_counts_every_ballot_together(kramfors, official):
    round_, _p = hand_round(kramfors, rule=Rule.GREEDY)
    round_.projects.update(district=None)
    Ballot.objects.filter(round=round_).update(district=None)
    round_.districts.all().delete()
    [whole] = outcome_compute(round=round_, by=official).data["districts"]
    assert whole["district"] is None and whole["budget"] == 1400 and whole["voters"] == 13
    # Greedy with 1 400: 5 (4 votes, 200), 2 (6 votes, 300) and 1 (6, 600) first, then 7
    # (3 votes, 250) fits (50 left); 3 and 4 (300) do not.
    assert sorted(selected_numbers(whole)) == [1, 2, 5, 7]


# --- explanations ------------------------------------------------------------------------------


def explanation(results, number: int) -> str:
    for d in results.districts:
        for line in d.projects:
            if line.number == number:
                return " ".join(line.explanation)
    raise AssertionError(number)


def test_explanations_of_equal_shares_name_the_numbers(kramfors, official):
    round_, _p = hand_round(kramfors)
    results = outcome_results(outcome_compute(round=round_, by=official))
    assert explanation(results, 2) == (
        "Funded in round 1: its 6 supporters paid 50 SEK each, 300 SEK in all."
    )
    assert explanation(results, 5) == (  # 66.67 rounded to the nearest krona
        "Funded in round 1: its 3 supporters paid 67 SEK each, 200 SEK in all."
    )
    assert explanation(results, 7) == (
        "Funded in round 2: its 3 supporters paid 83 SEK each, 250 SEK in all."
    )
    assert explanation(results, 1) == (
        "Not funded: after round 1 its 6 supporters had 594 SEK left of 894 SEK; it needed "
        "600 SEK. Its supporters had paid towards 2. Lekplats (300 SEK)."
    )
    assert explanation(results, 6) == (
        "Not funded: its 1 supporter had 399 SEK to spend (one equal share), less than its "
        "cost of 400 SEK."
    )
    norr = results.districts[0]
    assert [line.number for line in norr.winners] == [2, 3]
    assert [side.is_used for side in norr.comparison] == [False, True]
    assert [line.number for line in norr.comparison[0].only_here] == [1]  # greedy only
    assert [line.number for line in norr.comparison[1].only_here] == [3]  # MES only
    assert norr.votes_chart["data"]["values"][0] == {
        "project": "1. Konstgräsplan",
        "value": 6,
        "funded": "Not funded",
    }
    assert results.comparison_chart["data"]["values"][1]["share"] == 1.0


def test_explanations_of_greedy(kramfors, official):
    round_, _p = hand_round(kramfors, rule=Rule.GREEDY)
    results = outcome_results(outcome_compute(round=round_, by=official))
    assert explanation(results, 2) == (
        "Funded: ranked number 1 with 6 votes; it cost 300 SEK and 600 SEK of the budget "
        "was left after it."
    )
    assert explanation(results, 6) == (
        "Not funded: ranked number 3 with 1 vote; 50 SEK was left when its turn came, and "
        "it cost 400 SEK."
    )


def test_explanations_follow_the_readers_language(kramfors, official):
    round_, _p = hand_round(kramfors)
    outcome = outcome_compute(round=round_, by=official)
    with translation.override("sv"):
        text = explanation(outcome_results(outcome), 2)
    assert "300" in text and "SEK" not in text  # kronor in Swedish


def test_greedy_completion_says_what_did_not_fit(kramfors, official):
    round_, _p = hand_round(kramfors, rule=Rule.MES_COST_GREEDY)
    results = outcome_results(outcome_compute(round=round_, by=official))
    norr = results.districts[0]
    # At a share of 100: 2 and 3 by equal shares, then 4 (300) by completion fills 900.
    assert [line.number for line in norr.winners] == [2, 3, 4]
    assert explanation(results, 4).startswith("Funded after the equal shares")
    # 1 (600) was passed over by the completion with 300 left.
    assert explanation(results, 1).endswith("Nor did it fit in the remaining budget of 300 SEK.")


# --- publishing ----------------------------------------------------------------------------------


def test_publishing_moves_the_round_to_results(kramfors, official):
    round_, _p = hand_round(kramfors)
    outcome = outcome_publish(outcome=outcome_compute(round=round_, by=official), by=official)
    round_.refresh_from_db()
    assert round_.stage == Stage.RESULTS and outcome.published_at is not None
    assert list(VoteEvent.objects.values_list("kind", flat=True)) == ["published", "computed"]
    with pytest.raises(ValidationError):
        outcome_compute(round=round_, by=official)  # counting is over


def test_only_the_newest_count_can_be_published(kramfors, official):
    round_, _p = hand_round(kramfors)
    first = outcome_compute(round=round_, by=official)
    outcome_compute(round=round_, by=official)
    with pytest.raises(ValidationError, match="newest count"):
        outcome_publish(outcome=first, by=official)
    first.refresh_from_db()
    round_.refresh_from_db()
    assert first.published_at is None and round_.stage == Stage.COUNTING


def test_outcome_data_is_plain_json(kramfors, official):
    round_, _p = hand_round(kramfors)
    outcome = outcome_compute(round=round_, by=official)
    outcome.refresh_from_db()  # read back from the database
    for d in outcome.data["districts"]:
        for fields in d["projects"].values():
            assert not any(isinstance(v, np.generic) for v in fields.values())
    assert districts(outcome)["Norr"]["endowment"] == 149
