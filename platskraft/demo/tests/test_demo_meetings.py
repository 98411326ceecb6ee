"""The demo meetings and interviews: held meetings with attendance and outcomes (one taken
up in the action plan), a finished OPERA workshop within its limits, meetings to come with
a full focus group, and coded interviews whose passages sit where their text is."""

from collections import Counter

import pytest
from django.db.models import Sum
from django.utils import timezone

from platskraft.accounts.tests.factories import UserFactory
from platskraft.demo.interviews import build_interviews
from platskraft.demo.meetings import build_meetings
from platskraft.demo.plans import build_plans
from platskraft.interviews.models import Code, Passage
from platskraft.meetings.models import (
    OperaSession,
    Outcome,
    OutcomeSource,
    RegistrationStatus,
    Step,
    Vote,
)
from platskraft.municipalities.models import Role
from platskraft.municipalities.models.process import ProcessStatus
from platskraft.municipalities.tests.factories import (
    MunicipalityFactory,
    PhaseFactory,
    ProcessFactory,
)
from platskraft.plans.selectors.public import links_to

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def kramfors():
    return MunicipalityFactory()


@pytest.fixture
def staff():
    return {Role.EDITOR: UserFactory()}


def test_demo_meetings(kramfors, staff):
    old = ProcessFactory(municipality=kramfors, status=ProcessStatus.CLOSED)
    build_plans(kramfors=kramfors, process=old, staff=staff, today=TODAY)
    process = ProcessFactory(municipality=kramfors, status=ProcessStatus.PUBLISHED)
    PhaseFactory(process=process)
    held, workshop, harbour, walk, youth = build_meetings(
        kramfors=kramfors, process=process, staff=staff, today=TODAY
    )
    assert held.has_ended and workshop.has_ended
    assert not harbour.has_ended and harbour.registration_open
    assert held.attendance.aggregate(n=Sum("count"))["n"] == 30
    assert held.outcomes.count() == 3
    assert len(links_to(held.outcomes.order_by("position").first())) == 1

    session = OperaSession.objects.get(meeting=workshop)
    assert session.step == Step.DONE
    votes = list(Vote.objects.filter(session=session))
    given = sorted({vote.points for vote in votes})
    assert given[0] >= 1 and given[-1] <= session.max_points_per_idea, given
    spent = Counter()
    for vote in votes:
        spent[vote.participant_id] += vote.points
    assert sum(spent.values()) == 60  # twelve participants, five points each
    assert max(spent.values()) <= session.points_per_participant
    opera = Outcome.objects.filter(meeting=workshop, source=OutcomeSource.OPERA)
    assert opera.count() == 4
    for outcome in opera:
        assert outcome.points == sum(
            v.points for v in Vote.objects.filter(idea__theme=outcome.theme)
        )

    statuses = Counter(youth.registrations.values_list("status", flat=True))
    assert statuses[RegistrationStatus.CONFIRMED] == youth.capacity
    assert statuses[RegistrationStatus.WAITING] == 2
    assert walk.registrations.count() == 4


def test_demo_interviews(kramfors, staff):
    process = ProcessFactory(municipality=kramfors, status=ProcessStatus.PUBLISHED)
    assert build_interviews(kramfors=kramfors, process=process, staff=staff, today=TODAY) == 6
    assert Code.objects.filter(municipality=kramfors, parent=None).count() == 4
    passages = Passage.objects.filter(interview__municipality=kramfors)
    assert passages.count() == 14
    for passage in passages:
        assert passage.interview.notes[passage.start : passage.end] == passage.text
        assert passage.codes.exists()
    assert not passages.filter(interview__respondent_name__gt="").exists()
