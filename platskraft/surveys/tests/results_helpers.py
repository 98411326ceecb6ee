"""A small survey of every question type with hand-made responses whose results are
worked out by hand in the tests of results, exports and imports."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.tests.factories import MembershipFactory
from platskraft.surveys.models import ResponseStatus

from .factories import ResponseFactory, survey_with_every_kind

# Eight complete responses (and one started, which never counts). By hand:
# role 1: five, role 2: two, role 3: one; overall 5,4,4,3,2,5,5,1 (mean 29/8);
# recommend 10,9,7,5,0,10,8,3 (3 promoters, 2 passives, 3 detractors: NPS 0);
# reasons answered by four: 1 twice, 2 twice, 3 once, 99 (other) once, with one text;
# leisure answered by seven (yes 4, no 3); leisure_other asked of the three who said no,
# answered by two; services row 1 rated 5, 4, 3 (mean 4); priorities ranked by three.
RESPONSES = [
    {
        "role": 1,
        "age": 1,
        "reasons": [1, 2],
        "area": 1,
        "since": "2020-01-15",
        "overall": 5,
        "recommend": 10,
        "services": {"1": 5, "2": 4},
        "priorities": [1, 2, 3],
        "commute": 10,
        "leisure": 1,
        "wish": "More cycle paths along the river",
    },
    {
        "role": 1,
        "age": 2,
        "reasons": [1],
        "area": 1,
        "since": "2020-01-20",
        "overall": 4,
        "recommend": 9,
        "services": {"1": 4},
        "priorities": [2, 1],
        "commute": 20,
        "leisure": 0,
        "leisure_other": "A swimming pool",
    },
    {
        "role": 1,
        "age": 2,
        "reasons": [99],
        "reasons.other": "My family lives here",
        "area": 2,
        "since": "2020-03-01",
        "overall": 4,
        "recommend": 7,
        "services": {"1": 3, "3": 2},
        "priorities": [1],
        "commute": 30,
        "leisure": 0,
        "leisure_other": "=A cinema",
    },
    {
        "role": 2,
        "age": 3,
        "reasons": [2, 3],
        "area": 2,
        "overall": 3,
        "recommend": 5,
        "commute": 40,
        "leisure": 1,
    },
    {"role": 2, "age": 3, "overall": 2, "recommend": 0, "leisure": 1},
    {"role": 1, "overall": 5, "recommend": 10, "leisure": 1},
    {"role": 1, "overall": 5, "recommend": 8},
    {"role": 3, "overall": 1, "recommend": 3, "leisure": 0},
]


def answers_for(questions: dict, spec: dict) -> dict:
    """Answers keyed as stored (question pk), from answers keyed by column code."""
    stored = {}
    for code, value in spec.items():
        if code.endswith(".other"):
            stored[f"{questions[code.removesuffix('.other')].pk}.other"] = value
        else:
            stored[questions[code].key] = value
    return stored


def questions_of(survey) -> dict:
    return {question.code: question for question in survey.questions.all()}


def answered_survey(municipality, responses=RESPONSES, **fields):
    """The survey of every kind with `responses` (column code → value), submitted over
    the last three days, and one started response that never counts."""
    survey = survey_with_every_kind(municipality, **fields)
    questions = questions_of(survey)
    now = timezone.now()
    for i, spec in enumerate(responses):
        ResponseFactory(
            survey=survey,
            answers=answers_for(questions, spec),
            submitted_at=now - timedelta(days=2 if i < 3 else 0),
        )
    ResponseFactory(
        survey=survey,
        status=ResponseStatus.STARTED,
        submitted_at=None,
        answers=answers_for(questions, {"role": 4, "overall": 1}),
    )
    return survey, questions


def member(municipality, role):
    user = UserFactory()
    MembershipFactory(municipality=municipality, role=role, user=user)
    return user
