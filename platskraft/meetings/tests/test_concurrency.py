"""Many people register for the last places at once, on PostgreSQL: exactly `capacity`
get a place, everyone else is on the waiting list, none lost; cancelling while others
register moves exactly one person up.

Each thread has its own database connection, so the registrations really run side by
side. SQLite writes one transaction at a time, so there is nothing to race: skipped there.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connections

from ..models import Meeting, Registration, RegistrationStatus
from ..services import registration as services
from .factories import MeetingFactory

PEOPLE = 40

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("races_on_postgresql"),
]


def _all_at_once(jobs):
    close_old_connections()
    barrier = threading.Barrier(len(jobs))

    def run(job):
        barrier.wait(timeout=60)
        try:
            return job()
        finally:
            connections["default"].close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


@pytest.mark.parametrize("capacity", [1, 3])
def test_the_last_places_go_to_exactly_capacity_people(capacity):
    meeting = MeetingFactory(capacity=capacity)

    def person(n):
        return lambda: (
            services.registration_create(
                meeting=Meeting(pk=meeting.pk), email=f"p{n}@example.org", site_url=""
            ).registration.status
        )

    statuses = _all_at_once([person(n) for n in range(PEOPLE)])
    assert statuses.count(RegistrationStatus.CONFIRMED) == capacity
    assert statuses.count(RegistrationStatus.WAITING) == PEOPLE - capacity
    stored = Registration.objects.filter(meeting_id=meeting.pk)
    assert stored.count() == PEOPLE
    assert stored.filter(status=RegistrationStatus.CONFIRMED).count() == capacity


def test_the_same_address_many_times_at_once_registers_once():
    meeting = MeetingFactory(capacity=5)

    def same():
        try:
            done = services.registration_create(
                meeting=Meeting(pk=meeting.pk), email="same@example.org", site_url=""
            )
            return "again" if done.again else "registered"
        except Exception as error:
            return type(error).__name__

    results = _all_at_once([same] * 10)
    assert results.count("registered") == 1
    assert results.count("again") == 9
    assert Registration.objects.filter(meeting_id=meeting.pk).count() == 1


def test_a_cancellation_while_others_register_frees_exactly_one_place():
    meeting = MeetingFactory(capacity=1)
    holder = services.registration_create(meeting=meeting, email="holder@example.org", site_url="")

    def join(n):
        return lambda: services.registration_create(
            meeting=Meeting(pk=meeting.pk), email=f"w{n}@example.org", site_url=""
        )

    def leave():
        services.registration_cancel(
            meeting=Meeting(pk=meeting.pk), token=holder.token, site_url=""
        )

    _all_at_once([leave, *[join(n) for n in range(20)]])
    confirmed = Registration.objects.filter(
        meeting_id=meeting.pk, status=RegistrationStatus.CONFIRMED
    )
    assert confirmed.count() == 1
    assert (
        Registration.objects.filter(
            meeting_id=meeting.pk, status=RegistrationStatus.WAITING
        ).count()
        == 19
    )
