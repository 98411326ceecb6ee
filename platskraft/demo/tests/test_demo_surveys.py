"""The demo survey: two rounds whose answers every question type can read back."""

import pytest
from django.core.management import call_command

from platskraft.municipalities.models import Municipality
from platskraft.surveys.answering import AnswerForm, Structure
from platskraft.surveys.models import Response, Survey, SurveyStatus

pytestmark = pytest.mark.django_db


def test_demo_survey_has_two_comparable_rounds_with_valid_answers():
    call_command("demo")
    kramfors = Municipality.objects.get(slug="kramfors")
    assert kramfors.localities.filter(kind="locality").count() >= 10  # with the mental map's
    current = Survey.objects.get(
        municipality=kramfors, status=SurveyStatus.PUBLISHED, title__startswith="Att bo"
    )
    earlier = current.previous_round
    assert earlier.status == SurveyStatus.CLOSED and earlier.results_public
    assert current.is_open() and not earlier.is_open()
    assert set(current.questions.values_list("code", flat=True)) == set(
        earlier.questions.values_list("code", flat=True)
    )
    assert (earlier.responses.count(), current.responses.count()) == (380, 240)
    # Every stored answer is one the answering form itself could have stored.
    structure = Structure.load(current)
    items = structure.all_items()
    for response in Response.objects.filter(survey=current)[:60]:
        shown = AnswerForm(structure, items, response.answers).initial
        form = AnswerForm(structure, items, {}, data=_as_post(shown))
        assert form.is_valid(), (response.pk, form.errors)
        assert form.entries == response.answers
    # Small groups exist, for the publication threshold to hide.
    role = current.questions.get(code="roll")
    owners = [r for r in current.responses.all() if r.answers[role.key] == 4]
    assert 0 < len(owners) < 30


def _as_post(initial: dict) -> dict:
    return {
        name: [str(v) for v in value] if isinstance(value, list) else str(value)
        for name, value in initial.items()
    }
