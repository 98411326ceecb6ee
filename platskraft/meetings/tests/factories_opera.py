"""OPERA workshops for tests.

`OperaSessionFactory()` is a workshop in the lobby for a `MeetingFactory` meeting, with a
fresh join code and the default limits (5 ideas each, 3 per pair, 5 points, at most 3 on
one idea). `join(session, n)` adds `n` participants through the service and returns
[(participant, key)]. `walk_to(session, step)` moves it on through the service.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from platskraft.meetings.models import OperaSession, Step
from platskraft.meetings.models.opera import STEP_ORDER
from platskraft.meetings.services import opera as services
from platskraft.meetings.services.opera import DEFAULT_MINUTES, TIMED_STEPS

from .factories import MeetingFactory


class OperaSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperaSession

    meeting = factory.SubFactory(MeetingFactory)
    question = "What would make the town centre alive?"
    join_code = factory.LazyFunction(services.free_join_code)
    code_expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=12))
    durations = factory.LazyFunction(lambda: {str(s): DEFAULT_MINUTES[s] for s in TIMED_STEPS})


def join(session, n: int):
    return [services.opera_join(session=session) for _ in range(n)]


def walk_to(session, step: str, *, by=None, seed: int = 7):
    while STEP_ORDER.index(session.step) < STEP_ORDER.index(step):
        session = services.opera_step_advance(session=session, by=by, seed=seed)
    return session


__all__ = ["OperaSessionFactory", "Step", "join", "walk_to"]
