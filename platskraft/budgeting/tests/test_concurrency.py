"""Many voters at once, on PostgreSQL: one ballot each, none lost, none after closing.

Each thread has its own database connection (Django keeps one per thread), so the
casts really run side by side in the database. PostgreSQL allows 100 connections by
default, so the 200 voters share a pool of worker threads; every voter sends three
ballots (two at the same moment, then a change), shuffled among all the others.
SQLite writes one transaction at a time, so there is nothing to race: skipped there.
"""

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connections

from ..models import Ballot, BallotKind, Channel, Round, Stage, VoteEvent
from ..services import rounds, voting
from .factories import ProjectFactory, RoundFactory

VOTERS = 200
WORKERS = 40

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("races_on_postgresql"),
]


def _round_with_projects():
    round_ = RoundFactory(ballot_kind=BallotKind.CUMULATIVE, points=10, max_projects=3)
    projects = [ProjectFactory(round=round_, cost_sek=100_000) for _ in range(6)]
    return round_, [p.pk for p in projects]


def test_200_voters_cast_and_change_at_the_same_time():
    round_, pks = _round_with_projects()
    rng = random.Random(7)
    # Each voter: three different ballots (spread 10 points over 1–3 projects).
    sent = {}
    tasks = []
    for v in range(VOTERS):
        key = voting.voter_key_for_code(round_, f"VOTER-{v:04d}")
        options = []
        for _ in range(3):
            chosen = rng.sample(pks, rng.randint(1, 3))
            points = [10 - len(chosen) + 1] + [1] * (len(chosen) - 1)
            options.append({pk: p for pk, p in zip(chosen, points, strict=True)})
        sent[key] = [{str(k): v for k, v in o.items()} for o in options]
        tasks.extend((key, choice) for choice in options)
    rng.shuffle(tasks)
    close_old_connections()

    def cast(key, choices):
        _, created = voting.ballot_cast(
            round=Round(pk=round_.pk),
            voter_key=key,
            channel=Channel.CODE,
            district=None,
            choices=choices,
        )
        return key, created

    barrier = threading.Barrier(WORKERS)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        # Each worker waits at the barrier once, on its first task.
        started = threading.local()

        def job(key, choices):
            if not getattr(started, "yes", False):
                started.yes = True
                barrier.wait(timeout=60)
            try:
                return cast(key, choices)
            finally:
                connections["default"].close()

        results = list(pool.map(lambda t: job(*t), tasks))

    created = Counter(key for key, was_created in results if was_created)
    assert len(results) == 3 * VOTERS
    assert set(created) == set(sent) and set(created.values()) == {1}

    ballots = list(Ballot.objects.filter(round_id=round_.pk).values_list("voter_key", "choices"))
    assert len(ballots) == VOTERS  # exactly one each
    assert {k for k, _ in ballots} == set(sent)  # none lost
    for key, choices in ballots:
        assert choices in sent[key]  # one of the voter's own, whole
    events = Counter(VoteEvent.objects.filter(round_id=round_.pk).values_list("kind", flat=True))
    assert events == Counter({"cast": VOTERS, "changed": 2 * VOTERS})


def test_closing_while_voters_cast_lets_no_ballot_in_afterwards():
    round_, pks = _round_with_projects()
    keys = [voting.voter_key_for_code(round_, f"LATE-{v:04d}") for v in range(VOTERS)]
    close_old_connections()
    barrier = threading.Barrier(WORKERS + 1)
    outcome = {}

    def cast(key):
        try:
            voting.ballot_cast(
                round=Round(pk=round_.pk),
                voter_key=key,
                channel=Channel.CODE,
                district=None,
                choices={pks[0]: 10},
            )
            outcome[key] = "counted"
        except ValidationError:
            outcome[key] = "refused"

    def close():
        barrier.wait(timeout=60)
        try:
            rounds.round_set_stage(round=Round(pk=round_.pk), stage=Stage.COUNTING, by=None)
        finally:
            connections["default"].close()

    started = threading.local()

    def job(key):
        if not getattr(started, "yes", False):
            started.yes = True
            barrier.wait(timeout=60)
        try:
            cast(key)
        finally:
            connections["default"].close()

    closer = threading.Thread(target=close)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        closer.start()
        list(pool.map(job, keys))
    closer.join()

    closed = Round.objects.get(pk=round_.pk)
    assert closed.stage == Stage.COUNTING
    counted = {k for k, v in outcome.items() if v == "counted"}
    assert len(outcome) == VOTERS
    ballots = Ballot.objects.filter(round_id=round_.pk)
    assert set(ballots.values_list("voter_key", flat=True)) == counted
    assert VoteEvent.objects.filter(round_id=round_.pk, kind="cast").count() == len(counted)
    assert all(b.cast_at <= closed.voting_closes_at for b in ballots)
