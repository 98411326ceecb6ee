"""The secret ballot by design: no link from a ballot to a person, no choices in the
audit log, voting codes nowhere in plain text."""

import json

import pytest
from django.apps import apps
from django.core import serializers
from django.db import connection

from platskraft.accounts.tests.factories import UserFactory

from ..models import Ballot, Channel, VoteEvent
from ..services import voting
from .factories import ProjectFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_a_ballot_has_no_field_pointing_to_a_user():
    user_model = apps.get_model("accounts", "User")
    for field in Ballot._meta.get_fields():
        assert getattr(field, "related_model", None) is not user_model, field.name


def test_the_audit_log_has_no_choices_and_no_voter():
    names = {f.name for f in VoteEvent._meta.get_fields()}
    assert not names & {"choices", "ballot", "voter_key", "user", "voter"}


def _whole_database() -> str:
    """Every row of every table, as text."""
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            dump.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(dump)


def test_a_vote_leaves_no_trace_of_the_voter_or_the_code_in_the_database():
    round_ = RoundFactory()
    a, b = ProjectFactory(round=round_), ProjectFactory(round=round_)
    resident = UserFactory(email="secret.voter@example.org")
    voting.ballot_cast(
        round=round_,
        voter_key=voting.voter_key_for_user(round_, resident),
        channel=Channel.ONLINE,
        district=None,
        choices={a.pk: 1},
    )
    codes = voting.codes_create(round=round_, district=None, count=5, by=UserFactory())
    code = codes[0]
    voting.code_use(round=round_, raw_code=code)
    voting.ballot_cast(
        round=round_,
        voter_key=voting.voter_key_for_code(round_, code),
        channel=Channel.CODE,
        district=None,
        choices={b.pk: 1},
    )
    everything = _whole_database()
    assert voting.code_hash(code) in everything  # the dump does reach the codes
    for plain in codes:
        assert plain not in everything
        assert voting.normalise_code(plain) not in everything
    # The audit log: that votes were cast and how, nothing else.
    events = json.loads(serializers.serialize("json", VoteEvent.objects.all()))
    text = json.dumps(events)
    assert str(a.pk) not in {e["fields"]["note"] for e in events}
    assert "secret.voter" not in text
    for event in events:
        assert event["fields"]["staff"] is None or event["fields"]["kind"] == "codes_created"
    # Neither ballot names the resident: only keyed hashes.
    for ballot in Ballot.objects.all():
        assert str(resident.pk) != ballot.voter_key
        assert "secret.voter" not in json.dumps(ballot.choices)
    assert Ballot.objects.count() == 2


def test_the_voter_key_cannot_be_made_without_the_secret(settings):
    round_ = RoundFactory()
    user = UserFactory()
    key = voting.voter_key_for_user(round_, user)
    settings.SECRET_KEY = "another-secret-" + "x" * 40
    assert voting.voter_key_for_user(round_, user) != key
