"""Surveys for tests: one of each question type, and responses to them."""

import factory
from django.utils import timezone

from platskraft.municipalities.tests.factories import MunicipalityFactory
from platskraft.surveys.models import (
    Locality,
    Option,
    OptionRole,
    Question,
    Response,
    ResponseStatus,
    Section,
    Survey,
    SurveyStatus,
)
from platskraft.surveys.presets import ROLE_OPTIONS


class SurveyFactory(factory.django.DjangoModelFactory):
    """A published survey that anyone may answer, open now."""

    class Meta:
        model = Survey

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Survey {n}")
    intro = "Tell us what you think of living here."
    thanks = "The answers go into the action plan."
    status = SurveyStatus.PUBLISHED


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    survey = factory.LazyAttribute(lambda o: o.section.survey)
    code = factory.Sequence(lambda n: f"q{n}")
    kind = "short_text"
    text = factory.Sequence(lambda n: f"Question {n}?")
    position = factory.Sequence(lambda n: n)


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory, kind="single")
    role = OptionRole.CHOICE
    value = factory.Sequence(lambda n: n + 1)
    position = factory.LazyAttribute(lambda o: o.value)
    label = factory.Sequence(lambda n: f"Option {n}")


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Locality {n}")


class ResponseFactory(factory.django.DjangoModelFactory):
    """A complete web response (give `answers=` keyed by question pk as text)."""

    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory)
    status = ResponseStatus.COMPLETE
    submitted_at = factory.LazyFunction(timezone.now)
    answers = factory.LazyFunction(dict)


def _options(question, labels, *, role=OptionRole.CHOICE, other=False):
    for i, label in enumerate(labels, start=1):
        Option.objects.create(question=question, role=role, value=i, position=i, label=label)
    if other:
        Option.objects.create(
            question=question, role=role, value=99, position=99, label="Other", is_other=True
        )


def survey_with_every_kind(municipality, **fields) -> Survey:
    """A survey of two sections with one question of each type, a segment question
    (resident, visitor …) first, and a display condition: `leisure_other` is asked
    only of those who answered `leisure` with 2 (“No”)."""
    survey = SurveyFactory(municipality=municipality, **fields)
    first = SectionFactory(survey=survey, title="About you", position=1)
    second = SectionFactory(survey=survey, title="Living here", position=2)

    def ask(section, code, kind, text, **extra):
        return QuestionFactory(
            section=section, survey=survey, code=code, kind=kind, text=text, **extra
        )

    role = ask(
        first,
        "role",
        "segment",
        "Which describes you best?",
        required=True,
        settings={"segment": "role"},
    )
    for i, (value, label) in enumerate(ROLE_OPTIONS, start=1):
        Option.objects.create(question=role, value=value, position=i, label=str(label))
    _options(
        ask(first, "age", "segment", "How old are you?", settings={"segment": "age"}),
        ["Under 30", "30–64", "65 or older"],
    )
    _options(
        ask(first, "reasons", "multiple", "Why do you live here?"),
        ["Nature", "Work", "Family"],
        other=True,
    )
    _options(ask(first, "area", "single", "Which part of the municipality?"), ["North", "South"])
    ask(first, "since", "date", "When did you move here?")
    ask(
        second,
        "overall",
        "rating",
        "How good is it to live here?",
        required=True,
        settings={"low_label": "Very bad", "high_label": "Very good"},
    )
    ask(second, "recommend", "nps", "Would you recommend moving here?")
    services = ask(second, "services", "matrix", "How good are these services?")
    _options(services, ["Schools", "Buses", "Culture"], role=OptionRole.ROW)
    _options(
        ask(second, "priorities", "ranking", "Put these in order of importance"),
        ["Housing", "Jobs", "Roads"],
    )
    ask(
        second,
        "commute",
        "number",
        "How many minutes is your trip to work?",
        settings={"min": 0, "max": 300, "integer": True},
    )
    leisure = ask(second, "leisure", "yes_no", "Is there enough to do in your free time?")
    ask(
        second,
        "leisure_other",
        "short_text",
        "What is missing?",
        condition_question=leisure,
        condition_values=[0],
    )
    ask(second, "wish", "long_text", "Anything else you want to tell us?")
    return survey
