import pytest
from django.core.management import call_command

from platskraft.accounts.models import User
from platskraft.municipalities.models import Membership, Municipality, Role
from platskraft.municipalities.selectors import process_timeline

pytestmark = pytest.mark.django_db


def test_demo_builds_twice_with_every_role_and_a_current_phase(capsys):
    call_command("demo")
    call_command("demo")  # rebuilding replaces the demo instead of failing
    out = capsys.readouterr().out
    assert "platskraft-demo" in out and "admin.kramfors@demo.platskraft.se" in out
    kramfors = Municipality.objects.get(slug="kramfors")
    assert Municipality.objects.filter(is_demo=True).count() == 2
    assert set(
        Membership.objects.filter(municipality=kramfors).values_list("role", flat=True)
    ) == set(Role.values)
    assert User.objects.filter(is_programme_observer=True).count() == 1
    ongoing = kramfors.processes.get(status="published")
    assert process_timeline(ongoing).current.kind == "arena"
    framtid = kramfors.processes.get(title__startswith="Framtidsbygget")
    assert sum(f.amount_sek for f in framtid.financiers.all()) == 3_800_000
    for email in ["admin.kramfors@demo.platskraft.se", "invanare@demo.platskraft.se"]:
        assert User.objects.get(email=email).check_password("platskraft-demo")
