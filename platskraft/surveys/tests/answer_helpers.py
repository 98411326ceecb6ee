"""Shared by the answering and field-mode tests: addresses and form data by question code."""

from django.urls import reverse

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.tests.factories import MembershipFactory


def url(name, survey, **kwargs):
    return reverse(
        f"surveys:{name}",
        kwargs={"municipality_slug": survey.municipality.slug, "pk": survey.pk, **kwargs},
    )


def page_url(survey, number):
    return url("answer", survey, section=number)


def questions(survey):
    return {q.code: q for q in survey.questions.all()}


def data(survey, action="next", **answers):
    """POST data: `role=1`, `services__1=5` (a matrix row), `reasons=[1, 99]`."""
    found = questions(survey)
    posted = {"action": action} if action else {}
    for name, value in answers.items():
        code, _sep, part = name.partition("__")
        field = f"q{found[code].pk}{'_' + part if part else ''}"
        posted[field] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return posted


def key(survey, code):
    return str(questions(survey)[code].pk)


def member(municipality, role):
    user = UserFactory()
    MembershipFactory(municipality=municipality, role=role, user=user)
    return user
