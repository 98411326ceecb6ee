"""What the builder's service tests share: English messages and a small draft survey with a
display condition."""

import pytest
from django.utils import translation

from platskraft.surveys.models import Question

from .factories import OptionFactory, QuestionFactory, SectionFactory, SurveyFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def message(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


@pytest.fixture
def draft(kramfors):
    """A draft: section A with a yes/no question and a follow-up shown on “No”, section
    B with a single choice question."""
    survey = SurveyFactory(municipality=kramfors, status="draft", title="Living here")
    first = SectionFactory(survey=survey, position=1, title="A")
    second = SectionFactory(survey=survey, position=2, title="B")
    enough = QuestionFactory(
        section=first, code="enough", kind="yes_no", text="Enough to do?", position=1
    )
    QuestionFactory(
        section=first,
        position=2,
        code="missing",
        text="What is missing?",
        condition_question=enough,
        condition_values=[0],
    )
    area = QuestionFactory(
        section=second, code="area", kind="single", text="Which area?", position=1
    )
    OptionFactory(question=area, value=1, label="North")
    OptionFactory(question=area, value=2, label="South")
    return survey


def q(survey, code) -> Question:
    return Question.objects.get(survey=survey, code=code)
