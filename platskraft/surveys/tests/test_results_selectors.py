"""The figures of the results pages, on a small survey worked out by hand."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.utils import timezone, translation

from platskraft.surveys.answering import Structure
from platskraft.surveys.selectors import breakdowns, texts
from platskraft.surveys.selectors.columns import MISSING, load_columns
from platskraft.surveys.selectors.figures import hide_small
from platskraft.surveys.selectors.reading import local_days
from platskraft.surveys.selectors.results import survey_results

from .factories import ResponseFactory, survey_with_every_kind
from .results_helpers import answered_survey, answers_for, questions_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def everyone(kramfors):
    """Nothing hidden: every figure as counted."""
    kramfors.publication_threshold = 1
    kramfors.save()
    return kramfors


def by_code(results):
    return {result.question.code: result for result in results.questions}


def counts(result):
    return [line.count for line in result.lines]


def test_columns_hold_one_entry_per_complete_response(everyone):
    survey, q = answered_survey(everyone)
    columns = load_columns(structure=Structure.load(survey))
    assert columns.count == 8  # the started response is left out
    role = columns[q["role"].pk]
    assert sorted(role.codes.tolist()) == [1, 1, 1, 1, 1, 2, 2, 3]
    age = columns[q["age"].pk]
    assert int((age.codes == MISSING).sum()) == 3
    reasons = columns[q["reasons"].pk]
    assert reasons.chosen.sum(axis=0).tolist() == [2, 2, 1, 1]
    assert int(reasons.others.sum()) == 1
    priorities = columns[q["priorities"].pk]
    assert sorted(map(tuple, priorities.positions[priorities.answered].tolist())) == [
        (1, 0, 0),
        (1, 2, 3),
        (2, 1, 0),
    ]
    services = columns[q["services"].pk]
    assert sorted(services.ratings[:, 0].tolist()) == [-1, -1, -1, -1, -1, 3, 4, 5]
    assert np.nansum(columns[q["commute"].pk].numbers) == 100
    assert int(columns[q["since"].pk].answered.sum()) == 3
    assert int(columns[q["wish"].pk].answered.sum()) == 1


def test_a_display_condition_counts_only_those_asked(everyone):
    survey, _q = answered_survey(everyone)
    results = by_code(survey_results(survey=survey, public=False))
    assert (results["leisure_other"].asked, results["leisure_other"].answered) == (3, 2)
    assert (results["leisure"].asked, results["leisure"].answered) == (8, 7)


def test_single_choice_and_scale_frequencies(everyone):
    survey, _q = answered_survey(everyone)
    results = by_code(survey_results(survey=survey, public=False))
    role = results["role"]
    assert counts(role) == [5, 2, 1, 0]
    assert role.answered == 8
    assert role.lines[0].percent == pytest.approx(62.5)
    overall = results["overall"]
    assert counts(overall) == [1, 1, 1, 2, 3]
    assert overall.figures["mean"] == pytest.approx(29 / 8)
    leisure = results["leisure"]
    assert [(line.label, line.count) for line in leisure.lines] == [("Yes", 4), ("No", 3)]
    assert role.chart["data"]["values"][0] == {
        "label": role.lines[0].label,
        "share": 0.625,
        "count": 5,
    }


def test_multiple_choice_shares_and_other_texts(everyone):
    survey, _q = answered_survey(everyone)
    reasons = by_code(survey_results(survey=survey, public=False))["reasons"]
    assert reasons.answered == 4
    assert counts(reasons) == [2, 2, 1, 1]
    assert [line.share for line in reasons.lines] == [0.5, 0.5, 0.25, 0.25]
    assert reasons.figures["others"] == 1


def test_nps_groups_and_score(everyone):
    survey, _q = answered_survey(everyone)
    recommend = by_code(survey_results(survey=survey, public=False))["recommend"]
    assert counts(recommend) == [3, 2, 3]
    assert recommend.figures["score"] == 0


def test_matrix_rows_ranking_number_and_dates(everyone):
    survey, _q = answered_survey(everyone)
    results = by_code(survey_results(survey=survey, public=False))
    rows = results["services"].figures["rows"]
    assert [(row.label, row.answered, row.mean) for row in rows] == [
        ("Schools", 3, 4.0),
        ("Buses", 1, 4.0),
        ("Culture", 1, 2.0),
    ]
    assert [line.count for line in rows[0].lines] == [0, 0, 1, 1, 1]
    ranked = results["priorities"].figures["ranked"]
    assert [(r.label, r.times_first, r.times_ranked, r.points) for r in ranked] == [
        ("Housing", 2, 3, 8),
        ("Jobs", 1, 2, 5),
        ("Roads", 0, 1, 1),
    ]
    assert ranked[0].mean_position == pytest.approx(4 / 3)
    commute = results["commute"]
    assert (commute.figures["summary"].mean, commute.figures["summary"].median) == (25, 25)
    assert sum(counts(commute)) == 4
    since = results["since"]
    assert [(line.label, line.count) for line in since.lines] == [
        ("2020-01", 2),
        ("2020-02", 0),
        ("2020-03", 1),
    ]
    assert results["wish"].answered == 1


def test_small_groups_are_hidden_everywhere(kramfors):
    kramfors.publication_threshold = 3
    kramfors.save()
    survey, _q = answered_survey(kramfors)
    results = by_code(survey_results(survey=survey, public=False))
    role = results["role"]
    # 5 is shown; 2 and 1 are under 3; nothing else could give them away but the
    # count 5 (8 − 5 = 3 = 2 + 1 tells only their sum), so only they are hidden.
    assert [(line.count, line.hidden) for line in role.lines] == [
        (5, False),
        (None, True),
        (None, True),
        (0, False),
    ]
    buses = results["services"].figures["rows"][1]  # rated by one
    assert (buses.answered, buses.mean) == (1, None)
    assert all(line.hidden for line in buses.lines)
    reasons = results["reasons"]
    assert [line.hidden for line in reasons.lines] == [True, True, True, True]
    assert reasons.figures["others"] is None
    # A chart never shows what the table hides.
    assert [v["label"] for v in role.chart["data"]["values"]] == [
        line.label for line in role.lines if not line.hidden
    ]
    assert len(role.chart["data"]["values"]) == 2


def test_hide_small_also_hides_what_would_give_a_small_count_away():
    assert hide_small([10, 2, 9], 5) == [False, True, True]  # 2 alone: 21 − 10 − 9
    assert hide_small([10, 0, 9], 5) == [False, False, False]
    assert hide_small([3, 4], 1) == [False, False]


def test_public_results_leave_out_single_answers(everyone):
    survey, _q = answered_survey(everyone)
    commute = by_code(survey_results(survey=survey, public=True))["commute"]
    assert commute.figures["extremes"] is False
    staff = by_code(survey_results(survey=survey, public=False))["commute"]
    assert staff.figures["extremes"] is True


def test_crosstab_by_segment_counts_and_hides(kramfors):
    survey, q = answered_survey(kramfors)
    columns = load_columns(structure=Structure.load(survey))
    plain = breakdowns.crosstab_table(
        columns=columns, by=q["role"].pk, question=q["leisure"].pk, threshold=1
    )
    assert plain.columns[:3] == ["I live here", "I am visiting", "I commute here to work or study"]
    assert [row.label for row in plain.rows] == ["Yes", "No"]
    assert [[c.count for c in row.cells] for row in plain.rows] == [[2, 2, 0, 0], [2, 0, 1, 0]]
    assert [c.count for c in plain.column_totals] == [4, 2, 1, 0]
    assert plain.total.count == 7
    assert not plain.any_hidden

    hidden = breakdowns.crosstab_table(
        columns=columns, by=q["role"].pk, question=q["leisure"].pk, threshold=3
    )
    assert hidden.any_hidden
    for row in hidden.rows:
        for cell, raw in zip(
            row.cells, [2, 2, 0, 0] if row.label == "Yes" else [2, 0, 1, 0], strict=True
        ):
            if 0 < raw < 3:
                assert cell.hidden and cell.count is None
    assert all(c.hidden for c in hidden.column_totals[1:3])  # two and one respondents
    # Every count is under 3 here: no chart, rather than one of hidden figures.
    assert hidden.chart is None
    assert plain.chart["data"]["values"][0] == {
        "category": "Yes",
        "group": "I live here",
        "share": 0.5,
    }


def test_crosstab_section_chooses_a_segment_and_a_question(everyone):
    survey, q = answered_survey(everyone)
    results = survey_results(survey=survey, public=False)
    section = results.crosstab
    assert [item.question.code for item in section.segments] == ["role", "age"]
    assert section.by_item.question.code == "role"
    assert section.question_item.question.code == "area"  # not a segment question
    assert "overall" in [item.question.code for item in section.questions]
    chosen = survey_results(survey=survey, public=False, by=q["age"].pk, question=q["overall"].pk)
    assert chosen.crosstab.table.by.question.code == "age"
    assert chosen.crosstab.table.question.question.code == "overall"
    # A question of another survey, or one that cannot be broken down: the first ones.
    odd = survey_results(survey=survey, public=False, by=q["wish"].pk, question=999999)
    assert odd.crosstab.by_item.question.code == "role"


def test_response_rate_per_day_up_to_today(everyone):
    survey, _q = answered_survey(everyone, target_responses=16)
    rate = survey_results(survey=survey, public=False).rate
    today = timezone.localdate()
    assert rate.days[0][0] == today - timedelta(days=2)
    assert rate.days[-1] == (today, 5, 8)
    assert [count for _day, count, _total in rate.days] == [3, 0, 5]
    assert rate.target_share == 0.5
    assert rate.chart["layer"][1]["layer"][1]["data"]["values"] == [{"target": 16}]


def test_local_days_follow_the_time_zone():
    # 23:30 UTC on 1 July is 01:30 on 2 July in Stockholm (summer time).
    moment = datetime(2026, 7, 1, 23, 30, tzinfo=UTC).timestamp()
    days = local_days(np.array([moment, np.nan]))
    assert str(days[0]) == "2026-07-02"
    assert np.isnat(days[1])


def test_round_comparison_of_questions_with_the_same_code(everyone):
    before = survey_with_every_kind(everyone, title="2016")
    q_before = questions_of(before)
    for value in [1] * 30 + [0] * 10:
        ResponseFactory(survey=before, answers=answers_for(q_before, {"leisure": value}))
    now = survey_with_every_kind(everyone, title="2018", previous_round=before)
    q_now = questions_of(now)
    for value in [1] * 10 + [0] * 30:
        ResponseFactory(survey=now, answers=answers_for(q_now, {"leisure": value}))
    comparison = survey_results(survey=now, public=False).comparison
    assert comparison.rounds == ["2016", "2018"]
    leisure = next(c for c in comparison.questions if c.question.code == "leisure")
    assert (leisure.answered_before, leisure.answered_now) == (40, 40)
    yes = leisure.options[0]
    assert (yes.label, yes.before, yes.now) == ("Yes", 0.75, 0.25)
    assert yes.difference == pytest.approx(-0.5)
    assert yes.significant
    # The public page compares only with a round whose results are public too.
    assert survey_results(survey=now, public=True).comparison is None


def test_no_comparison_without_a_previous_round(everyone):
    survey, _q = answered_survey(everyone)
    assert survey_results(survey=survey, public=False).comparison is None


def test_texts_are_searched_in_any_case(everyone):
    survey, q = answered_survey(everyone)
    found = texts.text_answers(survey=survey, question=q["leisure_other"], search="SWIMMING")
    assert [answer.text for answer in found] == ["A swimming pool"]
    assert len(texts.text_answers(survey=survey, question=q["leisure_other"])) == 2
    other = texts.text_answers(survey=survey, question=q["reasons"], other=True)
    assert [answer.text for answer in other] == ["My family lives here"]


def test_fewer_responses_than_the_threshold_show_nothing(kramfors):
    kramfors.publication_threshold = 10
    kramfors.save()
    survey, _q = answered_survey(kramfors)
    results = survey_results(survey=survey, public=True)
    assert results.too_few
    assert all(r.too_few or r.analysis == "text" or not r.answered for r in results.questions)
