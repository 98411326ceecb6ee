"""Meetings for tests.

`MeetingFactory()` is a published open meeting in a process phase, a week from now for two
hours, with registration open and no capacity limit. `RegistrationFactory(meeting=m,
token="abc")` stores only the token's keyed hash (a random token when none is given).
"""

from datetime import timedelta

import factory
from django.utils import timezone

from platskraft.core.audiences import Audience
from platskraft.meetings.models import (
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Outcome,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
)
from platskraft.meetings.tokens import new_token, token_hash
from platskraft.municipalities.tests.factories import (
    MunicipalityFactory,
    PhaseFactory,
    ProcessFactory,
)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A published open meeting a week from now, registration open, no limit."""

    class Meta:
        model = Meeting

    municipality = factory.SubFactory(MunicipalityFactory)
    process = factory.SubFactory(
        ProcessFactory, municipality=factory.SelfAttribute("..municipality")
    )
    phase = factory.SubFactory(PhaseFactory, process=factory.SelfAttribute("..process"))
    kind = MeetingKind.OPEN_MEETING
    title = factory.Sequence(lambda n: f"Dialogue meeting {n}")
    summary = "Let us talk about the town centre."
    agenda = "Welcome\nWhat we heard so far\nTable talks"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place_name = "Town library"
    address = "Storgatan 1"
    audiences = factory.LazyFunction(lambda: [Audience.RESIDENTS.value])
    status = MeetingStatus.PUBLISHED
    registration_open = True
    capacity = None


class RegistrationQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationQuestion

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Question {n}")
    kind = RegistrationQuestion.Kind.TEXT
    position = factory.Sequence(lambda n: n)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration; `token="..."` to know the plain token."""

    class Meta:
        model = Registration
        exclude = ("token",)

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Resident {n}")
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    status = RegistrationStatus.CONFIRMED
    token = factory.LazyFunction(new_token)
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.token))


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    audience = Audience.RESIDENTS
    count = 12


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Outcome {n}: more benches in the square")
    position = factory.Sequence(lambda n: n)
